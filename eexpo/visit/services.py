"""Read-only queries behind the public pages; each costs a fixed, small number of statements."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.models import Booth, BoothStatus, Event, Exhibitor, ExhibitorStatus, Sector


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


def sector_exhibitors(sector: Sector) -> list[Exhibitor]:
    return list(
        db.session.scalars(
            sa.select(Exhibitor)
            .where(Exhibitor.sector_id == sector.id, Exhibitor.status == ExhibitorStatus.APPROVED)
            .order_by(Exhibitor.name)
        )
    )
