"""The catalogue CSV kinds of what happens around the halls: programme sessions with their
speakers, venues and the signed projects."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eexpo.catalogue.rows import (
    SPEAKER,
    Fields,
    Key,
    Kind,
    Problem,
    Row,
    local_time,
    plain_decimal,
    sector_slugs,
    sectors_by_slug,
)
from eexpo.extensions import db
from eexpo.meetings.availability import MAX_SLOT_MINUTES, MIN_SLOT_MINUTES
from eexpo.models import (
    Exhibitor,
    ProgrammeSession,
    Project,
    SessionKind,
    Speaker,
    Venue,
    VenueKind,
)

MAX_TABLES = 500


def _speakers_text(speakers: list[Speaker]) -> str:
    return "; ".join(f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in speakers)


class SessionKindSpec(Kind):
    name = "sessions"
    columns = ("title", "starts_at", "kind", "ends_at", "room", "speakers", "description",
               "tables", "slot_minutes")  # fmt: skip
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
            "tables": f.whole("tables", 1, MAX_TABLES),
            "slot_minutes": f.whole("slot_minutes", MIN_SLOT_MINUTES, MAX_SLOT_MINUTES),
        }
        if row["slot_minutes"] and int(row["slot_minutes"]) % 5:
            f.problems.append(_("slot_minutes: a multiple of 5"))
        if (row["tables"] or row["slot_minutes"]) and row["kind"] != SessionKind.BUSINESS_TALK:
            f.problems.append(_("tables: only a business_talk has meeting tables"))
        speakers = []
        for part in filter(None, (p.strip() for p in f.text("speakers", 2000).split(";"))):
            match = SPEAKER.match(part)
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
                "tables": str(s.tables or ""), "slot_minutes": str(s.slot_minutes or ""),
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
            session.tables = int(row["tables"]) if row["tables"] else None
            session.slot_minutes = int(row["slot_minutes"]) if row["slot_minutes"] else None
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
    match = SPEAKER.match(text)
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
    columns = ("title", "sector", "country", "region", "value_cny", "signed_on", "parties",
               "exhibitors")  # fmt: skip
    key = ("title",)

    def context(self) -> dict[str, Any]:
        return {
            "sectors": sector_slugs(),
            "exhibitors": set(db.session.scalars(sa.select(Exhibitor.name))),
        }

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        return f.done({
            "title": f.text("title", 300, required=True),
            "sector": f.sector("sector", context["sectors"]), "country": f.country("country"),
            "region": f.text("region", 100), "value_cny": f.amount("value_cny"),
            "signed_on": f.date("signed_on"), "parties": f.text("parties", 2000),
            "exhibitors": _exhibitor_names(f, context["exhibitors"]),
        })  # fmt: skip

    def existing(self) -> dict[Key, Row]:
        return {(p.title,): {
            "title": p.title, "sector": p.sector.slug if p.sector else "",
            "country": p.country or "", "region": p.region or "",
            "value_cny": plain_decimal(p.value_cny),
            "signed_on": p.signed_on.isoformat() if p.signed_on else "", "parties": p.parties or "",
            "exhibitors": "; ".join(sorted(e.name for e in p.exhibitors)),
        } for p in db.session.scalars(
            sa.select(Project)
            .options(selectinload(Project.sector), selectinload(Project.exhibitors))
            .order_by(Project.title)
        )}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        sectors = sectors_by_slug()
        known = {p.title: p for p in db.session.scalars(sa.select(Project))}
        exhibitors = {e.name: e for e in db.session.scalars(sa.select(Exhibitor))}
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
            project.exhibitors = [exhibitors[name] for name in _names(row["exhibitors"])]

    def delete(self, key: Key) -> None:
        _delete_one(sa.select(Project).where(Project.title == key[0]))


def _names(text: str) -> list[str]:
    return [name for name in (part.strip() for part in text.split(";")) if name]


def _exhibitor_names(f: Fields, known: set[str]) -> str:
    """The exhibitors a project came from, each by its catalogue name; sorted as exported, so a
    file listing them in another order changes nothing."""
    names: list[str] = []
    for name in _names(f.text("exhibitors", 5000)):
        if name not in known:
            f.problems.append(_("exhibitors: there is no exhibitor “%(name)s”", name=name))
        elif name not in names:
            names.append(name)
    return "; ".join(sorted(names))
