"""The content version: a token that changes when, and only when, something visitors can see
changes. The page cache and the per-process memos compare it instead of expiring entries, so a
publish, a takedown or a catalogue edit shows at once in every process, while the work of
booth-building season (drafts, uploads, processing of media no public page shows yet) leaves
every cached page valid. The token lives in a file in the instance folder (one machine) or in
Redis (several).

What counts is decided per changed row, by the rules in `RULES`: a table not named there is
never shown to visitors (drafts, accounts, leads, counters); a row of a named table counts when
one of its attributes visitors can see changed and the row is shown to them before or after the
change. Bulk statements on a named table count unless they declare, with `UNSEEN`, that they
touch only what visitors never see.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context, has_request_context, request
from sqlalchemy.orm import ORMExecuteState, Session

from eexpo.models import (
    Block,
    Booth,
    BoothStatus,
    ExhibitMedia,
    Exhibitor,
    ExhibitorStatus,
    ExhibitVersion,
    Hall,
    MediaItem,
)

F = TypeVar("F", bound=Callable[..., Any])


class ContentVersion(Protocol):
    def current(self) -> tuple[str, float]:
        """(the token, when it last changed, as a Unix time)."""

    def bump(self) -> None: ...


class FileVersion:
    """The token in a file; replaced atomically, so readers never see half a token.

    Every request reads it, so the file is read again only when a `stat` shows it was replaced
    (another inode, size or time), and at least once a second in case a replacement reused an
    inode within one tick of the file system's clock."""

    REREAD_SECONDS = 1.0

    def __init__(self, path: Path) -> None:
        self.path = path
        self._read: tuple[tuple[int, ...], float, tuple[str, float]] | None = None

    def current(self) -> tuple[str, float]:
        try:
            stat = os.stat(self.path)
            signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
            now = time.monotonic()
            read = self._read
            if read is not None and read[0] == signature and now - read[1] < self.REREAD_SECONDS:
                return read[2]
            token, changed = self.path.read_text().split()
        except (OSError, ValueError):
            self.bump()
            return self.current()
        value = (token, float(changed))
        self._read = (signature, now, value)
        return value

    def bump(self) -> None:
        temporary = self.path.with_name(f"{self.path.name}.{uuid.uuid4().hex}")
        temporary.write_text(f"{uuid.uuid4().hex} {time.time()}")
        os.replace(temporary, self.path)
        self._read = None


class RedisVersion:
    """The token in Redis, for app processes on several machines."""

    KEY = "eexpo:content-version"

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url, decode_responses=True)

    def current(self) -> tuple[str, float]:
        value = self.redis.get(self.KEY)
        if value is None:
            self.bump()
            return self.current()
        token, changed = str(value).split()
        return token, float(changed)

    def bump(self) -> None:
        self.redis.set(self.KEY, f"{uuid.uuid4().hex} {time.time()}")


def version_for(app: Flask) -> ContentVersion:
    if app.config["REDIS_URL"]:
        return RedisVersion(app.config["REDIS_URL"])
    return FileVersion(Path(app.instance_path) / "content-version")


