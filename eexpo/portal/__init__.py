"""The exhibitor portal: an organization's profile, team and booths."""

from flask import Blueprint

bp = Blueprint("portal", __name__)

from eexpo.portal import booths, pipeline, views  # noqa: E402, F401
