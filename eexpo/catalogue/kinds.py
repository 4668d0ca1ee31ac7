"""The six kinds of catalogue CSV: their columns, keys, checks, and how rows are read and written.

Rows travel as dictionaries of *canonical* text (upper-case country codes, ISO dates, plain
decimals), so that what a file says can be compared with what is stored, column by column, and
an export imported again changes nothing.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel import Locale
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from eexpo.catalogue.services import first_stands
from eexpo.extensions import db
from eexpo.models import (
    Booth,
    Event,
    Exhibitor,
    ExhibitorStatus,
    Hall,
    ProgrammeSession,
    Project,
    Sector,
    SessionKind,
    Speaker,
    Stand,
    Venue,
    VenueKind,
)

Row = dict[str, str]
Key = tuple[str, ...]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SPEAKER = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<affiliation>[^()]*)\))?$")
MAX_DECIMALS = 6


class Problem(Exception):
    """What is wrong with one row (every problem found in it)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


# CLDR's two-letter territories that are not countries or regions: unknown, groupings, pseudo.
_NOT_PLACES = {"ZZ", "QO", "EU", "EZ", "UN", "XA", "XB"}


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes, as CLDR knows them (with Kosovo's XK)."""
    territories = (str(code) for code in Locale("en").territories)
    codes = (code for code in territories if re.fullmatch(r"[A-Z]{2}", code))
    return frozenset(code for code in codes if code not in _NOT_PLACES)


def expo_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_time(moment: datetime) -> str:
    return moment.astimezone(expo_zone()).isoformat(timespec="minutes")


def plain_decimal(value: Decimal) -> str:
    """1500000.500000 -> "1500000.5": no exponent, no trailing zeros."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Fields:
    """Reads one row's cells, gathering every problem instead of stopping at the first."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self.problems: list[str] = []

    def fail(self, name: str, message: str) -> str:
        self.problems.append(f"{name}: {message}")
        return ""

    def text(self, name: str, limit: int, *, required: bool = False) -> str:
        value = self.values.get(name, "")
        if required and not value:
            return self.fail(name, _("required"))
        if len(value) > limit:
            return self.fail(name, _("at most %(n)d characters", n=limit))
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
            return self.fail(name, _("control characters are not allowed"))
        return value

    def choice(self, name: str, allowed: Iterable[str], *, default: str) -> str:
        value = self.values.get(name, "") or default
        allowed = list(allowed)
        if value not in allowed:
            return self.fail(name, _("one of %(values)s", values=", ".join(allowed)))
        return value

    def country(self, name: str) -> str:
        value = self.values.get(name, "").upper()
        if value and value not in countries():
            return self.fail(name, _("“%(value)s” is not an ISO 3166 two-letter code", value=value))
        return value

    def date(self, name: str, *, required: bool = False) -> str:
        value = self.values.get(name, "")
        if not value:
            return self.fail(name, _("required")) if required else ""
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return self.fail(name, _("“%(value)s” is not a date like 2026-11-16", value=value))

    def moment(self, name: str) -> str:
        """A date and time; without an offset, the expo's own time zone."""
        value = self.values.get(name, "")
        if not value:
            return self.fail(name, _("required"))
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return self.fail(
                name, _("“%(value)s” is not a time like 2026-11-16T09:30+08:00", value=value)
            )
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=expo_zone())
        return local_time(moment)

    def amount(self, name: str) -> str:
        value = self.values.get(name, "")
        if not value:
            return self.fail(name, _("required"))
        try:
            number = Decimal(value)
        except InvalidOperation:
            return self.fail(
                name, _("“%(value)s” is not a number (write 1500000.50, without separators)",
                        value=value)
            )  # fmt: skip
        if not number.is_finite() or number < 0:
            return self.fail(name, _("must be zero or more"))
        if -number.as_tuple().exponent > MAX_DECIMALS:  # type: ignore[operator]
            return self.fail(name, _("at most %(n)d decimal places", n=MAX_DECIMALS))
        if number >= Decimal(10) ** 18:
            return self.fail(name, _("too large"))
        return plain_decimal(number)

    def url(self, name: str) -> str:
        value = self.text(name, 500)
        if value and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
            return self.fail(name, _("“%(value)s” is not a web address (https://…)", value=value))
        return value

    def email(self, name: str) -> str:
        value = self.text(name, 254).lower()
        if value and not _EMAIL.match(value):
            return self.fail(name, _("“%(value)s” is not an email address", value=value))
        return value

    def sector(self, name: str, known: set[str]) -> str:
        value = self.values.get(name, "")
        if value and value not in known:
            return self.fail(
                name, _("no sector “%(value)s” (import the sectors first)", value=value)
            )
        return value

    def done(self, row: Row) -> Row:
        if self.problems:
            raise Problem(self.problems)
        return row


