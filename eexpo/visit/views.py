"""The public pages: the expo, sectors, search, booths."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from eexpo import limits, qr
from eexpo.access import public, signed_in
from eexpo.catalogue.rows import current_event
from eexpo.errors import Invalid
from eexpo.extensions import csrf, db, limiter
from eexpo.forms import page_arg, run_form_action
from eexpo.i18n import current_locale_code
from eexpo.links import external_url
from eexpo.meetings import availability as meeting_slots
from eexpo.models import utcnow
from eexpo.pagecache import cached
from eexpo.security import is_same_origin_request, next_or
from eexpo.visit import booth_page, bp, counting, favourites, found, leads, services, walk
from eexpo.visit import exhibits as exhibit_catalogue
from eexpo.visit.forms import LeadForm

PER_PAGE = 24
SEARCH_EXHIBITS = 4  # exhibits heading a search's first page


@bp.route("/")
@public
@cached
def home() -> str:
    is_today, sessions = services.programme_for_home(
        utcnow(), ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    )
    return render_template(
        "visit/home.html",
        event=current_event(),
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
@cached
def sector(slug: str) -> tuple[str, int]:
    sector = services.get_sector(slug)
    country = (request.args.get("country") or "").strip().upper()[:2] or None
    filters = services.SectorFilters(
        country=country,
        delegation=(request.args.get("delegation") or "").strip()[:200] or None,
        video=request.args.get("video") == "1",
        sort=sort if (sort := request.args.get("sort", "")) in services.SORTS else "name",
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
@limits.search
@public
@cached
def search() -> tuple[str, int]:
    query = (request.args.get("q") or "").strip()
    filters = found.filters_from(request.args)
    page = page_arg()
    result = found.found(query, filters, page, PER_PAGE) if query else None
    # The first page is headed by the exhibits that match, which have a catalogue of their own.
    exhibits = None
    if result and page == 1:
        words = exhibit_catalogue.ExhibitFilters(q=result.corrected or query)
        exhibits = exhibit_catalogue.listing(words, 1, SEARCH_EXHIBITS, facets=False)
    shown = render_template(
        "visit/search.html", query=query, result=result, filters=filters, exhibits=exhibits
    )
    return shown, _listing_status(result.listing) if result else 200


@bp.route("/exhibits")
@limits.search
@public
@cached
def exhibits() -> tuple[str, int]:
    filters = exhibit_catalogue.filters_from(request.args)
    if filters.sector:
        services.get_sector(filters.sector)  # 404 for a sector there is not
    listing = exhibit_catalogue.listing(filters, page_arg(), PER_PAGE)
    status = 404 if listing.past_the_end and listing.total else 200
    return render_template(
        "visit/exhibits.html",
        listing=listing,
        filters=filters,
        sectors=exhibit_catalogue.sector_names(),
    ), status


@bp.route("/exhibits/<int:exhibit_id>")
@public
@cached
def exhibit(exhibit_id: int) -> str:
    page = exhibit_catalogue.exhibit_page(exhibit_id)
    return render_template(
        "visit/exhibit.html", page=page, sectors=exhibit_catalogue.sector_names(),
        meetings=meeting_slots.offers_times(page.card.booth_id),
    )  # fmt: skip


def _booth(page: booth_page.BoothPage) -> str:
    signed_in = current_user.is_authenticated
    return render_template(
        "visit/booth.html",
        page=page,
        on_tour=signed_in and favourites.is_favourite(current_user, page.booth.id),
    )


@bp.route("/booths/<int:booth_id>")
@public
@cached
def booth(booth_id: int) -> str:
    return _booth(booth_page.booth_page(booth_id=booth_id))


@bp.route("/booths/<slug>")
@public
@cached
def booth_by_slug(slug: str) -> str:
    return _booth(booth_page.booth_page(slug=slug))


def _contact_page(page: booth_page.BoothPage, form: LeadForm, status: int = 200):
    sent = request.args.get("sent") == "1"
    return render_template("visit/contact.html", page=page, lead_form=form, sent=sent), status


@bp.get("/booths/<int:booth_id>/contact")
@public
@cached
def contact_form(booth_id: int) -> tuple[str, int]:
    """The contact form, a page of its own: it keeps booth pages light."""
    return _contact_page(booth_page.booth_page(booth_id=booth_id), LeadForm(formdata=None))


@bp.post("/booths/<int:booth_id>/contact")
@csrf.exempt
@public
@limiter.shared_limit(leads.rate_limit, scope="leads")
def contact(booth_id: int) -> ResponseReturnValue:
    """The contact form's submission (see LeadForm for why it has no CSRF token)."""
    if not is_same_origin_request():
        raise CSRFError()
    page = booth_page.booth_page(booth_id=booth_id)
    form = LeadForm()
    thanks = redirect(url_for("visit.contact_form", booth_id=booth_id, sent=1))
    if form.website.data:  # a robot filled the hidden field: thank it, keep nothing
        return thanks
    if not form.validate():
        return _contact_page(page, form, 422)
    user = current_user if current_user.is_authenticated else None
    contact = leads.Contact(**{field: form[field].data for field in leads.Contact.FIELDS})
    lead, status = run_form_action(
        form, lambda: leads.create_lead(booth_id, contact, locale=current_locale_code(), user=user)
    )
    if lead is None:
        return _contact_page(page, form, status)
    return thanks


