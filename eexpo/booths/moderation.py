"""Organizers' decisions on submissions: approve (publish) or reject (with a reason, handing the
content back to the exhibitor as a draft). Each goes through the transition table."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eexpo import permissions
from eexpo.booths.drafts import start_draft
from eexpo.booths.states import apply_transition
from eexpo.errors import Conflict, Forbidden, Invalid
from eexpo.extensions import db
from eexpo.models import (
    Booth,
    BoothRevision,
    Exhibitor,
    RevisionState,
    Sector,
    Submission,
    SubmissionStatus,
    User,
    utcnow,
)

MAX_REASON_CHARS = 2000


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
    if claimed.rowcount != 1:
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
    db.session.flush()
    return booth


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
    db.session.flush()
    return booth


def take_down(booth: Booth, *, reason: object, actor: User) -> Booth:
    """Withdraw a published booth from visitors, with a reason; raises Conflict otherwise."""
    if not permissions.can_moderate(actor):
        raise Forbidden()
    reason = _reason(reason)
    apply_transition(booth, "takedown", actor=actor, reason=reason)
    booth.takedown_reason = reason
    db.session.flush()
    return booth


def restore(booth: Booth, *, actor: User) -> Booth:
    """Publish a taken-down booth again, as it was."""
    if not permissions.can_moderate(actor):
        raise Forbidden()
    apply_transition(booth, "restore", actor=actor)
    booth.takedown_reason = None
    db.session.flush()
    return booth


def queue(
    *,
    status: SubmissionStatus = SubmissionStatus.PENDING,
    sector: str | None = None,
    country: str | None = None,
    kind: str | None = None,
) -> list[Submission]:
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
    return list(db.session.scalars(query).unique())
