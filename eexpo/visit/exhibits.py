"""The exhibits catalogue: published exhibits searched, filtered and counted by facet; one
exhibit's page; the cards a booth page shows. Reads columns, never models, on public pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import orjson
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eexpo import search
from eexpo.content import until_content_changes
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db
from eexpo.media.shown import ShownMedia, Sizes, public_sizes, shown_media, sizes, url_maker
from eexpo.models import (
    Booth,
    BoothRevision,
    Exhibit,
    ExhibitCooperation,
    ExhibitKind,
    ExhibitMedia,
    Exhibitor,
    ExhibitVersion,
    MediaItem,
    MediaKind,
    MediaStatus,
    Sector,
    exhibit_version_sector,
)
from eexpo.orm import tags_of
from eexpo.visit.cards import read, stand_of
from eexpo.visit.services import Paged, PageSector

TRL_LEVELS = range(1, 10)


@dataclass(frozen=True)
class ExhibitFilters:
    """What a visitor narrowed the catalogue to; every field is optional."""

    q: str = ""
    sector: str | None = None  # a sector's slug
    kind: ExhibitKind | None = None
    trl_min: int | None = None
    trl_max: int | None = None
    cooperation: ExhibitCooperation | None = None
    country: str | None = None  # ISO 3166 alpha-2, upper case

    def without(self, facet: str) -> ExhibitFilters:
        """The same filters but one facet's (its counts are taken without it)."""
        if facet == "trl":
            return ExhibitFilters(**{**self.__dict__, "trl_min": None, "trl_max": None})
        return ExhibitFilters(**{**self.__dict__, facet: None})

    @property
    def is_empty(self) -> bool:
        return self == ExhibitFilters()


def filters_from(args: Mapping[str, str]) -> ExhibitFilters:
    """The catalogue's filters from a page's query string; Invalid (naming the parameter) for
    a value there is no such filter for. Sectors are checked by the caller (404, as a sector
    page)."""

    def choice(name: str, allowed: type[Any]) -> Any:
        value = (args.get(name) or "").strip()
        if not value:
            return None
        try:
            return allowed(value)
        except ValueError:
            raise Invalid(
                _("There is no such filter: %(name)s=%(value)s.", name=name, value=value[:40]),
                fields={name: "unknown"},
            ) from None

    def level(name: str) -> int | None:
        value = (args.get(name) or "").strip()
        if not value:
            return None
        if not value.isdigit() or int(value) not in TRL_LEVELS:
            raise Invalid(_("Readiness levels run from 1 to 9."), fields={name: "invalid"})
        return int(value)

    country = (args.get("country") or "").strip().upper()
    if country and not (len(country) == 2 and country.isalpha() and country.isascii()):
        raise Invalid(
            _("A country is given by its two-letter code."), fields={"country": "invalid"}
        )
    return ExhibitFilters(
        q=(args.get("q") or "").strip()[: search.MAX_QUERY_CHARS],
        sector=(args.get("sector") or "").strip() or None,
        kind=choice("kind", ExhibitKind),
        trl_min=level("trl_min"),
        trl_max=level("trl_max"),
        cooperation=choice("cooperation", ExhibitCooperation),
        country=country or None,
    )


@dataclass(slots=True)
class ExhibitCard:
    id: int
    name: str
    name_zh: str | None
    summary: str
    summary_zh: str | None
    kind: ExhibitKind
    trl: int | None
    cooperation: list[ExhibitCooperation]
    booth_id: int
    exhibitor_name: str
    exhibitor_name_zh: str | None
    country: str | None
    stand: str | None
    image: Sizes | None
    sectors: list[str] = field(default_factory=list)  # slugs

    def display_name(self, locale: str | None) -> str:
        zh = locale and locale.startswith("zh") and self.name_zh
        return self.name_zh if zh else self.name  # type: ignore[return-value]

    def display_summary(self, locale: str | None) -> str:
        zh = locale and locale.startswith("zh") and self.summary_zh
        return self.summary_zh if zh else self.summary  # type: ignore[return-value]

    def exhibitor(self, locale: str | None) -> str:
        zh = locale and locale.startswith("zh") and self.exhibitor_name_zh
        return self.exhibitor_name_zh if zh else self.exhibitor_name  # type: ignore[return-value]


