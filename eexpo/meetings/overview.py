"""What organizers see of business matchmaking: meetings per day and per sector, how full each
business talk's tables are, who cancels, the signed projects beside their exhibitors' meetings,
and every meeting as a CSV row. Never what the two sides wrote to each other."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from eexpo.catalogue.rows import expo_zone, local_time
from eexpo.extensions import db
from eexpo.i18n import current_locale_code
from eexpo.models import (
    Exhibitor,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    PlaceKind,
    ProgrammeSession,
    Project,
    SessionKind,
    User,
)


@dataclass
class Counts:
    label: str
    by_status: Counter[MeetingStatus] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class Talk:
    """A business talk: its tables at each slot time, and how many accepted meetings took one."""

    session: ProgrammeSession
    periods: int  # slot times between its start and end
    taken: int
    waiting: int  # requests not yet answered at its tables

    @property
    def capacity(self) -> int:
        return self.periods * (self.session.tables or 0)


@dataclass(frozen=True)
class Deal:
    project: Project
    meetings: dict[int, Counter[MeetingStatus]]  # by the named exhibitor's id


@dataclass(frozen=True)
class Overview:
    by_day: list[tuple[date, Counts]]
    by_sector: list[Counts]
    talks: list[Talk]
    cancelled_by_host: int
    cancelled_by_guest: int
    deals: list[Deal]

    @property
    def total(self) -> Counter[MeetingStatus]:
        whole: Counter[MeetingStatus] = Counter()
        for _day, counts in self.by_day:
            whole.update(counts.by_status)
        return whole


def _meetings() -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
            .options(
                joinedload(Meeting.slot)
                .joinedload(MeetingSlot.exhibitor)
                .joinedload(Exhibitor.sector),
                joinedload(Meeting.slot).joinedload(MeetingSlot.session),
                joinedload(Meeting.requester).joinedload(User.exhibitor),
            )
            .order_by(MeetingSlot.starts_at, Meeting.id)
        )
    )


def overview() -> Overview:
    zone, locale = expo_zone(), current_locale_code()
    meetings = _meetings()
    days: dict[date, Counts] = {}
    sectors: dict[int | None, Counts] = {}
    cancelled = Counter[bool]()
    for meeting in meetings:
        slot = meeting.slot
        day = slot.starts_at.astimezone(zone).date()
        days.setdefault(day, Counts(day.isoformat())).by_status[meeting.status] += 1
        sector = slot.exhibitor.sector
        label = sector.display_name(locale) if sector else _("No sector")
        key = sector.id if sector else None
        sectors.setdefault(key, Counts(label)).by_status[meeting.status] += 1
        if meeting.status == MeetingStatus.CANCELLED:
            cancelled[_by_host(meeting)] += 1
    return Overview(
        by_day=sorted(days.items()),
        by_sector=sorted(sectors.values(), key=lambda c: (-c.total, c.label)),
        talks=_talks(meetings),
        cancelled_by_host=cancelled[True],
        cancelled_by_guest=cancelled[False],
        deals=_deals(),
    )


def _by_host(meeting: Meeting) -> bool:
    """Whether whoever cancelled belongs to the host organization (a colleague of the host)."""
    canceller = db.session.get(User, meeting.cancelled_by_id) if meeting.cancelled_by_id else None
    return canceller is not None and canceller.exhibitor_id == meeting.slot.exhibitor_id


def _talks(meetings: list[Meeting]) -> list[Talk]:
    taken: Counter[int] = Counter()
    waiting: Counter[int] = Counter()
    for meeting in meetings:
        slot = meeting.slot
        if slot.place != PlaceKind.TABLE or slot.session_id is None:
            continue
        if meeting.status == MeetingStatus.ACCEPTED:
            taken[slot.session_id] += 1
        elif meeting.status == MeetingStatus.REQUESTED:
            waiting[slot.session_id] += 1
    sessions = db.session.scalars(
        sa.select(ProgrammeSession)
        .where(ProgrammeSession.kind == SessionKind.BUSINESS_TALK)
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.title)
    )
    return [
        Talk(s, _periods(s.starts_at, s.ends_at, s.slot_minutes), taken[s.id], waiting[s.id])
        for s in sessions
    ]


def _periods(starts: datetime, ends: datetime, minutes: int | None) -> int:
    if not minutes:
        return 0
    return int((ends - starts) / timedelta(minutes=minutes))


def _deals() -> list[Deal]:
    """Signed projects naming exhibitors, each with those exhibitors' meetings by status."""
    projects = db.session.scalars(
        sa.select(Project)
        .where(Project.exhibitors.any())
        .options(selectinload(Project.exhibitors))
        .order_by(Project.title)
    ).all()
    named = {e.id for p in projects for e in p.exhibitors}
    counts: defaultdict[int, Counter[MeetingStatus]] = defaultdict(Counter)
    for exhibitor_id, status, n in db.session.execute(
        sa.select(MeetingSlot.exhibitor_id, Meeting.status, sa.func.count())
        .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
        .where(MeetingSlot.exhibitor_id.in_(named))
        .group_by(MeetingSlot.exhibitor_id, Meeting.status)
    ).all():
        counts[exhibitor_id][status] = n
    return [Deal(p, {e.id: counts[e.id] for e in p.exhibitors}) for p in projects]


CSV_HEADER = (
    "id", "status", "starts_at", "ends_at", "place", "session", "table", "host_exhibitor",
    "host_sector", "guest_organization", "guest_country", "requested_at", "decided_at",
    "accepted_at", "cancelled_by",
)  # fmt: skip


def csv_rows() -> Iterator[tuple[object, ...]]:
    """Every meeting, soonest first; what the two sides wrote stays between them."""
    for meeting in _meetings():
        slot, guest = meeting.slot, meeting.requester
        side = ""
        if meeting.status == MeetingStatus.CANCELLED:
            side = "host" if _by_host(meeting) else "guest"
        yield (
            meeting.id, meeting.status.value, local_time(slot.starts_at),
            local_time(slot.ends_at), slot.place.value,
            slot.session.title if slot.session else "", meeting.table_number or "",
            slot.exhibitor.name, slot.exhibitor.sector.slug if slot.exhibitor.sector else "",
            guest.exhibitor.name if guest.exhibitor else "",
            guest.exhibitor.country or "" if guest.exhibitor else "",
            local_time(meeting.created_at),
            local_time(meeting.decided_at) if meeting.decided_at else "",
            local_time(meeting.accepted_at) if meeting.accepted_at else "", side,
        )  # fmt: skip
