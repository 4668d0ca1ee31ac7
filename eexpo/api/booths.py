"""API handlers for authoring booths: create, read and save the draft, submit it for review."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo.access import role_required
from eexpo.api import bp
from eexpo.api.views import json_body, require_string
from eexpo.booths import drafts
from eexpo.booths import services as booths
from eexpo.extensions import db
from eexpo.models import Role
from eexpo.portal import services as portal


@bp.post("/booths")
@role_required(Role.EXHIBITOR)
def create_booth() -> tuple[Response, int]:
    data = json_body()
    summary = data.get("summary", "")
    booth = booths.create_booth(
        current_user.exhibitor,
        title=require_string(data, "title", booths.MAX_TITLE_CHARS),
        summary=summary if isinstance(summary, str) else "",
        sector=booths.find_sector(data.get("sector")),
        actor=current_user,
    )
    db.session.commit()
    return jsonify(drafts.draft_json(booth)), 201


@bp.get("/booths/<int:booth_id>/draft")
@role_required(Role.EXHIBITOR, Role.ORGANIZER)
def get_draft(booth_id: int) -> Response:
    return jsonify(drafts.draft_json(drafts.get_booth_for(current_user, booth_id, edit=False)))


@bp.patch("/booths/<int:booth_id>/draft")
@role_required(Role.EXHIBITOR)
def save_draft(booth_id: int) -> Response | tuple[Response, int]:
    booth = drafts.get_booth_for(current_user, booth_id, edit=True)
    data = json_body()
    changes = {k: v for k, v in data.items() if k != "version"}
    try:
        drafts.update_draft(booth, version=data.get("version"), changes=changes, actor=current_user)
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
def submit_booth(booth_id: int) -> tuple[Response, int]:
    booth = drafts.get_booth_for(current_user, booth_id, edit=True)
    submission = booths.submit_booth(booth, actor=current_user)
    db.session.commit()
    return jsonify(
        submission={
            "id": submission.id,
            "status": submission.status.value,
            "submitted_at": submission.submitted_at.isoformat(),
        }
    ), 202


@bp.get("/leads")
@role_required(Role.EXHIBITOR)
def list_leads() -> Response:
    """The leads of the caller's booths, newest first."""
    rows = portal.lead_rows(portal.leads_of(current_user.exhibitor_id))
    return jsonify([dict(zip(portal.LEAD_COLUMNS, row, strict=True)) for row in rows])
