"""Background jobs: an in-process thread pool by default, RQ on Redis when EEXPO_TASKS=rq.

A job is named by its import path and takes plain arguments (ids), so the same call works in a
thread, in another process, or on another machine. Jobs queued during a transaction start only
once it commits, so a worker never looks for a row that is not there yet.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from eexpo import ops
from eexpo.extensions import db

log = logging.getLogger("eexpo.tasks")
QUEUE = "eexpo"
RECOVERY_JOB = "eexpo.media.pipeline:recover_stale"
REMINDER_JOB = "eexpo.accounts.reminders:send_due"
MEETING_REMINDER_JOB = "eexpo.meetings.reminders:send_due"
_PENDING = "eexpo.pending_jobs"


def init_app(app: Flask) -> None:
    mode = app.config["TASKS"]
    if mode not in ("thread", "rq"):
        raise RuntimeError(f"EEXPO_TASKS must be 'thread' or 'rq', not {mode!r}")
    if mode == "rq" and not app.config["REDIS_URL"]:
        raise RuntimeError("EEXPO_TASKS=rq needs EEXPO_REDIS_URL")
    runner = _Runner(app)
    app.extensions["eexpo.tasks"] = runner
    if mode == "thread":
        # Jobs run in the app's processes, so they look for abandoned ones themselves.
        app.before_request(lambda: start_periodic_jobs(app))


def start_periodic_jobs(app: Flask) -> None:
    """In this process (once): look for media whose lease ran out every
    RECOVERY_INTERVAL_SECONDS, for reminders due before opening every REMINDER_INTERVAL_SECONDS
    and before meetings every MEETING_REMINDER_INTERVAL_SECONDS; the app's
    processes do it in thread mode, each `flask worker` with RQ. Both are safe to run in many
    processes at once."""
    runner = app.extensions["eexpo.tasks"]
    for job, setting in ((RECOVERY_JOB, "RECOVERY_INTERVAL_SECONDS"),
                         (REMINDER_JOB, "REMINDER_INTERVAL_SECONDS"),
                         (MEETING_REMINDER_JOB, "MEETING_REMINDER_INTERVAL_SECONDS")):  # fmt: skip
        if app.config[setting] > 0:
            runner.start_periodic(job, app.config[setting])


def enqueue(job: str, *args: Any) -> None:
    """Run `job` (a "module:function" path) with `args` once the current transaction commits."""
    db.session.info.setdefault(_PENDING, []).append((job, args, ops.request_id()))


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session: Session) -> None:
    jobs = session.info.pop(_PENDING, [])
    if jobs:
        runner: _Runner = current_app.extensions["eexpo.tasks"]
        for job, args, request_id in jobs:
            runner.dispatch(job, args, request_id)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def run_job(job: str, *args: Any, request_id: str | None = None) -> Any:
    """Import and call one job inside an app context (the worker's or a fresh one); it is timed,
    counted and logged with the id of the request that queued it."""
    if not has_app_context():
        from eexpo import create_app

        with create_app().app_context():
            return run_job(job, *args, request_id=request_id)
    module, _sep, name = job.partition(":")
    function = getattr(importlib.import_module(module), name)
    token = ops.job_started(request_id)
    started, outcome = time.perf_counter(), "failed"
    try:
        result = function(*args)
        outcome = "ok"
        return result
    finally:
        ops.job_finished(token, job, args, outcome, time.perf_counter() - started)


def queue_stats() -> dict[str, int]:
    """Jobs queued, running and failed: RQ's queue and registries (every worker's), or in
    thread mode this process's pool (failures since it started)."""
    return current_app.extensions["eexpo.tasks"].stats()


def stop(app: Flask) -> None:
    app.extensions["eexpo.tasks"].stop()


def drain(timeout: float | None = None) -> None:
    """Wait until the thread pool has finished what it was given (tests, CLI commands)."""
    current_app.extensions["eexpo.tasks"].drain(timeout)


class _Runner:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.mode = app.config["TASKS"]
        self._pool: ThreadPoolExecutor | None = None
        self._futures: set[Future] = set()
        self._periodic: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._failed = 0

    def start_periodic(self, job: str, interval: float) -> None:
        """Run `job` every `interval` seconds in a daemon thread of this process (once)."""
        if job in self._periodic:
            return
        with self._lock:
            if job not in self._periodic:
                thread = threading.Thread(
                    target=self._every, args=(job, interval), daemon=True, name="eexpo-periodic"
                )
                self._periodic[job] = thread
                thread.start()

    def _every(self, job: str, interval: float) -> None:
        while not self._stopping.wait(interval):
            self._run_in_app(job, ())

    def stop(self) -> None:
        """Stop the periodic threads and wait for running jobs (graceful shutdown, tests)."""
        self._stopping.set()
        for thread in self._periodic.values():
            thread.join()
        self.drain(None)

    def dispatch(self, job: str, args: tuple[Any, ...], request_id: str | None = None) -> None:
        if self.mode == "rq":
            from redis import Redis
            from rq import Queue

            connection = Redis.from_url(self.app.config["REDIS_URL"])
            Queue(QUEUE, connection=connection).enqueue(
                run_job,
                args=(job, *args),
                kwargs={"request_id": request_id},
                job_timeout=self.app.config["JOB_TIMEOUT_SECONDS"],
            )
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                max_workers=self.app.config["TASK_THREADS"], thread_name_prefix="eexpo-task"
            )
        future = self._pool.submit(self._run_in_app, job, args, request_id)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)

    def _run_in_app(self, job: str, args: tuple[Any, ...], request_id: str | None = None) -> None:
        with self.app.app_context():
            try:
                run_job(job, *args, request_id=request_id)
            except Exception:
                self._failed += 1
                log.exception("job %s%r failed", job, args)
            finally:
                db.session.remove()

    def stats(self) -> dict[str, int]:
        if self.mode == "rq":
            from redis import Redis
            from rq import Queue
            from rq.registry import FailedJobRegistry, StartedJobRegistry

            connection = Redis.from_url(self.app.config["REDIS_URL"], socket_timeout=2)
            queue = Queue(QUEUE, connection=connection)
            return {
                "queued": queue.count,
                "running": StartedJobRegistry(queue=queue).count,
                "failed": FailedJobRegistry(queue=queue).count,
            }
        futures = list(self._futures)
        running = sum(future.running() for future in futures)
        return {"queued": len(futures) - running, "running": running, "failed": self._failed}

    def drain(self, timeout: float | None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._futures:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise TimeoutError(f"{len(self._futures)} jobs still running")
            wait(list(self._futures), timeout=remaining)
