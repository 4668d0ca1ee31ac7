"""Public browsing: home, sectors, search, booth pages, leads, the tour, counting, sitemaps."""

from flask import Blueprint

bp = Blueprint("visit", __name__)

from eexpo.visit import sitemap, views  # noqa: E402, F401
