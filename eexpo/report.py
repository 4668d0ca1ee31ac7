"""The event's statistics: one computation behind the organizers' report page, `GET /api/v1/report`
and `flask report`, so the three never disagree.

Money is exact decimal yuan from end to end (never a float); shares are exact fractions, shown as
percentages rounded half up to one decimal place, or two where one place would show two
different shares as the same figure.

Visitors are counted per day without linking days (see visit/counting.py): the total is the sum
of the daily figures, a person who came on two days counting twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eexpo import funnel
from eexpo.catalogue.rows import current_event
from eexpo.catalogue.rows import plain_decimal as money
from eexpo.extensions import db
from eexpo.i18n import current_locale_code
from eexpo.models import (
    Booth,
    BoothDayStat,
    BoothStatus,
    Event,
    EventDayStat,
    Exhibitor,
    ExhibitorStatus,
    Lead,
    Project,
    Sector,
)

ZERO = Decimal(0)
SHARE_PLACES = Decimal("0.000001")  # shares in JSON and CSV: six decimal places, exact


def share(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """part / whole as an exact-enough fraction; 0 when there is no whole (no division by zero)."""
    if not whole:
        return ZERO
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("1E-12"), rounding=ROUND_HALF_UP)


def percent(fraction: Decimal, places: int = 1) -> str:
    step = Decimal(1).scaleb(-places)
    return f"{(fraction * 100).quantize(step, rounding=ROUND_HALF_UP)}%"


def percent_labels(fractions: list[Decimal]) -> list[str]:
    """One decimal place, or two for shares that differ but would read the same with one."""
    one = [percent(f) for f in fractions]
    labels = []
    for fraction, label in zip(fractions, one, strict=True):
        clash = any(o == label and f != fraction for f, o in zip(fractions, one, strict=True))
        labels.append(percent(fraction, 2) if clash else label)
    return labels


def billions(value: Decimal) -> str:
    """17848000000 -> "17.848" (billions of yuan, three places, half up)."""
    return str((value / Decimal(10) ** 9).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def yi(value: Decimal) -> str:
    """Hundreds of millions (亿), as Chinese writes large sums: 17848000000 -> "178.48"."""
    return str((value / Decimal(10) ** 8).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def big_amount(value: Decimal) -> str:
    """A large sum as a reader expects it: "RMB 17.848 billion", "人民币 178.48 亿元"."""
    if current_locale_code() == "zh_Hans":
        return _("RMB %(yi)s hundred million", yi=yi(value))
    return _("RMB %(billions)s billion", billions=billions(value))


def yuan(value: Decimal) -> str:
    """Exact, with thousands separators: 120000000.5 -> "120,000,000.5"."""
    text = money(value)
    whole, _sep, fraction = text.partition(".")
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "")


@dataclass(frozen=True)
class Line:
    """One row of a breakdown of signed projects."""

    key: str
    label: str
    count: int
    value: Decimal
    count_share: Decimal
    value_share: Decimal
    group: str | None = None
    group_label: str | None = None  # the group's name in the reader's language


@dataclass(frozen=True)
class Place:
    country: str | None
    region: str | None
    count: int
    value: Decimal
    count_share: Decimal


@dataclass(frozen=True)
class Day:
    day: date
    visitors: int
    views: int
    plays: int


@dataclass
class Report:
    event: Event | None
    funnel: funnel.Funnel
    exhibitors: int = 0
    exhibitors_online: int = 0
    exhibitors_by_country: list[tuple[str | None, int]] = field(default_factory=list)
    exhibitors_by_delegation: list[tuple[str | None, int]] = field(default_factory=list)
    booths: int = 0
    booths_by_sector: list[tuple[Sector | None, int]] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)
    views: int = 0
    plays: int = 0
    leads: int = 0
    projects: int = 0
    value: Decimal = ZERO
    by_sector: list[Line] = field(default_factory=list)
    by_group: list[Line] = field(default_factory=list)
    by_place: list[Place] = field(default_factory=list)
    outside: int = 0
    outside_share: Decimal = ZERO
    group: str = "high-tech"
    group_label: str = "high-tech"
    group_count: int = 0
    group_value: Decimal = ZERO

    @property
    def visitors(self) -> int:
        return sum(day.visitors for day in self.days)


def _outside(event: Event | None, country: str | None, region: str | None) -> bool:
    """Known to lie outside the host region: another country, or another region of it."""
    if event is None or not event.country:
        return False
    if country and country != event.country:
        return True
    return bool(country == event.country and region and event.region and region != event.region)


def compute() -> Report:
    event = current_event()
    report = Report(event, funnel.compute(), group=current_app.config["REPORT_GROUP"])
    _exhibitors(report)
    _booths(report)
    _visits(report)
    _projects(report)
    return report


def _exhibitors(report: Report) -> None:
    approved = Exhibitor.status == ExhibitorStatus.APPROVED
    online = sa.exists().where(
        Booth.exhibitor_id == Exhibitor.id, Booth.status == BoothStatus.PUBLISHED
    )
    report.exhibitors = db.session.scalar(sa.select(sa.func.count()).where(approved)) or 0
    report.exhibitors_online = (
        db.session.scalar(sa.select(sa.func.count()).select_from(Exhibitor).where(approved, online))
        or 0
    )
    for column, target in ((Exhibitor.country, "exhibitors_by_country"),
                           (Exhibitor.delegation, "exhibitors_by_delegation")):  # fmt: skip
        rows = db.session.execute(
            sa.select(column, sa.func.count()).where(approved).group_by(column)
        ).all()
        setattr(
            report, target, sorted(((k, n) for k, n in rows), key=lambda r: (-r[1], r[0] or ""))
        )


def _booths(report: Report) -> None:
    published = Booth.status == BoothStatus.PUBLISHED
    report.booths = db.session.scalar(sa.select(sa.func.count()).where(published)) or 0
    rows = db.session.execute(
        sa.select(Sector, sa.func.count(Booth.id))
        .select_from(Booth)
        .outerjoin(Sector, Sector.id == Booth.sector_id)
        .where(published)
        .group_by(Sector.id)
    ).all()
    report.booths_by_sector = sorted(
        rows, key=lambda r: (r[0] is None, r[0].position if r[0] else 0, r[0].name if r[0] else "")
    )


def _visits(report: Report) -> None:
    report.days = [
        Day(row.day, row.unique_visitors, row.views, row.video_plays)
        for row in db.session.scalars(sa.select(EventDayStat).order_by(EventDayStat.day))
    ]
    views, plays = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(BoothDayStat.views), 0),
            sa.func.coalesce(sa.func.sum(BoothDayStat.video_plays), 0),
        )
    ).one()
    report.views, report.plays = int(views), int(plays)
    report.leads = db.session.scalar(sa.select(sa.func.count()).select_from(Lead)) or 0


def _projects(report: Report) -> None:
    projects = list(
        db.session.execute(
            sa.select(Project.value_cny, Project.country, Project.region, Sector).outerjoin(
                Sector, Sector.id == Project.sector_id
            )
        ).all()
    )
    report.projects = count = len(projects)
    report.value = total = sum((p.value_cny for p in projects), ZERO)
    sectors: dict[int | None, list] = defaultdict(list)
    groups: dict[str | None, list] = defaultdict(list)
    places: dict[tuple[str | None, str | None], list] = defaultdict(list)
    locale = current_locale_code()
    group_labels = _group_labels(locale)
    for value, country, region, sector in projects:
        sectors[sector.id if sector else None].append((value, sector))
        groups[sector.group if sector else None].append((value, sector))
        places[(country, region)].append(value)
        if _outside(report.event, country, region):
            report.outside += 1

    def line(key: str, label: str, items: list, group: str | None = None) -> Line:
        value = sum((v for v, _s in items), ZERO)
        return Line(key, label, len(items), value, share(len(items), count), share(value, total),
                    group, group_labels.get(group or "", group))  # fmt: skip

    by_sector = []
    for items in sectors.values():
        sector = items[0][1]
        if sector is None:
            by_sector.append((1 << 30, "", line("", _("No sector"), items)))
        else:
            name = sector.display_name(locale)
            by_sector.append((sector.position, name,
                              line(sector.slug, name, items, sector.group)))  # fmt: skip
    report.by_sector = [entry for *_order, entry in sorted(by_sector, key=lambda e: e[:2])]
    report.by_group = sorted(
        (
            line(group or "", group_labels.get(group, group) if group else _("No group"), items)
            for group, items in groups.items()
        ),
        key=lambda g: (-g.value, g.key),
    )
    report.by_place = sorted(
        (Place(c, r, len(v), sum(v, ZERO), share(len(v), count)) for (c, r), v in places.items()),
        key=lambda p: (-p.value, p.country or "", p.region or ""),
    )
    report.outside_share = share(report.outside, count)
    report.group_label = group_labels.get(report.group, report.group)
    chosen = [g for g in report.by_group if g.key == report.group]
    report.group_count = chosen[0].count if chosen else 0
    report.group_value = chosen[0].value if chosen else ZERO


def _group_labels(locale: str) -> dict[str, str]:
    """Each sector group's name in the reader's language, as its sectors give it."""
    labels: dict[str, str] = {}
    for sector in db.session.scalars(sa.select(Sector).where(Sector.group_name.is_not(None))):
        if sector.group:
            labels.setdefault(sector.group, sector.text("group_name", locale))
    return labels


# --- as JSON, text and CSV ----------------------------------------------------------------------
