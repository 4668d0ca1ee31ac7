"""The times an exhibitor's team members offer for meetings: at their stand, online, or at a
business talk's tables, within the expo's days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from flask_babel import gettext as _

from eexpo import permissions
from eexpo.catalogue.rows import current_event, expo_zone
from eexpo.errors import Conflict, Forbidden, Invalid, NotFound
from eexpo.extensions import db
from eexpo.meetings import holds
from eexpo.models import (
    OPEN_MEETING,
    Booth,
    BoothStatus,
    Exhibit,
    ExhibitVersion,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    PlaceKind,
    ProgrammeSession,
    SessionKind,
    SlotHold,
    User,
    utcnow,
)

MIN_SLOT_MINUTES = 10
MAX_SLOT_MINUTES = 240
MAX_SLOTS_PER_OFFER = 96


@dataclass(frozen=True)
class Place:
    kind: PlaceKind
    url: str | None = None
    session_id: int | None = None


def offer(
    actor: User,
    *,
    starts_at: datetime,
    ends_at: datetime,
    slot_minutes: int,
    place: Place,
    host: User | None = None,
) -> list[MeetingSlot]:
    """Cut the range into slots of `slot_minutes` (as many as fit) for `host` (the actor when
    not given), after checking it lies in the expo's days, ahead, and clear of the host's
    other slots; a slot at a business talk follows the talk's own grid."""
    if not permissions.can_offer_slots(actor):
        raise Forbidden()
    host = host or actor
    if host.exhibitor_id != actor.exhibitor_id or not host.is_active:
        raise Invalid(_("The host must be an active member of your team."),
                      fields={"host_user_id": "invalid"})  # fmt: skip
    session = _talk(place, slot_minutes) if place.kind == PlaceKind.TABLE else None
    _check_range(starts_at, ends_at, slot_minutes)
    if session is not None:
        _check_talk(session, starts_at, ends_at, slot_minutes)
    length = timedelta(minutes=slot_minutes)
    count = min((ends_at - starts_at) // length, MAX_SLOTS_PER_OFFER)
    slots = [
        MeetingSlot(
            exhibitor_id=actor.exhibitor_id,
            host_id=host.id,
            starts_at=starts_at + n * length,
            ends_at=starts_at + (n + 1) * length,
            place=place.kind,
            online_url=place.url,
            session_id=place.session_id,
        )  # fmt: skip
        for n in range(count)
    ]
    db.session.add_all(slots)
    db.session.flush()
    wanted = [
        {"host_id": host.id, "at": at, "slot_id": slot.id}
        for slot in slots
        for at in holds.grains(slot.starts_at, slot.ends_at)
    ]
    if len(holds.claim(SlotHold, wanted, SlotHold.at)) < len(wanted):
        raise Invalid(_("These times overlap other slots of the same host."),
                      fields={"starts_at": "overlap"})  # fmt: skip
    return slots


def _check_range(starts_at: datetime, ends_at: datetime, slot_minutes: int) -> None:
    if not MIN_SLOT_MINUTES <= slot_minutes <= MAX_SLOT_MINUTES or slot_minutes % 5:
        raise Invalid(
            _("A slot lasts from %(low)d to %(high)d minutes, in steps of 5.",
              low=MIN_SLOT_MINUTES, high=MAX_SLOT_MINUTES),
            fields={"slot_minutes": "invalid"},
        )  # fmt: skip
    if not (holds.on_grain(starts_at) and holds.on_grain(ends_at)):
        raise Invalid(_("Slots start and end on a multiple of 5 minutes."),
                      fields={"starts_at": "invalid"})  # fmt: skip
    if ends_at - starts_at < timedelta(minutes=slot_minutes):
        raise Invalid(_("The range is shorter than one slot."), fields={"ends_at": "invalid"})
    if starts_at <= utcnow():
        raise Invalid(_("These times are in the past."), fields={"starts_at": "past"})
    event = current_event()
    if event is None:
        raise Invalid(_("The expo's dates are not set yet, so no meeting times can be offered."))
    zone = expo_zone()
    first = starts_at.astimezone(zone).date()
    last = (ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    if first < event.starts_on or last > event.ends_on:
        raise Invalid(
            _("Meetings take place during the expo, from %(start)s to %(end)s.",
              start=event.starts_on.isoformat(), end=event.ends_on.isoformat()),
            fields={"starts_at": "outside"},
        )  # fmt: skip


def _talk(place: Place, slot_minutes: int) -> ProgrammeSession:
    session = db.session.get(ProgrammeSession, place.session_id) if place.session_id else None
    if session is None or session.kind != SessionKind.BUSINESS_TALK or not session.tables:
        raise Invalid(_("Choose a business talk of the programme that has meeting tables."),
                      fields={"place": "session"})  # fmt: skip
    if session.slot_minutes and session.slot_minutes != slot_minutes:
        raise Invalid(
            _("Slots at this business talk last %(minutes)d minutes.",
              minutes=session.slot_minutes),
            fields={"slot_minutes": "talk"},
        )  # fmt: skip
    return session


def _check_talk(
    session: ProgrammeSession, starts_at: datetime, ends_at: datetime, slot_minutes: int
) -> None:
    on_grid = (starts_at - session.starts_at) % timedelta(minutes=slot_minutes) == timedelta(0)
    if starts_at < session.starts_at or ends_at > session.ends_at or not on_grid:
        raise Invalid(
            _("Slots at a business talk lie within its hours and start on its own grid."),
            fields={"starts_at": "talk"},
        )


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferedSlot:
    slot: MeetingSlot
    state: Literal["free", "requested", "booked"]


def offered(actor: User) -> list[OfferedSlot]:
    """The organization's slots, soonest first, each free, requested or booked."""
    if not permissions.can_offer_slots(actor):
        raise Forbidden()
    rows = db.session.execute(
        sa.select(MeetingSlot, Meeting.status)
        .outerjoin(
            Meeting, sa.and_(Meeting.slot_id == MeetingSlot.id, Meeting.status.in_(OPEN_MEETING))
        )
        .where(MeetingSlot.exhibitor_id == actor.exhibitor_id)
        .order_by(MeetingSlot.starts_at, MeetingSlot.id)
    ).all()
    states: dict[MeetingStatus | None, Literal["free", "requested", "booked"]] = {
        None: "free", MeetingStatus.REQUESTED: "requested", MeetingStatus.ACCEPTED: "booked"
    }  # fmt: skip
    return [OfferedSlot(slot, states[status]) for slot, status in rows]


def withdraw(actor: User, slot_id: int) -> None:
    """Remove a slot nobody has asked for; one with a request or a meeting stays."""
    slot = db.session.get(MeetingSlot, slot_id)
    if slot is None or not permissions.can_answer_meeting(actor, slot.exhibitor_id):
        raise NotFound()
    if _open_meeting(slot.id):
        raise Conflict(_("Someone has asked for this slot: decline or cancel the meeting first."))
    db.session.delete(slot)


def _open_meeting(slot_id: int) -> bool:
    return bool(
        db.session.scalar(
            sa.select(Meeting.id).where(
                Meeting.slot_id == slot_id, Meeting.status.in_(OPEN_MEETING)
            )
        )
    )


def shown_exhibitor(booth_id: int) -> int:
    """The exhibitor behind a booth visitors can see now; NotFound for a hidden booth."""
    exhibitor_id = db.session.scalar(
        sa.select(Booth.exhibitor_id).where(
            Booth.id == booth_id, Booth.status == BoothStatus.PUBLISHED
        )
    )
    if exhibitor_id is None:
        raise NotFound()
    return exhibitor_id


def shown_exhibits(exhibitor_id: int) -> dict[int, ExhibitVersion]:
    """The exhibits the exhibitor's published booths show now, by their lasting id."""
    versions = db.session.scalars(
        sa.select(ExhibitVersion)
        .join(Exhibit, Exhibit.live_version_id == ExhibitVersion.id)
        .join(Booth, Booth.id == Exhibit.booth_id)
        .where(Booth.exhibitor_id == exhibitor_id)
        .order_by(Booth.id, ExhibitVersion.position)
    )
    return {version.exhibit_id: version for version in versions}


def bookable(exhibitor_id: int) -> bool:
    """Whether visitors can see the exhibitor, so its slots may be booked."""
    return bool(
        db.session.scalar(
            sa.select(Booth.id).where(
                Booth.exhibitor_id == exhibitor_id, Booth.status == BoothStatus.PUBLISHED
            )
        )
    )


def offers_times(booth_id: int) -> bool:
    """Whether the booth's exhibitor offers meeting times still ahead, so its public pages show
    "Book a meeting" (a slot offered or withdrawn changes public content: see `content.RULES`)."""
    return (
        db.session.scalar(
            sa.select(MeetingSlot.id)
            .join(Booth, Booth.exhibitor_id == MeetingSlot.exhibitor_id)
            .where(Booth.id == booth_id, MeetingSlot.starts_at > utcnow())
            .limit(1)
        )
        is not None
    )


def free_slots(exhibitor_id: int, day: date | None = None) -> list[MeetingSlot]:
    """The slots still ahead and asked for by nobody, of the exhibitor's active team."""
    query: Any = (
        sa.select(MeetingSlot)
        .join(User, User.id == MeetingSlot.host_id)
        .where(
            MeetingSlot.exhibitor_id == exhibitor_id,
            User.is_active,  # a deactivated colleague's times are nobody's to book
            MeetingSlot.starts_at > utcnow(),
            ~sa.exists().where(Meeting.slot_id == MeetingSlot.id, Meeting.status.in_(OPEN_MEETING)),
        )
        .order_by(MeetingSlot.starts_at, MeetingSlot.id)
    )
    if day is not None:
        zone = expo_zone()
        start = datetime.combine(day, datetime.min.time(), zone)
        query = query.where(
            MeetingSlot.starts_at >= start, MeetingSlot.starts_at < start + timedelta(days=1)
        )
    return list(db.session.scalars(query))
