"""Where a meeting happens, as both sides read it."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, has_request_context
from flask_babel import gettext as _

from eexpo.catalogue.services import hall_words
from eexpo.extensions import db
from eexpo.i18n import current_locale_code
from eexpo.models import Hall, Meeting, PlaceKind, Stand

_STANDS = "eexpo_meeting_stands"


def stand_of(exhibitor_id: int) -> tuple[str | None, str | None]:
    """The hall and stand code of the exhibitor's (first) stand, or (None, None) when the
    catalogue places it nowhere yet. Looked up once per exhibitor in a request: a listing of
    slots or meetings asks for the same few exhibitors again and again. (Jobs and commands
    look every time: a worker's app context lasts as long as the worker.)"""
    if not has_request_context():
        return _stand_of(exhibitor_id)
    known: dict[int, tuple[str | None, str | None]] = g.setdefault(_STANDS, {})
    if exhibitor_id not in known:
        known[exhibitor_id] = _stand_of(exhibitor_id)
    return known[exhibitor_id]


def _stand_of(exhibitor_id: int) -> tuple[str | None, str | None]:
    row = db.session.execute(
        sa.select(Hall.name, Stand.code)
        .join(Hall, Hall.id == Stand.hall_id)
        .where(Stand.exhibitor_id == exhibitor_id)
        .order_by(Hall.position, Stand.code)
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def place_words(meeting: Meeting) -> str:
    """Where the meeting is, in words of the current language."""
    slot, locale = meeting.slot, current_locale_code()
    if slot.place == PlaceKind.ONLINE:
        return slot.online_url or ""
    if slot.place == PlaceKind.TABLE and slot.session is not None:
        table = _("table %(number)s", number=meeting.table_number) if meeting.table_number else ""
        session = slot.session
        return ", ".join(filter(None, [session.text("title", locale), session.text("room", locale),
                                       table]))  # fmt: skip
    hall, stand = stand_of(slot.exhibitor_id)
    return ", ".join(filter(None, [slot.exhibitor.display_name(locale),
                                   hall_words(hall) if hall else None, stand]))  # fmt: skip
