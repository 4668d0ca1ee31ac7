"""My agenda: sessions a visitor means to attend, kept in the account (beside the visitor's
meetings, and in the personal calendar feed) or, for anonymous visitors, sent by the browser."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from icalendar import Calendar

from eexpo.catalogue import agenda
from eexpo.extensions import db
from eexpo.meetings import calendar
from eexpo.models import (
    AgendaItem,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    PlaceKind,
    ProgrammeSession,
    Role,
)
from tests.catalogue.test_csv import FILES, _import
from tests.conftest import csrf_token


def _sessions() -> dict[str, int]:
    _import("sessions", FILES["sessions"])
    return dict(db.session.execute(sa.select(ProgrammeSession.title, ProgrammeSession.id)).all())


def _post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/catalogue/agenda"), **data})


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', html)


def _kept(user) -> list[int]:
    query = sa.select(AgendaItem.session_id).where(AgendaItem.user_id == user.id)
    return sorted(db.session.scalars(query))


def test_a_signed_in_visitor_keeps_sessions_beside_meetings(app, client, make, auth):
    ids = _sessions()
    visitor = make.user(Role.VISITOR, email="v@example.com", name="Vera")
    host = make.user(Role.EXHIBITOR, exhibitor=make.exhibitor("Sensors Inc"))
    auth.login("v@example.com")
    opening, talk = ids["Opening forum"], ids["Matchmaking: IoT"]
    page = client.get(f"/catalogue/sessions/{opening}").get_data(as_text=True)
    assert "Add to my agenda" in page
    added = _post(client, f"/catalogue/agenda/sessions/{opening}")
    assert added.headers["Location"] == f"/catalogue/sessions/{opening}"
    assert _post(client, f"/catalogue/agenda/sessions/{opening}").status_code == 302  # again
    _post(client, f"/catalogue/agenda/sessions/{talk}")
    assert _kept(visitor) == sorted([opening, talk])
    assert "On my agenda: remove" in client.get(f"/catalogue/sessions/{opening}").get_data(
        as_text=True)  # fmt: skip
    # A meeting an hour after the opening forum starts lists between the two sessions.
    starts = db.session.get(ProgrammeSession, opening).starts_at + timedelta(hours=1)
    slot = MeetingSlot(exhibitor_id=host.exhibitor_id, host_id=host.id, starts_at=starts,
                       ends_at=starts + timedelta(minutes=30), place=PlaceKind.STAND)  # fmt: skip
    db.session.add(slot)
    db.session.flush()
    db.session.add(Meeting(slot_id=slot.id, requester_id=visitor.id, message="Hello",
                           status=MeetingStatus.ACCEPTED))  # fmt: skip
    db.session.commit()
    html = client.get("/catalogue/agenda").get_data(as_text=True)
    assert _titles(html) == ["Opening forum", "Meeting with Sensors Inc", "Matchmaking: IoT"]
    feed = Calendar.from_ical(calendar.feed(visitor))
    summaries = sorted(str(event["summary"]) for event in feed.walk("VEVENT"))
    assert summaries == ["Matchmaking: IoT", "Meeting with Sensors Inc", "Opening forum"]
    removed = _post(client, f"/catalogue/agenda/sessions/{talk}/remove",
                    next="/catalogue/agenda")  # fmt: skip
    assert removed.headers["Location"] == "/catalogue/agenda"
    assert _kept(visitor) == [opening]


def test_bad_agenda_requests_are_refused_and_change_nothing(app, client, make, auth, monkeypatch):
    ids = _sessions()
    visitor = make.user(Role.VISITOR, email="v@example.com")
    opening = ids["Opening forum"]
    anonymous = client.post(f"/catalogue/agenda/sessions/{opening}")
    assert anonymous.status_code in (302, 400, 401)
    auth.login("v@example.com")
    assert client.post(f"/catalogue/agenda/sessions/{opening}").status_code == 400  # no token
    assert _post(client, "/catalogue/agenda/sessions/99999").status_code == 404
    monkeypatch.setattr(agenda, "MAX_SESSIONS", 1)
    _post(client, f"/catalogue/agenda/sessions/{opening}")
    full = _post(client, f"/catalogue/agenda/sessions/{ids['Matchmaking: IoT']}")
    assert full.status_code == 422
    assert "An agenda holds at most 1 sessions" in full.get_data(as_text=True)
    assert _kept(visitor) == [opening]


def test_an_anonymous_agenda_comes_from_the_browser(app, client):
    ids = _sessions()
    opening, talk = ids["Opening forum"], ids["Matchmaking: IoT"]
    page = client.get(f"/catalogue/sessions/{opening}").get_data(as_text=True)
    assert f'data-agenda-session="{opening}"' in page
    assert "data-agenda-link" in page
    html = client.get(f"/catalogue/agenda?sessions={talk},x,{opening},99999").get_data(as_text=True)
    assert _titles(html) == ["Opening forum", "Matchmaking: IoT"]
    assert f"/catalogue/agenda.ics?sessions={opening},{talk}" in html.replace("%2C", ",")
    ics = Calendar.from_ical(client.get(f"/catalogue/agenda.ics?sessions={opening},{talk}").data)
    assert sorted(str(e["summary"]) for e in ics.walk("VEVENT")) == [
        "Matchmaking: IoT", "Opening forum"
    ]  # fmt: skip
    assert "Your agenda is empty." in client.get("/catalogue/agenda").get_data(as_text=True)


def test_the_browser_agenda_moves_into_the_account(app, client, make, auth):
    ids = _sessions()
    visitor = make.user(Role.VISITOR, email="v@example.com")
    auth.login("v@example.com")
    page = client.get("/catalogue/agenda").get_data(as_text=True)
    assert "data-agenda-import" in page
    moved = _post(client, "/catalogue/agenda/import", sessions=f"{ids['Opening forum']},junk,0")
    assert moved.headers["Location"] == "/catalogue/agenda"
    assert _kept(visitor) == [ids["Opening forum"]]
    assert "1 session added to your agenda." in client.get("/catalogue/agenda").get_data(
        as_text=True)  # fmt: skip
