"""API handlers for authoring booths: create, read and save the draft, submit it for review."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo.access import role_required
from eexpo.api import bp
from eexpo.api.schemas.booths import (
    Draft,
    DraftChanges,
    LeadRow,
    NewBooth,
    OwnBooth,
    Rejection,
    StaleDraft,
    SubmissionState,
    Submitted,
    Takedown,
)
from eexpo.api.spec import answers, api
from eexpo.booths import drafts
from eexpo.booths import services as booths
from eexpo.extensions import db
from eexpo.models import Role
from eexpo.portal import services as portal

_NOT_YOURS = "No such booth of the caller's organization"


@bp.post("/booths")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True,
        HTTP_201=(Draft, "The new booth's draft"),
        HTTP_403="Not an exhibitor, or the organization is not approved yet",
        HTTP_422="A missing title or an unknown sector",
    )
)
def create_booth(json: NewBooth) -> tuple[Response, int]:
    """Create a draft booth for the caller's exhibitor"""
    booth = booths.create_booth(
        current_user.exhibitor,
        title=json.title,
        summary=json.summary,
        sector=booths.find_sector(json.sector),
        actor=current_user,
    )
    db.session.commit()
    return jsonify(drafts.draft_json(booth)), 201


@bp.get("/booths/mine")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        HTTP_200=(list[OwnBooth], "The organization's booths, oldest first"),
        HTTP_403="Not an exhibitor",
    )
)
def my_booths() -> list[OwnBooth]:
    """The booths of the caller's organization, each with where it stands in review"""
    return [
        OwnBooth(
            id=summary.booth.id,
            title=summary.title,
            status=summary.booth.status.value,
            has_draft=summary.booth.draft_revision is not None,
            rejection=Rejection(
                reason=summary.reason,
                decided_at=summary.rejected_at.isoformat() if summary.rejected_at else None,
            )
            if summary.reason is not None and summary.state != "taken_down"
            else None,
            takedown=Takedown(reason=summary.reason or "")
            if summary.state == "taken_down"
            else None,
        )
        for summary in portal.booth_summaries(current_user.exhibitor_id)
    ]


@bp.get("/booths/<int:booth_id>/draft")
@role_required(Role.EXHIBITOR, Role.ORGANIZER)
@api.validate(
    resp=answers(
        HTTP_200=(Draft, "The draft"),
        HTTP_403="Neither an exhibitor nor an organizer",
        HTTP_404="No such booth the caller may edit or moderate",
    )
)
def get_draft(booth_id: int) -> Response:
    """The booth's draft, or its latest content at version 0 before any edit"""
    booth = drafts.get_booth_for(current_user, booth_id, edit=False)
    return jsonify(drafts.draft_json(booth))


@bp.patch("/booths/<int:booth_id>/draft")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True,
        HTTP_200=(Draft, "The saved draft with its new version"),
        HTTP_403="Not an exhibitor",
        HTTP_404=_NOT_YOURS,
        HTTP_409=(StaleDraft, "Someone saved first: the error, and their version as `current`"),
        HTTP_422="A field that is not valid, an unknown sector or media not the caller's",
    )
)
def save_draft(booth_id: int, json: DraftChanges) -> Response | tuple[Response, int]:
    """Save the draft; the published revision stays live meanwhile"""
    booth = drafts.get_booth_for(current_user, booth_id, edit=True)
    changes = json.model_dump(exclude_unset=True, exclude={"version"})
    try:
        drafts.update_draft(booth, version=json.version, changes=changes, actor=current_user)
    except drafts.StaleDraft as stale:
        db.session.rollback()
        # The other save, so the editor can show both versions and let the user choose.
        body = {
            "error": {"code": stale.code, "message": stale.message},
            "current": drafts.draft_json(booth),
        }
        return jsonify(body), stale.status
    db.session.commit()
    return jsonify(drafts.draft_json(booth))


@bp.post("/booths/<int:booth_id>/submit")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        HTTP_202=(Submitted, "The submission, waiting for review"),
        HTTP_403="Not an exhibitor",
        HTTP_404=_NOT_YOURS,
        HTTP_409="No draft, an empty or unfinished one (a photo without alt text, media not "
        "ready), or a submission already waiting: `fields` names the block",
    )
)
def submit_booth(booth_id: int) -> tuple[Submitted, int]:
    """Submit the draft for the organizers' review"""
    booth = drafts.get_booth_for(current_user, booth_id, edit=True)
    submission = booths.submit_booth(booth, actor=current_user)
    db.session.commit()
    state = SubmissionState(
        id=submission.id,
        status=submission.status.value,
        submitted_at=submission.submitted_at.isoformat(),
    )
    return Submitted(submission=state), 202


@bp.get("/leads")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(HTTP_200=(list[LeadRow], "The leads"), HTTP_403="Only exhibitors have leads")
)
def list_leads() -> list[LeadRow]:
    """The leads visitors left at the caller's booths, newest first"""
    rows = portal.lead_rows(portal.leads_of(current_user.exhibitor_id))
    return [
        LeadRow.model_validate(dict(zip(portal.LEAD_COLUMNS, row, strict=True))) for row in rows
    ]
