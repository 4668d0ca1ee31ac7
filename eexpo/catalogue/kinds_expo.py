"""The catalogue CSV kinds of the expo itself: the event, its sectors and its exhibitors (with
their hall and stand)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eexpo import search
from eexpo.catalogue.rows import (
    SLUG,
    Fields,
    Key,
    Kind,
    Problem,
    Row,
    current_event,
    sector_slugs,
    sectors_by_slug,
)
from eexpo.catalogue.services import first_stands
from eexpo.extensions import db
from eexpo.models import (
    Booth,
    Event,
    Exhibitor,
    ExhibitorStatus,
    Hall,
    Sector,
    Stand,
)


class EventKind(Kind):
    name = "event"
    columns = ("name", "name_zh", "starts_on", "ends_on", "venue", "venue_zh", "country",
               "region")  # fmt: skip
    optional = ("venue_zh",)
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
            "venue_zh": f.text("venue_zh", 300),
            "country": f.country("country"),
            "region": f.text("region", 100),
        }
        if row["starts_on"] and row["ends_on"] and row["ends_on"] < row["starts_on"]:
            f.problems.append(_("ends_on: before starts_on"))
        return f.done(row)

    def existing(self) -> dict[Key, Row]:
        event = current_event()
        if event is None:
            return {}
        return {(): {
            "name": event.name, "name_zh": event.name_zh or "",
            "starts_on": event.starts_on.isoformat(), "ends_on": event.ends_on.isoformat(),
            "venue": event.venue or "", "venue_zh": event.venue_zh or "",
            "country": event.country or "",
            "region": event.region or "",
        }}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        for row in rows:
            event = current_event()
            if event is None:
                event = Event()
                db.session.add(event)
            event.name, event.name_zh = row["name"], row["name_zh"] or None
            event.starts_on = date.fromisoformat(row["starts_on"])
            event.ends_on = date.fromisoformat(row["ends_on"])
            event.venue, event.venue_zh = row["venue"] or None, row["venue_zh"] or None
            event.country = row["country"] or None
            event.region = row["region"] or None


class SectorKind(Kind):
    name = "sectors"
    columns = ("slug", "name", "name_zh", "group", "group_name", "group_name_zh")
    optional = ("group_name", "group_name_zh")
    key = ("slug",)

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        slug = f.text("slug", 80, required=True)
        if slug and not SLUG.match(slug):
            slug = f.fail("slug", _("lower-case letters, digits and hyphens, like smart-energy"))
        row = {
            "slug": slug, "name": f.text("name", 200, required=True),
            "name_zh": f.text("name_zh", 200), "group": f.text("group", 80),
            "group_name": f.text("group_name", 200), "group_name_zh": f.text("group_name_zh", 200),
        }  # fmt: skip
        if (row["group_name"] or row["group_name_zh"]) and not row["group"]:
            f.problems.append(_("group_name: a name for no group; give the group too"))
        return f.done(row)

    def check_together(self, rows: list[Row], lines: list[int]) -> list[tuple[int, str]]:
        """A group is named once: every sector of it gives the same names."""
        first: dict[str, tuple[int, Row]] = {}
        problems = []
        for line, row in zip(lines, rows, strict=True):
            if not row["group"]:
                continue
            line_before, before = first.setdefault(row["group"], (line, row))
            names = ("group_name", "group_name_zh")
            if any(before[name] != row[name] for name in names):
                problems.append(
                    (
                        line,
                        _(
                            "group_name: group %(group)s is named otherwise on line %(line)d",
                            group=row["group"],
                            line=line_before,
                        ),
                    )
                )
        return problems

    def existing(self) -> dict[Key, Row]:
        sectors = db.session.scalars(sa.select(Sector).order_by(Sector.position, Sector.name))
        return {(s.slug,): {"id": str(s.id), "slug": s.slug, "name": s.name,
                            "name_zh": s.name_zh or "",
                            "group": s.group or "", "group_name": s.group_name or "",
                            "group_name_zh": s.group_name_zh or ""}
                for s in sectors}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        known = {str(sector.id): sector for sector in sectors_by_slug().values()}
        position = max((s.position for s in known.values()), default=-1)
        for row in rows:
            sector = known.get(row["id"])
            if sector is None:
                position += 1
                sector = known[f"new-{position}"] = Sector(position=position)
                db.session.add(sector)
            sector.slug, sector.name, sector.name_zh = (
                row["slug"],
                row["name"],
                row["name_zh"] or None,
            )
            sector.group = row["group"] or None
        db.session.flush()
        # Booths are found by their sector's names: those of the rows written, indexed again.
        slugs = [row["slug"] for row in rows]
        search.reindex(
            sa.select(Booth.id)
            .join(Sector, Sector.id == Booth.sector_id)
            .where(Sector.slug.in_(slugs))
        )
        # A group's names are the group's: its sectors missing from the file take them too.
        named = {row["group"]: (row["group_name"], row["group_name_zh"]) for row in rows}
        for sector in known.values():
            if (sector.group or "") in named:
                name, name_zh = named[sector.group or ""]
                sector.group_name, sector.group_name_zh = name or None, name_zh or None

    def delete(self, row_id: int) -> None:
        sector = db.session.get(Sector, row_id)
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
        return {"sectors": sector_slugs()}

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
        """Stands given once, and not held by an exhibitor the file leaves out; no name of an
        application still waiting (or turned down) under that name."""
        problems = []
        taken: dict[tuple[str, str], int] = {}
        ids = {row["id"] for row in rows}
        holders = {
            (hall, code): (str(owner_id), owner)
            for hall, code, owner_id, owner in db.session.execute(
                sa.select(Hall.name, Stand.code, Exhibitor.id, Exhibitor.name)
                .join(Stand.hall)
                .join(Exhibitor, Exhibitor.id == Stand.exhibitor_id)
            )
        }
        undecided = set(db.session.scalars(
            sa.select(Exhibitor.name).where(
                Exhibitor.status != ExhibitorStatus.APPROVED,
                Exhibitor.name.in_([row["name"] for row in rows]),
            )
        ))  # fmt: skip
        for row, line in zip(rows, lines, strict=True):
            if row["name"] in undecided:
                problems.append((line, _(
                    "name: an application under this name is not accepted; decide it first"
                )))  # fmt: skip
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
            holder_id, holder = holders.get(place, ("", ""))
            if holder and holder_id not in ids:
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
                "id": str(e.id), "name": e.name, "name_zh": e.name_zh or "",
                "country": e.country or "",
                "region": e.region or "", "delegation": e.delegation or "",
                "sector": e.sector.slug if e.sector else "", "website": e.website or "",
                "email": e.contact_email or "", "hall": hall, "stand": code,
            }  # fmt: skip
        return rows

    def write(self, rows: list[Row]) -> None:
        sectors = sectors_by_slug()
        halls = {hall.name: hall for hall in db.session.scalars(sa.select(Hall))}
        given = [int(row["id"]) for row in rows if row["id"]]
        known = {
            str(e.id): e
            for e in db.session.scalars(sa.select(Exhibitor).where(Exhibitor.id.in_(given)))
        }
        for row in rows:
            exhibitor = known.get(row["id"])
            if exhibitor is None:
                exhibitor = Exhibitor(status=ExhibitorStatus.APPROVED)
                db.session.add(exhibitor)
            exhibitor.name, exhibitor.name_zh = row["name"], row["name_zh"] or None
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
        # Booths are found by their exhibitor's names, delegation and region.
        search.reindex(sa.select(Booth.id).where(Booth.exhibitor_id.in_(ids.values())))

    def delete(self, row_id: int) -> None:
        exhibitor = db.session.get(Exhibitor, row_id)
        if exhibitor is None:
            raise Problem([_("There is no such row.")])
        if exhibitor.users or db.session.scalar(
            sa.select(sa.func.count()).select_from(Booth).where(Booth.exhibitor_id == exhibitor.id)
        ):
            raise Problem([_("This exhibitor has accounts or booths online; it stays.")])
        db.session.delete(exhibitor)
