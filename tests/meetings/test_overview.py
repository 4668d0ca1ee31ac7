"""The organizers' overview of business matchmaking and its CSV, checked against meetings
arranged by hand: per day, per sector, a business talk's tables, who cancelled, and the signed
project beside its exhibitor's meetings; never the messages; organizers only."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest

from eexpo.extensions import db
from eexpo.models import Exhibitor, ProgrammeSession, Project, Role, SessionKind
from tests.meetings.helpers import OPENS, at, book, slot_ids


@pytest.fixture
def arranged(host, visitor, make, api_as):
    """Day 0 at the stand: one accepted, one cancelled by the host after accepting, one
    cancelled by its guest. Day 1 at a business talk (2 tables, 20-minute slots, 2 hours = 12
    table slots): one accepted (a table), one waiting."""
    exhibitor = db.session.get(Exhibitor, host.user.exhibitor_id)
    exhibitor.sector = make.sector("ic", name="Integrated circuits", name_zh="集成电路")
    talk = ProgrammeSession(
        title="Matchmaking: chips", kind=SessionKind.BUSINESS_TALK, tables=2, slot_minutes=20,
        starts_at=datetime.fromisoformat(at(1, 14)), ends_at=datetime.fromisoformat(at(1, 16)),
    )  # fmt: skip
    db.session.add(talk)
    project = Project(title="Sensor fab", value_cny=Decimal(1), exhibitors=[exhibitor])
    db.session.add(project)
    db.session.commit()
    guests = [visitor] + [api_as(make.user(Role.VISITOR)) for _ in range(4)]
    stand = slot_ids(host, starts=at(0, 10), ends=at(0, 11, 30))
    tables = slot_ids(host, starts=at(1, 14), ends=at(1, 14, 40), minutes=20,
                      place={"kind": "table", "session_id": talk.id})  # fmt: skip
    ids = [
        book(g, s, "Secret plans").json["id"] for g, s in zip(guests, stand + tables, strict=True)
    ]
    for meeting in (ids[0], ids[1], ids[3]):
        assert host.call("POST", f"/meetings/{meeting}/accept").status_code == 200
    assert host.call("POST", f"/meetings/{ids[1]}/cancel", {"reason": "Ill"}).status_code == 200
    assert guests[2].call("POST", f"/meetings/{ids[2]}/cancel", {}).status_code == 200
    return talk


def _organizer(make, auth):
    make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")


def test_the_overview_counts_by_day_sector_table_and_canceller(arranged, client, make, auth):
    _organizer(make, auth)
    html = client.get("/organizer/meetings").get_data(as_text=True)
    cells = lambda *numbers: "".join(f'<td class="number">{n}</td>' for n in numbers)  # noqa: E731
    # requested, accepted, declined, cancelled, all
    assert f"{cells(0, 1, 0, 2, 3)}</tr>" in html  # day 0
    assert f"{cells(1, 1, 0, 0, 2)}</tr>" in html  # day 1
    assert f'<th scope="row">Integrated circuits</th>{cells(1, 2, 0, 2, 5)}' in html
    # tables, table slots, taken, occupancy, waiting
    assert f"{cells(2, 12, 1, '8.3%', 1)}</tr>" in html
    assert "<dt>Cancelled by the host</dt><dd>1</dd>" in html
    assert "<dt>Cancelled by the guest</dt><dd>1</dd>" in html
    assert 'rowspan="1">Sensor fab</th>' in html
    assert "Secret plans" not in html
    assert "Ill" not in html


def test_the_overview_reads_in_chinese(arranged, client, make, auth):
    make.user(Role.ORGANIZER, email="org@example.com", locale="zh_Hans")
    auth.login("org@example.com")
    html = client.get("/organizer/meetings").get_data(as_text=True)
    assert '<th scope="row">集成电路</th>' in html
    assert "Cancelled by the host" not in html


def test_every_meeting_is_a_csv_row_without_its_messages(arranged, client, make, auth):
    _organizer(make, auth)
    response = client.get("/organizer/meetings.csv")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert "Secret plans" not in text
    assert "Ill" not in text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["status"], r["place"], r["table"], r["cancelled_by"]) for r in rows] == [
        ("accepted", "stand", "", ""),
        ("cancelled", "stand", "", "host"),
        ("cancelled", "stand", "", "guest"),
        ("accepted", "table", "1", ""),
        ("requested", "table", "", ""),
    ]
    assert rows[0]["starts_at"] == f"{OPENS.isoformat()}T10:00+08:00"
    assert {r["host_exhibitor"] for r in rows} == {"Sensors Inc"}
    assert {r["host_sector"] for r in rows} == {"ic"}
    assert rows[1]["accepted_at"]
    assert not rows[2]["accepted_at"]
    assert rows[3]["session"] == "Matchmaking: chips"


def test_without_meetings_the_overview_says_so(app, client, make, auth):
    _organizer(make, auth)
    html = client.get("/organizer/meetings").get_data(as_text=True)
    assert "No meetings yet." in html
    assert "The programme has no business talk." in html
    assert client.get("/organizer/meetings.csv").get_data(as_text=True).count("\n") == 1


@pytest.mark.parametrize("role", [Role.VISITOR, Role.EXHIBITOR])
def test_only_organizers_see_the_overview(client, make, auth, role):
    make.user(role, email="someone@example.com")
    auth.login("someone@example.com")
    assert client.get("/organizer/meetings").status_code == 403
    assert client.get("/organizer/meetings.csv").status_code == 403