class Kind(ABC):
    """One kind of catalogue CSV; each subclass reads, checks and writes its rows."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    single = False

    def context(self) -> dict[str, Any]:
        return {}

    def key_of(self, row: Row) -> Key:
        return tuple(row[name] for name in self.key)

    @abstractmethod
    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        """One row's cells as canonical text; Problem lists everything wrong with them."""

    def check_together(self, rows: list[Row], lines: list[int]) -> list[tuple[int, str]]:
        """Problems between rows, beyond repeated keys (which the caller finds)."""
        return []

    @abstractmethod
    def existing(self) -> dict[Key, Row]:
        """What is stored, as rows, in export order."""

    @abstractmethod
    def write(self, rows: list[Row]) -> None:
        """Upsert the rows by key (the caller commits)."""

    def delete(self, key: Key) -> None:
        """Remove one row; Problem when other records still need it."""
        raise Problem([_("This kind cannot be deleted here.")])


def _sector_slugs() -> set[str]:
    return set(db.session.scalars(sa.select(Sector.slug)))


def _sectors_by_slug() -> dict[str, Sector]:
    return {sector.slug: sector for sector in db.session.scalars(sa.select(Sector))}


class EventKind(Kind):
    name = "event"
    columns = ("name", "name_zh", "starts_on", "ends_on", "venue", "country", "region")
    key = ()
    single = True

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        row = {
            "name": f.text("name", 200, required=True),
            "name_zh": f.text("name_zh", 200),
            "starts_on": f.date("starts_on", required=True),
            "ends_on": f.date("ends_on", required=True),
            "venue": f.text("venue", 300),
            "country": f.country("country"),
            "region": f.text("region", 100),
        }
        if row["starts_on"] and row["ends_on"] and row["ends_on"] < row["starts_on"]:
            f.problems.append(_("ends_on: before starts_on"))
        return f.done(row)

    def existing(self) -> dict[Key, Row]:
        event = db.session.scalar(sa.select(Event).order_by(Event.id).limit(1))
        if event is None:
            return {}
        return {(): {
            "name": event.name, "name_zh": event.name_zh or "",
            "starts_on": event.starts_on.isoformat(), "ends_on": event.ends_on.isoformat(),
            "venue": event.venue or "", "country": event.country or "",
            "region": event.region or "",
        }}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        for row in rows:
            event = db.session.scalar(sa.select(Event).order_by(Event.id).limit(1))
            if event is None:
                event = Event()
                db.session.add(event)
            event.name, event.name_zh = row["name"], row["name_zh"] or None
            event.starts_on = date.fromisoformat(row["starts_on"])
            event.ends_on = date.fromisoformat(row["ends_on"])
            event.venue, event.country = row["venue"] or None, row["country"] or None
            event.region = row["region"] or None


class SectorKind(Kind):
    name = "sectors"
    columns = ("slug", "name", "name_zh", "group")
    key = ("slug",)

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        slug = f.text("slug", 80, required=True)
        if slug and not _SLUG.match(slug):
            slug = f.fail("slug", _("lower-case letters, digits and hyphens, like smart-energy"))
        return f.done({
            "slug": slug, "name": f.text("name", 200, required=True),
            "name_zh": f.text("name_zh", 200), "group": f.text("group", 80),
        })  # fmt: skip

    def existing(self) -> dict[Key, Row]:
        sectors = db.session.scalars(sa.select(Sector).order_by(Sector.position, Sector.name))
        return {(s.slug,): {"slug": s.slug, "name": s.name, "name_zh": s.name_zh or "",
                            "group": s.group or ""} for s in sectors}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        known = _sectors_by_slug()
        position = max((s.position for s in known.values()), default=-1)
        for row in rows:
            sector = known.get(row["slug"])
            if sector is None:
                position += 1
                sector = Sector(slug=row["slug"], position=position)
                db.session.add(sector)
            sector.name, sector.name_zh = row["name"], row["name_zh"] or None
            sector.group = row["group"] or None

    def delete(self, key: Key) -> None:
        sector = db.session.scalar(sa.select(Sector).where(Sector.slug == key[0]))
        if sector is None:
            raise Problem([_("There is no such row.")])
        used = db.session.scalar(
            sa.select(sa.func.count()).select_from(Booth).where(Booth.sector_id == sector.id)
        )
        if used:
            raise Problem([_("Booths are in this sector; move them to another sector first.")])
        db.session.delete(sector)