@dataclass(frozen=True)
class Facets:
    """For each filter, how many exhibits each of its values would leave (the other filters as
    they are)."""

    sector: dict[str, int]
    kind: dict[str, int]
    trl: dict[str, int]
    cooperation: dict[str, int]
    country: dict[str, int]


@dataclass(frozen=True)
class ExhibitListing(Paged):
    cards: list[ExhibitCard]
    total: int
    page: int
    per_page: int
    facets: Facets | None


def _first_photo() -> sa.ScalarSelect[Any]:
    """The variants (JSON text) of a version's first ready photo."""
    return (
        sa.select(sa.cast(MediaItem.variants, sa.Text))
        .select_from(ExhibitMedia)
        .join(MediaItem, MediaItem.id == ExhibitMedia.media_id)
        .where(
            ExhibitMedia.version_id == ExhibitVersion.id,
            MediaItem.kind == MediaKind.IMAGE,
            MediaItem.status == MediaStatus.READY,
        )
        .order_by(ExhibitMedia.position)
        .limit(1)
        .scalar_subquery()
    )


@lru_cache(maxsize=2)
def _cards_select(live: bool) -> sa.Select:
    """Cards' columns: of live exhibits (`_live`), or of any revision's."""
    columns = (
        sa.select(
            ExhibitVersion.exhibit_id, ExhibitVersion.name, ExhibitVersion.name_zh,
            ExhibitVersion.summary, ExhibitVersion.summary_zh, ExhibitVersion.kind,
            ExhibitVersion.trl, ExhibitVersion.offers, Booth.id.label("booth_id"),
            Exhibitor.name.label("exhibitor_name"), Exhibitor.name_zh.label("exhibitor_name_zh"),
            Exhibitor.country, stand_of(Exhibitor.id).label("stand"),
            _first_photo().label("photo"), ExhibitVersion.id.label("version_id"),
        )
    )  # fmt: skip
    if live:
        return _live(columns)
    return (
        columns.select_from(ExhibitVersion)
        .join(BoothRevision, BoothRevision.id == ExhibitVersion.revision_id)
        .join(Booth, Booth.id == BoothRevision.booth_id)
        .join(Exhibitor, Exhibitor.id == Booth.exhibitor_id)
    )


def _cards(
    rows: list[Any], image: Callable[[str], Sizes | None], *, sectors: bool = True
) -> list[ExhibitCard]:
    """Cards from `_cards_select` rows, with their sectors unless not wanted (one statement
    for the page; cards on pages do not show them, the API's do)."""
    found = [
        ExhibitCard(
            row.exhibit_id, row.name, row.name_zh, row.summary, row.summary_zh,
            ExhibitKind(row.kind), row.trl,
            tags_of(row.offers, ExhibitCooperation),
            row.booth_id, row.exhibitor_name, row.exhibitor_name_zh, row.country, row.stand,
            image(row.photo) if row.photo else None,
        )
        for row in rows
    ]  # fmt: skip
    versions = {row.version_id: card for row, card in zip(rows, found, strict=True)}
    if versions and sectors:
        for row in read(
            sa.select(exhibit_version_sector.c.version_id, Sector.slug)
            .join(Sector, Sector.id == exhibit_version_sector.c.sector_id)
            .where(exhibit_version_sector.c.version_id.in_(list(versions)))
            .order_by(Sector.position)
        ):
            versions[row.version_id].sectors.append(row.slug)
    return found