# --- what visitors can see ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """How a table's rows show on public pages. `unseen`: attributes no public page shows.
    `shown(session, row)`: whether the row is shown to visitors before or after the change
    (always, when not given)."""

    unseen: frozenset[str] = field(default=frozenset({"created_at", "updated_at"}))
    shown: Callable[[Session, Any], bool] | None = None


def _was_or_is(row: Any, attribute: str, value: object) -> bool:
    history = sa.inspect(row).attrs[attribute].history
    if not (history.added or history.unchanged or history.deleted):
        # Not loaded (the row expired at a commit, then another attribute was set), so it did not
        # change: what the database holds is its value before and after.
        return bool(getattr(row, attribute) == value)
    return value in (*history.added, *history.unchanged, *history.deleted)


def _booth_shown(_session: Session, booth: Booth) -> bool:
    return _was_or_is(booth, "status", BoothStatus.PUBLISHED)


def _exhibitor_shown(_session: Session, exhibitor: Exhibitor) -> bool:
    return _was_or_is(exhibitor, "status", ExhibitorStatus.APPROVED)


def _media_shown(session: Session, item: MediaItem) -> bool:
    """Whether a public page shows the item: a published revision's block or exhibit, a
    published booth's cover, an approved exhibitor's logo or banner, or a hall's floor plan. A
    new item is shown nowhere."""
    if item.id is None:
        return False
    published = Booth.status == BoothStatus.PUBLISHED
    uses = sa.or_(
        sa.exists().where(
            Block.media_id == item.id, Block.revision_id == Booth.published_revision_id, published
        ),
        sa.exists().where(
            ExhibitMedia.media_id == item.id,
            ExhibitVersion.id == ExhibitMedia.version_id,
            ExhibitVersion.revision_id == Booth.published_revision_id,
            published,
        ),
        sa.exists().where(Booth.cover_media_id == item.id, published),
        sa.exists().where(
            sa.or_(Exhibitor.logo_media_id == item.id, Exhibitor.banner_media_id == item.id),
            Exhibitor.status == ExhibitorStatus.APPROVED,
        ),
        sa.exists().where(Hall.floor_plan_media_id == item.id),
    )
    return bool(session.connection().scalar(sa.select(uses)))


_ALWAYS = Rule()
RULES: dict[str, Rule] = {
    "booth": Rule(
        unseen=_ALWAYS.unseen | {"draft_revision_id", "draft_revision"}, shown=_booth_shown
    ),
    "exhibitor": Rule(unseen=_ALWAYS.unseen | {"users"}, shown=_exhibitor_shown),
    "media_item": Rule(
        unseen=_ALWAYS.unseen
        | {"lease_expires_at", "in_worker", "attempts", "outages", "multipart_upload_id",
           "progress"},
        shown=_media_shown,
    ),
    **{
        table: _ALWAYS
        for table in (
            "sector", "event", "hall", "stand", "programme_session", "session_speaker",
            "session_exhibitor",
            "speaker", "venue", "project",
            # Whether an exhibitor offers meeting times shows as "Book a meeting".
            "meeting_slot",
        )
    },
}  # fmt: skip

# Execution options of a bulk statement on a table of `RULES` that changes only what visitors
# never see (a media job's lease, say): `.execution_options(**UNSEEN)`.
UNSEEN = {"eexpo_unseen": True}

_CHANGED = "eexpo_public_content_changed"


def _seen_change(session: Session, row: Any, *, whole: bool) -> bool:
    """Whether a row's change shows on public pages; `whole`: the row is new or deleted."""
    rule = RULES.get(getattr(row, "__tablename__", ""))
    if rule is None:
        return False
    if not whole and not any(
        attribute.history.has_changes()
        for attribute in sa.inspect(row).attrs
        if attribute.key not in rule.unseen
    ):
        return False
    return rule.shown is None or rule.shown(session, row)


@sa.event.listens_for(Session, "before_flush")
def _flushing(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(_CHANGED):
        return
    with session.no_autoflush:
        if any(
            _seen_change(session, row, whole=True) for row in (*session.new, *session.deleted)
        ) or any(_seen_change(session, row, whole=False) for row in session.dirty):
            session.info[_CHANGED] = True


@sa.event.listens_for(Session, "do_orm_execute")
def _executing(state: ORMExecuteState) -> None:
    if state.is_select or state.execution_options.get("eexpo_unseen"):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in RULES:
        state.session.info[_CHANGED] = True


@sa.event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.info.pop(_CHANGED, False) and has_app_context():
        content_changed()


@sa.event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def content_changed() -> None:
    """Every cached page is stale from now on, in every process."""
    current_app.extensions["eexpo_content_version"].bump()
    if has_request_context():
        request.environ.pop(VERSION_KEY, None)  # this request reads the new version too


# Where a request keeps the version it read (the page cache's middleware sets it first).
VERSION_KEY = "eexpo.content_version"


def current_version() -> tuple[str, float]:
    """The content version, read once per request: the middleware, the memos and the response's
    validators all see the same snapshot, for one read of the file (or Redis)."""
    version = current_app.extensions["eexpo_content_version"]
    if not has_request_context():
        return version.current()
    environ = request.environ
    found = environ.get(VERSION_KEY)
    if found is None:
        found = environ[VERSION_KEY] = version.current()
    return found


def until_content_changes(function: F) -> F:
    """Memoize a query of public content in this process until the content version changes:
    for aggregates (facet counts, totals) that cost more to count than a page costs to render.
    The result must be plain data, not ORM objects."""
    name = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def wrapper(*args: Any) -> Any:
        token, _changed = current_version()
        memo = current_app.extensions.setdefault("eexpo_memo", {})
        key = (name, args)
        found = memo.get(key)
        if found is not None and found[0] == token:
            return found[1]
        value = function(*args)
        if len(memo) >= 4096:
            memo.clear()
        memo[key] = (token, value)
        return value

    return wrapper  # type: ignore[return-value]


def init_app(app: Flask) -> ContentVersion:
    version = app.extensions["eexpo_content_version"] = version_for(app)
    return version
