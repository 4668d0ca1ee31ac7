"""Read-only queries behind the public pages; each costs a fixed, small number of statements."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from eexpo import search
from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.media.services import media_json
from eexpo.models import (
    Block,
    Booth,
    BoothRevision,
    BoothStatus,
    Event,
    Exhibitor,
    ExhibitorStatus,
    Hall,
    MediaItem,
    MediaStatus,
    ProgrammeSession,
    Sector,
    Stand,
)
from eexpo.storage import public_url


@dataclass(frozen=True)
class SectorSummary:
    sector: Sector
    exhibitor_count: int
    booth_count: int


def current_event() -> Event | None:
    return db.session.scalar(sa.select(Event).order_by(Event.id).limit(1))


def sector_summaries() -> list[SectorSummary]:
    """Every sector with its approved exhibitors and published booths, in one statement."""
    exhibitors = (
        sa.select(Exhibitor.sector_id, sa.func.count().label("n"))
        .where(Exhibitor.status == ExhibitorStatus.APPROVED)
        .group_by(Exhibitor.sector_id)
        .subquery()
    )
    booths = (
        sa.select(Booth.sector_id, sa.func.count().label("n"))
        .where(Booth.status == BoothStatus.PUBLISHED)
        .group_by(Booth.sector_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Sector, sa.func.coalesce(exhibitors.c.n, 0), sa.func.coalesce(booths.c.n, 0))
        .outerjoin(exhibitors, exhibitors.c.sector_id == Sector.id)
        .outerjoin(booths, booths.c.sector_id == Sector.id)
        .order_by(Sector.position, Sector.name)
    )
    return [SectorSummary(sector, exhibitor_n, booth_n) for sector, exhibitor_n, booth_n in rows]


def get_sector(slug: str) -> Sector:
    sector = db.session.scalar(sa.select(Sector).where(Sector.slug == slug))
    if sector is None:
        raise NotFound()
    return sector


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


@dataclass(frozen=True)
class CardImage:
    src: str
    width: int
    height: int
    webp: str  # srcset
    jpeg: str  # srcset
    color: str | None


@dataclass(frozen=True)
class Card:
    """A published booth as listings show it: everything from one row, no further query."""

    id: int
    title: str
    summary: str
    exhibitor_name: str
    exhibitor_name_zh: str | None
    country: str | None
    region: str | None
    delegation: str | None
    stand: str | None
    has_video: bool
    image: CardImage | None
    snippet: Markup | None = None

    def exhibitor(self, locale: str | None) -> str:
        zh = locale and locale.startswith("zh") and self.exhibitor_name_zh
        return self.exhibitor_name_zh if zh else self.exhibitor_name  # type: ignore[return-value]


def _card_image(variants: dict[str, Any] | None, color: str | None) -> CardImage | None:
    if not variants:
        return None
    ordered = sorted(variants.values(), key=lambda v: v["width"])
    webp = [v for v in ordered if v["content_type"] == "image/webp"]
    jpeg = [v for v in ordered if v["content_type"] == "image/jpeg"]
    if not jpeg:
        return None

    def srcset(items: list[dict[str, Any]]) -> str:
        return ", ".join(f"{public_url(v['key'])} {v['width']}w" for v in items)

    return CardImage(
        src=public_url(jpeg[0]["key"]),
        width=jpeg[0]["width"],
        height=jpeg[0]["height"],
        webp=srcset(webp),
        jpeg=srcset(jpeg),
        color=color,
    )


def stand_of(exhibitor_id: Any) -> sa.ScalarSelect[str]:
    """ "Hall 1 · A12": the exhibitor's (first) stand, as a correlated subquery."""
    return (
        sa.select(sa.func.min(Hall.name + " · " + Stand.code))
        .select_from(Stand)
        .join(Stand.hall)
        .where(Stand.exhibitor_id == exhibitor_id)
        .scalar_subquery()
    )


