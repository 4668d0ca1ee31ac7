"""Time cut into five-minute grains, each held by a unique row: how the database refuses an
overlap on SQLite and PostgreSQL alike, with one guarded INSERT and no lock or savepoint."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from eexpo.content import UNSEEN
from eexpo.extensions import db
from eexpo.orm import upsert

GRAIN = timedelta(minutes=5)


def grains(starts_at: datetime, ends_at: datetime) -> Iterator[datetime]:
    at = starts_at
    while at < ends_at:
        yield at
        at += GRAIN


def on_grain(moment: datetime) -> bool:
    return moment.second == 0 and moment.microsecond == 0 and moment.minute % 5 == 0


def claim(model: type[Any], rows: list[dict[str, Any]], returned: Any) -> list[Any]:
    """Insert the rows that are free and return `returned` of each one inserted: the caller
    compares with what it asked for, and a short answer means someone holds the rest."""
    if not rows:
        return []
    statement = (
        upsert(model, db.engine.dialect)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(returned)
        .execution_options(**UNSEEN)
    )
    return list(db.session.scalars(statement))


def release(model: type[Any], *where: sa.ColumnElement[bool]) -> None:
    db.session.execute(sa.delete(model).where(*where).execution_options(**UNSEEN))