def _public_image() -> Callable[[str], Sizes | None]:
    cover = public_sizes()

    def image(variants: str) -> Sizes | None:
        found = cover(variants)
        return found if found.smallest else None

    return image


def _narrowed(query: sa.Select, filters: ExhibitFilters) -> tuple[sa.Select, Any]:
    """`query` (over live exhibit versions, with their booth and exhibitor) narrowed by
    filters, and the rank to order by when words are searched for (through the exhibits'
    index: lower is better), else None."""
    if filters.sector:
        query = query.where(
            sa.exists()
            .where(exhibit_version_sector.c.version_id == ExhibitVersion.id)
            .where(exhibit_version_sector.c.sector_id == Sector.id, Sector.slug == filters.sector)
        )
    if filters.kind:
        query = query.where(ExhibitVersion.kind == filters.kind)
    if filters.trl_min is not None:
        query = query.where(ExhibitVersion.trl >= filters.trl_min)
    if filters.trl_max is not None:
        query = query.where(ExhibitVersion.trl <= filters.trl_max)
    if filters.cooperation:
        query = query.where(ExhibitVersion.offers.like(f"%,{filters.cooperation.value},%"))
    if filters.country:
        query = query.where(Exhibitor.country == filters.country)
    terms = search.query_terms(filters.q)
    if terms:
        key, condition, rank = search.EXHIBITS.match(terms)
        table, _key = search.EXHIBITS.stored()
        matched = sa.select(key.label("id"), rank.label("rank")).select_from(table)
        found = matched.where(condition).subquery()
        return query.join(found, found.c.id == ExhibitVersion.exhibit_id), found.c.rank
    return query, None


def listing(
    filters: ExhibitFilters, page: int, per_page: int, *, facets: bool = True
) -> ExhibitListing:
    """One page of live exhibits as cards (ranked when searched, else by exhibitor A to Z), the
    total, and the facets' counts. The page's versions are chosen first, and only their cards
    read: reading every match's card (its photo and stand) before sorting cost more than the
    page."""
    order: list[sa.Label[Any]] = [
        Booth.sort_name.label("name"), Booth.id.label("booth"),
        ExhibitVersion.position.label("position"),
    ]  # fmt: skip
    chosen, rank = _narrowed(_live(sa.select(ExhibitVersion.id.label("version"), *order)),
                             filters)  # fmt: skip
    if rank is not None:
        order.insert(0, rank.label("rank"))
        chosen = chosen.add_columns(order[0])
    picked = chosen.order_by(*order).limit(per_page).offset((page - 1) * per_page).subquery()
    query = _cards_select(True).join(picked, picked.c.version == ExhibitVersion.id)
    rows = list(read(query.order_by(*(picked.c[column.name] for column in order))))
    last_page = bool(rows) and len(rows) < per_page
    total = (page - 1) * per_page + len(rows) if last_page else _total(filters)
    return ExhibitListing(
        _cards(rows, _public_image(), sectors=facets), total, page, per_page,
        facets_of(filters) if facets else None,
    )  # fmt: skip


def _live(query: sa.Select | None = None) -> sa.Select:
    """`query` (or a bare select) over the live exhibit versions with their booth and
    exhibitor: from the exhibits' live pointers (`Exhibit.live_version_id`), then by primary
    keys, however many booths there are."""
    return (
        (query if query is not None else sa.select())
        .select_from(Exhibit)
        .join(ExhibitVersion, ExhibitVersion.id == Exhibit.live_version_id)
        .join(Booth, Booth.id == Exhibit.booth_id)
        .join(Exhibitor, Exhibitor.id == Booth.exhibitor_id)
    )


@until_content_changes
def _total(filters: ExhibitFilters) -> int:
    counted, _rank = _narrowed(_live().add_columns(sa.func.count()), filters)
    return int(read(counted).scalar_one())


