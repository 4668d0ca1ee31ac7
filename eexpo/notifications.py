"""What organizers decided, told to the exhibitor's people: a notice in the portal and a mail, each
in the reader's own language.

A notice stores its kind and facts, not sentences, so the portal words it in whatever language the
reader uses that day; the mail is worded in the language of the user's account, after the
decision commits (a decision rolled back is never announced).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eexpo import tasks
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.links import external_url
from eexpo.mail import send_mail
from eexpo.models import Booth, Exhibitor, Notification, User, utcnow
from eexpo.orm import rowcount

KINDS = ("booth.approved", "booth.rejected", "booth.taken_down", "booth.restored")
DELIVER_JOB = "eexpo.notifications:deliver"


def notify_exhibitor(
    exhibitor: Exhibitor, kind: str, booth: Booth, title: str, **data: str | None
) -> list[Notification]:
    """One notice for each active user of the organization, each mailed once the caller commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    facts = {"booth_id": booth.id, "title": title, **data}
    facts["link"] = external_url("portal.dashboard")
    notices = [
        Notification(user_id=user.id, kind=kind, data=facts)
        for user in exhibitor.users
        if user.is_active
    ]
    db.session.add_all(notices)
    db.session.flush()
    for notice in notices:
        tasks.enqueue(DELIVER_JOB, notice.id)
    return notices


def wording(notice: Notification) -> tuple[str, str]:
    """The notice's headline and explanation in the current language."""
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
    send_mail(user.email, subject, f"{body}\n\n{footer}".rstrip() + "\n")


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
