"""Business matchmaking through the API: offering times, booking, answering and cancelling, on
both databases; simultaneous requests; and every bad input the meetings issue names."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from eexpo.accounts import tokens
from eexpo.extensions import db
from eexpo.models import (
    Event,
    Meeting,
    MeetingHold,
    MeetingStatus,
    ProgrammeSession,
    Role,
    SessionKind,
)
from tests.meetings.helpers import OPENS, ZONE, at, book, offer_times, slot_ids


def test_a_visitor_books_the_host_accepts_and_a_cancel_frees_the_slot(host, visitor):
    offered = offer_times(host)
    assert offered.status_code == 201, offered.json
    slots = offered.json["slots"]
    assert [(s["starts_at"][11:16], s["ends_at"][11:16]) for s in slots] == [
        ("02:00", "02:30"),
        ("02:30", "03:00"),
    ]  # fmt: skip - 10:00 in Shanghai is 02:00 UTC
    assert slots[0]["place"] == {"kind": "stand", "hall": "Hall 1", "stand": "A12",
                                 "url": None, "session_id": None, "table": None}  # fmt: skip
    free = visitor.call("GET", f"/booths/{host.booth.id}/slots?day={OPENS.isoformat()}")
    assert [s["id"] for s in free.json] == [s["id"] for s in slots]

    booked = book(visitor, slots[0]["id"])
    assert booked.status_code == 201, booked.json
    assert booked.json["status"] == "requested"
    assert booked.json["with"] == {"name": "Hana Host", "organization": "Sensors Inc"}
    assert [s["id"] for s in visitor.call("GET", f"/booths/{host.booth.id}/slots").json] == [
        slots[1]["id"]
    ]
    states = {s["id"]: s["state"] for s in host.call("GET", "/availability").json}
    assert states == {slots[0]["id"]: "requested", slots[1]["id"]: "free"}

    hosted = host.call("GET", "/meetings").json["items"]
    assert [(m["hosting"], m["with"]["name"], m["message"]) for m in hosted] == [
        (True, "Vera Visitor", "We would like to license your sensor.")
    ]
    accepted = host.call("POST", f"/meetings/{booked.json['id']}/accept")
    assert accepted.status_code == 200
    assert accepted.json["status"] == "accepted"
    assert host.call("GET", "/availability").json[0]["state"] == "booked"
    mine = visitor.call("GET", "/meetings").json["items"]
    assert [(m["status"], m["hosting"], m["place"]["stand"]) for m in mine] == [
        ("accepted", False, "A12")
    ]

    cancelled = visitor.call(
        "POST", f"/meetings/{booked.json['id']}/cancel", {"reason": "Our flight moved"}
    )
    assert cancelled.status_code == 200
    assert (cancelled.json["status"], cancelled.json["answer"]) == ("cancelled", "Our flight moved")
    free = visitor.call("GET", f"/booths/{host.booth.id}/slots").json
    assert [s["id"] for s in free] == [s["id"] for s in slots]
    assert book(visitor, slots[0]["id"]).status_code == 201


def test_the_host_declines_with_a_message_and_the_slot_is_free_again(host, visitor, make, api_as):
    [slot, _] = slot_ids(host)
    meeting = book(visitor, slot).json["id"]
    declined = host.call("POST", f"/meetings/{meeting}/decline", {"message": "Fully booked"})
    assert (declined.json["status"], declined.json["answer"]) == ("declined", "Fully booked")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingHold)) == 0
    other = api_as(make.user(Role.VISITOR))
    assert book(other, slot).status_code == 201


def test_exhibitors_meet_each_other_and_a_colleague_hosts(host, make, api_as):
    colleague = make.user(Role.EXHIBITOR, exhibitor=host.user.exhibitor, name="Carl Colleague")
    slots = slot_ids(host, host_user_id=colleague.id)
    assert host.call("GET", "/availability").json[0]["host_user_id"] == colleague.id
    other_exhibitor = api_as(make.user(Role.EXHIBITOR, name="Otto Other"))
    booked = book(other_exhibitor, slots[0])
    assert booked.status_code == 201
    assert booked.json["with"]["name"] == "Carl Colleague"
    # Any of the host organization's team answers.
    assert (
        api_as(colleague).call("POST", f"/meetings/{booked.json['id']}/accept").status_code == 200
    )


def test_a_business_talk_assigns_tables_and_never_more_than_it_has(host, make, api_as):
    talk = ProgrammeSession(
        title="Matchmaking: semiconductors", kind=SessionKind.BUSINESS_TALK,
        starts_at=datetime.fromisoformat(at(1, 14)), ends_at=datetime.fromisoformat(at(1, 16)),
        tables=2, slot_minutes=20,
    )  # fmt: skip
    db.session.add(talk)
    db.session.commit()
    place = {"kind": "table", "session_id": talk.id}
    hosts = [host] + [
        api_as(make.user(Role.EXHIBITOR, exhibitor=make.published_booth().exhibitor))
        for _ in range(2)
    ]
    meetings = []
    for each in hosts:
        [slot, *_] = slot_ids(each, starts=at(1, 14), ends=at(1, 15), minutes=20, place=place)
        meetings.append((each, book(api_as(make.user(Role.VISITOR)), slot).json["id"]))
    tables = [each.call("POST", f"/meetings/{m}/accept").json for each, m in meetings[:2]]
    assert sorted(t["place"]["table"] for t in tables) == [1, 2]
    full = meetings[2][0].call("POST", f"/meetings/{meetings[2][1]}/accept")
    assert full.status_code == 409
    assert "All 2 tables" in full.json["error"]["message"]
    assert db.session.get(Meeting, meetings[2][1]).status == MeetingStatus.REQUESTED
    # A cancellation frees its table for the next.
    first_host, first = meetings[0]
    assert first_host.call("POST", f"/meetings/{first}/cancel", {}).status_code == 200
    again = meetings[2][0].call("POST", f"/meetings/{meetings[2][1]}/accept")
    assert again.json["place"]["table"] == tables[0]["place"]["table"]


def _concurrently(calls):
    barrier = threading.Barrier(len(calls))
    answers: list[int] = []

    def run(call):
        barrier.wait()
        answers.append(call().status_code)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(answers)


def _caller(app, user):
    raw, _token = tokens.issue_api_token(user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    client = app.test_client()
    return lambda method, path, json=None: client.open(
        f"/api/v1{path}", method=method, json=json, headers=headers
    )


def test_a_slot_asked_for_by_many_at_once_is_booked_once(app, host, make):
    [slot, _] = slot_ids(host)
    callers = [_caller(app, make.user(Role.VISITOR)) for _ in range(6)]
    body = {"slot_id": slot, "message": "Hello"}
    answers = _concurrently([lambda c=c: c("POST", "/meetings", body) for c in callers])
    assert answers == [201] + [409] * 5
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 1


def test_nobody_is_in_two_meetings_at_once_even_asking_at_once(app, host, make, api_as):
    [slot, _] = slot_ids(host)
    other = api_as(make.user(Role.EXHIBITOR, exhibitor=make.published_booth().exhibitor))
    [same_time, _] = slot_ids(other)
    caller = _caller(app, make.user(Role.VISITOR))
    answers = _concurrently([
        lambda: caller("POST", "/meetings", {"slot_id": slot, "message": "A"}),
        lambda: caller("POST", "/meetings", {"slot_id": same_time, "message": "B"}),
    ])  # fmt: skip
    assert answers == [201, 409]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 1


def test_the_same_host_offering_twice_at_once_gets_one_set_of_slots(app, host):
    caller = _caller(app, host.user)
    body = {"starts_at": at(0, 10), "ends_at": at(0, 11), "slot_minutes": 30,
            "place": {"kind": "stand"}}  # fmt: skip
    answers = _concurrently([lambda: caller("POST", "/availability", body)] * 2)
    assert answers == [201, 422]
    assert len(host.call("GET", "/availability").json) == 2


# --- bad input: a clear message, nothing changed ------------------------------------------------


@pytest.mark.parametrize(
    ("offer", "field", "words"),
    [
        ({"starts": at(-1, 10), "ends": at(-1, 11)}, "starts_at", "during the expo"),
        ({"starts": at(5, 10), "ends": at(5, 11)}, "starts_at", "during the expo"),
        ({"starts": at(0, 10, 3), "ends": at(0, 11)}, "starts_at", "multiple of 5"),
        ({"minutes": 5}, "slot_minutes", "at least 10"),
        ({"minutes": 300}, "slot_minutes", "at most 240"),
        ({"starts": at(0, 10), "ends": at(0, 10, 20)}, "ends_at", "shorter than one slot"),
        ({"place": {"kind": "online", "url": "javascript:alert(1)"}}, "place.url", ""),
        ({"place": {"kind": "table", "session_id": 999}}, "place", "business talk"),
        ({"starts": "tomorrow at ten"}, "starts_at", ""),
    ],
)
def test_offers_that_cannot_be_kept_are_refused(host, offer, field, words):
    answer = offer_times(host, **offer)
    assert answer.status_code == 422, answer.json
    assert field in answer.json["error"]["fields"]
    assert words in answer.json["error"]["message"]
    assert host.call("GET", "/availability").json == []


def test_a_time_already_past_is_refused(host, app):
    yesterday = datetime.now(ZONE) - timedelta(days=1)
    db.session.execute(sa.update(Event).values(starts_on=yesterday.date()))
    db.session.commit()
    start = yesterday.replace(minute=0, second=0, microsecond=0)
    answer = offer_times(
        host, starts=start.isoformat(), ends=(start + timedelta(hours=1)).isoformat()
    )
    assert answer.status_code == 422
    assert "in the past" in answer.json["error"]["message"]


def test_overlapping_the_hosts_other_slots_is_refused(host):
    slot_ids(host)
    answer = offer_times(host, starts=at(0, 10, 30), ends=at(0, 12))
    assert answer.status_code == 422
    assert "overlap" in answer.json["error"]["message"]
    assert len(host.call("GET", "/availability").json) == 2


def test_own_organizations_slot_cannot_be_booked(host, make, api_as):
    [slot, _] = slot_ids(host)
    colleague = api_as(make.user(Role.EXHIBITOR, exhibitor=host.user.exhibitor))
    answer = book(colleague, slot)
    assert answer.status_code == 403
    assert "your own organization" in answer.json["error"]["message"]


def test_a_second_meeting_at_the_same_time_is_refused(host, visitor, make, api_as):
    [slot, _] = slot_ids(host)
    other = api_as(make.user(Role.EXHIBITOR, exhibitor=make.published_booth().exhibitor))
    [overlapping, _] = slot_ids(other, starts=at(0, 10, 15), ends=at(0, 11, 15))
    assert book(visitor, slot).status_code == 201
    answer = book(visitor, overlapping)
    assert answer.status_code == 409
    assert "already have a meeting" in answer.json["error"]["message"]


def test_someone_elses_meeting_cannot_be_answered(host, visitor, make, api_as):
    [slot, _] = slot_ids(host)
    meeting = book(visitor, slot).json["id"]
    stranger = api_as(make.user(Role.EXHIBITOR, exhibitor=make.published_booth().exhibitor))
    for action in ("accept", "decline", "cancel"):
        assert stranger.call("POST", f"/meetings/{meeting}/{action}", {}).status_code == 404
    # The requester cannot accept their own request either.
    assert visitor.call("POST", f"/meetings/{meeting}/accept").status_code == 404
    assert db.session.get(Meeting, meeting).status == MeetingStatus.REQUESTED


def test_a_closed_meeting_cannot_be_accepted(host, visitor):
    [slot, _] = slot_ids(host)
    meeting = book(visitor, slot).json["id"]
    host.call("POST", f"/meetings/{meeting}/decline", {})
    answer = host.call("POST", f"/meetings/{meeting}/accept")
    assert answer.status_code == 409
    assert "declined already" in answer.json["error"]["message"]
    assert visitor.call("POST", f"/meetings/{meeting}/cancel", {}).status_code == 409


@pytest.mark.parametrize(
    ("message", "words"), [("x" * 100_000, "at most 2000"), ("   ", "required")]
)
def test_a_message_too_long_or_empty_is_refused(host, visitor, message, words):
    [slot, _] = slot_ids(host)
    answer = book(visitor, slot, message)
    assert answer.status_code == 422
    assert words in answer.json["error"]["message"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_more_open_requests_than_the_limit_are_refused(app, host, visitor):
    app.config["MEETING_REQUEST_LIMIT"] = 2
    slots = slot_ids(host, starts=at(0, 9), ends=at(0, 11))
    assert [book(visitor, s).status_code for s in slots[:3]] == [201, 201, 429]
    assert book(visitor, slots[2]).json["error"]["message"].startswith("You have 2 requests")


def test_a_hidden_booths_slots_cannot_be_seen_or_booked(host, visitor, make):
    [slot, _] = slot_ids(host)
    from eexpo.booths import moderation

    moderation.take_down(host.booth, reason="Checking claims", actor=make.user(Role.ORGANIZER))
    db.session.commit()
    assert visitor.call("GET", f"/booths/{host.booth.id}/slots").status_code == 404
    assert book(visitor, slot).status_code == 404


def test_a_requested_slot_cannot_be_withdrawn(host, visitor):
    [slot, free] = slot_ids(host)
    book(visitor, slot)
    answer = host.call("DELETE", f"/availability/{slot}")
    assert answer.status_code == 409
    assert host.call("DELETE", f"/availability/{free}").status_code == 204
    assert [s["id"] for s in host.call("GET", "/availability").json] == [slot]


def test_meetings_need_a_signed_in_caller(host, client):
    [slot, _] = slot_ids(host)
    answer = client.post("/api/v1/meetings", json={"slot_id": slot, "message": "Hi"})
    assert answer.status_code == 401
    assert client.get(f"/api/v1/booths/{host.booth.id}/slots").status_code == 401


def test_a_visitor_cannot_offer_times(visitor):
    assert offer_times(visitor).status_code == 403


def test_without_the_expos_dates_no_times_can_be_offered(app, make, api_as):
    exhibitor = make.published_booth().exhibitor
    caller = api_as(make.user(Role.EXHIBITOR, exhibitor=exhibitor))
    answer = offer_times(caller)
    assert answer.status_code == 422
    assert "dates are not set" in answer.json["error"]["message"]


def test_a_day_that_is_not_a_date_is_refused(host, visitor):
    answer = visitor.call("GET", f"/booths/{host.booth.id}/slots?day=someday")
    assert answer.status_code == 422


def test_accepted_meetings_are_in_the_calendar_feed_under_a_renewable_key(
    host, visitor, make, client
):
    slots = slot_ids(host)
    accepted = book(visitor, slots[0]).json["id"]
    book(visitor, slots[1])  # asked for, not accepted: not in the feed
    host.call("POST", f"/meetings/{accepted}/accept")
    key = visitor.call("GET", "/me").json["calendar_key"]

    feed = client.get(f"/api/v1/meetings.ics?key={key}")
    assert feed.status_code == 200
    assert feed.mimetype == "text/calendar"
    assert feed.headers["Cache-Control"] == "private, no-store"
    from icalendar import Calendar

    events = Calendar.from_ical(feed.data).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Meeting with Sensors Inc"]
    assert events[0]["dtstart"].dt == datetime.fromisoformat(at(0, 10))
    assert str(events[0]["location"]) == "Sensors Inc, Hall 1, A12"
    # The host's side has it too, with the visitor's name.
    host_key = host.call("GET", "/me").json["calendar_key"]
    host_feed = Calendar.from_ical(client.get(f"/api/v1/meetings.ics?key={host_key}").data)
    assert [str(e["summary"]) for e in host_feed.walk("VEVENT")] == ["Meeting with Vera Visitor"]

    renewed = visitor.call("POST", "/me/calendar-key").json["calendar_key"]
    assert renewed != key
    gone = client.get(f"/api/v1/meetings.ics?key={key}")
    assert gone.status_code == 404
    assert "not valid" in gone.json["error"]["message"]
    assert client.get(f"/api/v1/meetings.ics?key={renewed}").status_code == 200


@pytest.mark.parametrize("key", ["1.0000", "nonsense", "99999.abc", "1." + "a" * 32])
def test_a_wrong_calendar_key_is_refused(client, visitor, key):
    answer = client.get(f"/api/v1/meetings.ics?key={key}")
    assert answer.status_code == 404
    assert "not valid" in answer.json["error"]["message"]


def test_a_deactivated_accounts_feed_stops(client, visitor):
    from eexpo.accounts import management

    key = visitor.call("GET", "/me").json["calendar_key"]
    management.deactivate_user(visitor.user, actor=None)
    db.session.commit()
    assert client.get(f"/api/v1/meetings.ics?key={key}").status_code == 404


def test_each_step_tells_the_other_side_in_their_language(host, make, api_as, mailbox, app):
    from tests.conftest import Auth

    visitor = api_as(make.user(Role.VISITOR, name="Wang Fang", locale="zh_Hans"))
    [slot, _] = slot_ids(host)
    meeting = book(visitor, slot, "想了解传感器授权。").json["id"]
    host_mail = [m for m in mailbox.messages if m.startswith(f"mail to {host.user.email}:")]
    assert len(host_mail) == 1
    assert "Wang Fang asks to meet you on" in host_mail[0]
    assert "Their message: 想了解传感器授权。" in host_mail[0]
    assert host_mail[0].endswith("[attached: meeting.ics]")
    browser = app.test_client()  # apart from the API callers' client
    Auth(browser).login(host.user.email)
    assert "Wang Fang asks to meet you" in browser.get("/portal/notifications").get_data(True)

    host.call("POST", f"/meetings/{meeting}/accept")
    accepted = [m for m in mailbox.messages if m.startswith(f"mail to {visitor.user.email}:")]
    assert "Sensors Inc 接受了您" in accepted[-1]
    assert "Sensors Inc, Hall 1, A12" in accepted[-1]

    cancel = visitor.call("POST", f"/meetings/{meeting}/cancel", {"reason": "航班改期"})
    assert cancel.status_code == 200, cancel.json
    cancelled = [m for m in mailbox.messages if m.startswith(f"mail to {host.user.email}:")]
    assert "Your meeting with Wang Fang on" in cancelled[-1]
    assert "Their reason: 航班改期" in cancelled[-1]


def test_the_mailed_calendar_file_follows_the_meeting(host, visitor):
    from icalendar import Calendar

    from eexpo.meetings import calendar

    [slot, _] = slot_ids(host)
    meeting = book(visitor, slot).json["id"]

    def event():
        return Calendar.from_ical(calendar.one(meeting, for_user=visitor.user)).walk("VEVENT")[0]

    assert (str(event()["status"]), event()["sequence"]) == ("TENTATIVE", 0)
    host.call("POST", f"/meetings/{meeting}/accept")
    assert (str(event()["status"]), event()["sequence"]) == ("CONFIRMED", 1)
    host.call("POST", f"/meetings/{meeting}/cancel", {})
    assert (str(event()["status"]), event()["sequence"]) == ("CANCELLED", 2)
    assert str(event()["uid"]).startswith(f"meeting-{meeting}@")


def test_a_deactivated_hosts_times_cannot_be_booked(host, visitor, make):
    from eexpo.accounts import management

    colleague = make.user(Role.EXHIBITOR, exhibitor=host.user.exhibitor)
    [slot, _] = slot_ids(host, host_user_id=colleague.id)
    management.deactivate_user(colleague, actor=None)
    db.session.commit()
    assert visitor.call("GET", f"/booths/{host.booth.id}/slots").json == []
    assert book(visitor, slot).status_code == 404


def test_organizers_see_an_exhibitors_meetings_by_status(host, visitor, make, app):
    from tests.conftest import Auth

    slots = slot_ids(host)
    first = book(visitor, slots[0]).json["id"]
    book(visitor, slots[1])
    host.call("POST", f"/meetings/{first}/accept")
    organizer = make.user(Role.ORGANIZER)
    browser = app.test_client()
    Auth(browser).login(organizer.email)
    page = browser.get(f"/organizer/exhibitors/{host.user.exhibitor_id}").get_data(True)
    assert "1 requested · 1 accepted · 0 declined · 0 cancelled" in page


def test_both_sides_are_reminded_once_before_an_accepted_meeting(host, visitor, mailbox):
    from eexpo.meetings import reminders

    slots = slot_ids(host, starts=at(0, 10), ends=at(0, 12))
    accepted = book(visitor, slots[0]).json["id"]
    host.call("POST", f"/meetings/{accepted}/accept")
    book(visitor, slots[2])  # only asked for: no reminder
    start = datetime.fromisoformat(at(0, 10))
    assert reminders.send_due(now=start - timedelta(minutes=90)) == 0  # not yet
    assert reminders.send_due(now=start - timedelta(minutes=30)) == 1
    assert reminders.send_due(now=start - timedelta(minutes=20)) == 0  # once
    soon = [m for m in mailbox.messages if "Soon: your meeting" in m]
    assert sorted(m.split(":")[0] for m in soon) == sorted(
        [f"mail to {host.user.email}", f"mail to {visitor.user.email}"]
    )
    assert any("Where: Sensors Inc, Hall 1, A12." in m for m in soon)
