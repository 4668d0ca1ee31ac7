"""The organizers' system page: is the site healthy, what waits in the queue, which media are
stuck or failed, and which versions run."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib.metadata import version

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from eexpo import health, permissions, tasks
from eexpo.errors import Forbidden
from eexpo.extensions import db
from eexpo.media import oversight
from eexpo.models import User

_PACKAGES = ("eexpo", "flask", "sqlalchemy", "pillow", "av", "boto3", "rq")


@dataclass(frozen=True)
class Overview:
    dependencies: dict[str, health.Status]
    tasks_mode: str
    queue: dict[str, int] | None  # None: the queue could not be read
    media_counts: dict[tuple[str, str], int]
    processing: list[oversight.Listed]
    failed: list[oversight.Listed]
    versions: dict[str, str]
    schema: tuple[str | None, str | None]  # (the database's revision, the code's head)


def overview(actor: User) -> Overview:
    if not permissions.can_run_site(actor):
        raise Forbidden()
    dependencies = health.readiness()
    database_up = dependencies["database"] == "ok"
    return Overview(
        dependencies=dependencies,
        tasks_mode=current_app.config["TASKS"],
        queue=_queue(),
        media_counts=oversight.counts_by_status() if database_up else {},
        processing=oversight.processing() if database_up else [],
        failed=oversight.failed() if database_up else [],
        versions=_versions(database_up),
        schema=_schema() if database_up else (None, _head()),
    )


def _queue() -> dict[str, int] | None:
    try:
        return tasks.queue_stats()
    except Exception:  # Redis down: the dependencies above say so
        return None


def _versions(database_up: bool) -> dict[str, str]:
    versions = {"Python": platform.python_version()}
    versions.update({name: version(name) for name in _PACKAGES})
    if database_up:
        dialect = db.engine.dialect
        server = ".".join(str(part) for part in dialect.server_version_info or ())
        versions[dialect.name] = server or "?"
    return versions


def _head() -> str | None:
    config = Config()
    config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    return ScriptDirectory.from_config(config).get_current_head()


def _schema() -> tuple[str | None, str | None]:
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, _head()
