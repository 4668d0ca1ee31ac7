"""Organizers' decisions on submissions: approve (publish) or reject (with a reason, handing the
content back to the exhibitor as a draft). Each goes through the transition table."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from eexpo import notifications, permissions, search
from eexpo.booths import exhibits
from eexpo.booths.drafts import start_draft
from eexpo.booths.states import apply_transition
from eexpo.errors import Conflict, Forbidden, Invalid
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.models import (
    Booth,
    BoothRevision,
    Exhibitor,
    MediaKind,
    RevisionState,
    Sector,
    Submission,
    SubmissionStatus,
    User,
    utcnow,
)
from eexpo.orm import rowcount

MAX_REASON_CHARS = 2000

# Reasons organizers give again and again; chosen ones are worded in the exhibitor's language.
CANNED_REASONS = {
    "contact": _l(
        "Contact details (phone numbers, email addresses, shop links) belong in your profile, "
        "not in the booth."
    ),
    "media": _l("A photo or video is blurred, too small, or does not show your products."),
    "off_topic": _l("The content does not fit the expo's themes or the chosen sector."),
    "claims": _l(
        "The text makes claims we cannot publish (superlatives, unverified awards or "
        "certifications)."
    ),
    "language": _l("Please give the title and summary in English or Chinese."),
    "rights": _l(
        "Please confirm that you hold the rights to the photos and videos, or replace them."
    ),
}


def _decide(
    submission: Submission, status: SubmissionStatus, actor: User, reason: str | None
) -> None:
    """Claim the decision with a guarded UPDATE: of two simultaneous deciders, one wins."""
    if not permissions.can_moderate(actor):
        raise Forbidden()
    claimed = db.session.execute(
        sa.update(Submission)
        .where(Submission.id == submission.id, Submission.status == SubmissionStatus.PENDING)
        .values(status=status, decided_by_id=actor.id, decided_at=utcnow(), reason=reason)
        .execution_options(synchronize_session=False)
    )
    if rowcount(claimed) != 1:
        raise Conflict(_("This submission has already been decided."))
    db.session.refresh(submission)


def approve_submission(submission: Submission, *, actor: User) -> Booth:
    """Publish the submitted revision in the caller's transaction; the old one is superseded."""
    _decide(submission, SubmissionStatus.APPROVED, actor, None)
    booth, revision = submission.booth, submission.revision
    apply_transition(booth, "approve", actor=actor, submission=submission.id)
    if booth.published_revision is not None:
        booth.published_revision.state = RevisionState.SUPERSEDED
    revision.state = RevisionState.PUBLISHED
    booth.published_revision = revision
    booth.sector_id = revision.sector_id
    booth.published_at = utcnow()
    _show(booth, revision)
    notifications.notify_exhibitor(booth.exhibitor, "booth.approved", booth, revision.title)
    db.session.flush()
    return booth


def _show(booth: Booth, revision: BoothRevision) -> None:
    """What listings and search need of the live revision, kept beside the booth."""
    media = [b.media for b in revision.blocks if b.media is not None]
    covers = [m for m in media if m.kind == MediaKind.IMAGE] or media
    booth.cover_media = covers[0] if covers else None
    booth.has_video = any(m.kind == MediaKind.VIDEO for m in media)
    db.session.flush()
    search.index_booth(booth)
    exhibits.show_live(booth)


def _reason(reason: object) -> str:
    """The reason as given (anything but text counts as missing); Invalid if empty or too long."""
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise Invalid(
            _("Give the exhibitor a reason for the rejection."), fields={"reason": "required"}
        )
    if len(reason) > MAX_REASON_CHARS:
        raise Invalid(
            _("The reason may have at most %(n)d characters.", n=MAX_REASON_CHARS),
            fields={"reason": "too_long"},
        )
    return reason


def exhibitor_locale(exhibitor: Exhibitor) -> str:
    """The language the organization reads: that of its first active user who chose one."""
    chosen = [u.locale for u in exhibitor.users if u.is_active and u.locale]
    return chosen[0] if chosen else "en"


def compose_reason(canned: list[str], text: str | None, *, locale: str) -> str:
    """The chosen canned reasons (in `locale`) followed by the organizer's own words."""
    unknown = [key for key in canned if key not in CANNED_REASONS]
    if unknown:
        raise Invalid(_("Unknown canned reason."), fields={"canned": "invalid"})
    with force_locale(locale):
        parts = [str(CANNED_REASONS[key]) for key in canned]
    if text and text.strip():
        parts.append(text.strip())
    return "\n".join(parts)


