"""Bodies of signing in, the caller, sectors, and authoring booths."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from eexpo.api.schemas.common import (
    JSON_INTEGER,
    Answer,
    Body,
    Id,
    SectorSlug,
    not_given,
    text,
)
from eexpo.api.schemas.exhibits import DraftExhibit, ExhibitIn
from eexpo.booths.drafts import MAX_BLOCKS, MAX_SECONDARY_SECTORS
from eexpo.booths.exhibits import MAX_EXHIBITS
from eexpo.booths.markdown import MAX_MARKDOWN_CHARS
from eexpo.booths.services import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS
from eexpo.inputs import MAX_INT


class Credentials(Body):
    email: Annotated[str, text(254)]
    password: Annotated[str, text(200)]
    name: Annotated[str, text(100, required=False)] | None = Field(
        None, description="a label for the token"
    )


class Token(Answer):
    token: str = Field(description="shown once: keep it")
    expires_at: str = Field(json_schema_extra={"format": "date-time"})


class OwnExhibitor(Answer):
    id: int
    name: str
    status: Literal["pending", "approved", "rejected"]


class Me(Answer):
    id: int
    email: str
    name: str
    role: Literal["organizer", "exhibitor", "visitor"]
    locale: str | None
    exhibitor: OwnExhibitor | None
    calendar_key: str = Field(
        description="the key of the caller's meetings feed, `GET /meetings.ics?key=`"
    )


class CalendarKey(Answer):
    calendar_key: str


class Rejection(Answer):
    reason: str
    decided_at: str | None = Field(json_schema_extra={"format": "date-time"})


class Takedown(Answer):
    reason: str


class OwnBooth(Answer):
    id: int
    title: str
    status: Literal["draft", "submitted", "published", "rejected", "taken_down"]
    has_draft: bool = Field(description="edits not yet submitted, or waiting for review")
    rejection: Rejection | None = Field(description="why the latest submission was refused")
    takedown: Takedown | None


class SectorSummary(Answer):
    slug: str
    name: str
    name_zh: str | None
    group: str | None
    booth_count: int
    exhibitor_count: int


class NewBooth(Body):
    title: Annotated[str, text(MAX_TITLE_CHARS)]
    sector: SectorSlug
    summary: Annotated[str, text(MAX_SUMMARY_CHARS, required=False)] = ""


class TextBlock(Body):
    type: Literal["text"]
    markdown: Annotated[str, text(MAX_MARKDOWN_CHARS, required=False)]


class PhotoBlock(Body):
    type: Literal["photo"]
    media_id: Id = Field(description="an image of the caller's organization")
    alt: Annotated[str, text(500, required=False)] = ""
    caption: Annotated[str, text(500, required=False)] = ""


class VideoBlock(Body):
    type: Literal["video"]
    media_id: Id = Field(description="a video of the caller's organization")
    alt: Annotated[str, text(500, required=False)] = ""
    caption: Annotated[str, text(500, required=False)] = ""


class DocumentBlock(Body):
    type: Literal["document"]
    media_id: Id = Field(description="a document (PDF) of the caller's organization")
    alt: Annotated[str, text(500, required=False)] = ""
    caption: Annotated[str, text(500, required=False)] = Field(
        "", description="what the document is, shown beside its download link"
    )


BlockIn = Annotated[
    TextBlock | PhotoBlock | VideoBlock | DocumentBlock, Field(discriminator="type")
]


class DraftChanges(Body):
    """Only the fields given change (none may be null)."""

    version: Annotated[
        int,
        Field(ge=0, le=MAX_INT, description="the version the editor saw; 0 at first"),
        JSON_INTEGER,
    ]
    title: Annotated[str, text(MAX_TITLE_CHARS)] = not_given()
    summary: Annotated[str, text(MAX_SUMMARY_CHARS, required=False)] = not_given()
    sector: SectorSlug = not_given()
    secondary_sectors: Annotated[list[SectorSlug], Field(max_length=MAX_SECONDARY_SECTORS)] = (
        not_given()
    )
    blocks: Annotated[list[BlockIn], Field(max_length=MAX_BLOCKS)] = not_given()
    exhibits: Annotated[list[ExhibitIn], Field(max_length=MAX_EXHIBITS)] = not_given()


class DraftBlock(Answer):
    type: Literal["text", "photo", "video", "document"]
    markdown: str | None = None
    html: str | None = Field(default=None, description="text blocks: the Markdown rendered safely")
    media_id: int | None = None
    media_status: Literal["uploading", "processing", "ready", "failed"] | None = None
    alt: str | None = None
    caption: str | None = None


class Draft(Answer):
    booth_id: int
    status: Literal["draft", "submitted", "published", "rejected", "taken_down"]
    version: int = Field(description="0 until the first save of a draft")
    has_draft: bool
    pending_submission: int | None = Field(description="the submission awaiting review")
    title: str
    summary: str
    sector: str | None
    secondary_sectors: list[str]
    blocks: list[DraftBlock]
    exhibits: list[DraftExhibit]
    rejection: Rejection | None = Field(
        description="why the latest submission was refused, while this is that content handed "
        "back to fix"
    )


class StaleDraft(Answer):
    error: dict[str, str] = Field(description="the error's code and message")
    current: Draft = Field(description="the version someone else saved first")


class SubmissionState(Answer):
    id: int
    status: Literal["pending", "approved", "rejected", "withdrawn"]
    submitted_at: str = Field(json_schema_extra={"format": "date-time"})


class Submitted(Answer):
    submission: SubmissionState


class LeadRow(Answer):
    created_at: str
    booth: str
    name: str
    email: str
    organization: str
    message: str
    locale: str