class ExhibitorKind(Kind):
    name = "exhibitors"
    columns = ("name", "name_zh", "country", "region", "delegation", "sector", "website",
               "email", "hall", "stand")  # fmt: skip
    key = ("name",)

    def context(self) -> dict[str, Any]:
        return {"sectors": _sector_slugs()}

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        row = {
            "name": f.text("name", 200, required=True),
            "name_zh": f.text("name_zh", 200),
            "country": f.country("country"),
            "region": f.text("region", 100),
            "delegation": f.text("delegation", 200),
            "sector": f.sector("sector", context["sectors"]),
            "website": f.url("website"),
            "email": f.email("email"),
            "hall": f.text("hall", 100),
            "stand": f.text("stand", 40),
        }
        if bool(row["hall"]) != bool(row["stand"]):
            f.problems.append(_("hall and stand: give both, or neither"))
        return f.done(row)

    def check_together(self, rows: list[Row], lines: list[int]) -> list[tuple[int, str]]:
        problems = []
        taken: dict[tuple[str, str], int] = {}
        names = {row["name"] for row in rows}
        holders = {
            (hall, code): owner
            for hall, code, owner in db.session.execute(
                sa.select(Hall.name, Stand.code, Exhibitor.name)
                .join(Stand.hall)
                .join(Exhibitor, Exhibitor.id == Stand.exhibitor_id)
            )
        }
        for row, line in zip(rows, lines, strict=True):
            if not row["stand"]:
                continue
            place = (row["hall"], row["stand"])
            if place in taken:
                problems.append((line, _(
                    "stand %(stand)s in %(hall)s is also given on line %(line)d",
                    stand=row["stand"], hall=row["hall"], line=taken[place],
                )))  # fmt: skip
                continue
            taken[place] = line
            holder = holders.get(place)
            if holder is not None and holder not in names:
                problems.append((line, _(
                    "stand %(stand)s in %(hall)s belongs to %(holder)s, who is not in this file",
                    stand=row["stand"], hall=row["hall"], holder=holder,
                )))  # fmt: skip
        return problems

    def existing(self) -> dict[Key, Row]:
        stands = {
            exhibitor_id: (stand.hall.name, stand.code)
            for exhibitor_id, stand in first_stands().items()
        }
        rows: dict[tuple[str, ...], dict[str, str]] = {}
        for e in db.session.scalars(
            sa.select(Exhibitor)
            .where(Exhibitor.status == ExhibitorStatus.APPROVED)
            .options(selectinload(Exhibitor.sector))
            .order_by(Exhibitor.name)
        ):
            hall, code = stands.get(e.id, ("", ""))
            rows[(e.name,)] = {
                "name": e.name, "name_zh": e.name_zh or "", "country": e.country or "",
                "region": e.region or "", "delegation": e.delegation or "",
                "sector": e.sector.slug if e.sector else "", "website": e.website or "",
                "email": e.contact_email or "", "hall": hall, "stand": code,
            }  # fmt: skip
        return rows

    def write(self, rows: list[Row]) -> None:
        sectors = _sectors_by_slug()
        halls = {hall.name: hall for hall in db.session.scalars(sa.select(Hall))}
        known = {
            e.name: e
            for e in db.session.scalars(
                sa.select(Exhibitor).where(Exhibitor.name.in_([row["name"] for row in rows]))
            )
        }
        for row in rows:
            exhibitor = known.get(row["name"])
            if exhibitor is None:
                exhibitor = Exhibitor(name=row["name"], status=ExhibitorStatus.APPROVED)
                db.session.add(exhibitor)
            exhibitor.name_zh = row["name_zh"] or None
            exhibitor.country, exhibitor.region = row["country"] or None, row["region"] or None
            exhibitor.delegation = row["delegation"] or None
            exhibitor.sector = sectors.get(row["sector"])
            exhibitor.website, exhibitor.contact_email = (
                row["website"] or None,
                row["email"] or None,
            )
        db.session.flush()
        # Stands follow once every exhibitor of the file has its id (a file may swap stands).
        ids = dict(
            db.session.execute(
                sa.select(Exhibitor.name, Exhibitor.id).where(
                    Exhibitor.name.in_([row["name"] for row in rows])
                )
            ).all()
        )
        db.session.execute(
            sa.update(Stand).where(Stand.exhibitor_id.in_(ids.values())).values(exhibitor_id=None)
        )
        stands = {(s.hall_id, s.code): s for s in db.session.scalars(sa.select(Stand))}
        for row in rows:
            if not row["stand"]:
                continue
            hall = halls.get(row["hall"])
            if hall is None:  # new halls sort by name until organizers order them
                hall = halls[row["hall"]] = Hall(name=row["hall"], position=0)
                db.session.add(hall)
                db.session.flush()
            stand = stands.get((hall.id, row["stand"]))
            if stand is None:
                stand = stands[(hall.id, row["stand"])] = Stand(hall=hall, code=row["stand"])
                db.session.add(stand)
            stand.exhibitor_id = ids[row["name"]]

    def delete(self, key: Key) -> None:
        exhibitor = db.session.scalar(sa.select(Exhibitor).where(Exhibitor.name == key[0]))
        if exhibitor is None:
            raise Problem([_("There is no such row.")])
        if exhibitor.users or db.session.scalar(
            sa.select(sa.func.count()).select_from(Booth).where(Booth.exhibitor_id == exhibitor.id)
        ):
            raise Problem([_("This exhibitor has accounts or booths online; it stays.")])
        db.session.delete(exhibitor)


