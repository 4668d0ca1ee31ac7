"""Read-only queries behind the public pages; each costs a fixed, small number of statements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

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
    MediaStatus,
    Sector,
)


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


def sector_booths(sector: Sector) -> list[Booth]:
    """The sector's published booths with their exhibitor and live revision, in one statement."""
    return list(
        db.session.scalars(
            sa.select(Booth)
            .join(Booth.exhibitor)
            .where(Booth.sector_id == sector.id, Booth.status == BoothStatus.PUBLISHED)
            .options(joinedload(Booth.exhibitor), joinedload(Booth.published_revision))
            .order_by(Exhibitor.name)
        )
    )


@dataclass(frozen=True)
class BoothPage:
    booth: Booth
    revision: BoothRevision
    # Each block with its media as the API shows it (URLs and variants), when it has media.
    blocks: list[tuple[Block, dict[str, Any] | None]]


def booth_page(*, booth_id: int | None = None, slug: str | None = None) -> BoothPage:
    """A published booth with its blocks and their media; 404 for anything else."""
    criterion = Booth.id == booth_id if booth_id is not None else Booth.slug == slug
    booth = db.session.scalar(
        sa.select(Booth)
        .where(criterion, Booth.status == BoothStatus.PUBLISHED)
        .options(
            joinedload(Booth.exhibitor),
            joinedload(Booth.sector),
            joinedload(Booth.published_revision)
            .selectinload(BoothRevision.blocks)
            .joinedload(Block.media),
        )
    )
    if booth is None or booth.published_revision is None:
        raise NotFound()
    return page_for(booth, booth.published_revision, public=True)


def page_for(booth: Booth, revision: BoothRevision, *, public: bool) -> BoothPage:
    """A revision laid out as visitors see it (the exhibitor's preview uses private URLs)."""
    blocks = [
        (block, media_json(block.media, public=public) if block.media else None)
        for block in revision.blocks
        if block.media is None or block.media.status == MediaStatus.READY
    ]
    return BoothPage(booth, revision, blocks)
