"""Public browsing: the expo home page and sector pages."""

from flask import Blueprint

bp = Blueprint("visit", __name__)

from eexpo.visit import views  # noqa: E402, F401
