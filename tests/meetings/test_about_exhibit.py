"""A meeting request may be about one of the host's exhibits: kept with the meeting, shown in
both agendas and the API; any other exhibit answers 404 and books nothing."""

from __future__ import annotations

import sqlalchemy as sa

from eexpo.booths import moderation
from eexpo.extensions import db
from eexpo.models import Exhibit, Meeting, Role
from tests.conftest import csrf_token
from tests.meetings.helpers import slot_ids


def _exhibit_of(booth) -> int:
    return db.session.scalar(sa.select(Exhibit.id).where(Exhibit.booth_id == booth.id))


def _ask(caller, slot_id, exhibit_id):
    body = {"slot_id": slot_id, "message": "About your wafer.", "exhibit_id": exhibit_id}
    return caller.call("POST", "/meetings", body)


def test_a_meeting_about_an_exhibit_keeps_it_and_both_sides_see_it(host, visitor, make):
    booth = make.booth_with_exhibits(
        [{"name": "SiC wafer", "name_zh": "碳化硅晶圆", "kind": "product"}], host.user.exhibitor
    )
    exhibit_id = _exhibit_of(booth)
    asked = _ask(visitor, slot_ids(host)[0], exhibit_id)
    assert asked.status_code == 201, asked.json
    assert asked.json["exhibit"] == {"id": exhibit_id, "name": "SiC wafer", "name_zh": "碳化硅晶圆"}
    listed = host.call("GET", "/meetings").json["items"][0]
    assert listed["exhibit"]["name"] == "SiC wafer"


def test_an_exhibit_not_the_hosts_live_one_books_nothing(host, visitor, make):
    other = make.booth_with_exhibits([{"name": "Someone else's", "kind": "product"}])
    hidden = make.booth_with_exhibits([{"name": "Taken down", "kind": "product"}],
                                      host.user.exhibitor)  # fmt: skip
    moderation.take_down(hidden, reason="Counterfeit", actor=make.user(Role.ORGANIZER))
    db.session.commit()
    slot = slot_ids(host)[0]
    for exhibit_id in (_exhibit_of(other), _exhibit_of(hidden), 999_999):
        refused = _ask(visitor, slot, exhibit_id)
        assert refused.status_code == 404
        assert refused.json["error"]["message"] == "This exhibitor shows no such exhibit."
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_the_booking_page_keeps_the_exhibit_the_visitor_came_from(host, make, client, auth):
    booth = make.booth_with_exhibits([{"name": "SiC wafer", "kind": "product"}],
                                     host.user.exhibitor)  # fmt: skip
    exhibit_id = _exhibit_of(booth)
    slot = slot_ids(host)[0]
    make.user(Role.VISITOR, email="v@example.com")
    auth.login("v@example.com")
    page = client.get(f"/booths/{booth.id}/meet?exhibit={exhibit_id}").get_data(as_text=True)
    assert "About: <a" in page
    assert "SiC wafer</a>" in page
    sent = client.post(
        f"/booths/{booth.id}/meet",
        data={"csrf_token": csrf_token(client, f"/booths/{booth.id}/meet"), "slot": str(slot),
              "message": "Hello", "exhibit": str(exhibit_id)},
    )  # fmt: skip
    assert sent.status_code == 302
    assert db.session.scalar(sa.select(Meeting.exhibit_id)) == exhibit_id
    agenda = client.get("/meetings").get_data(as_text=True)
    assert "SiC wafer" in agenda
    assert client.get(f"/booths/{booth.id}/meet?exhibit=999999").status_code == 404


def test_the_exhibit_page_offers_a_meeting_once_times_are_offered(host, make, client):
    booth = make.booth_with_exhibits([{"name": "SiC wafer", "kind": "product"}],
                                     host.user.exhibitor)  # fmt: skip
    exhibit_id = _exhibit_of(booth)
    assert "Book a meeting about this" not in client.get(f"/exhibits/{exhibit_id}").get_data(
        as_text=True
    )
    slot_ids(host)
    page = client.get(f"/exhibits/{exhibit_id}").get_data(as_text=True)
    assert f"/booths/{booth.id}/meet?exhibit={exhibit_id}" in page
