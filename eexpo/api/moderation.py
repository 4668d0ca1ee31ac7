"""API handlers for organizers: the review queue, a submission with its diff, decisions; the
event report."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo import report, report_formats
from eexpo.access import role_required
from eexpo.api import bp
from eexpo.api.schemas.moderation import (
    BoothState,
    Queue,
    QueueFilter,
    Reason,
    Report,
    Submission,
    SubmissionSummary,
)
from eexpo.api.spec import answers, api
from eexpo.booths import moderation
from eexpo.booths.diff import revision_diff, shown_media
from eexpo.extensions import db
from eexpo.media.shown import media_json
from eexpo.models import Booth, Role, SubmissionStatus
from eexpo.models import Submission as SubmissionRow


def _summary(submission: SubmissionRow) -> dict[str, Any]:
    booth, revision = submission.booth, submission.revision
    return {
        "id": submission.id,
        "status": submission.status.value,
        "booth_id": booth.id,
        "title": revision.title,
        "exhibitor": {
            "id": booth.exhibitor.id,
            "name": booth.exhibitor.name,
            "country": booth.exhibitor.country,
        },
        "sector": revision.sector.slug if revision.sector else None,
        "kind": "new" if submission.base_revision_id is None else "change",
        "submitted_at": submission.submitted_at.isoformat(),
        "decided_at": submission.decided_at.isoformat() if submission.decided_at else None,
        "reason": submission.reason,
    }


_ORGANIZERS = "Only organizers moderate"
_NO_SUBMISSION = "No such submission"


@bp.get("/moderation/submissions")
@role_required(Role.ORGANIZER)
@api.validate(
    resp=answers(
        HTTP_200=(Queue, "The submissions and their count"),
        HTTP_403=_ORGANIZERS,
        HTTP_422="An unknown status or kind",
    )
)
def moderation_queue(query: QueueFilter) -> Response:
    """The review queue, oldest first"""
    submissions = moderation.queue(
        status=SubmissionStatus(query.status),
        sector=query.sector,
        country=query.country,
        kind=query.kind,
    )
    return jsonify(items=[_summary(s) for s in submissions], count=len(submissions))


@bp.get("/moderation/submissions/<int:submission_id>")
@role_required(Role.ORGANIZER)
@api.validate(
    resp=answers(
        HTTP_200=(Submission, "The submission, its diff and the media it shows"),
        HTTP_403=_ORGANIZERS,
        HTTP_404=_NO_SUBMISSION,
    )
)
def moderation_submission(submission_id: int) -> Response:
    """A submission with its diff against the live revision"""
    submission = db.get_or_404(SubmissionRow, submission_id)
    media = {
        item.id: media_json(item, public=False)
        for item in shown_media(submission.revision, submission.base_revision)
    }
    return jsonify(
        {
            **_summary(submission),
            "diff": revision_diff(submission.base_revision, submission.revision),
            "media": {str(k): v for k, v in media.items()},
        }
    )


@bp.post("/moderation/submissions/<int:submission_id>/approve")
@role_required(Role.ORGANIZER)
@api.validate(
    resp=answers(
        HTTP_200=(SubmissionSummary, "The decided submission"),
        HTTP_403=_ORGANIZERS,
        HTTP_404=_NO_SUBMISSION,
        HTTP_409="Already decided, or the booth's state does not allow it",
    )
)
def approve(submission_id: int) -> Response:
    """Publish the submitted revision"""
    submission = db.get_or_404(SubmissionRow, submission_id)
    moderation.approve_submission(submission, actor=current_user)
    db.session.commit()
    return jsonify(_summary(submission))


@bp.post("/moderation/submissions/<int:submission_id>/reject")
@role_required(Role.ORGANIZER)
@api.validate(
    resp=answers(
        body=True,
        HTTP_200=(SubmissionSummary, "The decided submission"),
        HTTP_403=_ORGANIZERS,
        HTTP_404=_NO_SUBMISSION,
        HTTP_409="Already decided",
        HTTP_422="No reason given",
    )
)
def reject(submission_id: int, json: Reason) -> Response:
    """Send the submission back to the exhibitor with a reason"""
    submission = db.get_or_404(SubmissionRow, submission_id)
    moderation.reject_submission(submission, reason=json.reason, actor=current_user)
    db.session.commit()
    return jsonify(_summary(submission))


def _booth_state(booth: Booth) -> BoothState:
    return BoothState(id=booth.id, status=booth.status.value, takedown_reason=booth.takedown_reason)


@bp.post("/booths/<int:booth_id>/takedown")
@role_required(Role.ORGANIZER)
@api.validate(
    resp=answers(
        body=True,
        HTTP_200=(BoothState, "The booth's new state"),
        HTTP_403="Only organizers take booths down",
        HTTP_404="No such booth",
        HTTP_409="The booth is not published",
        HTTP_422="No reason given",
    )
)
def take_down(booth_id: int, json: Reason) -> BoothState:
    """Withdraw a published booth from visitors, with a reason"""
    booth = db.get_or_404(Booth, booth_id)
    moderation.take_down(booth, reason=json.reason, actor=current_user)
    db.session.commit()
    return _booth_state(booth)


@bp.post("/booths/<int:booth_id>/restore")
@role_required(Role.ORGANIZER)
@api.validate(
    resp=answers(
        HTTP_200=(BoothState, "The booth's new state"),
        HTTP_403="Only organizers restore booths",
        HTTP_404="No such booth",
        HTTP_409="The booth is not taken down",
    )
)
def restore(booth_id: int) -> BoothState:
    """Publish a taken-down booth again"""
    booth = db.get_or_404(Booth, booth_id)
    moderation.restore(booth, actor=current_user)
    db.session.commit()
    return _booth_state(booth)


@bp.get("/report")
@role_required(Role.ORGANIZER)
@api.validate(
    resp=answers(
        HTTP_200=(Report, "Exhibitors, booths, visitors, views, plays, leads, signed projects"),
        HTTP_403="Not an organizer",
    )
)
def event_report() -> Response:
    """The event's statistics (organizers): money as exact decimal strings, shares as
    fractions from 0 to 1"""
    return jsonify(report_formats.as_json(report.compute()))
