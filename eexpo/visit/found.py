"""The search page's facets: results kept to a sector, a country or a hall, each facet counted
over the results with the other facets as chosen; and the "did you mean" when nothing matches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from eexpo import search, spelling
from eexpo.content import until_content_changes
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db
from eexpo.models import Booth, Exhibitor, Hall, Stand
from eexpo.orm import BilingualName
from eexpo.visit.exhibits import sector_names
from eexpo.visit.services import Listing, PageSector, get_sector, search_listing


@dataclass(frozen=True)
class SearchFilters:
    """What a visitor kept the results to; every field is optional."""

    sector: PageSector | None = None
    country: str | None = None  # ISO 3166 alpha-2, upper case
    hall: str | None = None  # a hall's name

    @property
    def is_empty(self) -> bool:
        return self == SearchFilters()

    def args(self, q: str | None = None) -> dict[str, str | None]:
        """As a query string's parameters, after the words searched for if given."""
        return {"q": q, "sector": self.sector.slug if self.sector else None,
                "country": self.country, "hall": self.hall}  # fmt: skip


def filters_from(args: Mapping[str, str]) -> SearchFilters:
    """The facets chosen in a query string: NotFound for a sector or hall there is not, Invalid
    for a country that is not a two-letter code."""
    country = (args.get("country") or "").strip().upper()
    if country and not (len(country) == 2 and country.isalpha() and country.isascii()):
        raise Invalid(
            _("A country is given by its two-letter code."), fields={"country": "invalid"}
        )
    slug = (args.get("sector") or "").strip()
    hall = (args.get("hall") or "").strip()[:100]
    if hall and hall not in {row.name for row in _halls()}:
        raise NotFound(_("There is no hall %(name)s.", name=hall))
    return SearchFilters(get_sector(slug) if slug else None, country or None, hall or None)


@dataclass(frozen=True)
class Choice(BilingualName):
    """One value of a facet, with how many results it would leave."""

    value: str
    name: str
    name_zh: str | None
    booths: int


@dataclass(frozen=True)
class SearchFacets:
    sector: list[Choice]
    country: list[Choice]  # named in the template, in the reader's language
    hall: list[Choice]


@until_content_changes
def facets_of(query: str, filters: SearchFilters) -> SearchFacets:
    """Each facet's values among the booths matching `query`, counted under the other facets
    (kept until content changes). One statement reads each match's sector, country and halls,
    and they are counted here, rather than a grouped statement per facet, each of which had the
    database find the matches again."""
    terms = search.query_terms(query)
    if not terms:
        return SearchFacets([], [], [])
    index, _key = search.BOOTHS.stored()
    booth_id, condition, _rank = search.BOOTHS.match(terms)
    rows = db.session.execute(
        sa.select(Booth.id, Booth.sector_id, Exhibitor.country, Stand.hall_id)
        .join(Exhibitor, Exhibitor.id == Booth.exhibitor_id)
        .outerjoin(Stand, Stand.exhibitor_id == Booth.exhibitor_id)
        .where(Booth.id.in_(sa.select(booth_id).select_from(index).where(condition)))
    )
    booths: dict[int, tuple[int | None, str | None, set[int]]] = {}
    for found_id, sector_id, country, hall_id in rows:
        halls = booths.setdefault(found_id, (sector_id, country, set()))[2]
        if hall_id is not None:
            halls.add(hall_id)
    all_halls = _halls()
    chosen_hall = next((hall.id for hall in all_halls if hall.name == filters.hall), None)
    sectors: Counter[int | None] = Counter()
    countries: Counter[str] = Counter()
    halls_found: Counter[int] = Counter()
    for sector_id, country, in_halls in booths.values():
        of_sector = filters.sector is None or sector_id == filters.sector.id
        of_country = filters.country is None or country == filters.country
        in_hall = chosen_hall is None or chosen_hall in in_halls
        if of_country and in_hall:
            sectors[sector_id] += 1
        if of_sector and in_hall and country:
            countries[country] += 1
        if of_sector and of_country:
            halls_found.update(in_halls)
    return SearchFacets(
        [Choice(row.slug, row.name, row.name_zh, sectors[row.id])
         for row in sector_names().values() if sectors[row.id]],
        [Choice(code, code, None, n) for code, n in sorted(countries.items())],
        [Choice(row.name, row.name, row.name_zh, halls_found[row.id])
         for row in all_halls if halls_found[row.id]],
    )  # fmt: skip


@until_content_changes
def _halls() -> list[Any]:
    columns = (Hall.id, Hall.name, Hall.name_zh)
    return list(db.session.execute(sa.select(*columns).order_by(Hall.position, Hall.name)))


@dataclass(frozen=True)
class Found:
    """What the search page shows: the listing for `query`, or, when nothing matched it, for
    the `corrected` query that does match."""

    query: str
    corrected: str | None
    listing: Listing
    facets: SearchFacets


def found(query: str, filters: SearchFilters, page: int, per_page: int) -> Found:
    """One page of results, their facets, and the correction of a query nothing matched."""

    def listed(words: str) -> Listing:
        return search_listing(words, page, per_page, sector=filters.sector,
                              country=filters.country, hall=filters.hall)  # fmt: skip

    listing = listed(query)
    corrected = None
    if not listing.total and page == 1 and (suggestion := spelling.suggest(query)):
        better = listed(suggestion)
        if better.total:
            corrected, listing = suggestion, better
    return Found(query, corrected, listing, facets_of(corrected or query, filters))
