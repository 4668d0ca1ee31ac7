"""Bodies of the exhibitor's pipeline: prospects, their stage and owner, and notes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from eexpo.api.schemas.common import Answer, Body, Id, Query, text
from eexpo.pipeline.services import MAX_NOTE_CHARS

StageName = Literal["new", "contacted", "meeting", "negotiating", "signed", "lost"]  # Stage


class PipelineQuery(Query):
    stage: StageName | None = None
    owner: Annotated[str, Field(pattern=r"^(me|none|[1-9][0-9]{0,9})$")] | None = Field(
        default=None, description="`me`, `none` (nobody yet), or a team member's id"
    )
    source: Literal["leads", "meetings"] | None = None
    q: Annotated[str, text(200, required=False)] | None = Field(
        default=None, description="in the name, email or organization"
    )
    page: Annotated[int, Field(ge=1, le=10_000)] = 1


class NoteOut(Answer):
    id: int
    text: str
    author: str | None
    created_at: str = Field(json_schema_extra={"format": "date-time"})


class ProspectOut(Answer):
    id: int
    name: str
    email: str
    organization: str | None
    stage: StageName
    owner_user_id: int | None
    leads: int
    meetings: int
    created_at: str = Field(json_schema_extra={"format": "date-time"})
    active_at: str = Field(json_schema_extra={"format": "date-time"})
    notes: list[NoteOut]


class ProspectList(Answer):
    items: list[ProspectOut]
    page: int
    per_page: int
    has_more: bool = Field(description="another page follows")


class ProspectChange(Body):
    stage: StageName | None = None
    owner_user_id: Id | None = Field(
        default=None, description="a team member; `null` leaves nobody owning it"
    )


class NewNote(Body):
    text: Annotated[str, text(MAX_NOTE_CHARS)]
