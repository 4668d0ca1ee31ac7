"""The public pages: the expo, sectors, search, booths."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Response, current_app, render_template, request, url_for

from eexpo import qr
from eexpo.access import public
from eexpo.forms import page_arg
from eexpo.models import utcnow
from eexpo.visit import bp, services

PER_PAGE = 24


@bp.route("/")
@public
def home() -> str:
    is_today, sessions = services.programme_for_home(
        utcnow(), ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    )
    return render_template(
        "visit/home.html",
        event=services.current_event(),
        sectors=services.sector_summaries(),
        featured=services.featured_cards(),
        sessions=sessions,
        sessions_today=is_today,
    )


def _listing_status(listing: services.Listing) -> int:
    """A page number past the end is a 404 that says where the last page is."""
    return 404 if listing.past_the_end and listing.total else 200


@bp.route("/sectors/<slug>")
@public
def sector(slug: str) -> tuple[str, int]:
    sector = services.get_sector(slug)
    country = (request.args.get("country") or "").strip().upper()[:2] or None
    filters = services.SectorFilters(
        country=country,
        delegation=(request.args.get("delegation") or "").strip()[:200] or None,
        video=request.args.get("video") == "1",
        sort=request.args.get("sort") if request.args.get("sort") in services.SORTS else "name",
    )
    listing = services.booth_listing(filters, page_arg(), PER_PAGE, sector=sector)
    return render_template(
        "visit/sector.html",
        sector=sector,
        listing=listing,
        filters=filters,
        facets=services.sector_facets(sector),
    ), _listing_status(listing)


@bp.route("/search")
@public
def search() -> tuple[str, int]:
    query = (request.args.get("q") or "").strip()
    listing = services.search_listing(query, page_arg(), PER_PAGE)
    return render_template("visit/search.html", query=query, listing=listing), _listing_status(
        listing
    )


@bp.route("/booths/<int:booth_id>")
@public
def booth(booth_id: int) -> str:
    return render_template("visit/booth.html", page=services.booth_page(booth_id=booth_id))


@bp.route("/booths/<slug>")
@public
def booth_by_slug(slug: str) -> str:
    return render_template("visit/booth.html", page=services.booth_page(slug=slug))


@bp.get("/booths/<int:booth_id>/qr.<any(svg, png):kind>")
@public
def booth_qr(booth_id: int, kind: str) -> Response:
    """The code printed at a stand: it opens the e-booth (published booths only)."""
    services.check_published(booth_id)
    url = url_for("visit.booth", booth_id=booth_id, _external=True)
    if kind == "svg":
        response = Response(qr.svg(url), mimetype="image/svg+xml")
    else:
        response = Response(qr.png(url), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
