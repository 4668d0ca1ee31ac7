"""Where a meeting happens, as both sides read it."""

from __future__ import annotations

import sqlalchemy as sa

from eexpo.extensions import db
from eexpo.models import Hall, Stand


def stand_of(exhibitor_id: int) -> tuple[str | None, str | None]:
    """The hall and stand code of the exhibitor's (first) stand, or (None, None) when the
    catalogue places it nowhere yet."""
    row = db.session.execute(
        sa.select(Hall.name, Stand.code)
        .join(Hall, Hall.id == Stand.hall_id)
        .where(Stand.exhibitor_id == exhibitor_id)
        .order_by(Hall.position, Stand.code)
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (None, None)
