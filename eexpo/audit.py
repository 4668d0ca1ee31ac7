"""The audit trail: one way to write an entry, one way to search them (the page and its CSV)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eexpo.extensions import db
from eexpo.models import AuditEntry, User
from eexpo.orm import contains

CSV_COLUMNS = ["time", "actor", "action", "target_type", "target_id", "reason", "details"]


def record(
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | None,
    *,
    reason: str | None = None,
    **data: object,
) -> AuditEntry:
    """Add an entry to the caller's transaction: it stands or falls with the change it records."""
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        data=data,
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilters:
    action: str | None = None
    actor: str | None = None  # part of the actor's email address
    target_type: str | None = None
    target_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive: the whole day


def search(filters: AuditFilters) -> sa.Select[AuditEntry]:
    """Entries matching every given filter, newest first."""
    query = sa.select(AuditEntry).options(joinedload(AuditEntry.actor))
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.actor:
        actors = sa.select(User.id).where(contains(User.email, filters.actor))
        query = query.where(AuditEntry.actor_id.in_(actors))
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id is not None:
        query = query.where(AuditEntry.target_id == filters.target_id)
    if filters.since:
        query = query.where(AuditEntry.created_at >= _start_of(filters.since))
    if filters.until:
        query = query.where(AuditEntry.created_at < _start_of(filters.until + timedelta(days=1)))
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def actions() -> list[str]:
    """Every action the log holds, for the filter's choices."""
    return list(db.session.scalars(sa.select(AuditEntry.action).distinct().order_by("action")))


def csv_rows(filters: AuditFilters) -> Iterator[list[object]]:
    """The matching entries as CSV rows, read in batches so a long log never sits in memory."""
    for entry in db.session.scalars(search(filters).execution_options(yield_per=500)):
        details = "; ".join(f"{key}={value}" for key, value in sorted(entry.data.items()))
        yield [
            entry.created_at.isoformat(),
            entry.actor.email if entry.actor else "",
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.reason or "",
            details,
        ]