_CARD_COLUMNS = (
    Booth.id, BoothRevision.title, BoothRevision.summary, Exhibitor.name, Exhibitor.name_zh,
    Exhibitor.country, Exhibitor.region, Exhibitor.delegation,
)  # fmt: skip


def cards_select() -> sa.Select[Any]:
    ready_cover = sa.and_(
        MediaItem.id == Booth.cover_media_id, MediaItem.status == MediaStatus.READY
    )
    return (
        sa.select(
            *_CARD_COLUMNS,
            stand_of(Exhibitor.id).label("stand"),
            Booth.has_video,
            MediaItem.variants,
            MediaItem.placeholder_color,
        )
        .join(BoothRevision, BoothRevision.id == Booth.published_revision_id)
        .join(Exhibitor, Exhibitor.id == Booth.exhibitor_id)
        .outerjoin(MediaItem, ready_cover)
        .where(Booth.status == BoothStatus.PUBLISHED)
    )


def card(row: Any, snippet: Markup | None = None) -> Card:
    *fields, stand, has_video, variants, color = row[:12]
    return Card(*fields, stand, has_video, _card_image(variants, color), snippet)


@dataclass(frozen=True)
class Listing:
    cards: list[Card]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def past_the_end(self) -> bool:
        return self.page > self.pages

    # What the pagination macro asks of a page, as Flask-SQLAlchemy's Pagination answers it.
    has_prev = property(lambda self: 1 < self.page <= self.pages)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


@dataclass(frozen=True)
class SectorFilters:
    country: str | None = None
    delegation: str | None = None
    video: bool = False
    sort: str = "name"  # or "newest"


SORTS = ("name", "newest")


def booth_listing(
    filters: SectorFilters, page: int, per_page: int, *, sector: Sector | None = None
) -> Listing:
    """One page of booth cards (of one sector, or all), in one statement: the total rides along."""
    query = cards_select().add_columns(sa.func.count().over())
    if sector is not None:
        query = query.where(Booth.sector_id == sector.id)
    if filters.country:
        query = query.where(Exhibitor.country == filters.country)
    if filters.delegation:
        query = query.where(Exhibitor.delegation == filters.delegation)
    if filters.video:
        query = query.where(Booth.has_video.is_(True))
    if filters.sort == "newest":
        query = query.order_by(Booth.published_at.desc(), Booth.id.desc())
    else:
        query = query.order_by(Exhibitor.name, Booth.id)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    total = rows[0][-1] if rows else _count(query) if page > 1 else 0
    return Listing([card(row) for row in rows], total, page, per_page)


def _count(query: sa.Select[Any]) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


@dataclass(frozen=True)
class Facets:
    """What a sector's filters can offer, with booth counts."""

    countries: list[tuple[str, int]]
    delegations: list[tuple[str, int]]


def sector_facets(sector: Sector) -> Facets:
    rows = db.session.execute(
        sa.select(Exhibitor.country, Exhibitor.delegation, sa.func.count())
        .join(Booth, Booth.exhibitor_id == Exhibitor.id)
        .where(Booth.sector_id == sector.id, Booth.status == BoothStatus.PUBLISHED)
        .group_by(Exhibitor.country, Exhibitor.delegation)
    ).all()
    countries: dict[str, int] = {}
    delegations: dict[str, int] = {}
    for country, delegation, n in rows:
        if country:
            countries[country] = countries.get(country, 0) + n
        if delegation:
            delegations[delegation] = delegations.get(delegation, 0) + n
    return Facets(sorted(countries.items()), sorted(delegations.items()))


def search_listing(
    query: str, page: int, per_page: int, *, sector: Sector | None = None,
    country: str | None = None,
) -> Listing:  # fmt: skip
    """Search results as cards, best first, each with a highlighted snippet (two statements)."""
    hits, total = search.search(
        query,
        sector_id=sector.id if sector else None,
        country=country,
        limit=per_page,
        offset=(page - 1) * per_page,
    )
    if not hits:
        return Listing([], total, page, per_page)
    rows = {row[0]: row for row in db.session.execute(
        cards_select().where(Booth.id.in_([hit.booth_id for hit in hits]))
    )}  # fmt: skip
    cards = [
        card(rows[hit.booth_id], search.snippet(hit, query)) for hit in hits if hit.booth_id in rows
    ]
    return Listing(cards, total, page, per_page)


