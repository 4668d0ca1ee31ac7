"""Read-only queries behind the public catalogue: directory, halls, programme, venues, projects."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from babel import Locale
from flask import g, has_request_context
from sqlalchemy.orm import selectinload

from eexpo.content import until_content_changes
from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.i18n import current_locale_code
from eexpo.models import (
    Booth,
    BoothStatus,
    Exhibitor,
    ExhibitorStatus,
    Glossary,
    Hall,
    MediaStatus,
    Project,
    Sector,
    Stand,
    Venue,
)
from eexpo.storage import public_url

GROUPINGS = ("az", "hall", "sector", "country", "delegation")
_HALL_NAMES = "eexpo_hall_names"


def hall_words(name: str) -> str:
    """A hall as the reader's language names it: its Chinese name, when it has one. The names
    are read once per request (a page names few halls, often many times)."""
    if not current_locale_code().startswith("zh"):
        return name
    if has_request_context() and _HALL_NAMES in g:
        names: dict[str, str] = g.get(_HALL_NAMES)
    else:
        halls = db.session.scalars(sa.select(Hall).where(Hall.name_zh.is_not(None)))
        names = {hall.name: hall.display_name("zh") for hall in halls}
        if has_request_context():
            setattr(g, _HALL_NAMES, names)
    return names.get(name, name)


def read_glossary() -> dict[str, str]:
    """The Chinese of the regions and delegations the organizers named, by their English, as
    stored now (the search index reads it in the transaction that changes it)."""
    return {english: chinese for english, chinese in db.session.execute(
        sa.select(Glossary.english, Glossary.chinese)
    )}  # fmt: skip


glossary = until_content_changes(read_glossary)


def local_words(text: str | None) -> str:
    """A region or delegation as the reader's language names it: in Chinese when the glossary
    has it, else as given."""
    if text and current_locale_code().startswith("zh"):
        return glossary().get(text, text)
    return text or ""


def stand_words(stand: str | None) -> str:
    """ "Hall 1 · A12" (as `visit.cards.stand_of` gives it) in the reader's language."""
    hall, dot, code = (stand or "").rpartition(" · ")
    return f"{hall_words(hall)}{dot}{code}" if hall else stand or ""