def reject_submission(submission: Submission, *, reason: object, actor: User) -> Booth:
    """Refuse the submission with a reason the exhibitor reads; unless they have begun a newer
    draft meanwhile, the submitted content comes back to them as the draft to fix."""
    reason = _reason(reason)
    _decide(submission, SubmissionStatus.REJECTED, actor, reason)
    booth, revision = submission.booth, submission.revision
    apply_transition(booth, "reject", actor=actor, reason=reason, submission=submission.id)
    revision.state = RevisionState.REJECTED
    if booth.draft_revision is None:
        start_draft(booth, revision, actor=None)
    notifications.notify_exhibitor(
        booth.exhibitor, "booth.rejected", booth, revision.title, reason=reason
    )
    db.session.flush()
    return booth


def take_down(booth: Booth, *, reason: object, actor: User) -> Booth:
    """Withdraw a published booth from visitors, with a reason; raises Conflict otherwise."""
    if not permissions.can_moderate(actor):
        raise Forbidden()
    reason = _reason(reason)
    apply_transition(booth, "takedown", actor=actor, reason=reason)
    booth.takedown_reason = reason
    search.remove_booth(booth.id)
    exhibits.show_live(booth)
    notifications.notify_exhibitor(
        booth.exhibitor, "booth.taken_down", booth, _live_title(booth), reason=reason
    )
    db.session.flush()
    return booth


def restore(booth: Booth, *, actor: User) -> Booth:
    """Publish a taken-down booth again, as it was."""
    if not permissions.can_moderate(actor):
        raise Forbidden()
    apply_transition(booth, "restore", actor=actor)
    booth.takedown_reason = None
    search.index_booth(booth)
    exhibits.show_live(booth)
    notifications.notify_exhibitor(booth.exhibitor, "booth.restored", booth, _live_title(booth))
    db.session.flush()
    return booth


def _live_title(booth: Booth) -> str:
    return booth.published_revision.title if booth.published_revision else ""


def queue_select(
    *,
    status: SubmissionStatus = SubmissionStatus.PENDING,
    sector: str | None = None,
    country: str | None = None,
    kind: str | None = None,
) -> sa.Select[Submission]:
    """Submissions in a state, oldest first; `kind` is "new" (no live revision) or "change"."""
    query = (
        sa.select(Submission)
        .join(Submission.booth)
        .join(Booth.exhibitor)
        .join(BoothRevision, BoothRevision.id == Submission.revision_id)
        .where(Submission.status == status)
        .options(
            joinedload(Submission.booth).joinedload(Booth.exhibitor),
            joinedload(Submission.revision).joinedload(BoothRevision.sector),
        )
        .order_by(Submission.submitted_at, Submission.id)
    )
    if sector:
        query = query.join(Sector, Sector.id == BoothRevision.sector_id).where(
            Sector.slug == sector
        )
    if country:
        query = query.where(Exhibitor.country == country.upper())
    if kind == "new":
        query = query.where(Submission.base_revision_id.is_(None))
    elif kind == "change":
        query = query.where(Submission.base_revision_id.is_not(None))
    return query


def queue(**filters: str | SubmissionStatus | None) -> list[Submission]:
    return list(db.session.scalars(queue_select(**filters)).unique())  # type: ignore[arg-type]


def queue_counts() -> dict[str, dict[str, int]]:
    """Pending submissions by kind and by sector slug ("" when none), in one statement."""
    is_new = Submission.base_revision_id.is_(None)
    rows = db.session.execute(
        sa.select(Sector.slug, is_new, sa.func.count())
        .select_from(Submission)
        .join(BoothRevision, BoothRevision.id == Submission.revision_id)
        .outerjoin(Sector, Sector.id == BoothRevision.sector_id)
        .where(Submission.status == SubmissionStatus.PENDING)
        .group_by(Sector.slug, is_new)
    )
    counts: dict[str, dict[str, int]] = {"kind": {"new": 0, "change": 0}, "sector": {}}
    for slug, new, n in rows:
        counts["kind"]["new" if new else "change"] += n
        counts["sector"][slug or ""] = counts["sector"].get(slug or "", 0) + n
    return counts


def next_pending(after: Submission) -> Submission | None:
    """The oldest pending submission other than `after`: what the reviewer looks at next."""
    return db.session.scalar(
        sa.select(Submission)
        .where(Submission.status == SubmissionStatus.PENDING, Submission.id != after.id)
        .order_by(Submission.submitted_at, Submission.id)
        .limit(1)
    )