@until_content_changes
def facets_of(filters: ExhibitFilters) -> Facets:
    """Each facet counted under the other filters (five statements, kept until content
    changes)."""

    def grouped(facet: str, column: Any, *joins: tuple[Any, Any]) -> dict[str, int]:
        query = _live()
        for table, on in joins:
            query = query.join(table, on)
        query, _rank = _narrowed(query.add_columns(column, sa.func.count()), filters.without(facet))
        counted: list[Any] = list(read(query.group_by(column)))
        return {str(row[0]): row[1] for row in counted if row[0] is not None}

    cooperation_counts = [
        sa.func.sum(sa.case((ExhibitVersion.offers.like(f"%,{kind.value},%"), 1), else_=0))
        for kind in ExhibitCooperation
    ]
    narrowed, _rank = _narrowed(
        _live().add_columns(*cooperation_counts), filters.without("cooperation")
    )
    sums = read(narrowed).one()
    return Facets(
        sector=grouped(
            "sector", Sector.slug,
            (exhibit_version_sector, exhibit_version_sector.c.version_id == ExhibitVersion.id),
            (Sector, Sector.id == exhibit_version_sector.c.sector_id),
        ),
        kind=grouped("kind", ExhibitVersion.kind),
        trl=grouped("trl", ExhibitVersion.trl),
        cooperation={
            kind.value: int(n or 0) for kind, n in zip(ExhibitCooperation, sums, strict=True) if n
        },
        country=grouped("country", Exhibitor.country),
    )  # fmt: skip


@until_content_changes
def sector_names() -> dict[str, PageSector]:
    """Every sector by its slug, in the catalogue's order, for cards and filters."""
    rows = read(sa.select(Sector.id, Sector.slug, Sector.name, Sector.name_zh)
                .order_by(Sector.position, Sector.name))  # fmt: skip
    return {row.slug: PageSector(row.id, row.slug, row.name, row.name_zh) for row in rows}


def cards_of_revision(revision_id: int, *, public: bool) -> list[ExhibitCard]:
    """A revision's exhibits in their order, as its booth page lists them (the live page, or the
    exhibitor's preview and the moderators' review, with private links)."""
    query = _cards_select(False).where(ExhibitVersion.revision_id == revision_id)
    rows = list(read(query.order_by(ExhibitVersion.position)))
    if public:
        return _cards(rows, _public_image(), sectors=False)
    url = url_maker(public=False)

    def image(variants: str) -> Sizes | None:
        found = sizes(orjson.loads(variants), url)
        return found if found.smallest else None

    return _cards(rows, image, sectors=False)


@dataclass(frozen=True)
class ExhibitPage:
    """One live exhibit with what its page shows."""

    version: ExhibitVersion
    card: ExhibitCard
    photos: list[ShownMedia]
    video: ShownMedia | None
    documents: list[tuple[MediaItem, ShownMedia]]


def exhibit_page(exhibit_id: int) -> ExhibitPage:
    """A live exhibit (of a published booth's live revision); 404 for anything else."""
    version = db.session.scalar(
        sa.select(ExhibitVersion)
        .join(Exhibit, Exhibit.live_version_id == ExhibitVersion.id)
        .where(Exhibit.id == exhibit_id)
        .options(
            selectinload(ExhibitVersion.media).selectinload(ExhibitMedia.media),
            selectinload(ExhibitVersion.sectors),
        )
    )
    if version is None:
        raise NotFound()
    row = read(_cards_select(True).where(Exhibit.id == exhibit_id)).one()
    card = _cards([row], _public_image())[0]
    url = url_maker(public=True)
    ready = [link.media for link in version.media if link.media.status == MediaStatus.READY]
    videos = [shown_media(m, url) for m in ready if m.kind == MediaKind.VIDEO]
    return ExhibitPage(
        version,
        card,
        [shown_media(m, url) for m in ready if m.kind == MediaKind.IMAGE],
        videos[0] if videos else None,
        [(m, shown_media(m, url)) for m in ready if m.kind == MediaKind.DOCUMENT],
    )