def natural(code: str | None) -> list[Any]:
    """ "A2" before "A10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code or "")]


@dataclass(frozen=True)
class Entry:
    """An exhibitor in the directory: where to find it in the halls, and online."""

    name: str
    name_zh: str | None
    country: str | None
    region: str | None
    delegation: str | None
    sector: Sector | None
    hall: Hall | None
    stand: str | None
    booth_id: int | None  # its published e-booth, if any

    def display_name(self, locale: str | None) -> str:
        zh = locale and locale.startswith("zh") and self.name_zh
        return self.name_zh if zh else self.name  # type: ignore[return-value]


def _published_booth(exhibitor_id: Any) -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.min(Booth.id))
        .where(Booth.exhibitor_id == exhibitor_id, Booth.status == BoothStatus.PUBLISHED)
        .scalar_subquery()
    )


def first_stands() -> dict[int, Stand]:
    """Each exhibitor's first stand (halls in order, then A2 before A10), with its hall: the one
    the directory and the CSV export show."""
    stands: dict[int, Stand] = {}
    for stand in sorted(
        db.session.scalars(
            sa.select(Stand)
            .where(Stand.exhibitor_id.is_not(None))
            .options(selectinload(Stand.hall))
        ),
        key=lambda s: (s.hall.position, natural(s.hall.name), natural(s.code)),
        reverse=True,
    ):
        stands[stand.exhibitor_id] = stand  # type: ignore[index]  # the first one stays
    return stands


def directory() -> list[Entry]:
    """Every approved exhibitor with its first stand and its published booth, A to Z: one
    statement for the exhibitors, one for the stands."""
    rows = db.session.execute(
        sa.select(Exhibitor, _published_booth(Exhibitor.id))
        .where(Exhibitor.status == ExhibitorStatus.APPROVED)
        .options(selectinload(Exhibitor.sector))
        .order_by(Exhibitor.name)
    ).all()
    stands = first_stands()
    entries = []
    for exhibitor, booth_id in rows:
        stand = stands.get(exhibitor.id)
        entries.append(Entry(
            exhibitor.name, exhibitor.name_zh, exhibitor.country, exhibitor.region,
            exhibitor.delegation, exhibitor.sector, stand.hall if stand else None,
            stand.code if stand else None, booth_id,
        ))  # fmt: skip
    return entries


MAX_QUERY_CHARS = 100


def matching(entries: list[Entry], query: str, locale: str) -> list[Entry]:
    """The entries every word of `query` is found in, ignoring case: in the exhibitor's names,
    delegation and region (both names), country (as the reader names it), sector (both names),
    hall or stand."""
    words = query[:MAX_QUERY_CHARS].casefold().split()
    countries = Locale.parse(locale).territories
    names = glossary()

    def text(e: Entry) -> str:
        places = [e.hall.name, e.hall.name_zh, e.stand] if e.hall else []
        sector = [e.sector.name, e.sector.name_zh] if e.sector else []
        return " ".join(
            filter(
                None,
                [
                    e.name,
                    e.name_zh,
                    e.delegation,
                    names.get(e.delegation or ""),
                    e.region,
                    names.get(e.region or ""),
                    e.country,
                    countries.get(e.country or ""),
                    *sector,
                    *places,
                ],
            )
        )

    return [e for e in entries if all(word in text(e).casefold() for word in words)]


def stands_matching(stands: list[PlacedStand], query: str) -> set[str]:
    """The stand whose code the query is ("A12", not also A120, so an e-booth can link to its
    own stand), else the codes of the stands whose code or exhibitor (either name) holds every
    word."""
    words = query[:MAX_QUERY_CHARS].casefold().split()
    exact = {placed.stand.code for placed in stands if [placed.stand.code.casefold()] == words}
    if exact:
        return exact
    found = set()
    for placed in stands:
        text = " ".join(filter(None, [placed.stand.code, placed.exhibitor, placed.exhibitor_zh]))
        if all(word in text.casefold() for word in words):
            found.add(placed.stand.code)
    return found


@dataclass(frozen=True)
class Group:
    label: str
    anchor: str
    entries: list[Entry]


def grouped(entries: list[Entry], by: str, locale: str) -> list[Group]:
    """The directory in sections: by first letter, hall, sector, country or delegation."""
    countries = Locale.parse(locale).territories
    last = "\uffff"
    keys: dict[str, Callable[[Entry], tuple[Any, str]]] = {
        "az": lambda e: (e.name[:1].upper(), e.name[:1].upper()),
        "hall": lambda e: ((e.hall.position, natural(e.hall.name)) if e.hall else (1 << 30, []),
                           e.hall.display_name(locale) if e.hall else ""),
        "sector": lambda e: ((e.sector.position, e.sector.name) if e.sector else (1 << 30, last),
                             e.sector.display_name(locale) if e.sector else ""),
        "country": lambda e: ((countries.get(e.country or "", last)),
                              countries.get(e.country or "", "")),
        "delegation": lambda e: (e.delegation or last, local_words(e.delegation)),
    }  # fmt: skip
    key = keys[by]
    ordered = sorted(entries, key=lambda e: (key(e)[0], natural(e.stand) if by == "hall" else [],
                                             e.name))  # fmt: skip
    groups = []
    for n, (_sort, grouped) in enumerate(groupby(ordered, key=lambda e: key(e)[0])):
        members = list(grouped)
        groups.append(Group(key(members[0])[1], f"{by}-{n}", members))
    return groups


def halls() -> list[Hall]:
    found = db.session.scalars(sa.select(Hall).options(selectinload(Hall.stands)))
    return sorted(found, key=lambda h: (h.position, natural(h.name)))


@dataclass(frozen=True)
class PlacedStand:
    stand: Stand
    exhibitor: str | None
    exhibitor_zh: str | None
    booth_id: int | None


def get_stand(stand_id: int) -> Stand:
    stand = db.session.get(Stand, stand_id)
    if stand is None:
        raise NotFound()
    return stand


def published_booth_of(exhibitor_id: int | None) -> int | None:
    if exhibitor_id is None:
        return None
    return db.session.scalar(sa.select(_published_booth(sa.literal(exhibitor_id))))


def hall_named(name: str) -> Hall | None:
    return db.session.scalar(sa.select(Hall).where(Hall.name == name))


def hall_stands(hall: Hall) -> list[PlacedStand]:
    """The hall's stands in order (A2 before A10), with their exhibitors and e-booths."""
    rows = db.session.execute(
        sa.select(Stand, Exhibitor.name, Exhibitor.name_zh, _published_booth(Stand.exhibitor_id))
        .outerjoin(Exhibitor, Exhibitor.id == Stand.exhibitor_id)
        .where(Stand.hall_id == hall.id)
    ).all()
    return sorted((PlacedStand(*row) for row in rows), key=lambda p: natural(p.stand.code))


def venues() -> list[Venue]:
    return list(db.session.scalars(sa.select(Venue).order_by(Venue.kind, Venue.name)))


def projects() -> list[Project]:
    return list(
        db.session.scalars(
            sa.select(Project)
            .options(selectinload(Project.sector))
            .order_by(Project.signed_on, Project.title)
        )
    )


@dataclass(frozen=True)
class Plan:
    url: str
    width: int
    height: int


def floor_plan(hall: Hall) -> Plan | None:
    """The hall's processed plan at its largest size, once the pipeline has made it."""
    item = hall.floor_plan
    if item is None or item.status != MediaStatus.READY or not item.variants:
        return None
    jpegs = [v for v in item.variants.values() if v["content_type"] == "image/jpeg"]
    if not jpegs:
        return None
    best = max(jpegs, key=lambda v: v["width"])
    return Plan(public_url(best["key"]), best["width"], best["height"])
