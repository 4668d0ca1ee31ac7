"""Readiness: can this process serve, i.e. reach the database, Redis (when configured) and the
media store? Each check runs with a deadline, so a hung dependency makes the answer "timeout"
rather than the load balancer's probe hang with it."""

from __future__ import annotations

import contextvars
import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Literal

import sqlalchemy as sa
from flask import current_app

from eexpo.extensions import db
from eexpo.storage import get_storage

log = logging.getLogger("eexpo.health")
CHECK_SECONDS = 2.0
Status = Literal["ok", "unused", "failed", "timeout"]
# A few threads shared by every readiness check of the process: a check stuck past its deadline
# keeps one, and the next checks then time out too, which is the truth about the dependency.
_CHECKS = ThreadPoolExecutor(max_workers=6, thread_name_prefix="eexpo-health")


def _database() -> None:
    with db.engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


def _redis() -> None:
    from redis import Redis

    url = current_app.config["REDIS_URL"]
    timeout = CHECK_SECONDS / 2
    Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout).ping()


def _storage() -> None:
    get_storage().check()


def readiness() -> dict[str, Status]:
    """Each dependency's status (inside an app context, which each check's thread gets a copy
    of); the process is ready when none is "failed" or "timeout"."""
    checks = {"database": _database, "redis": _redis, "storage": _storage}
    if not current_app.config["REDIS_URL"]:
        del checks["redis"]
    futures = {
        name: _CHECKS.submit(contextvars.copy_context().run, check)
        for name, check in checks.items()
    }
    statuses: dict[str, Status] = {"database": "ok", "redis": "unused", "storage": "ok"}
    for name, future in futures.items():
        try:
            future.result(timeout=CHECK_SECONDS)
            statuses[name] = "ok"
        except FutureTimeout:
            log.warning("readiness: %s did not answer within %s s", name, CHECK_SECONDS)
            statuses[name] = "timeout"
        except Exception:
            log.warning("readiness: %s failed", name, exc_info=True)
            statuses[name] = "failed"
    return statuses


def is_ready(statuses: dict[str, Status]) -> bool:
    return all(status in ("ok", "unused") for status in statuses.values())
