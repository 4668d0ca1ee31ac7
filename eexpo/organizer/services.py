"""Read-side queries for the organizers' console."""

from __future__ import annotations

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from eexpo.extensions import db
from eexpo.models import Exhibitor, ExhibitorStatus, Role, User


def exhibitor_counts() -> dict[ExhibitorStatus, int]:
    rows = db.session.execute(
        sa.select(Exhibitor.status, sa.func.count()).group_by(Exhibitor.status)
    )
    counts = dict.fromkeys(ExhibitorStatus, 0)
    counts.update({status: n for status, n in rows})
    return counts


def user_counts() -> dict[Role, int]:
    rows = db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role))
    counts = dict.fromkeys(Role, 0)
    counts.update({role: n for role, n in rows})
    return counts


def exhibitors_by_status(status: ExhibitorStatus) -> list[Exhibitor]:
    return list(
        db.session.scalars(
            sa.select(Exhibitor).where(Exhibitor.status == status).order_by(Exhibitor.created_at)
        )
    )


def users_page(page: int, per_page: int = 50) -> Pagination:
    return db.paginate(
        sa.select(User).order_by(User.role, User.email), page=page, per_page=per_page
    )
