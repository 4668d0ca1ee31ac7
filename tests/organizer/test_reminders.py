"""Reminders before opening: the organizers' schedule, who is reminded (exhibitors whose team
has not submitted a booth), in whose language, once per stage whoever sends it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eexpo.accounts import reminders
from eexpo.extensions import db
from eexpo.models import AuditEntry, Event, Reminder, Role
from eexpo.visit.counting import today
from tests.conftest import csrf_token

OPENS = date(2027, 5, 20)


@pytest.fixture
def expo(make):
    event = Event(name="Tech Expo", name_zh="科技博览会", starts_on=OPENS,
                  ends_on=OPENS + timedelta(days=3))  # fmt: skip
    db.session.add(event)
    db.session.commit()
    return event


def _schedule(client, days: str):
    return client.post(
        "/organizer/exhibitors/reminders",
        data={"days": days, "csrf_token": csrf_token(client, "/organizer/exhibitors")},
    )


@pytest.mark.parametrize(
    ("text", "days"),
    [("14, 7, 2", [14, 7, 2]), ("2 7 14 7", [14, 7, 2]), ("30，10", [30, 10]), ("", [])],
)
def test_the_schedule_is_read_from_what_organizers_type(text, days):
    assert reminders.parse_schedule(text) == days


@pytest.mark.parametrize("text", ["abc", "0", "400", "7.5", "-3", "1,2,3,4,5,6,7", "9999"])
def test_a_bad_schedule_is_refused_with_its_reason(client, organizer, expo, text):
    response = _schedule(client, text)
    assert response.status_code == 422
    assert "whole numbers of days before opening" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, expo.id).reminder_days == []


def test_organizers_set_the_schedule_and_see_the_next_reminder(client, organizer, expo):
    assert _schedule(client, "14, 7, 2").status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, expo.id).reminder_days == [14, 7, 2]
    page = client.get("/organizer/exhibitors").get_data(as_text=True)
    assert 'value="14, 7, 2"' in page
    assert "Next reminder" in page
    actions = db.session.scalars(sa.select(AuditEntry.action))
    assert "reminders.schedule" in list(actions)


def test_without_an_event_the_schedule_cannot_be_set(client, organizer):
    response = _schedule(client, "7")
    assert response.status_code == 422
    assert "Import the event" in response.get_data(as_text=True)


def test_the_due_stage_is_the_nearest_day_and_none_after_opening():
    days = [14, 7, 2]
    assert reminders.due_stage(days, OPENS, OPENS - timedelta(days=20)) is None
    assert reminders.due_stage(days, OPENS, OPENS - timedelta(days=14)) == 14
    assert reminders.due_stage(days, OPENS, OPENS - timedelta(days=9)) == 14
    assert reminders.due_stage(days, OPENS, OPENS - timedelta(days=5)) == 7  # 14 missed: not sent
    assert reminders.due_stage(days, OPENS, OPENS - timedelta(days=1)) == 2
    assert reminders.due_stage(days, OPENS, OPENS) is None


def test_exhibitors_without_a_submitted_booth_are_reminded_once_in_their_language(
    app, make, expo, mailbox
):
    expo.reminder_days = [7, 2]
    db.session.commit()
    waiting = make.exhibitor("Waiting Co")
    make.user(Role.EXHIBITOR, email="wang@waiting.example", exhibitor=waiting, locale="zh_Hans")
    make.user(Role.EXHIBITOR, email="ann@waiting.example", exhibitor=waiting, locale="en")
    drafting = make.exhibitor("Drafting Co")
    make.user(Role.EXHIBITOR, email="dan@drafting.example", exhibitor=drafting)
    make.draft_booth(drafting)
    done = make.exhibitor("Done Co")
    make.user(Role.EXHIBITOR, email="sue@done.example", exhibitor=done)
    make.submission(done)
    make.exhibitor("Nobody Yet")  # no user to write to

    on = OPENS - timedelta(days=6)
    assert reminders.send_due(on) == 2
    mails = mailbox.messages
    recipients = sorted(m.split(":")[0] for m in mails)
    assert recipients == [
        "mail to ann@waiting.example", "mail to dan@drafting.example",
        "mail to wang@waiting.example",
    ]  # fmt: skip
    assert any(m.startswith("mail to wang@waiting.example: 科技博览会") for m in mails), mails
    assert any("/portal/" in m for m in mails)

    assert reminders.send_due(on) == 0  # another process, the same day: nothing twice
    assert len(mailbox.messages) == 3
    assert reminders.send_due(OPENS - timedelta(days=2)) == 2  # the next stage
    assert len(mailbox.messages) == 6
    stages = db.session.scalars(sa.select(Reminder.days_before).order_by(Reminder.id))
    assert list(stages) == [7, 7, 2, 2]


def test_no_schedule_sends_nothing(make, expo, mailbox):
    make.user(Role.EXHIBITOR, email="x@example.com")
    assert reminders.send_due(OPENS - timedelta(days=1)) == 0
    assert mailbox.messages == []


def test_the_command_line_sends_what_is_due_today(runner, make, expo, mailbox, app):
    expo.starts_on = today(app) + timedelta(days=3)
    expo.reminder_days = [7]
    db.session.commit()
    make.user(Role.EXHIBITOR, email="x@example.com")
    result = runner.invoke(args=["invitations", "remind"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 exhibitors reminded."
    assert [m.split(":")[0] for m in mailbox.messages] == ["mail to x@example.com"]
    assert "opens in 3 days" in mailbox.messages[0]
