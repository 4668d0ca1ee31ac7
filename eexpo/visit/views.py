"""The expo home page and sector pages."""

from __future__ import annotations

from flask import render_template

from eexpo.access import public
from eexpo.visit import bp, services


@bp.route("/")
@public
def home() -> str:
    return render_template(
        "visit/home.html", event=services.current_event(), sectors=services.sector_summaries()
    )


@bp.route("/sectors/<slug>")
@public
def sector(slug: str) -> str:
    sector = services.get_sector(slug)
    return render_template(
        "visit/sector.html", sector=sector, booths=services.sector_booths(sector)
    )


@bp.route("/booths/<int:booth_id>")
@public
def booth(booth_id: int) -> str:
    return render_template("visit/booth.html", page=services.booth_page(booth_id=booth_id))


@bp.route("/booths/<slug>")
@public
def booth_by_slug(slug: str) -> str:
    return render_template("visit/booth.html", page=services.booth_page(slug=slug))
