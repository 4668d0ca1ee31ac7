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
    Row,
    delete_one,
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
from eexpo.models.catalogue import session_speaker, speaker_label

MAX_TABLES = 500


def _speakers_zh_text(speakers: list[Speaker]) -> str:
    """The speakers in Chinese, in the same order; "" when none of them has a Chinese name."""
    if not any(s.name_zh or s.affiliation_zh for s in speakers):
        return ""
    return "; ".join(speaker.label("zh") for speaker in speakers)


def _speaker_list(f: Fields, column: str) -> list[tuple[str, str]]:
    """A `Name (Affiliation); …` cell as (name, affiliation) pairs; a problem for each bad one."""
    speakers = []
    for part in filter(None, (p.strip() for p in f.text(column, 2000).split(";"))):
        match = SPEAKER.match(part)
        if not match:
            f.problems.append(
                _("%(column)s: “%(part)s” is not Name (Affiliation)", column=column, part=part)
            )
            continue
        speakers.append((match["name"].strip(), (match["affiliation"] or "").strip()))
    return speakers


class SessionKindSpec(Kind):
    name = "sessions"
    columns = ("title", "title_zh", "starts_at", "kind", "ends_at", "room", "room_zh",
               "speakers", "speakers_zh", "description", "description_zh", "tables",
               "slot_minutes")  # fmt: skip
    optional = ("title_zh", "room_zh", "speakers_zh", "description_zh")
    key = ("title", "starts_at")

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        row = {
            "title": f.text("title", 300, required=True),
            "title_zh": f.text("title_zh", 300),
            "starts_at": f.moment("starts_at"),
            "kind": f.choice("kind", [k.value for k in SessionKind], default="other"),
            "ends_at": f.moment("ends_at"),
            "room": f.text("room", 200),
            "room_zh": f.text("room_zh", 200),
            "description": f.text("description", 5000),
            "description_zh": f.text("description_zh", 5000),
            "tables": f.whole("tables", 1, MAX_TABLES),
            "slot_minutes": f.whole("slot_minutes", MIN_SLOT_MINUTES, MAX_SLOT_MINUTES),
        }
        if row["slot_minutes"] and int(row["slot_minutes"]) % 5:
            f.problems.append(_("slot_minutes: a multiple of 5"))
        if (row["tables"] or row["slot_minutes"]) and row["kind"] != SessionKind.BUSINESS_TALK:
            f.problems.append(_("tables: only a business_talk has meeting tables"))
        speakers, speakers_zh = _speaker_list(f, "speakers"), _speaker_list(f, "speakers_zh")
        if speakers_zh and len(speakers_zh) != len(speakers):
            f.problems.append(_("speakers_zh: one Chinese name for each speaker, in their order"))
        row["speakers"] = "; ".join(speaker_label(*speaker) for speaker in speakers)
        row["speakers_zh"] = "; ".join(speaker_label(*speaker) for speaker in speakers_zh)
        if row["starts_at"] and row["ends_at"]:
            starts, ends = map(datetime.fromisoformat, (row["starts_at"], row["ends_at"]))
            if ends <= starts:
                f.problems.append(_("ends_at: not after starts_at"))
        return f.done(row)

    def keep_stored(self, row: Row, stored: Row, left_out: list[str]) -> None:
        """Without `speakers_zh`, each speaker the row names keeps its stored Chinese name (the
        row may name other speakers than the stored session has)."""
        super().keep_stored(row, stored, [name for name in left_out if name != "speakers_zh"])
        if "speakers_zh" in left_out:
            known = [_stored_speaker(text) for text in row["speakers"].split("; ") if text]
            speakers = [speaker for speaker in known if speaker is not None]
            row["speakers_zh"] = _speakers_zh_text(speakers) if len(speakers) == len(known) else ""

    def check_together(self, rows: list[Row], lines: list[int]) -> list[tuple[int, str]]:
        """A speaker in several sessions has one Chinese name."""
        first: dict[str, tuple[int, str]] = {}
        problems = []
        for row, line in zip(rows, lines, strict=True):
            chinese = [part for part in row["speakers_zh"].split("; ") if part]
            for english, text in zip(row["speakers"].split("; "), chinese, strict=False):
                line_before, before = first.setdefault(english, (line, text))
                if before != text:
                    problems.append((line, _(
                        "speakers_zh: %(speaker)s is “%(before)s” on line %(line)d",
                        speaker=english, before=before, line=line_before,
                    )))  # fmt: skip
        return problems

    def existing(self) -> dict[Key, Row]:
        rows: dict[tuple[str, ...], dict[str, str]] = {}
        for s in db.session.scalars(
            sa.select(ProgrammeSession)
            .options(selectinload(ProgrammeSession.speakers))
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.title)
        ):
            starts = local_time(s.starts_at)
            rows[(s.title, starts)] = {
                "id": str(s.id), "title": s.title, "title_zh": s.title_zh or "",
                "starts_at": starts,
                "kind": s.kind.value, "ends_at": local_time(s.ends_at), "room": s.room or "",
                "room_zh": s.room_zh or "",
                "speakers": "; ".join(speaker.label(None) for speaker in s.speakers),
                "speakers_zh": _speakers_zh_text(s.speakers), "description": s.description or "",
                "description_zh": s.description_zh or "", "tables": str(s.tables or ""),
                "slot_minutes": str(s.slot_minutes or ""),
            }  # fmt: skip
        return rows

    def write(self, rows: list[Row]) -> None:
        for row in rows:
            session = db.session.get(ProgrammeSession, int(row["id"])) if row["id"] else None
            if session is None:
                session = ProgrammeSession()
                db.session.add(session)
            session.title, session.title_zh = row["title"], row["title_zh"] or None
            session.starts_at = datetime.fromisoformat(row["starts_at"])
            session.kind = SessionKind(row["kind"])
            session.ends_at = datetime.fromisoformat(row["ends_at"])
            session.room, session.room_zh = row["room"] or None, row["room_zh"] or None
            session.description = row["description"] or None
            session.description_zh = row["description_zh"] or None
            session.tables = int(row["tables"]) if row["tables"] else None
            session.slot_minutes = int(row["slot_minutes"]) if row["slot_minutes"] else None
            english = [part for part in row["speakers"].split("; ") if part]
            chinese = [part for part in row["speakers_zh"].split("; ") if part]
            _seat(session, [_speaker(part) for part in english])
            for speaker, text in zip(session.speakers, chinese, strict=False):
                _name_in_chinese(speaker, text)

    def delete(self, row_id: int) -> None:
        delete_one(sa.select(ProgrammeSession).where(ProgrammeSession.id == row_id))


