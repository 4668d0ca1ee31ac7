"""The programme as visitors read it: day by day with filters (day, kind, room), a page per
session and per speaker, and each session as an iCalendar event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy.orm import selectinload

from eexpo.catalogue.rows import current_event
from eexpo.catalogue.services import published_booth_of
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db
from eexpo.links import external_url
from eexpo.models import Exhibitor, ProgrammeSession, SessionKind, Speaker


@dataclass(frozen=True)
class Filters:
    day: date | None = None
    kind: SessionKind | None = None
    room: str | None = None  # as the catalogue names it in English

    @property
    def any(self) -> bool:
        return bool(self.day or self.kind or self.room)


@dataclass(frozen=True)
class Day:
    day: date
    sessions: list[ProgrammeSession]


@dataclass(frozen=True)
class Choices:
    """What the filters offer: the programme's days, kinds and rooms (English, Chinese)."""

    days: list[date]
    kinds: list[SessionKind]
    rooms: list[tuple[str, str | None]]


def all_sessions() -> list[ProgrammeSession]:
    """Every session, soonest first, with its speakers: read once per page, then filtered."""
    return list(
        db.session.scalars(
            sa.select(ProgrammeSession)
            .options(selectinload(ProgrammeSession.speakers))
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.title)
        )
    )


def choices(zone: ZoneInfo, sessions: list[ProgrammeSession]) -> Choices:
    rooms = {s.room: s.room_zh for s in sessions if s.room}
    return Choices(
        days=sorted({s.starts_at.astimezone(zone).date() for s in sessions}),
        kinds=[kind for kind in SessionKind if any(s.kind == kind for s in sessions)],
        rooms=sorted(rooms.items()),
    )


def read_filters(args: dict[str, str], offered: Choices) -> Filters:
    """The filters of the query string; Invalid names what is not among the choices."""
    day_text, kind_text, room = (args.get(name, "").strip() for name in ("day", "kind", "room"))
    try:
        day = date.fromisoformat(day_text) if day_text else None
    except ValueError:
        day = None
    if day_text and day not in offered.days:
        raise Invalid(_("The programme has no day “%(day)s”.", day=day_text))
    kinds = {kind.value: kind for kind in offered.kinds}
    if kind_text and kind_text not in kinds:
        raise Invalid(_("The programme has no sessions of kind “%(kind)s”.", kind=kind_text))
    if room and room not in dict(offered.rooms):
        raise Invalid(_("The programme has no room “%(room)s”.", room=room))
    return Filters(day, kinds.get(kind_text), room or None)


def programme(
    zone: ZoneInfo, sessions: list[ProgrammeSession], filters: Filters | None = None
) -> list[Day]:
    """The programme day by day, in the expo's time zone, with speakers; only what the filters
    let through."""
    chosen = filters or Filters()
    sessions = [
        s for s in sessions
        if (chosen.day is None or s.starts_at.astimezone(zone).date() == chosen.day)
        and (chosen.kind is None or s.kind == chosen.kind)
        and (chosen.room is None or s.room == chosen.room)
    ]  # fmt: skip
    return [
        Day(day, list(items))
        for day, items in groupby(sessions, key=lambda s: s.starts_at.astimezone(zone).date())
    ]


def get_session(session_id: int) -> ProgrammeSession:
    session = db.session.scalar(
        sa.select(ProgrammeSession)
        .where(ProgrammeSession.id == session_id)
        .options(selectinload(ProgrammeSession.speakers), selectinload(ProgrammeSession.exhibitors))
    )
    if session is None:
        raise NotFound()
    return session


def get_speaker(speaker_id: int) -> Speaker:
    speaker = db.session.scalar(
        sa.select(Speaker).where(Speaker.id == speaker_id).options(selectinload(Speaker.sessions))
    )
    if speaker is None:
        raise NotFound()
    return speaker


def featured(session: ProgrammeSession) -> list[tuple[Exhibitor, int | None]]:
    """The exhibitors the session features, each with its published e-booth (or None)."""
    return [(exhibitor, published_booth_of(exhibitor.id)) for exhibitor in session.exhibitors]


def session_events(sessions: list[ProgrammeSession], locale: str, host: str) -> list[CalendarEvent]:
    """The sessions as iCalendar events, in the reader's language; `host` makes their UIDs."""
    event = current_event()
    stamp = datetime.now(UTC).replace(microsecond=0)
    items = []
    for session in sessions:
        item = CalendarEvent()
        item.add("uid", f"session-{session.id}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", session.starts_at)
        item.add("dtend", session.ends_at)
        item.add("summary", session.text("title", locale))
        if session.room:
            venue = event.text("venue", locale) if event else None
            item.add("location", ", ".join(filter(None, [session.text("room", locale), venue])))
        speakers = ", ".join(speaker.label(locale) for speaker in session.speakers)
        description = session.text("description", locale)
        item.add("description", "\n\n".join(filter(None, [speakers, description])))
        item.add("url", external_url("catalogue.session", session_id=session.id))
        items.append(item)
    return items


def calendar(sessions: list[ProgrammeSession], locale: str, host: str) -> bytes:
    """The sessions for calendar applications (RFC 5545)."""
    event = current_event()
    found = Calendar()
    found.add("prodid", "-//eexpo//programme//EN")
    found.add("version", "2.0")
    found.add("x-wr-calname", event.display_name(locale) if event else "eexpo")
    for item in session_events(sessions, locale, host):
        found.add_component(item)
    return bytes(found.to_ical())
