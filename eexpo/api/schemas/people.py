"""Bodies of business profiles and of "who is coming"."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from eexpo.api.schemas.common import Answer, Body, Query, SectorSlug, text
from eexpo.people.services import MAX_INTRODUCTION_CHARS

CooperationName = Literal["buy", "license", "invest", "distribute", "research"]  # Cooperation
Country = Annotated[
    str,
    Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2",
          json_schema_extra={"x-enum-of": "countries"}),
]  # fmt: skip


class ProfileIn(Body):
    organization: Annotated[str, text(200, required=False)] | None = None
    job_title: Annotated[str, text(200, required=False)] | None = None
    country: Country | None = None
    region: Annotated[str, text(100, required=False)] | None = None
    sectors: list[SectorSlug] = Field(default_factory=list, max_length=50)
    cooperation: list[CooperationName] = Field(default_factory=list, max_length=5)
    introduction: Annotated[str, text(MAX_INTRODUCTION_CHARS, required=False)] | None = None
    listed: bool = Field(
        default=False, description="exhibitors may find the caller in `GET /people`"
    )


class ProfileOut(Answer):
    user_id: int
    name: str
    organization: str | None
    job_title: str | None
    country: str | None
    region: str | None
    sectors: list[str]
    cooperation: list[CooperationName]
    introduction: str | None
    language: str | None = Field(description="the introduction's language")
    listed: bool


class ListedPerson(ProfileOut):
    email: str


class PeopleQuery(Query):
    sector: SectorSlug | None = None
    cooperation: CooperationName | None = None
    country: Country | None = None
    q: Annotated[str, text(200, required=False)] | None = None
    page: Annotated[int, Field(ge=1, le=10_000)] = 1


class PeoplePage(Answer):
    items: list[ListedPerson]
    page: int
    per_page: int
    total: int
