"""The public side of the API: published booths, listed, searched and read; leads; tours."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo import limits
from eexpo.access import public, signed_in
from eexpo.api import bp
from eexpo.api.views import json_body
from eexpo.catalogue import services as catalogue_services
from eexpo.catalogue.kinds import KINDS as CSV_KINDS
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db, limiter
from eexpo.i18n import current_locale_code
from eexpo.media.shown import media_json
from eexpo.pagecache import cached
from eexpo.visit import booth_page, favourites, leads, services

MAX_PER_PAGE = 100


def _int_arg(name: str, default: int, largest: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= largest:
        raise Invalid(
            _(
                "'%(name)s' must be a whole number from 1 to %(largest)d.",
                name=name,
                largest=largest,
            ),
            fields={name: "invalid"},
        )
    return int(raw)


def _card_json(card: services.Card) -> dict[str, Any]:
    return {
        "id": card.id,
        "title": card.title,
        "summary": card.summary,
        "exhibitor": {
            "name": card.exhibitor_name,
            "name_zh": card.exhibitor_name_zh,
            "country": card.country,
            "region": card.region,
            "delegation": card.delegation,
        },
        "stand": card.stand,
        "has_video": card.has_video,
        "image": card.image.smallest.url if card.image and card.image.smallest else None,
        "snippet_html": str(card.snippet) if card.snippet is not None else None,
    }


@bp.get("/booths")
@limits.search
@public
def list_booths() -> Response:
    """Published booths: searched (ranked) when `q` is given, else by exhibitor A to Z."""
    page = _int_arg("page", 1, 10**6)
    per_page = _int_arg("per_page", 24, MAX_PER_PAGE)
    slug = request.args.get("sector") or None
    sector = services.get_sector(slug) if slug else None
    country = (request.args.get("country") or "").strip().upper()[:2] or None
    query = (request.args.get("q") or "").strip()
    if query:
        listing = services.search_listing(query, page, per_page, sector=sector, country=country)
    else:
        listing = services.booth_listing(
            services.SectorFilters(country=country), page, per_page, sector=sector
        )
    return jsonify(
        items=[_card_json(card) for card in listing.cards],
        page=page,
        per_page=per_page,
        total=listing.total,
    )


@bp.get("/booths/<int:booth_id>")
@public
def read_booth(booth_id: int) -> Response:
    page = booth_page.booth_page(booth_id=booth_id)
    booth, revision = page.booth, page.revision
    blocks: list[dict[str, Any]] = []
    for block, _shown in page.blocks:
        if block.type.value == "text":
            blocks.append({"type": "text", "html": block.html or ""})
        else:
            blocks.append(
                {
                    "type": block.type.value,
                    "alt": block.alt,
                    "caption": block.caption,
                    "media": media_json(block.media, public=True) if block.media else None,
                }
            )
    return jsonify(
        id=booth.id,
        slug=booth.slug,
        title=revision.title,
        summary=revision.summary,
        sector=booth.sector.slug if booth.sector else None,
        exhibitor={
            "name": booth.exhibitor.name,
            "name_zh": booth.exhibitor.name_zh,
            "country": booth.exhibitor.country,
            "region": booth.exhibitor.region,
            "delegation": booth.exhibitor.delegation,
            "website": booth.exhibitor.website,
        },
        stand=page.stand,
        blocks=blocks,
    )


@bp.post("/booths/<int:booth_id>/leads")
@public
@limiter.shared_limit(leads.rate_limit, scope="leads")
def create_lead(booth_id: int) -> tuple[Response, int]:
    data = json_body()
    contact = leads.Contact(**{field: data.get(field) for field in leads.Contact.FIELDS})
    user = current_user if current_user.is_authenticated else None
    lead = leads.create_lead(booth_id, contact, locale=current_locale_code(), user=user)
    db.session.commit()
    return jsonify(id=lead.id, created_at=lead.created_at.isoformat()), 201


@bp.get("/favourites")
@signed_in
def list_favourites() -> Response:
    """The caller's tour, in the order of a walk through the halls."""
    cards = favourites.route(favourites.booth_ids(current_user))
    return jsonify(items=[_card_json(card) for card in cards])


@bp.put("/favourites/<int:booth_id>")
@signed_in
def add_favourite(booth_id: int) -> tuple[Response, int]:
    added = favourites.add(current_user, [booth_id])
    db.session.commit()
    return jsonify(booth_id=booth_id), 201 if added else 200


@bp.delete("/favourites/<int:booth_id>")
@signed_in
def remove_favourite(booth_id: int) -> tuple[str, int]:
    if not favourites.remove(current_user, booth_id):
        raise NotFound(_("This booth is not on your tour."))
    db.session.commit()
    return "", 204


@bp.get("/catalogue/<kind>")
@public
@cached
def catalogue(kind: str) -> Response:
    """The offline catalogue as JSON: the CSV export's rows (halls with their stands)."""
    if kind == "halls":
        items: list[dict[str, Any]] = [
            {"name": hall.name, "name_zh": hall.name_zh,
             "stands": [{"code": placed.stand.code, "exhibitor": placed.exhibitor,
                         "booth_id": placed.booth_id}
                        for placed in catalogue_services.hall_stands(hall)]}
            for hall in catalogue_services.halls()
        ]  # fmt: skip
    elif kind in ("exhibitors", "sessions", "venues", "projects"):
        items = list(CSV_KINDS[kind].existing().values())
        if kind == "sessions":
            for item in items:
                item["speakers"] = [s for s in item["speakers"].split("; ") if s]
    else:
        raise NotFound(_("There is no catalogue of %(kind)s.", kind=kind))
    return jsonify(items=items)