def _speakers_text(speakers: list[Speaker]) -> str:
    return "; ".join(f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in speakers)


class SessionKindSpec(Kind):
    name = "sessions"
    columns = ("title", "starts_at", "kind", "ends_at", "room", "speakers", "description")
    key = ("title", "starts_at")

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        row = {
            "title": f.text("title", 300, required=True),
            "starts_at": f.moment("starts_at"),
            "kind": f.choice("kind", [k.value for k in SessionKind], default="other"),
            "ends_at": f.moment("ends_at"),
            "room": f.text("room", 200),
            "speakers": "",
            "description": f.text("description", 5000),
        }
        speakers = []
        for part in filter(None, (p.strip() for p in f.text("speakers", 2000).split(";"))):
            match = _SPEAKER.match(part)
            if not match:
                f.problems.append(_("speakers: “%(part)s” is not Name (Affiliation)", part=part))
                continue
            name, affiliation = match["name"].strip(), (match["affiliation"] or "").strip()
            speakers.append(f"{name} ({affiliation})" if affiliation else name)
        row["speakers"] = "; ".join(speakers)
        if row["starts_at"] and row["ends_at"]:
            starts, ends = map(datetime.fromisoformat, (row["starts_at"], row["ends_at"]))
            if ends <= starts:
                f.problems.append(_("ends_at: not after starts_at"))
        return f.done(row)

    def existing(self) -> dict[Key, Row]:
        rows: dict[tuple[str, ...], dict[str, str]] = {}
        for s in db.session.scalars(
            sa.select(ProgrammeSession)
            .options(selectinload(ProgrammeSession.speakers))
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.title)
        ):
            starts = local_time(s.starts_at)
            rows[(s.title, starts)] = {
                "title": s.title, "starts_at": starts, "kind": s.kind.value,
                "ends_at": local_time(s.ends_at), "room": s.room or "",
                "speakers": _speakers_text(s.speakers), "description": s.description or "",
            }  # fmt: skip
        return rows

    def write(self, rows: list[Row]) -> None:
        for row in rows:
            starts = datetime.fromisoformat(row["starts_at"])
            session = db.session.scalar(
                sa.select(ProgrammeSession).where(
                    ProgrammeSession.title == row["title"], ProgrammeSession.starts_at == starts
                )
            )
            if session is None:
                session = ProgrammeSession(title=row["title"], starts_at=starts)
                db.session.add(session)
            session.kind = SessionKind(row["kind"])
            session.ends_at = datetime.fromisoformat(row["ends_at"])
            session.room, session.description = row["room"] or None, row["description"] or None
            session.speakers = [
                _speaker(part) for part in filter(None, row["speakers"].split("; "))
            ]

    def delete(self, key: Key) -> None:
        starts = datetime.fromisoformat(key[1])
        _delete_one(
            sa.select(ProgrammeSession).where(
                ProgrammeSession.title == key[0], ProgrammeSession.starts_at == starts
            )
        )


def _delete_one(query: sa.Select) -> None:
    found = db.session.scalar(query)
    if found is None:
        raise Problem([_("There is no such row.")])
    db.session.delete(found)


def _speaker(text: str) -> Speaker:
    match = _SPEAKER.match(text)
    assert match is not None  # noqa: S101 - parse() accepted it
    name, affiliation = match["name"].strip(), (match["affiliation"] or "").strip()
    found = db.session.scalar(
        sa.select(Speaker).where(Speaker.name == name, Speaker.affiliation == affiliation)
    )
    if found is None:
        found = Speaker(name=name, affiliation=affiliation)
        db.session.add(found)
        db.session.flush()
    return found