def featured_cards(limit: int = 6) -> list[Card]:
    """Booths the organizers feature, else the most recently published."""
    query = cards_select().order_by(Booth.is_featured.desc(), Booth.published_at.desc())
    return [card(row) for row in db.session.execute(query.limit(limit))]


@dataclass(frozen=True)
class Neighbour:
    id: int
    exhibitor: str


@dataclass(frozen=True)
class BoothPage:
    booth: Booth
    revision: BoothRevision
    # Each block with its media as the API shows it (URLs and variants), when it has media.
    blocks: list[tuple[Block, dict[str, Any] | None]]
    stand: str | None = None
    # The tour: the booths before and after this one in its sector (exhibitors A to Z).
    previous: Neighbour | None = None
    next: Neighbour | None = None


def _neighbour(after: bool) -> sa.ScalarSelect[Any]:
    """The published booth just before (or after) this one in its sector, as "id name"."""
    other, owner = aliased(Booth), aliased(Exhibitor)
    ahead = sa.tuple_(owner.name, other.id) > sa.tuple_(Exhibitor.name, Booth.id)
    behind = sa.tuple_(owner.name, other.id) < sa.tuple_(Exhibitor.name, Booth.id)
    order = (owner.name, other.id) if after else (owner.name.desc(), other.id.desc())
    return (
        sa.select(sa.cast(other.id, sa.String) + " " + owner.name)
        .select_from(other)
        .join(owner, owner.id == other.exhibitor_id)
        .where(
            other.sector_id == Booth.sector_id,
            other.status == BoothStatus.PUBLISHED,
            ahead if after else behind,
        )
        .order_by(*order)
        .limit(1)
        .scalar_subquery()
    )


def _split(value: str | None) -> Neighbour | None:
    if not value:
        return None
    booth_id, _sep, name = value.partition(" ")
    return Neighbour(int(booth_id), name)


def booth_page(*, booth_id: int | None = None, slug: str | None = None) -> BoothPage:
    """A published booth with its blocks, media, stand and tour neighbours, in two statements;
    404 for anything else."""
    criterion = Booth.id == booth_id if booth_id is not None else Booth.slug == slug
    row = db.session.execute(
        sa.select(
            Booth,
            stand_of(Booth.exhibitor_id),
            _neighbour(after=False),
            _neighbour(after=True),
        )
        .join(Booth.exhibitor)
        .where(criterion, Booth.status == BoothStatus.PUBLISHED)
        .options(
            contains_eager(Booth.exhibitor),
            joinedload(Booth.sector),
            joinedload(Booth.published_revision)
            .selectinload(BoothRevision.blocks)
            .joinedload(Block.media),
        )
    ).first()
    if row is None or row[0].published_revision is None:
        raise NotFound()
    booth, stand, previous, following = row
    page = page_for(booth, booth.published_revision, public=True)
    return replace(page, stand=stand, previous=_split(previous), next=_split(following))


def check_published(booth_id: int) -> None:
    """NotFound unless the booth is published (one small statement)."""
    published = db.session.scalar(
        sa.select(Booth.id).where(Booth.id == booth_id, Booth.status == BoothStatus.PUBLISHED)
    )
    if published is None:
        raise NotFound()


def page_for(booth: Booth, revision: BoothRevision, *, public: bool) -> BoothPage:
    """A revision laid out as visitors see it (the exhibitor's preview uses private URLs)."""
    blocks = [
        (block, media_json(block.media, public=public) if block.media else None)
        for block in revision.blocks
        if block.media is None or block.media.status == MediaStatus.READY
    ]
    return BoothPage(booth, revision, blocks)
