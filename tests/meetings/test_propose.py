"""The host answers a request with another of its slots: the meeting moves there, the guest is
told and accepts or calls it off; on both databases, with every way a proposal can be wrong."""

from __future__ import annotations

import pytest

from eexpo.extensions import db
from eexpo.models import Meeting, MeetingStatus, Role
from tests.conftest import Auth, csrf_token
from tests.meetings.helpers import OPENS, at, book, slot_ids


@pytest.fixture
def asked(host, visitor):
    """Vera asked for 10:00; the host also offers 10:30 and 11:00."""
    host.slots = slot_ids(host, starts=at(0, 10), ends=at(0, 11, 30))
    meeting = book(visitor, host.slots[0])
    assert meeting.status_code == 201
    host.meeting = meeting.json["id"]
    return host


def _propose(caller, meeting, slot, message="10:30 suits us better."):
    return caller.call("POST", f"/meetings/{meeting}/propose",
                       {"slot_id": slot, "message": message})  # fmt: skip


def _free(caller):
    return [s["id"] for s in caller.call("GET", f"/booths/{caller.booth.id}/slots").json]


def test_the_host_proposes_another_time_and_the_guest_accepts_it(asked, visitor, mailbox):
    moved = _propose(asked, asked.meeting, asked.slots[1])
    assert moved.status_code == 200, moved.json
    assert (moved.json["status"], moved.json["proposed"]) == ("requested", True)
    assert moved.json["starts_at"] == f"{OPENS.isoformat()}T02:30:00+00:00"  # 10:30 in Shanghai
    assert _free(asked) == [asked.slots[0], asked.slots[2]]  # the old time is free again
    told = [m for m in mailbox.messages if m.startswith(f"mail to {visitor.user.email}:")]
    assert "Sensors Inc proposes to meet you on" in told[-1]
    assert "Their message: 10:30 suits us better." in told[-1]
    # The host cannot accept its own proposal; the guest can.
    assert asked.call("POST", f"/meetings/{asked.meeting}/accept").status_code == 409
    accepted = visitor.call("POST", f"/meetings/{asked.meeting}/accept")
    assert accepted.status_code == 200, accepted.json
    assert (accepted.json["status"], accepted.json["hosting"]) == ("accepted", False)
    host_told = [m for m in mailbox.messages if m.startswith(f"mail to {asked.user.email}:")]
    assert "Vera Visitor accepted your meeting on" in host_told[-1]
    assert db.session.get(Meeting, asked.meeting).accepted_at is not None


def test_a_guest_cannot_accept_an_unchanged_request(asked, visitor):
    assert visitor.call("POST", f"/meetings/{asked.meeting}/accept").status_code == 404


def test_proposals_that_cannot_be_kept_are_refused_and_change_nothing(asked, visitor, make,
                                                                      api_as):  # fmt: skip
    rival = api_as(make.user(Role.EXHIBITOR, exhibitor=make.published_booth().exhibitor))
    [rivals_slot, *_] = slot_ids(rival)
    other_guest = api_as(make.user(Role.VISITOR))
    assert book(other_guest, asked.slots[2]).status_code == 201
    for slot, status, words in (
        (rivals_slot, 404, "no such meeting slot"),
        (999_999, 404, "no such meeting slot"),
        (asked.slots[0], 409, "other than the one asked for"),
        (asked.slots[2], 409, "no longer free"),
    ):
        answer = _propose(asked, asked.meeting, slot)
        assert answer.status_code == status, (slot, answer.json)
        assert words in answer.json["error"]["message"]
    assert _propose(asked, asked.meeting, asked.slots[1], "x" * 2001).status_code == 422
    assert _propose(asked, asked.meeting, "2").status_code == 422
    assert _propose(visitor, asked.meeting, asked.slots[1]).status_code == 404  # the guest
    assert _propose(rival, asked.meeting, rivals_slot).status_code == 404
    meeting = db.session.get(Meeting, asked.meeting)
    db.session.refresh(meeting)
    assert (meeting.slot_id, meeting.proposed_at, meeting.status) == (
        asked.slots[0], None, MeetingStatus.REQUESTED
    )  # fmt: skip
    assert _free(asked) == [asked.slots[1]]


def test_no_proposal_once_answered_or_when_the_guest_is_busy(asked, visitor, make, api_as):
    colleague = make.user(Role.EXHIBITOR, exhibitor=asked.user.exhibitor, name="Carl")
    [carls] = slot_ids(asked, starts=at(0, 12), ends=at(0, 12, 30), host_user_id=colleague.id)
    other = api_as(make.user(Role.EXHIBITOR, exhibitor=make.published_booth().exhibitor))
    [busy_at_noon] = slot_ids(other, starts=at(0, 12), ends=at(0, 12, 30))
    assert book(visitor, busy_at_noon).status_code == 201
    busy = _propose(asked, asked.meeting, carls)
    assert busy.status_code == 409
    assert "The guest already has a meeting at that time." in busy.json["error"]["message"]
    assert asked.call("POST", f"/meetings/{asked.meeting}/accept").status_code == 200
    late = _propose(asked, asked.meeting, asked.slots[1])
    assert late.status_code == 409
    assert "accepted already" in late.json["error"]["message"]


def test_the_agenda_offers_the_proposal_and_the_guest_takes_it(asked, visitor, app):
    host_page, guest_page = app.test_client(), app.test_client()
    Auth(host_page).login(asked.user.email)
    agenda = host_page.get("/meetings").get_data(as_text=True)
    assert f'action="/meetings/{asked.meeting}/propose"' in agenda
    assert f'<option value="{asked.slots[1]}">' in agenda
    token = csrf_token(host_page, "/meetings")
    done = host_page.post(f"/meetings/{asked.meeting}/propose",
                          data={"csrf_token": token, "slot": str(asked.slots[1])})  # fmt: skip
    assert done.status_code == 302
    assert "The other time is proposed" in host_page.get("/meetings").get_data(as_text=True)
    wrong = host_page.post(f"/meetings/{asked.meeting}/propose",
                           data={"csrf_token": token, "slot": "99999999999999"})  # fmt: skip
    assert wrong.status_code == 302
    assert "There is no such meeting slot." in host_page.get("/meetings").get_data(as_text=True)
    Auth(guest_page).login(visitor.user.email)
    mine = guest_page.get("/meetings").get_data(as_text=True)
    assert "The host proposes this time instead of the one you asked for." in mine
    assert "Accept the new time" in mine
