"""The public side of the API: published booths, listed, searched and read; leads; tours."""

from __future__ import annotations

from typing import Any, Literal

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo import limits
from eexpo.access import public, signed_in
from eexpo.api import bp
from eexpo.api.schemas.common import Card, Cards, Exhibitor, Media
from eexpo.api.schemas.visit import (
    BoothExhibitor,
    BoothPage,
    BoothSearch,
    CatalogueItems,
    Contact,
    LeadStored,
    OnTour,
    PublishedBooth,
    ShownMedia,
    ShownText,
)
from eexpo.api.spec import ANYONE, answers, api
from eexpo.catalogue import services as catalogue_services
from eexpo.catalogue.kinds import KINDS as CSV_KINDS
from eexpo.errors import NotFound
from eexpo.extensions import db, limiter
from eexpo.i18n import current_locale_code
from eexpo.media.shown import media_json
from eexpo.models import BlockType
from eexpo.pagecache import cached
from eexpo.visit import booth_page, cards, favourites, leads, services

MEDIA_BLOCK_TYPES: dict[BlockType, Literal["photo", "video", "document"]] = {
    BlockType.PHOTO: "photo",
    BlockType.VIDEO: "video",
    BlockType.DOCUMENT: "document",
}


def _card(card: cards.Card) -> Card:
    return Card(
        id=card.id,
        title=card.title,
        summary=card.summary,
        exhibitor=Exhibitor(
            name=card.exhibitor_name,
            name_zh=card.exhibitor_name_zh,
            country=card.country,
            region=card.region,
            delegation=card.delegation,
        ),
        stand=card.stand,
        has_video=card.has_video,
        image=card.image.smallest.url if card.image and card.image.smallest else None,
        snippet_html=str(card.snippet) if card.snippet is not None else None,
    )


@bp.get("/booths")
@limits.search
@public
@api.validate(
    security=ANYONE,
    resp=answers(
        HTTP_200=(BoothPage, "One page of booths"),
        HTTP_404="An unknown sector",
        HTTP_422="A parameter out of its range",
        HTTP_429="Too many searches (`q`) from this address",
    ),
)
def list_booths(query: BoothSearch) -> BoothPage:
    """Published booths, searched and ranked when `q` is given, else by exhibitor A to Z"""
    sector = services.get_sector(query.sector) if query.sector else None
    country = query.country.upper() if query.country else None
    words = query.q.strip()
    page, per_page = query.page, query.per_page
    if words:
        listing = services.search_listing(words, page, per_page, sector=sector, country=country)
    else:
        listing = services.booth_listing(
            services.SectorFilters(country=country), page, per_page, sector=sector
        )
    return BoothPage(
        items=[_card(card) for card in listing.cards],
        page=page,
        per_page=per_page,
        total=listing.total,
    )


@bp.get("/booths/<int:booth_id>")
@public
@api.validate(
    security=ANYONE,
    resp=answers(
        HTTP_200=(PublishedBooth, "The booth's live revision"),
        HTTP_404="No published booth with this id",
    ),
)
def read_booth(booth_id: int) -> PublishedBooth:
    """A published booth as visitors see it"""
    page = booth_page.booth_page(booth_id=booth_id)
    booth, revision = page.booth, page.revision
    blocks: list[ShownText | ShownMedia] = []
    for block, _shown in page.blocks:
        if block.type.value == "text":
            blocks.append(ShownText(type="text", html=block.html or ""))
        else:
            media = (
                Media.model_validate(media_json(block.media, public=True)) if block.media else None
            )
            blocks.append(
                ShownMedia(
                    type=MEDIA_BLOCK_TYPES[block.type],
                    alt=block.alt,
                    caption=block.caption,
                    media=media,
                )
            )
    return PublishedBooth(
        id=booth.id,
        slug=booth.slug or "",  # never empty: the page's row types are looser than the table's
        title=revision.title,
        summary=revision.summary or "",
        sector=booth.sector.slug if booth.sector else None,
        exhibitor=BoothExhibitor.model_validate(booth.exhibitor, from_attributes=True),
        stand=page.stand,
        blocks=blocks,
    )


@bp.post("/booths/<int:booth_id>/leads")
@public
@limiter.shared_limit(leads.rate_limit, scope="leads")
@api.validate(
    security=ANYONE,
    resp=answers(
        body=True,
        HTTP_201=(LeadStored, "The lead was stored; the exhibitor is told"),
        HTTP_404="No published booth with this id",
        HTTP_422="A missing or invalid field, or no consent",
        HTTP_429="Too many messages from this address",
    ),
)
def create_lead(booth_id: int, json: Contact) -> tuple[LeadStored, int]:
    """Ask a published booth's exhibitor to get in touch (rate limited)"""
    contact = leads.Contact(**json.model_dump())
    user = current_user if current_user.is_authenticated else None
    lead = leads.create_lead(booth_id, contact, locale=current_locale_code(), user=user)
    db.session.commit()
    return LeadStored(id=lead.id, created_at=lead.created_at.isoformat()), 201


@bp.get("/favourites")
@signed_in
@api.validate(resp=answers(HTTP_200=(Cards, "The published booths on the tour")))
def list_favourites() -> Cards:
    """The caller's tour (favourites), in the order of a walk through the halls"""
    cards = favourites.route(favourites.booth_ids(current_user))
    return Cards(items=[_card(card) for card in cards])


@bp.put("/favourites/<int:booth_id>")
@signed_in
@api.validate(
    resp=answers(
        HTTP_201=(OnTour, "Added"),
        HTTP_200=(OnTour, "Already on the tour"),
        HTTP_404="No published booth with this id",
        HTTP_422="The tour is full",
    )
)
def add_favourite(booth_id: int) -> tuple[OnTour, int]:
    """Put a published booth on the caller's tour (again is no error)"""
    added = favourites.add(current_user, [booth_id])
    db.session.commit()
    return OnTour(booth_id=booth_id), 201 if added else 200


@bp.delete("/favourites/<int:booth_id>")
@signed_in
@api.validate(resp=answers(HTTP_204=(None, "Removed"), HTTP_404="The booth is not on the tour"))
def remove_favourite(booth_id: int) -> tuple[str, int]:
    """Take a booth off the caller's tour"""
    if not favourites.remove(current_user, booth_id):
        raise NotFound(_("This booth is not on your tour."))
    db.session.commit()
    return "", 204


@bp.get("/catalogue/<any(exhibitors, sessions, speakers, venues, halls, projects):kind>")
@public
@cached
@api.validate(
    security=ANYONE,
    resp=answers(
        HTTP_200=(CatalogueItems, "Every item of the kind"), HTTP_404="No catalogue of that kind"
    ),
)
def catalogue(kind: str) -> Response:
    """The offline catalogue: the CSV formats' rows as JSON, with numeric ids (halls with their
    stands)"""
    if kind == "halls":
        items: list[dict[str, Any]] = [
            {"name": hall.name, "name_zh": hall.name_zh,
             "stands": [{"code": placed.stand.code, "exhibitor": placed.exhibitor,
                         "booth_id": placed.booth_id}
                        for placed in catalogue_services.hall_stands(hall)]}
            for hall in catalogue_services.halls()
        ]  # fmt: skip
    else:
        items = [{**row, "id": int(row["id"])} for row in CSV_KINDS[kind].existing().values()]
        if kind == "sessions":
            for item in items:
                for column in ("speakers", "speakers_zh"):
                    item[column] = [s for s in item[column].split("; ") if s]
    return jsonify(items=items)
