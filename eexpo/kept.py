"""Lists a signed-in user keeps in the account, one row per item (the tour's booths, the
agenda's sessions): adding is idempotent and capped."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from eexpo.errors import Invalid
from eexpo.extensions import db
from eexpo.models import User
from eexpo.orm import upsert


def keep(
    model: Any, column: str, user: User, wanted: list[int], allowed: set[int], *, limit: int,
    too_many: str,
) -> int:  # fmt: skip
    """Add the `allowed` ids among `wanted` to the user's list in `model` (by `column`), those
    held already aside; Invalid with `too_many` past `limit`. Returns how many were new."""
    held = set(
        db.session.scalars(sa.select(getattr(model, column)).where(model.user_id == user.id))
    )
    new = [item for item in dict.fromkeys(wanted) if item in allowed and item not in held]
    if len(held) + len(new) > limit:
        raise Invalid(too_many, fields={column.removesuffix("_id"): "too_many"})
    if new:
        statement = upsert(model, db.engine.dialect).on_conflict_do_nothing()
        db.session.execute(statement, [{"user_id": user.id, column: item} for item in new])
    return len(new)
