"""Counting without tracking: daily page views, video plays, document downloads and unique
visitors, in aggregate.

The browser reports a view, a play or a download with `navigator.sendBeacon`
(static/js/count.js), so cached pages are counted too and robots that run no script are not. A
report only adds to a counter in memory, or in Redis when configured (then every app process
counts together); a background
thread writes the sums to `booth_day_stat` and `event_day_stat` every few seconds. No page view
waits on the database, and no cookie is needed.

A unique visitor is a keyed digest of the address and browser, with a key that changes every
day: the digests name no one, cannot be linked from one day to the next, and never reach the
database; only their number does.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, cast
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Flask

from eexpo.extensions import db
from eexpo.models import Booth, BoothDayStat, BoothStatus, EventDayStat
from eexpo.orm import upsert

log = logging.getLogger(__name__)

KINDS = ("view", "play", "download")
# Robots that do run scripts still say who they are; no agent at all is a script, not a person.
_ROBOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|headless|lighthouse|phantom|preview|fetch|monitor|scan|"
    r"curl|wget|python|java/|go-http|okhttp|httpclient|libwww|scrapy|facebookexternalhit",
    re.IGNORECASE,
)


def is_robot(user_agent: str | None) -> bool:
    return not user_agent or bool(_ROBOT.search(user_agent))


def today(app: Flask) -> date:
    """Days are the expo's own (EEXPO_TIMEZONE), as its organizers report them."""
    return datetime.now(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def visitor_digest(secret: str, day: date, address: str, user_agent: str) -> bytes:
    key = hashlib.blake2b(f"{secret}\0{day.isoformat()}".encode(), digest_size=32).digest()
    return hashlib.blake2b(f"{address}\0{user_agent}".encode(), key=key, digest_size=8).digest()


@dataclass
class Tally:
    """What a flush adds for one day and one booth (None: the whole e-exhibition)."""

    day: date
    booth_id: int | None
    views: int = 0
    plays: int = 0
    downloads: int = 0
    # New unique visitors since the last flush; or, when `absolute`, the day's whole count.
    visitors: int = 0
    absolute: bool = False

    def add(self, kind: str, count: int = 1) -> None:
        if kind == "view":
            self.views += count
        elif kind == "play":
            self.plays += count
        else:
            self.downloads += count


class Counter(Protocol):
    def add(self, day: date, booth_id: int | None, kind: str, visitor: bytes) -> None: ...

    def drain(self) -> list[Tally]:
        """Take everything counted since the last drain (so nothing is written twice)."""


class MemoryCounter:
    """Counts in this process's memory. Several processes each count a visitor they both saw:
    configure Redis when running more than one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tallies: dict[tuple[date, int | None], Tally] = {}
        self.seen: defaultdict[date, set[tuple[int | None, bytes]]] = defaultdict(set)

    def add(self, day: date, booth_id: int | None, kind: str, visitor: bytes) -> None:
        with self.lock:
            for target in {None, booth_id}:
                tally = self.tallies.get((day, target))
                if tally is None:
                    tally = self.tallies[(day, target)] = Tally(day, target)
                tally.add(kind)
                if (target, visitor) not in self.seen[day]:
                    self.seen[day].add((target, visitor))
                    tally.visitors += 1

    def drain(self) -> list[Tally]:
        with self.lock:
            tallies, self.tallies = list(self.tallies.values()), {}
            latest = max(self.seen, default=None)
            for day in [d for d in self.seen if latest and d < latest - timedelta(days=1)]:
                del self.seen[day]  # a day long over: its visitors need not be remembered
        return tallies


class RedisCounter:
    """Counts in Redis: sums in a hash per day, visitors in a HyperLogLog per booth and day."""

    PREFIX = "eexpo:count"
    KEEP_SECONDS = 3 * 24 * 3600

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url, decode_responses=True)

    def add(self, day: date, booth_id: int | None, kind: str, visitor: bytes) -> None:
        d, p = day.isoformat(), self.PREFIX
        pipe = self.redis.pipeline(transaction=False)
        for target in {"all", str(booth_id) if booth_id else "all"}:
            pipe.hincrby(f"{p}:sums:{d}", f"{target}:{kind}", 1)
            pipe.pfadd(f"{p}:visitors:{d}:{target}", visitor)
            pipe.expire(f"{p}:visitors:{d}:{target}", self.KEEP_SECONDS)
            pipe.sadd(f"{p}:touched:{d}", target)
        pipe.sadd(f"{p}:days", d)
        pipe.execute()

    def drain(self) -> list[Tally]:
        p, tallies = self.PREFIX, list[Tally]()
        for d in cast("set[str]", self.redis.smembers(f"{p}:days")):
            pipe = self.redis.pipeline(transaction=True)
            pipe.hgetall(f"{p}:sums:{d}")
            pipe.delete(f"{p}:sums:{d}")
            pipe.smembers(f"{p}:touched:{d}")
            pipe.delete(f"{p}:touched:{d}")
            pipe.srem(f"{p}:days", d)
            sums, _deleted, touched, _gone, _removed = pipe.execute()
            day = date.fromisoformat(d)
            targets = sorted(touched)
            pipe = self.redis.pipeline(transaction=False)
            for target in targets:
                pipe.pfcount(f"{p}:visitors:{d}:{target}")
            found = {
                target: Tally(day, _booth(target), visitors=visitors, absolute=True)
                for target, visitors in zip(targets, pipe.execute(), strict=True)
            }
            for field, value in sums.items():
                target, _sep, kind = field.partition(":")
                found.setdefault(target, Tally(day, _booth(target))).add(kind, int(value))
            tallies.extend(found.values())
        return tallies


def _booth(target: str) -> int | None:
    return None if target == "all" else int(target)


def counter_for(app: Flask) -> Counter:
    if app.config["REDIS_URL"]:
        return RedisCounter(app.config["REDIS_URL"])
    return MemoryCounter()


def count(app: Flask, kind: str, booth_id: int | None, address: str, user_agent: str) -> None:
    """Count one view, play or download reported by a browser (robots are left out by the
    caller)."""
    day = today(app)
    visitor = visitor_digest(app.config["SECRET_KEY"], day, address, user_agent)
    app.extensions["eexpo_counter"].add(day, booth_id, kind, visitor)
    app.extensions["eexpo_flusher"].start()


# --- writing the sums ---------------------------------------------------------------------------


def flush(app: Flask) -> int:
    """Write what was counted since the last flush, in one transaction; returns the number of
    rows written. Reports for booths that are not published (or do not exist) are dropped."""
    tallies = app.extensions["eexpo_counter"].drain()
    if not tallies:
        return 0
    with app.app_context():
        ids = {t.booth_id for t in tallies if t.booth_id is not None}
        published = set(
            db.session.scalars(
                sa.select(Booth.id).where(Booth.id.in_(ids), Booth.status == BoothStatus.PUBLISHED)
            )
        )
        booth_rows = [t for t in tallies if t.booth_id in published]
        event_rows = [t for t in tallies if t.booth_id is None]
        _upsert(BoothDayStat, booth_rows)
        _upsert(EventDayStat, event_rows)
        db.session.commit()
        return len(booth_rows) + len(event_rows)


def _upsert(model: type[BoothDayStat] | type[EventDayStat], tallies: list[Tally]) -> None:
    keys = ["day", "booth_id"] if model is BoothDayStat else ["day"]
    for absolute in (False, True):
        rows = [
            {
                "day": t.day,
                **({"booth_id": t.booth_id} if model is BoothDayStat else {}),
                "views": t.views,
                "video_plays": t.plays,
                "downloads": t.downloads,
                "unique_visitors": t.visitors,
            }
            for t in tallies
            if t.absolute is absolute
        ]
        if not rows:
            continue
        statement = upsert(model, db.engine.dialect)
        new = statement.excluded
        visitors = new.unique_visitors if absolute else model.unique_visitors + new.unique_visitors
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=keys,
                set_={
                    "views": model.views + new.views,
                    "video_plays": model.video_plays + new.video_plays,
                    "downloads": model.downloads + new.downloads,
                    "unique_visitors": visitors,
                },
            ),
            rows,
        )


class Flusher:
    """Flushes every COUNT_FLUSH_SECONDS in a daemon thread of this process, started with the
    first count (after gunicorn forks), and once more when the process exits."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.interval = app.config["COUNT_FLUSH_SECONDS"]
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def start(self) -> None:
        if self.thread is not None or self.interval <= 0:
            return
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, daemon=True, name="eexpo-count")
                self.thread.start()
                atexit.register(self.stop)

    def _run(self) -> None:
        while not self.stopping.wait(self.interval):
            self._flush()

    def _flush(self) -> None:
        try:
            flush(self.app)
        except Exception:
            log.exception("writing the visit counts failed; they are lost")

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join()
        self._flush()


def init_app(app: Flask) -> None:
    app.extensions["eexpo_counter"] = counter_for(app)
    app.extensions["eexpo_flusher"] = Flusher(app)
