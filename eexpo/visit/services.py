"""Read-only queries behind the public pages; each costs a fixed, small number of statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from eexpo import search
from eexpo.content import until_content_changes
from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.media.shown import public_sizes
from eexpo.models import (
    Booth,
    BoothStatus,
    Exhibitor,
    ExhibitorStatus,
    ProgrammeSession,
    Sector,
)
from eexpo.orm import BilingualName
from eexpo.visit.cards import Card, card, cards, cards_select, read


@dataclass(frozen=True)
class SectorSummary:
    sector: Sector
    exhibitor_count: int
    booth_count: int


def sector_summaries() -> list[SectorSummary]:
    """Every sector with its approved exhibitors and published booths."""
    counts = _sector_counts()
    sectors = db.session.scalars(sa.select(Sector).order_by(Sector.position, Sector.name))
    return [SectorSummary(s, *counts.get(s.id, (0, 0))) for s in sectors]


@until_content_changes
def _sector_counts() -> dict[int, tuple[int, int]]:
    """(exhibitors, booths) per sector, counted once per content version: grouping every
    exhibitor and booth cost more than the rest of the home page."""
    exhibitors = dict(
        db.session.execute(
            sa.select(Exhibitor.sector_id, sa.func.count())
            .where(Exhibitor.status == ExhibitorStatus.APPROVED)
            .group_by(Exhibitor.sector_id)
        ).all()
    )
    booths = dict(
        db.session.execute(
            sa.select(Booth.sector_id, sa.func.count())
            .where(Booth.status == BoothStatus.PUBLISHED)
            .group_by(Booth.sector_id)
        ).all()
    )
    return {
        sector_id: (exhibitors.get(sector_id, 0), booths.get(sector_id, 0))
        for sector_id in set(exhibitors) | set(booths)
        if sector_id is not None
    }


def get_sector(slug: str) -> PageSector:
    """A sector by its slug, kept until content changes (every sector page and listing asks)."""
    sector = _sector(slug)
    if sector is None:
        raise NotFound()
    return sector


@until_content_changes
def _sector(slug: str) -> PageSector | None:
    row = read(
        sa.select(Sector.id, Sector.slug, Sector.name, Sector.name_zh).where(Sector.slug == slug)
    ).first()
    return PageSector(row.id, row.slug, row.name, row.name_zh) if row else None


def programme_for_home(now: datetime, tz: ZoneInfo, limit: int = 6) -> tuple[bool, list[Any]]:
    """(True, today's sessions) in the expo's time zone, else (False, the next ones to come)."""
    start = datetime.combine(now.astimezone(tz).date(), time.min, tzinfo=tz)
    end = start + timedelta(days=1)
    query = (
        sa.select(ProgrammeSession)
        .options(selectinload(ProgrammeSession.speakers))
        .order_by(ProgrammeSession.starts_at)
        .limit(limit)
    )
    today = list(
        db.session.scalars(
            query.where(ProgrammeSession.starts_at >= start, ProgrammeSession.starts_at < end)
        )
    )
    if today:
        return True, today
    return False, list(db.session.scalars(query.where(ProgrammeSession.starts_at >= now)))


class Paged:
    """A page of a listing: what the pagination macro asks of it, as Flask-SQLAlchemy's
    Pagination answers it (the dataclasses below have the fields)."""

    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def past_the_end(self) -> bool:
        return self.page > self.pages

    has_prev = property(lambda self: 1 < self.page <= self.pages)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


@dataclass(frozen=True)
class Listing(Paged):
    cards: list[Card]
    total: int
    page: int
    per_page: int


@dataclass(frozen=True)
class SectorFilters:
    country: str | None = None
    delegation: str | None = None
    video: bool = False
    sort: str = "name"  # or "newest"


SORTS = ("name", "newest")


def booth_listing(
    filters: SectorFilters, page: int, per_page: int, *, sector: PageSector | None = None
) -> Listing:
    """One page of booth cards (of one sector, or all). The page's ids come from the listing
    index, and cards are read for those ids only; the total comes from the sector's counts,
    which are kept until content changes (counting a large sector on every request cost more
    than the rest of the page)."""
    query = _listing_select(
        sector is not None, bool(filters.country), bool(filters.delegation), filters.video,
        filters.sort == "newest",
    )  # fmt: skip
    params = {
        "sector": sector.id if sector is not None else None,
        "country": filters.country,
        "delegation": filters.delegation,
        "limit": per_page,
        "offset": (page - 1) * per_page,
    }
    found = cards(read(query, params))
    total = _listing_total(sector.id if sector is not None else None, filters)
    return Listing(found, total, page, per_page)


@until_content_changes
def _listing_total(sector_id: int | None, filters: SectorFilters) -> int:
    """How many booths a listing has, from the counts of `_groups`."""
    return sum(
        group.booths
        for group in _groups(sector_id)
        if (not filters.country or group.country == filters.country)
        and (not filters.delegation or group.delegation == filters.delegation)
        and (not filters.video or group.video)
    )


@lru_cache(maxsize=64)  # a statement is immutable: built once per combination
def _listing_select(
    in_sector: bool, by_country: bool, by_delegation: bool, video: bool, newest: bool
) -> sa.Select:
    """A listing's statement for one combination of filters; the values are bound parameters."""
    ids = sa.select(Booth.id, Booth.sort_name, Booth.published_at).where(
        Booth.status == BoothStatus.PUBLISHED
    )
    if in_sector:
        ids = ids.where(Booth.sector_id == sa.bindparam("sector"))
    if by_country or by_delegation:
        ids = ids.join(Exhibitor, Exhibitor.id == Booth.exhibitor_id)
        if by_country:
            ids = ids.where(Exhibitor.country == sa.bindparam("country"))
        if by_delegation:
            ids = ids.where(Exhibitor.delegation == sa.bindparam("delegation"))
    if video:
        ids = ids.where(Booth.has_video.is_(True))
    if newest:
        ids = ids.order_by(Booth.published_at.desc(), Booth.id.desc())
    else:
        ids = ids.order_by(Booth.sort_name, Booth.id)
    chosen = ids.limit(sa.bindparam("limit")).offset(sa.bindparam("offset")).subquery()
    order: tuple[sa.ColumnElement[Any], ...]
    if newest:
        order = (chosen.c.published_at.desc(), chosen.c.id.desc())
    else:
        order = (chosen.c.sort_name, chosen.c.id)
    return cards_select().join(chosen, chosen.c.id == Booth.id).order_by(*order)


@dataclass(frozen=True)
class Group:
    """Published booths of one country, delegation and video-or-not (of a sector, or all)."""

    country: str | None
    delegation: str | None
    video: bool
    booths: int


@until_content_changes
def _groups(sector_id: int | None) -> list[Group]:
    """Every filter's count at once: listings' totals and the filters' facets come from here."""
    query = (
        sa.select(Exhibitor.country, Exhibitor.delegation, Booth.has_video, sa.func.count())
        .join(Booth, Booth.exhibitor_id == Exhibitor.id)
        .where(Booth.status == BoothStatus.PUBLISHED)
        .group_by(Exhibitor.country, Exhibitor.delegation, Booth.has_video)
    )
    if sector_id is not None:
        query = query.where(Booth.sector_id == sector_id)
    return [Group(*row) for row in db.session.execute(query)]


@dataclass(frozen=True)
class Facets:
    """What a sector's filters can offer, with booth counts."""

    countries: list[tuple[str, int]]
    delegations: list[tuple[str, int]]


@until_content_changes
def sector_facets(sector: PageSector) -> Facets:
    """The sector's filters, from the counts of `_groups` (summed once per content version)."""
    countries: dict[str, int] = {}
    delegations: dict[str, int] = {}
    for group in _groups(sector.id):
        if group.country:
            countries[group.country] = countries.get(group.country, 0) + group.booths
        if group.delegation:
            delegations[group.delegation] = delegations.get(group.delegation, 0) + group.booths
    return Facets(sorted(countries.items()), sorted(delegations.items()))


def search_listing(
    query: str, page: int, per_page: int, *, sector: PageSector | None = None,
    country: str | None = None, hall: str | None = None,
) -> Listing:  # fmt: skip
    """Search results as cards, best first, each with a highlighted snippet (the search's own
    statements, then one for the cards)."""
    hits, total = search.search(
        query,
        sector_id=sector.id if sector else None,
        country=country,
        hall=hall,
        limit=per_page,
        offset=(page - 1) * per_page,
    )
    if not hits:
        return Listing([], total, page, per_page)
    rows = {row[0]: row for row in read(
        cards_select().where(Booth.id.in_([hit.booth_id for hit in hits]))
    )}  # fmt: skip
    cover = public_sizes()
    found = [
        card(rows[hit.booth_id], cover, search.snippet(hit, query))
        for hit in hits
        if hit.booth_id in rows
    ]
    return Listing(found, total, page, per_page)


def featured_cards(limit: int = 6) -> list[Card]:
    """Booths the organizers feature, else the most recently published: chosen from the booth
    table alone, then read as cards (reading every booth's card to sort them was slow)."""
    order = (Booth.is_featured.desc(), Booth.published_at.desc(), Booth.id.desc())
    chosen = (
        sa.select(Booth.id, Booth.is_featured, Booth.published_at)
        .where(Booth.status == BoothStatus.PUBLISHED)
        .order_by(*order)
        .limit(limit)
        .subquery()
    )
    query = cards_select().join(chosen, chosen.c.id == Booth.id)
    query = query.order_by(
        chosen.c.is_featured.desc(), chosen.c.published_at.desc(), Booth.id.desc()
    )
    return cards(read(query))


@dataclass(frozen=True)
class PageSector(BilingualName):
    id: int
    slug: str
    name: str
    name_zh: str | None