@bp.get("/tour")
@public
def tour() -> str:
    """My tour: the account's favourites, or the ones an anonymous visitor's browser keeps and
    sends here as `?booths=3,17,42` (static/js/tour.js)."""
    if current_user.is_authenticated:
        ids = favourites.booth_ids(current_user)
    else:
        ids = favourites.parse_ids(request.args.get("booths", ""))
    stops, halls = walk.walk(favourites.route(ids))
    return render_template("visit/tour.html", cards=stops, halls=halls)


@bp.post("/tour/booths/<int:booth_id>")
@signed_in
def tour_add(booth_id: int) -> ResponseReturnValue:
    favourites.add(current_user, [booth_id])
    db.session.commit()
    flash(_("The booth is on your tour."), "success")
    return redirect(next_or(url_for("visit.booth", booth_id=booth_id)))


@bp.post("/tour/booths/<int:booth_id>/remove")
@signed_in
def tour_remove(booth_id: int) -> ResponseReturnValue:
    if favourites.remove(current_user, booth_id):
        db.session.commit()
        flash(_("The booth is off your tour."), "success")
    return redirect(next_or(url_for("visit.booth", booth_id=booth_id)))


@bp.post("/tour/import")
@signed_in
def tour_import() -> ResponseReturnValue:
    """The booths an anonymous visitor gathered in this browser, added to the account after
    signing in."""
    added = favourites.add(current_user, favourites.parse_ids(request.form.get("booths", "")))
    db.session.commit()
    message = ngettext(
        "%(num)d booth added to your tour.", "%(num)d booths added to your tour.", added
    )
    flash(message, "success")
    return redirect(url_for("visit.tour"))


@bp.post("/count")
@csrf.exempt
@public
def count() -> Response:
    """Where static/js/count.js reports a page view, a video play or a document download (see
    visit/counting.py). Answers at once: the count waits in memory or Redis, not on the database."""
    if not is_same_origin_request():
        raise CSRFError()
    kind, booth = request.form.get("kind"), request.form.get("booth") or ""
    if kind not in counting.KINDS or not (booth == "" or booth.isdigit() and len(booth) < 10):
        raise Invalid(_("Report a view, a play or a download, of a booth or of the whole expo."))
    user_agent = request.headers.get("User-Agent", "")
    if not counting.is_robot(user_agent):
        booth_id = int(booth) if booth else None
        counting.count(current_app, kind, booth_id, request.remote_addr or "", user_agent)
    return Response(status=204)


@bp.get("/booths/<int:booth_id>/qr.<any(svg, png):kind>")
@public
@cached
def booth_qr(booth_id: int, kind: str) -> Response:
    """The code printed at a stand: it opens the e-booth (published booths only)."""
    booth_page.check_published(booth_id)
    return qr.response(external_url("visit.booth", booth_id=booth_id), kind)
