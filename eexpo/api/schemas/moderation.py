"""Bodies of the organizers' side: the review queue, decisions, takedowns, the report."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from eexpo.api.schemas.common import Answer, Body, Media, Query, Slug, text
from eexpo.api.schemas.exhibits import DraftExhibit
from eexpo.booths.moderation import MAX_REASON_CHARS


class QueueFilter(Query):
    status: Literal["pending", "approved", "rejected", "withdrawn"] = "pending"
    kind: Literal["new", "change"] | None = Field(
        default=None, description="a first booth or a change"
    )
    sector: Slug | None = Field(default=None, description="a sector's slug")
    country: Slug | None = Field(default=None, description="ISO 3166 alpha-2")


class SubmitterExhibitor(Answer):
    id: int
    name: str
    country: str | None


class SubmissionSummary(Answer):
    id: int
    status: Literal["pending", "approved", "rejected", "withdrawn"]
    booth_id: int
    title: str
    exhibitor: SubmitterExhibitor
    sector: str | None
    kind: Literal["new", "change"]
    submitted_at: str = Field(json_schema_extra={"format": "date-time"})
    decided_at: str | None
    reason: str | None


class Queue(Answer):
    items: list[SubmissionSummary]
    count: int


class Run(Answer):
    op: Literal["equal", "delete", "insert"]
    text: str


class SectorChange(Answer):
    before: str | None
    after: str | None


class BlockChange(Answer):
    op: Literal["equal", "change", "delete", "insert"]
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    words: list[Run] | None = None
    media: Literal["replaced"] | None = None


class ExhibitChange(Answer):
    op: Literal["equal", "change", "delete", "insert"]
    before: DraftExhibit | None = None
    after: DraftExhibit | None = None
    fields: list[str] | None = Field(default=None, description="what changed")
    words: dict[str, list[Run]] | None = Field(default=None, description="texts, word by word")


class Diff(Answer):
    is_new_booth: bool
    title: list[Run]
    summary: list[Run]
    sector: SectorChange
    blocks: list[BlockChange]
    exhibits: list[ExhibitChange] = Field(description="matched by their lasting id")


class Submission(SubmissionSummary):
    diff: Diff
    media: dict[str, Media] = Field(description="the media the diff shows, by id")


class Reason(Body):
    reason: Annotated[str, text(MAX_REASON_CHARS)]


class BoothState(Answer):
    id: int
    status: Literal["draft", "submitted", "published", "rejected", "taken_down"]
    takedown_reason: str | None


class Count(Answer):
    count: int


class CountryCount(Count):
    country: str | None


class DelegationCount(Count):
    delegation: str | None


class SectorCount(Count):
    sector: str | None


class ExhibitorFigures(Answer):
    total: int
    with_booth: int
    by_country: list[CountryCount]
    by_delegation: list[DelegationCount]


class BoothFigures(Answer):
    published: int
    by_sector: list[SectorCount]


class Day(Answer):
    day: str = Field(json_schema_extra={"format": "date"})
    unique_visitors: int
    page_views: int
    video_plays: int


class VisitorFigures(Answer):
    total: int
    by_day: list[Day]


def _money() -> Any:
    return Field(description="CNY, an exact decimal string")


def _share() -> Any:
    return Field(ge=0, le=1, description="a fraction of the whole")


class ProjectLine(Answer):
    count: int
    value_cny: str = _money()
    count_share: float = _share()
    value_share: float = _share()


class GroupLine(ProjectLine):
    group: str | None


class SectorLine(GroupLine):
    sector: str | None


class PlaceLine(Answer):
    country: str | None
    region: str | None
    count: int
    value_cny: str = _money()
    count_share: float = _share()


class Outside(Answer):
    count: int
    count_share: float = _share()


class ProjectFigures(Answer):
    count: int
    value_cny: str = _money()
    by_sector: list[SectorLine]
    by_group: list[GroupLine]
    by_region: list[PlaceLine]
    outside_host_region: Outside


class FunnelSteps(Answer):
    booth_views: int
    leads: int
    meetings_requested: int
    meetings_accepted: int = Field(description="including those later cancelled")
    projects: int


class FunnelSector(FunnelSteps):
    sector: str | None


class Funnel(FunnelSteps):
    """From booth view to signed project; each step in the sector of what it is about."""

    by_sector: list[FunnelSector]


class Report(Answer):
    exhibitors: ExhibitorFigures
    booths: BoothFigures
    visitors: VisitorFigures
    views: int
    video_plays: int
    leads: int
    projects: ProjectFigures
    funnel: Funnel
