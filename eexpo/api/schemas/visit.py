"""Bodies of the public side: booths listed, searched and read; leads; tours; the catalogue."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import EmailStr, Field

from eexpo.api.schemas.common import (
    Answer,
    Body,
    Card,
    Exhibitor,
    Media,
    Query,
    SectorSlug,
    text,
)
from eexpo.inputs import MAX_PAGE
from eexpo.search import MAX_QUERY_CHARS
from eexpo.visit.leads import MAX_MESSAGE_CHARS

MAX_PER_PAGE = 100


class BoothSearch(Query):
    q: Annotated[str, text(MAX_QUERY_CHARS, required=False)] = Field(
        "",
        description="words in English or Chinese; ranked, with highlighted snippets (past "
        "1,000 matches, the newest 1,000 are ranked and older ones follow, newest first); "
        "rate limited per address",
    )
    sector: SectorSlug | None = None
    country: (
        Annotated[str, Field(pattern="^[A-Za-z]{2}$", description="ISO 3166 alpha-2")] | None
    ) = None
    page: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 1
    per_page: Annotated[int, Field(ge=1, le=MAX_PER_PAGE)] = 24


class BoothPage(Answer):
    items: list[Card]
    page: int
    per_page: int
    total: int


class BoothExhibitor(Exhibitor):
    website: str | None


class ShownText(Answer):
    type: Literal["text"]
    html: str = Field(description="the text as safe HTML")


class ShownMedia(Answer):
    type: Literal["photo", "video", "document"]
    alt: str | None
    caption: str | None
    media: Media | None


class PublishedBooth(Answer):
    id: int
    slug: str
    title: str
    summary: str
    sector: str | None
    exhibitor: BoothExhibitor
    stand: str | None
    blocks: list[Annotated[ShownText | ShownMedia, Field(discriminator="type")]]


class Contact(Body):
    name: Annotated[str, text(200)]
    email: Annotated[EmailStr, Field(max_length=254)]
    organization: Annotated[str, text(200, required=False)] = ""
    message: Annotated[str, text(MAX_MESSAGE_CHARS)]
    consent: bool = Field(
        description="the exhibitor may use these details to answer; must be true",
        json_schema_extra={"const": True},
    )


class LeadStored(Answer):
    id: int
    created_at: str = Field(json_schema_extra={"format": "date-time"})


class OnTour(Answer):
    booth_id: int


class PlacedStand(Answer):
    code: str
    exhibitor: str | None
    booth_id: int | None


class Hall(Answer):
    name: str
    name_zh: str | None
    stands: list[PlacedStand]


class CatalogueItems(Answer):
    """Halls with their stands, or the CSV format's rows (money as exact decimal strings)."""

    items: list[Hall] | list[dict[str, Any]]


CatalogueKind = Literal["exhibitors", "sessions", "speakers", "venues", "halls", "projects"]
