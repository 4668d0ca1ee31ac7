"""Reminders before opening: on the days the organizers choose (so many days before the expo
opens), each approved exhibitor whose team has not submitted a booth yet gets one mail per
user, in that user's language. Every process looks every hour; each reminder is claimed in the
database, so it goes once."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eexpo import audit, permissions, tasks
from eexpo.catalogue.rows import current_event
from eexpo.errors import Forbidden, Invalid
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.links import external_url
from eexpo.mail import send_mail
from eexpo.models import Booth, BoothStatus, Event, Exhibitor, ExhibitorStatus, Reminder, User
from eexpo.orm import upsert
from eexpo.visit.counting import today

MAIL_JOB = "eexpo.accounts.reminders:mail_reminder"
SEND_JOB = "eexpo.accounts.reminders:send_due"
MAX_STAGES = 6
# A booth in one of these states was submitted at least once: its exhibitor is not reminded.
SUBMITTED = (BoothStatus.SUBMITTED, BoothStatus.PUBLISHED, BoothStatus.TAKEN_DOWN)
_NOT_A_SCHEDULE = _l(
    "Give up to 6 whole numbers of days before opening, from 1 to 365, separated by commas "
    "(for example 14, 7, 2)."
)


def parse_schedule(text: str) -> list[int]:
    """ "14, 7, 2" → [14, 7, 2]; an empty text turns reminders off."""
    parts = [part for part in re.split(r"[,\s，、]+", text.strip()) if part]
    if len(parts) > MAX_STAGES or not all(part.isdigit() and len(part) <= 3 for part in parts):
        raise Invalid(str(_NOT_A_SCHEDULE), fields={"days": "invalid"})
    days = sorted({int(part) for part in parts}, reverse=True)
    if any(not 1 <= day <= 365 for day in days):
        raise Invalid(str(_NOT_A_SCHEDULE), fields={"days": "invalid"})
    return days


def set_schedule(actor: User, text: str) -> list[int]:
    if not permissions.can_manage_exhibitors(actor):
        raise Forbidden()
    expo = current_event()
    if expo is None:
        raise Invalid(
            _("Import the event (its opening day) in the catalogue first."),
            fields={"days": "invalid"},
        )
    days = parse_schedule(text)
    expo.reminder_days = days
    audit.record(actor, "reminders.schedule", "event", expo.id, days=days)
    return days


def due_stage(days: list[int], opens: date, on: date) -> int | None:
    """The stage due on day `on`: the nearest chosen day not after it, while the expo has not
    opened. Stages missed (the schedule set late, the site down) are not sent all at once."""
    left = (opens - on).days
    if left <= 0:
        return None
    due = [day for day in days if day >= left]
    return min(due) if due else None


def next_reminder(expo: Event, on: date) -> date | None:
    """When the next stage is due, for the console."""
    upcoming = [expo.starts_on - timedelta(days=d) for d in expo.reminder_days]
    later = sorted(day for day in upcoming if on < day < expo.starts_on)
    return later[0] if later else None


def _waiting() -> sa.Select[int]:
    """Approved exhibitors with an active user and no booth ever submitted."""
    submitted = sa.select(Booth.id).where(
        Booth.exhibitor_id == Exhibitor.id, Booth.status.in_(SUBMITTED)
    )
    active = sa.select(User.id).where(User.exhibitor_id == Exhibitor.id, User.is_active)
    return sa.select(Exhibitor.id).where(
        Exhibitor.status == ExhibitorStatus.APPROVED,
        sa.exists(active),
        ~sa.exists(submitted),
    )


def send_due(on: date | None = None) -> int:
    """The job: claim and queue today's reminders; returns how many exhibitors get one."""
    expo = current_event()
    if expo is None or not expo.reminder_days:
        return 0
    stage = due_stage(expo.reminder_days, expo.starts_on, on or today(current_app))
    if stage is None:
        return 0
    claimed = []
    for exhibitor_id in db.session.scalars(_waiting()):
        reminder_id = db.session.scalar(
            upsert(Reminder, db.engine.dialect)
            .values(exhibitor_id=exhibitor_id, days_before=stage)
            .on_conflict_do_nothing(index_elements=[Reminder.exhibitor_id, Reminder.days_before])
            .returning(Reminder.id)
        )
        if reminder_id is not None:
            claimed.append(reminder_id)
            tasks.enqueue(MAIL_JOB, reminder_id)
    if claimed:
        audit.record(None, "reminders.send", "event", expo.id, days_before=stage,
                     exhibitors=len(claimed))  # fmt: skip
    db.session.commit()
    return len(claimed)


def mail_reminder(reminder_id: int) -> None:
    """Mail each active user of the reminded exhibitor, in their language (a job)."""
    reminder = db.session.get(Reminder, reminder_id)
    expo = current_event()
    if reminder is None or expo is None:
        return
    users = db.session.scalars(
        sa.select(User).where(User.exhibitor_id == reminder.exhibitor_id, User.is_active)
    )
    link = external_url("portal.dashboard")
    left = max((expo.starts_on - today(current_app)).days, 1)
    for user in users:
        with force_locale(user.locale or "en"):
            subject = _(
                "%(expo)s opens in %(days)d days: your booth is not submitted yet",
                expo=expo.display_name(user.locale),
                days=left,
            )
            body = _(
                "Your organization has no booth submitted for review yet. Booths are reviewed "
                "before they go online, so submit yours soon:\n%(link)s\n",
                link=link,
            )  # fmt: skip
        send_mail(user.email, subject, body)
