"""API handlers for organizers: the review queue, a submission with its diff, decisions; the
event report."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo import report, report_formats
from eexpo.access import role_required
from eexpo.api import bp
from eexpo.api.views import json_body
from eexpo.booths import moderation
from eexpo.booths.diff import revision_diff
from eexpo.errors import Invalid
from eexpo.extensions import db
from eexpo.media.shown import media_json
from eexpo.models import Booth, Role, Submission, SubmissionStatus


def _summary(submission: Submission) -> dict[str, Any]:
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


@bp.get("/moderation/submissions")
@role_required(Role.ORGANIZER)
def moderation_queue() -> Response:
    try:
        status = SubmissionStatus(request.args.get("status", "pending"))
    except ValueError:
        raise Invalid(_("Unknown status."), fields={"status": "invalid"}) from None
    kind = request.args.get("kind")
    if kind not in (None, "new", "change"):
        raise Invalid(_("'kind' must be 'new' or 'change'."), fields={"kind": "invalid"})
    submissions = moderation.queue(
        status=status,
        sector=request.args.get("sector"),
        country=request.args.get("country"),
        kind=kind,
    )
    return jsonify(items=[_summary(s) for s in submissions], count=len(submissions))


@bp.get("/moderation/submissions/<int:submission_id>")
@role_required(Role.ORGANIZER)
def moderation_submission(submission_id: int) -> Response:
    submission = db.get_or_404(Submission, submission_id)
    revisions = [submission.revision, submission.base_revision]
    media = {
        block.media_id: media_json(block.media, public=False)
        for revision in revisions
        if revision is not None
        for block in revision.blocks
        if block.media is not None
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
def approve(submission_id: int) -> Response:
    submission = db.get_or_404(Submission, submission_id)
    moderation.approve_submission(submission, actor=current_user)
    db.session.commit()
    return jsonify(_summary(submission))


@bp.post("/moderation/submissions/<int:submission_id>/reject")
@role_required(Role.ORGANIZER)
def reject(submission_id: int) -> Response:
    submission = db.get_or_404(Submission, submission_id)
    moderation.reject_submission(submission, reason=json_body().get("reason"), actor=current_user)
    db.session.commit()
    return jsonify(_summary(submission))


def _booth_state(booth: Booth) -> dict[str, Any]:
    return {"id": booth.id, "status": booth.status.value, "takedown_reason": booth.takedown_reason}


@bp.post("/booths/<int:booth_id>/takedown")
@role_required(Role.ORGANIZER)
def take_down(booth_id: int) -> Response:
    booth = db.get_or_404(Booth, booth_id)
    moderation.take_down(booth, reason=json_body().get("reason"), actor=current_user)
    db.session.commit()
    return jsonify(_booth_state(booth))


@bp.post("/booths/<int:booth_id>/restore")
@role_required(Role.ORGANIZER)
def restore(booth_id: int) -> Response:
    booth = db.get_or_404(Booth, booth_id)
    moderation.restore(booth, actor=current_user)
    db.session.commit()
    return jsonify(_booth_state(booth))


@bp.get("/report")
@role_required(Role.ORGANIZER)
def event_report() -> Response:
    """The event's statistics (see eexpo/report.py)."""
    return jsonify(report_formats.as_json(report.compute()))
