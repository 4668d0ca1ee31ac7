"""The organizers' console: exhibitors and applications, users; later moderation and reports."""

from flask import Blueprint

bp = Blueprint("organizer", __name__)

from eexpo.organizer import views  # noqa: E402, F401
