"""The catalogue CSV kinds of the programme: sessions (with their speakers and the exhibitors
they feature) and speakers (their Chinese names and bios)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eexpo.catalogue.kinds_programme import exhibitor_names, exhibitors_named, names_in
from eexpo.catalogue.rows import (
    SPEAKER,
    Fields,
    Key,
    Kind,
    Row,
    delete_one,
    local_time,
)
from eexpo.extensions import db
from eexpo.meetings.availability import MAX_SLOT_MINUTES, MIN_SLOT_MINUTES
from eexpo.models import Exhibitor, ProgrammeSession, SessionKind, Speaker
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
               "slot_minutes", "exhibitors")  # fmt: skip
    optional = ("title_zh", "room_zh", "speakers_zh", "description_zh", "exhibitors")
    key = ("title", "starts_at")

    def context(self) -> dict[str, Any]:
        return {"exhibitors": set(db.session.scalars(sa.select(Exhibitor.name)))}

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
            "exhibitors": exhibitor_names(f, context["exhibitors"]),
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
            .options(
                selectinload(ProgrammeSession.speakers), selectinload(ProgrammeSession.exhibitors)
            )
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
                "exhibitors": "; ".join(sorted(e.name for e in s.exhibitors)),
            }  # fmt: skip
        return rows

    def write(self, rows: list[Row]) -> None:
        exhibitors = exhibitors_named(rows)
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
            session.exhibitors = [exhibitors[name] for name in names_in(row["exhibitors"])]
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


class SpeakerKind(Kind):
    """Speakers as the sessions file names them ("Name (Affiliation)"), with their Chinese
    names and bios; a speaker no session names yet may be added here first."""

    name = "speakers"
    columns = ("name", "affiliation", "name_zh", "affiliation_zh", "bio", "bio_zh")
    key = ("name", "affiliation")

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        row = {
            "name": f.text("name", 200, required=True), "affiliation": f.text("affiliation", 300),
            "name_zh": f.text("name_zh", 200), "affiliation_zh": f.text("affiliation_zh", 300),
            "bio": f.text("bio", 5000), "bio_zh": f.text("bio_zh", 5000),
        }  # fmt: skip
        for column in ("name", "affiliation", "name_zh", "affiliation_zh"):
            if any(mark in row[column] for mark in "();"):
                row[column] = f.fail(column, _("no brackets or semicolons (the sessions file "
                                               "writes Name (Affiliation); …)"))  # fmt: skip
        return f.done(row)

    def existing(self) -> dict[Key, Row]:
        speakers = db.session.scalars(
            sa.select(Speaker).order_by(Speaker.name, Speaker.affiliation)
        )
        return {(s.name, s.affiliation): {
            "id": str(s.id), "name": s.name, "affiliation": s.affiliation,
            "name_zh": s.name_zh or "", "affiliation_zh": s.affiliation_zh or "",
            "bio": s.bio or "", "bio_zh": s.bio_zh or "",
        } for s in speakers}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        for row in rows:
            speaker = db.session.get(Speaker, int(row["id"])) if row["id"] else None
            if speaker is None:
                speaker = Speaker()
                db.session.add(speaker)
            speaker.name, speaker.affiliation = row["name"], row["affiliation"]
            speaker.name_zh = row["name_zh"] or None
            speaker.affiliation_zh = row["affiliation_zh"] or None
            speaker.bio, speaker.bio_zh = row["bio"] or None, row["bio_zh"] or None

    def delete(self, row_id: int) -> None:
        delete_one(sa.select(Speaker).where(Speaker.id == row_id))
