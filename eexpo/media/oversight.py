"""Media as the site's operators see them: counts by status, what is processing and in which
state, what failed, and a retry for an item the queue lost."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from eexpo import audit, permissions, tasks
from eexpo.content import UNSEEN
from eexpo.errors import Conflict, Forbidden
from eexpo.extensions import db
from eexpo.media.services import PROCESS_JOB, lease_expired, queue_lease
from eexpo.models import Exhibitor, MediaItem, MediaStatus, User, utcnow
from eexpo.orm import rowcount


class Processing(enum.StrEnum):
    QUEUED = "queued"  # waiting for a worker
    WORKING = "working"  # a live worker holds it
    WAITING = "waiting"  # the store was unreachable; retried after a pause
    STUCK = "stuck"  # its lease ran out: the recovery check will queue it again


@dataclass(frozen=True)
class Listed:
    item: MediaItem
    exhibitor: str | None
    state: Processing | None = None


def counts_by_status() -> dict[tuple[str, str], int]:
    rows = db.session.execute(
        sa.select(MediaItem.kind, MediaItem.status, sa.func.count()).group_by(
            MediaItem.kind, MediaItem.status
        )
    )
    return {(kind.value, status.value): count for kind, status, count in rows}


def stuck_count() -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(MediaItem)
            .where(MediaItem.status == MediaStatus.PROCESSING, lease_expired(utcnow()))
        )
        or 0
    )


def _state(item: MediaItem) -> Processing:
    if item.lease_expires_at is None or item.lease_expires_at <= utcnow():
        return Processing.STUCK
    if item.in_worker:
        return Processing.WORKING
    return Processing.WAITING if item.outages else Processing.QUEUED


def _with_exhibitor() -> sa.Select[MediaItem, str]:
    return sa.select(MediaItem, Exhibitor.name).outerjoin(
        Exhibitor, Exhibitor.id == MediaItem.exhibitor_id
    )


def processing(limit: int = 200) -> list[Listed]:
    """Items processing now, oldest first, each with its state."""
    rows = db.session.execute(
        _with_exhibitor()
        .where(MediaItem.status == MediaStatus.PROCESSING)
        .order_by(MediaItem.created_at, MediaItem.id)
        .limit(limit)
    )
    return [Listed(item, name, _state(item)) for item, name in rows]


def failed(limit: int = 50) -> list[Listed]:
    """The latest failures with their reasons (the file is gone: its exhibitor uploads again)."""
    rows = db.session.execute(
        _with_exhibitor()
        .where(MediaItem.status == MediaStatus.FAILED)
        .order_by(MediaItem.updated_at.desc(), MediaItem.id.desc())
        .limit(limit)
    )
    return [Listed(item, name) for item, name in rows]


def retry(actor: User, item: MediaItem) -> None:
    """Queue a processing item again now: one whose queue was lost, or that waits out a store
    outage the operator knows is over. A live worker's item is left to it (guarded UPDATE)."""
    if not permissions.can_run_site(actor):
        raise Forbidden()
    if item.status != MediaStatus.PROCESSING:
        raise Conflict(
            _("Only files still processing can be retried; a failed file is uploaded again.")
        )
    held_by_worker = sa.and_(
        MediaItem.in_worker.is_(True),
        MediaItem.lease_expires_at.is_not(None),
        MediaItem.lease_expires_at > utcnow(),
    )
    claimed = db.session.execute(
        sa.update(MediaItem)
        .where(MediaItem.id == item.id, MediaItem.status == MediaStatus.PROCESSING)
        .where(sa.not_(held_by_worker))
        .values(lease_expires_at=queue_lease(), in_worker=False, outages=0)
        .execution_options(synchronize_session=False, **UNSEEN)
    )
    if rowcount(claimed) != 1:
        raise Conflict(_("A worker is processing this file now."))
    audit.record(actor, "media.retry", "media", item.id, attempts=item.attempts)
    tasks.enqueue(PROCESS_JOB, item.id)
