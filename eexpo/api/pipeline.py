"""API handlers of the exhibitor's pipeline: the organization's prospects, filtered; a
prospect's stage and owner; the team's notes."""

from __future__ import annotations

from flask_login import current_user

from eexpo.access import role_required
from eexpo.api import bp
from eexpo.api.schemas.pipeline import (
    NewNote,
    NoteOut,
    PipelineQuery,
    ProspectChange,
    ProspectList,
    ProspectOut,
)
from eexpo.api.spec import answers, api
from eexpo.extensions import db
from eexpo.models import ProspectNote, Role, Stage
from eexpo.pipeline import services as pipeline

_NO_PROSPECT = "No such prospect of the caller's organization"


def _note(note: ProspectNote) -> NoteOut:
    author = (note.author.name or note.author.email) if note.author else None
    return NoteOut(id=note.id, text=note.text, author=author,
                   created_at=note.created_at.isoformat())  # fmt: skip


def _prospect(row: pipeline.Row) -> ProspectOut:
    p = row.prospect
    return ProspectOut(
        id=p.id, name=p.name, email=p.email, organization=p.organization, stage=p.stage.value,
        owner_user_id=p.owner_id, leads=row.leads, meetings=row.meetings,
        created_at=p.created_at.isoformat(), active_at=p.active_at.isoformat(),
        notes=[_note(n) for n in p.notes],
    )  # fmt: skip


def _one(prospect_id: int) -> ProspectOut:
    prospect = pipeline.prospect_for(current_user, prospect_id)
    leads, meetings = pipeline.history(prospect)
    return _prospect(pipeline.Row(prospect, len(leads), len(meetings)))


@bp.get("/pipeline")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        HTTP_200=(ProspectList, "The prospects, latest activity first"),
        HTTP_403="Not an exhibitor",
        HTTP_422="An unknown stage, owner or source",
    )
)
def list_pipeline(query: PipelineQuery) -> ProspectList:
    """The organization's pipeline: everyone who wrote to it or asked to meet it"""
    filters = pipeline.Filters(
        stage=Stage(query.stage) if query.stage else None, owner=query.owner or "",
        source=query.source or "", q=query.q or "",
    )  # fmt: skip
    rows = pipeline.listing(current_user, filters, query.page)
    return ProspectList(
        items=[_prospect(r) for r in rows[: pipeline.PER_PAGE]], page=query.page,
        per_page=pipeline.PER_PAGE, has_more=len(rows) > pipeline.PER_PAGE,
    )  # fmt: skip


@bp.patch("/pipeline/<int:prospect_id>")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True,
        HTTP_200=(ProspectOut, "The prospect as it now stands"),
        HTTP_403="Not an exhibitor",
        HTTP_404=_NO_PROSPECT,
        HTTP_422="An owner outside the team",
    )
)
def change_prospect(prospect_id: int, json: ProspectChange) -> ProspectOut:
    """Move a prospect to another stage, or give it to a team member"""
    pipeline.update(
        current_user, prospect_id, stage=json.stage, owner_id=json.owner_user_id,
        unassign="owner_user_id" in json.model_fields_set and json.owner_user_id is None,
    )  # fmt: skip
    db.session.commit()
    return _one(prospect_id)


@bp.post("/pipeline/<int:prospect_id>/notes")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True,
        HTTP_201=(NoteOut, "The note added"),
        HTTP_403="Not an exhibitor",
        HTTP_404=_NO_PROSPECT,
        HTTP_422="An empty or too long note",
    )
)
def add_prospect_note(prospect_id: int, json: NewNote) -> tuple[NoteOut, int]:
    """Write a note on a prospect, for the whole team"""
    note = pipeline.add_note(current_user, prospect_id, json.text)
    db.session.commit()
    return _note(note), 201
