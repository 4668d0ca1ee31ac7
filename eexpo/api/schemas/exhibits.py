"""Bodies of exhibits: as a draft carries them, and as the catalogue lists and shows them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from eexpo.api.schemas.common import (
    JSON_INTEGER,
    Answer,
    Body,
    Id,
    Media,
    Query,
    SectorSlug,
    text,
)
from eexpo.booths.exhibits import MAX_NAME_CHARS, MAX_SECTORS, MAX_SUMMARY_CHARS
from eexpo.booths.markdown import MAX_MARKDOWN_CHARS
from eexpo.inputs import MAX_PAGE
from eexpo.search import MAX_QUERY_CHARS

ExhibitKindName = Literal["product", "technology", "service", "project"]
CooperationName = Literal[
    "sale", "licensing", "joint_development", "investment", "distribution", "research"
]
IpStatusName = Literal["patented", "pending", "none"]
Trl = Annotated[int, Field(ge=1, le=9, description="technology readiness level"), JSON_INTEGER]


class ExhibitIn(Body):
    """One exhibit of a draft, in the booth's order; with `id`, the next version of that
    exhibit (its page and links stay), without, a new one."""

    id: Id | None = Field(None, description="an exhibit of this booth")
    name: Annotated[str, text(MAX_NAME_CHARS)]
    name_zh: Annotated[str, text(MAX_NAME_CHARS, required=False)] = ""
    summary: Annotated[str, text(MAX_SUMMARY_CHARS, required=False)] = ""
    summary_zh: Annotated[str, text(MAX_SUMMARY_CHARS, required=False)] = ""
    description: Annotated[str, text(MAX_MARKDOWN_CHARS, required=False)] = Field(
        "", description="Markdown, rendered as text blocks are"
    )
    kind: ExhibitKindName
    sectors: Annotated[list[SectorSlug], Field(max_length=MAX_SECTORS)] = []
    trl: Trl | None = None
    cooperation: Annotated[list[CooperationName], Field(max_length=6)] = []
    ip_status: IpStatusName | None = None
    media_ids: Annotated[list[Id], Field(max_length=9)] = Field(
        [], description="photos (up to 8) and a video of the caller's organization, in order"
    )
    document_ids: Annotated[list[Id], Field(max_length=5)] = Field(
        [], description="documents (PDF) of the caller's organization"
    )


class DraftExhibit(Answer):
    id: int
    name: str
    name_zh: str
    summary: str
    summary_zh: str
    description: str
    kind: ExhibitKindName
    sectors: list[str]
    trl: int | None
    cooperation: list[CooperationName]
    ip_status: IpStatusName | None
    media_ids: list[int]
    document_ids: list[int]


class ExhibitExhibitor(Answer):
    name: str
    name_zh: str | None
    country: str | None
    stand: str | None = Field(description="hall and stand code")


class ExhibitCard(Answer):
    id: int
    name: str
    name_zh: str | None
    summary: str
    summary_zh: str | None
    kind: ExhibitKindName
    trl: int | None
    cooperation: list[CooperationName]
    sectors: list[str]
    booth_id: int
    exhibitor: ExhibitExhibitor
    image: str | None = Field(description="the first photo's smallest JPEG")


class ExhibitFacets(Answer):
    """How many exhibits each filter value would leave, the others as they are."""

    sector: dict[str, int]
    kind: dict[str, int]
    trl: dict[str, int]
    cooperation: dict[str, int]
    country: dict[str, int]


class ExhibitPage(Answer):
    items: list[ExhibitCard]
    total: int
    page: int
    per_page: int
    facets: ExhibitFacets


class ExhibitDocument(Answer):
    id: int
    title: str = Field(description="the file's name as uploaded")
    url: str = Field(description="downloads the PDF (Content-Disposition: attachment)")
    pages: int
    bytes: int


class ExhibitDetail(ExhibitCard):
    description_html: str = Field(description="the description, rendered safely")
    ip_status: IpStatusName | None
    media: list[Media] = Field(description="photos and the video, in order")
    documents: list[ExhibitDocument]


class ExhibitQuery(Query):
    """The catalogue's filters."""

    q: Annotated[str, text(MAX_QUERY_CHARS, required=False)] = Field(
        "", description="words in English or Chinese, ranked; rate limited per address"
    )
    sector: SectorSlug | None = None
    kind: ExhibitKindName | None = None
    trl_min: Trl | None = None
    trl_max: Trl | None = None
    cooperation: CooperationName | None = None
    country: Annotated[str, Field(pattern="^[A-Za-z]{2}$")] | None = None
    page: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 24
