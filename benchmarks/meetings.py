"""A booking burst: 100 visitors ask at the same moment for the 10 slots of one exhibitor,
through gunicorn (`sync -w 2`) on SQLite and on PostgreSQL. Prints how many requests won a slot
(it must be 10: one per slot), how many were told 409, and the latencies they saw."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import tempfile
import threading
import time
from datetime import datetime, timedelta

from benchmarks.pages import _gunicorn, bench_env, fresh_postgresql

VISITORS = 100
SLOTS = 10


def _prepare(env: dict[str, str]) -> tuple[list[int], list[str]]:
    """Migrate, open the expo tomorrow for three days, offer the slots, make the visitors."""
    os.environ.update(env)
    from flask_migrate import upgrade

    from eexpo import create_app
    from eexpo.accounts import services, tokens
    from eexpo.catalogue.rows import expo_zone
    from eexpo.extensions import db
    from eexpo.meetings import availability
    from eexpo.models import Booth, BoothStatus, Event, PlaceKind, Role

    app = create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        zone = expo_zone()
        opens = datetime.now(zone).date() + timedelta(days=1)
        db.session.add(Event(name="Burst expo", starts_on=opens, ends_on=opens + timedelta(2)))
        exhibitor = services.get_or_create_exhibitor("Burst Sensors")
        exhibitor.status = exhibitor.status.APPROVED
        host = services.create_user("host@example.com", "p" * 12, role=Role.EXHIBITOR,
                                    exhibitor=exhibitor)  # fmt: skip
        db.session.flush()
        db.session.add(Booth(exhibitor_id=exhibitor.id, slug="burst", status=BoothStatus.PUBLISHED))
        start = datetime.combine(opens, datetime.min.time(), zone).replace(hour=9)
        slots = availability.offer(
            host, starts_at=start, ends_at=start + timedelta(minutes=30 * SLOTS), slot_minutes=30,
            place=availability.Place(PlaceKind.STAND),
        )  # fmt: skip
        keys = []
        for n in range(VISITORS):
            visitor = services.create_user(f"v{n}@example.com", "p" * 12, role=Role.VISITOR)
            db.session.flush()
            keys.append(tokens.issue_api_token(visitor)[0])
        db.session.commit()
        return [slot.id for slot in slots], keys


def _burst(base: str, slots: list[int], keys: list[str]) -> tuple[dict[int, int], list[float]]:
    host, port = base.removeprefix("http://").split(":")
    barrier = threading.Barrier(len(keys))
    statuses: dict[int, int] = {}
    seconds: list[float] = []
    lock = threading.Lock()

    def ask(n: int, key: str) -> None:
        body = json.dumps({"slot_id": slots[n % len(slots)], "message": "About your sensors"})
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        connection.connect()
        barrier.wait()
        started = time.perf_counter()
        connection.request("POST", "/api/v1/meetings", body=body, headers={
            "Authorization": f"Bearer {key}", "Content-Type": "application/json"})  # fmt: skip
        status = connection.getresponse().status
        elapsed = time.perf_counter() - started
        connection.close()
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
            seconds.append(elapsed)

    threads = [threading.Thread(target=ask, args=(n, key)) for n, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, seconds


def _run(label: str, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as instance:
        env = bench_env(instance, database_url)
        env["EEXPO_RATELIMIT_ENABLED"] = "false"
        slots, keys = _prepare(env)
        process, base = _gunicorn("wsgi:app", env)
        try:
            statuses, seconds = _burst(base, slots, keys)
        finally:
            process.terminate()
            process.wait()
    ordered = sorted(seconds)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    answers = ", ".join(f"{n}× {status}" for status, n in sorted(statuses.items()))
    print(f"   {label:<11} {answers}; median {statistics.median(seconds) * 1000:.0f} ms, "
          f"p99 {p99 * 1000:.0f} ms")  # fmt: skip


def main() -> None:
    print(f"== meetings: {VISITORS} simultaneous requests for {SLOTS} slots (gunicorn sync -w 2)")
    _run("SQLite", None)
    _run("PostgreSQL", fresh_postgresql("eexpo_bench_meetings"))


if __name__ == "__main__":
    main()
