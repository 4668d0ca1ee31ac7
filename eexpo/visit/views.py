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
        "visit/sector.html", sector=sector, exhibitors=services.sector_exhibitors(sector)
    )
