"""My agenda: the programme sessions a visitor means to attend.

Like the tour, a signed-in visitor's agenda is kept in the account and an anonymous one in the
browser (static/js/tour.js), which sends the session ids in the agenda page's URL. Signed in,
the agenda lists the visitor's meetings beside the sessions, and the personal calendar feed
holds both."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.kept import keep
from eexpo.models import AgendaItem, ProgrammeSession, User
from eexpo.orm import rowcount

MAX_SESSIONS = 100


def session_ids(user: User) -> list[int]:
    return list(
        db.session.scalars(sa.select(AgendaItem.session_id).where(AgendaItem.user_id == user.id))
    )


def has(user: User, session_id: int) -> bool:
    return db.session.get(AgendaItem, (user.id, session_id)) is not None


def add(user: User, ids: list[int]) -> int:
    """Put sessions on the user's agenda (again is no error); returns how many were new. An
    unknown session is NotFound when asked for alone, skipped in a batch."""
    wanted = list(dict.fromkeys(ids))
    known = set(
        db.session.scalars(sa.select(ProgrammeSession.id).where(ProgrammeSession.id.in_(wanted)))
    )
    if len(wanted) == 1 and not known:
        raise NotFound()
    too_many = _("An agenda holds at most %(n)d sessions; remove some first.", n=MAX_SESSIONS)
    return keep(AgendaItem, "session_id", user, wanted, known, limit=MAX_SESSIONS,
                too_many=too_many)  # fmt: skip


def remove(user: User, session_id: int) -> bool:
    deleted = db.session.execute(
        sa.delete(AgendaItem).where(
            AgendaItem.user_id == user.id, AgendaItem.session_id == session_id
        )
    )
    return bool(rowcount(deleted))


def sessions(ids: list[int]) -> list[ProgrammeSession]:
    """The sessions, soonest first, with their speakers."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(ProgrammeSession)
            .where(ProgrammeSession.id.in_(ids))
            .options(selectinload(ProgrammeSession.speakers))
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.title)
        )
    )
