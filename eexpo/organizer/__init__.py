"""The organizers' console: moderation, exhibitors and applications, users, the audit log."""

from flask import Blueprint

from eexpo import audit_words

bp = Blueprint("organizer", __name__)
for words in (audit_words.action_words, audit_words.target_words, audit_words.detail_words):
    bp.add_app_template_global(words)

from eexpo.organizer import catalogue, exhibitors, meetings, moderation, views  # noqa: E402, F401
