"""The organizers' console: moderation, exhibitors and applications, users, the audit log."""

from flask import Blueprint

bp = Blueprint("organizer", __name__)

from eexpo.organizer import catalogue, exhibitors, meetings, moderation, views  # noqa: E402, F401
