"""The catalogue CSV kinds of places and deals: venues open to the public and the signed
projects (with the exhibitors they came from), and the glossary giving the Chinese of the regions
and delegations they name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eexpo import search
from eexpo.catalogue.rows import (
    Fields,
    Key,
    Kind,
    Row,
    delete_one,
    plain_decimal,
    sector_slugs,
    sectors_by_slug,
)
from eexpo.extensions import db
from eexpo.models import Booth, Exhibitor, Glossary, Project, Venue, VenueKind


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
            "exhibitors": exhibitor_names(f, context["exhibitors"]),
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
        exhibitors = exhibitors_named(rows)
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
            project.exhibitors = [exhibitors[name] for name in names_in(row["exhibitors"])]

    def delete(self, row_id: int) -> None:
        delete_one(sa.select(Project).where(Project.id == row_id))


def names_in(text: str) -> list[str]:
    return [name for name in (part.strip() for part in text.split(";")) if name]


def exhibitors_named(rows: list[Row]) -> dict[str, Exhibitor]:
    """The exhibitors the rows' `exhibitors` cells name, by name."""
    names = {name for row in rows for name in names_in(row["exhibitors"])}
    return {
        e.name: e for e in db.session.scalars(sa.select(Exhibitor).where(Exhibitor.name.in_(names)))
    }


def exhibitor_names(f: Fields, known: set[str]) -> str:
    """The exhibitors a project came from or a session features, each by its catalogue name;
    sorted as exported, so a file listing them in another order changes nothing."""
    names: list[str] = []
    for name in names_in(f.text("exhibitors", 5000)):
        if name not in known:
            f.problems.append(_("exhibitors: there is no exhibitor “%(name)s”", name=name))
        elif name not in names:
            names.append(name)
    return "; ".join(sorted(names))


class GlossaryKind(Kind):
    name = "glossary"
    columns = ("english", "chinese")
    key = ("english",)

    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        f = Fields(values)
        return f.done({
            "english": f.text("english", 200, required=True),
            "chinese": f.text("chinese", 200, required=True),
        })  # fmt: skip

    def existing(self) -> dict[Key, Row]:
        entries = db.session.scalars(sa.select(Glossary).order_by(Glossary.english))
        return {(g.english,): {"id": str(g.id), "english": g.english, "chinese": g.chinese}
                for g in entries}  # fmt: skip

    def write(self, rows: list[Row]) -> None:
        known = {str(g.id): g for g in db.session.scalars(sa.select(Glossary))}
        for row in rows:
            entry = known.get(row["id"])
            if entry is None:
                entry = Glossary()
                db.session.add(entry)
            entry.english, entry.chinese = row["english"], row["chinese"]
        db.session.flush()
        _reindex_named([row["english"] for row in rows])

    def delete(self, row_id: int) -> None:
        english = db.session.scalar(sa.select(Glossary.english).where(Glossary.id == row_id))
        delete_one(sa.select(Glossary).where(Glossary.id == row_id))
        _reindex_named([english] if english else [])


def _reindex_named(names: list[str]) -> None:
    """Booths are found by the Chinese of their exhibitor's region and delegation: those of the
    exhibitors a changed entry names, indexed again."""
    named = sa.or_(Exhibitor.region.in_(names), Exhibitor.delegation.in_(names))
    search.reindex(sa.select(Booth.id).join(Exhibitor, Exhibitor.id == Booth.exhibitor_id)
                   .where(named))  # fmt: skip
