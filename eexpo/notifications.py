"""What organizers decided, told to the exhibitor's people, and each step of a meeting, told to
the other side: a notice in the portal and a mail, each in the reader's own language (a
meeting's mail carries it as an iCalendar attachment).

A notice stores its kind and facts, not sentences, so the portal words it in whatever language the
reader uses that day; the mail is worded in the language of the user's account, after the
decision commits (a decision rolled back is never announced).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _

from eexpo import tasks
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.links import external_url
from eexpo.mail import Attachment, send_mail
from eexpo.models import Booth, Exhibitor, Meeting, Notification, User, utcnow
from eexpo.orm import rowcount

BOOTH_KINDS = ("booth.approved", "booth.rejected", "booth.taken_down", "booth.restored")
MEETING_KINDS = ("meeting.requested", "meeting.proposed", "meeting.accepted", "meeting.declined",
                 "meeting.cancelled", "meeting.reminder")  # fmt: skip
DELIVER_JOB = "eexpo.notifications:deliver"


def notify_exhibitor(
    exhibitor: Exhibitor, kind: str, booth: Booth, title: str, **data: str | None
) -> list[Notification]:
    """One notice for each active user of the organization, each mailed once the caller commits."""
    if kind not in BOOTH_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    facts: dict[str, object] = {"booth_id": booth.id, "title": title, **data}
    facts["link"] = external_url("portal.dashboard")
    return [_notice(user, kind, facts) for user in exhibitor.users if user.is_active]


def notify_user(user: User, kind: str, **facts: object) -> Notification | None:
    """One notice for one person (the other side of a meeting), mailed once the caller commits."""
    if kind not in MEETING_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    return _notice(user, kind, facts) if user.is_active else None


def _notice(user: User, kind: str, facts: dict[str, object]) -> Notification:
    notice = Notification(user_id=user.id, kind=kind, data=facts)
    db.session.add(notice)
    db.session.flush()
    tasks.enqueue(DELIVER_JOB, notice.id)
    return notice


def wording(notice: Notification) -> tuple[str, str]:
    """The notice's headline and explanation in the current language."""
    if notice.kind in MEETING_KINDS:
        return _meeting_wording(notice.kind, notice.data)
    title, reason = notice.data.get("title", ""), notice.data.get("reason")
    if notice.kind == "booth.approved":
        return (
            _("Your booth “%(title)s” is published", title=title),
            _("The organizers approved your submission; visitors see it from now on."),
        )
    if notice.kind == "booth.rejected":
        return (
            _("Your booth “%(title)s” needs changes", title=title),
            _(
                "The organizers did not publish your submission. Their reason: %(reason)s "
                "Your content is back in the editor as a draft; change it and submit it again.",
                reason=reason,
            ),
        )
    if notice.kind == "booth.taken_down":
        return (
            _("Your booth “%(title)s” was taken down", title=title),
            _(
                "The organizers withdrew your booth from visitors. Their reason: %(reason)s",
                reason=reason,
            ),
        )
    return (
        _("Your booth “%(title)s” is back online", title=title),
        _("The organizers restored your booth; visitors see it again."),
    )


def _meeting_wording(kind: str, facts: dict[str, Any]) -> tuple[str, str]:
    when = format_datetime(datetime.fromisoformat(facts["starts_at"]), "medium")
    who = {"name": facts["name"], "when": when}
    words = facts.get("words") or ""
    if kind == "meeting.requested":
        return (
            _("%(name)s asks to meet you on %(when)s", **who),
            _("Their message: %(words)s Accept or decline it in the exhibitor portal.",
              words=words),
        )  # fmt: skip
    if kind == "meeting.proposed":
        return (
            _("%(name)s proposes to meet you on %(when)s instead", **who),
            (_("Their message: %(words)s ", words=words) if words else "")
            + _("Accept the new time or call the meeting off in My meetings."),
        )
    if kind == "meeting.accepted":
        return (
            _("%(name)s accepted your meeting on %(when)s", **who),
            _("Where: %(place)s. The attached file puts it in your calendar.",
              place=_where(facts["meeting_id"])),
        )  # fmt: skip
    if kind == "meeting.reminder":
        return (
            _("Soon: your meeting with %(name)s on %(when)s", **who),
            _("Where: %(place)s.", place=_where(facts["meeting_id"])),
        )
    if kind == "meeting.declined":
        return (
            _("%(name)s declined your meeting on %(when)s", **who),
            _("Their message: %(words)s The time is free again for others.", words=words)
            if words
            else _("The time is free again for others."),
        )
    return (
        _("Your meeting with %(name)s on %(when)s is cancelled", **who),
        _("Their reason: %(words)s", words=words) if words else _("No reason was given."),
    )


def _where(meeting_id: int) -> str:
    from eexpo.meetings.places import place_words  # the meetings import this module

    meeting = db.session.get(Meeting, meeting_id)
    return place_words(meeting) if meeting else ""


def deliver(notice_id: int) -> None:
    """Mail one notice (a task): in the language of the user's account."""
    notice = db.session.get(Notification, notice_id)
    if notice is None or not notice.user.is_active:
        return
    user: User = notice.user
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = wording(notice)
        link = notice.data.get("link")
        footer = _("Open the exhibitor portal: %(link)s", link=link) if link else ""
        attachments: tuple[Attachment, ...] = ()
        if notice.kind in MEETING_KINDS:
            from eexpo.meetings import calendar  # the meetings import this module

            ics = calendar.one(notice.data["meeting_id"], for_user=user)
            if ics is not None:
                attachments = (Attachment("meeting.ics", "text/calendar", ics),)
    send_mail(user.email, subject, f"{body}\n\n{footer}".rstrip() + "\n", attachments)


def recent(user: User, limit: int = 50) -> list[Notification]:
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(user: User) -> int:
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )
    return count or 0


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return rowcount(result)
