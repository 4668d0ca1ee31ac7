"""The road from a booth view to a signed project, for the event report: booth views → leads →
meetings requested → meetings accepted → signed projects, overall and by sector.

Each step is counted in the sector of what it is about: views and leads in their booth's,
meetings in their host exhibitor's, projects in their own. A meeting accepted and later
cancelled still counts as accepted: the two sides had agreed to meet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from eexpo.extensions import db
from eexpo.i18n import current_locale_code
from eexpo.models import (
    Booth,
    BoothDayStat,
    Exhibitor,
    Lead,
    Meeting,
    MeetingSlot,
    Project,
    Sector,
)

STEPS = ("booth_views", "leads", "meetings_requested", "meetings_accepted", "projects")


def step_labels() -> dict[str, str]:
    return {
        "booth_views": _("Booth views"),
        "leads": _("Leads"),
        "meetings_requested": _("Meetings requested"),
        "meetings_accepted": _("Meetings accepted"),
        "projects": _("Signed projects"),
    }


@dataclass
class Stage:
    """One sector's counts at each step (or the whole event's, with an empty key)."""

    key: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())


@dataclass(frozen=True)
class Funnel:
    total: Stage
    by_sector: list[Stage]


def _by_sector(query: sa.Select) -> Iterable[tuple[int | None, int]]:
    return ((sector_id, int(n or 0)) for sector_id, n in db.session.execute(query).all())


def compute() -> Funnel:
    queries = {
        "booth_views": sa.select(Booth.sector_id, sa.func.sum(BoothDayStat.views))
        .join(Booth, Booth.id == BoothDayStat.booth_id)
        .group_by(Booth.sector_id),
        "leads": sa.select(Booth.sector_id, sa.func.count(Lead.id))
        .join(Booth, Booth.id == Lead.booth_id)
        .group_by(Booth.sector_id),
        "meetings_requested": sa.select(Exhibitor.sector_id, sa.func.count(Meeting.id))
        .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
        .join(Exhibitor, Exhibitor.id == MeetingSlot.exhibitor_id)
        .group_by(Exhibitor.sector_id),
        "meetings_accepted": sa.select(Exhibitor.sector_id, sa.func.count(Meeting.id))
        .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
        .join(Exhibitor, Exhibitor.id == MeetingSlot.exhibitor_id)
        .where(Meeting.accepted_at.is_not(None))
        .group_by(Exhibitor.sector_id),
        "projects": sa.select(Project.sector_id, sa.func.count(Project.id)).group_by(
            Project.sector_id
        ),
    }
    locale = current_locale_code()
    sectors = db.session.scalars(sa.select(Sector).order_by(Sector.position, Sector.name)).all()
    stages: dict[int | None, Stage] = {s.id: Stage(s.slug, s.display_name(locale)) for s in sectors}
    stages[None] = Stage("", _("No sector"))
    total = Stage("", _("Total"))
    for step, query in queries.items():
        for sector_id, n in _by_sector(query):
            stages[sector_id].counts[step] += n
            total.counts[step] += n
    unsorted = stages.pop(None)
    by_sector = list(stages.values()) + ([] if unsorted.empty else [unsorted])
    return Funnel(total, by_sector)