def _seat(session: ProgrammeSession, speakers: list[Speaker]) -> None:
    """The session's speakers, in the file's order (kept in the link's `position`)."""
    session.speakers = speakers
    db.session.flush()
    for position, speaker in enumerate(speakers):
        db.session.execute(
            sa.update(session_speaker)
            .where(
                session_speaker.c.session_id == session.id,
                session_speaker.c.speaker_id == speaker.id,
            )
            .values(position=position)
        )


def _parts(text: str) -> tuple[str, str]:
    match = SPEAKER.match(text)
    assert match is not None  # noqa: S101 - parse() accepted it
    return match["name"].strip(), (match["affiliation"] or "").strip()


def _name_in_chinese(speaker: Speaker, text: str) -> None:
    """What the session's `speakers_zh` says of the speaker; the same as the English is none."""
    name, affiliation = _parts(text)
    speaker.name_zh = name if name != speaker.name else None
    speaker.affiliation_zh = affiliation if affiliation != speaker.affiliation else None


def _stored_speaker(text: str) -> Speaker | None:
    name, affiliation = _parts(text)
    return db.session.scalar(
        sa.select(Speaker).where(Speaker.name == name, Speaker.affiliation == affiliation)
    )


def _speaker(text: str) -> Speaker:
    found = _stored_speaker(text)
    if found is None:
        name, affiliation = _parts(text)
        found = Speaker(name=name, affiliation=affiliation)
        db.session.add(found)
        db.session.flush()
    return found


class VenueKindSpec(Kind):
    name = "venues"
    columns = ("name", "name_zh", "kind", "address", "address_zh", "opening_hours", "website",
               "description", "description_zh")  # fmt: skip
    optional = ("name_zh", "address_zh", "description_zh")
    key = ("name",)

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        return f.done({
            "name": f.text("name", 300, required=True), "name_zh": f.text("name_zh", 300),
            "kind": f.choice("kind", [k.value for k in VenueKind], default="other"),
            "address": f.text("address", 500), "address_zh": f.text("address_zh", 500),
            "opening_hours": f.text("opening_hours", 300), "website": f.url("website"),
            "description": f.text("description", 5000),
            "description_zh": f.text("description_zh", 5000),
        })  # fmt: skip

    def existing(self) -> dict[Key, Row]:
        return {(v.name,): {
            "id": str(v.id), "name": v.name, "name_zh": v.name_zh or "", "kind": v.kind.value,
            "address": v.address or "", "address_zh": v.address_zh or "",
            "opening_hours": v.opening_hours or "", "website": v.website or "",
            "description": v.description or "", "description_zh": v.description_zh or "",
        } for v in db.session.scalars(sa.select(Venue).order_by(Venue.name))}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        known = {str(v.id): v for v in db.session.scalars(sa.select(Venue))}
        for row in rows:
            venue = known.get(row["id"])
            if venue is None:
                venue = Venue()
                db.session.add(venue)
            venue.name, venue.name_zh = row["name"], row["name_zh"] or None
            venue.kind = VenueKind(row["kind"])
            venue.address, venue.address_zh = row["address"] or None, row["address_zh"] or None
            venue.opening_hours, venue.website = (
                row["opening_hours"] or None,
                row["website"] or None,
            )
            venue.description = row["description"] or None
            venue.description_zh = row["description_zh"] or None

    def delete(self, row_id: int) -> None:
        delete_one(sa.select(Venue).where(Venue.id == row_id))


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
            "id": str(p.id), "title": p.title, "sector": p.sector.slug if p.sector else "",
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
        known = {str(p.id): p for p in db.session.scalars(sa.select(Project))}
        exhibitors = {e.name: e for e in db.session.scalars(sa.select(Exhibitor))}
        for row in rows:
            project = known.get(row["id"])
            if project is None:
                project = Project()
                db.session.add(project)
            project.title = row["title"]
            project.sector = sectors.get(row["sector"])
            project.country, project.region = row["country"] or None, row["region"] or None
            project.value_cny = Decimal(row["value_cny"])
            project.signed_on = date.fromisoformat(row["signed_on"]) if row["signed_on"] else None
            project.parties = row["parties"] or None
            project.exhibitors = [exhibitors[name] for name in _names(row["exhibitors"])]

    def delete(self, row_id: int) -> None:
        delete_one(sa.select(Project).where(Project.id == row_id))


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