class VenueKindSpec(Kind):
    name = "venues"
    columns = ("name", "kind", "address", "opening_hours", "website", "description")
    key = ("name",)

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        return f.done({
            "name": f.text("name", 300, required=True),
            "kind": f.choice("kind", [k.value for k in VenueKind], default="other"),
            "address": f.text("address", 500), "opening_hours": f.text("opening_hours", 300),
            "website": f.url("website"), "description": f.text("description", 5000),
        })  # fmt: skip

    def existing(self) -> dict[Key, Row]:
        return {(v.name,): {
            "name": v.name, "kind": v.kind.value, "address": v.address or "",
            "opening_hours": v.opening_hours or "", "website": v.website or "",
            "description": v.description or "",
        } for v in db.session.scalars(sa.select(Venue).order_by(Venue.name))}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        known = {v.name: v for v in db.session.scalars(sa.select(Venue))}
        for row in rows:
            venue = known.get(row["name"])
            if venue is None:
                venue = Venue(name=row["name"])
                db.session.add(venue)
            venue.kind = VenueKind(row["kind"])
            venue.address, venue.opening_hours = (
                row["address"] or None,
                row["opening_hours"] or None,
            )
            venue.website, venue.description = row["website"] or None, row["description"] or None

    def delete(self, key: Key) -> None:
        _delete_one(sa.select(Venue).where(Venue.name == key[0]))


class ProjectKind(Kind):
    name = "projects"
    columns = ("title", "sector", "country", "region", "value_cny", "signed_on", "parties")
    key = ("title",)

    def context(self) -> dict[str, Any]:
        return {"sectors": _sector_slugs()}

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        return f.done({
            "title": f.text("title", 300, required=True),
            "sector": f.sector("sector", context["sectors"]), "country": f.country("country"),
            "region": f.text("region", 100), "value_cny": f.amount("value_cny"),
            "signed_on": f.date("signed_on"), "parties": f.text("parties", 2000),
        })  # fmt: skip

    def existing(self) -> dict[Key, Row]:
        return {(p.title,): {
            "title": p.title, "sector": p.sector.slug if p.sector else "",
            "country": p.country or "", "region": p.region or "",
            "value_cny": plain_decimal(p.value_cny),
            "signed_on": p.signed_on.isoformat() if p.signed_on else "", "parties": p.parties or "",
        } for p in db.session.scalars(
            sa.select(Project).options(selectinload(Project.sector)).order_by(Project.title)
        )}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        sectors = _sectors_by_slug()
        known = {p.title: p for p in db.session.scalars(sa.select(Project))}
        for row in rows:
            project = known.get(row["title"])
            if project is None:
                project = Project(title=row["title"])
                db.session.add(project)
            project.sector = sectors.get(row["sector"])
            project.country, project.region = row["country"] or None, row["region"] or None
            project.value_cny = Decimal(row["value_cny"])
            project.signed_on = date.fromisoformat(row["signed_on"]) if row["signed_on"] else None
            project.parties = row["parties"] or None

    def delete(self, key: Key) -> None:
        _delete_one(sa.select(Project).where(Project.title == key[0]))


# What the console calls each CSV column.
COLUMN_LABELS = {
    "name": _l("Name"), "name_zh": _l("Name in Chinese"), "starts_on": _l("First day"),
    "ends_on": _l("Last day"), "venue": _l("Venue"), "country": _l("Country or region (ISO code)"),
    "region": _l("Region"), "slug": _l("Short name in addresses"), "group": _l("Sector group"),
    "delegation": _l("Delegation"), "sector": _l("Sector (short name)"), "website": _l("Website"),
    "email": _l("Email"), "hall": _l("Hall"), "stand": _l("Stand"), "title": _l("Title"),
    "starts_at": _l("Starts"), "kind": _l("Kind"), "ends_at": _l("Ends"), "room": _l("Room"),
    "speakers": _l("Speakers: Name (Affiliation); …"), "description": _l("Description"),
    "address": _l("Address"), "opening_hours": _l("Opening hours"),
    "value_cny": _l("Value in yuan"), "signed_on": _l("Signed on"), "parties": _l("Parties"),
}  # fmt: skip

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (EventKind(), SectorKind(), ExhibitorKind(), SessionKindSpec(), VenueKindSpec(),
                 ProjectKind())
}  # fmt: skip
