"""Reminders before accepted meetings: both sides hear of it MEETING_REMINDER_MINUTES ahead.
Each meeting is claimed with a guarded UPDATE of `reminded_at`, so every process may look at
once and each reminder still goes out once."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from eexpo.content import UNSEEN
from eexpo.extensions import db
from eexpo.meetings.booking import tell
from eexpo.models import Meeting, MeetingSlot, MeetingStatus, utcnow
from eexpo.orm import rowcount


def send_due(now: datetime | None = None) -> int:
    """The job: remind both sides of each accepted meeting starting within the lead time;
    returns how many meetings were reminded."""
    now = now or utcnow()
    ahead = now + timedelta(minutes=current_app.config["MEETING_REMINDER_MINUTES"])
    due = db.session.scalars(
        sa.select(Meeting.id)
        .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
        .where(
            Meeting.status == MeetingStatus.ACCEPTED,
            Meeting.reminded_at.is_(None),
            MeetingSlot.starts_at > now,
            MeetingSlot.starts_at <= ahead,
        )
    ).all()
    reminded = 0
    for meeting_id in due:
        claimed = db.session.execute(
            sa.update(Meeting)
            .where(Meeting.id == meeting_id, Meeting.reminded_at.is_(None))
            .values(reminded_at=now)
            .execution_options(synchronize_session=False, **UNSEEN)
        )
        if rowcount(claimed) == 1:
            meeting = db.session.get_one(Meeting, meeting_id)
            tell(meeting, "meeting.reminder", to_host=True)
            tell(meeting, "meeting.reminder", to_host=False)
            reminded += 1
    db.session.commit()
    return reminded
