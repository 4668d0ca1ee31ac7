"""Booth-building season: visitors load a sector page and booth pages while an exhibitor team
creates draft booths, saves them and uploads photos (sent, completed and processed) several
times a second.

None of that work shows to visitors, so the page cache must stay valid through it: the share of
cache hits, and the pages' throughput as a ratio to the same run without the team's writes.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections import Counter
from urllib.parse import urljoin

import requests

from benchmarks.pages import BIN, BOOTHS, ROOT, SECTOR, _gunicorn, _wrk, bench_env, prepare

WRITES_PER_SECOND = float(os.environ.get("BENCH_WRITES_PER_SECOND", "4"))
SPREAD = min(BOOTHS, 2000)  # visitors of booth pages pick one of the first SPREAD at random
_BOOTHS = f"""
math.randomseed(os.time())
request = function() return wrk.format("GET", "/booths/" .. math.random(1, {SPREAD})) end
"""
EMAIL, PASSWORD = "builder@example.com", "correct horse battery"


class Team(threading.Thread):
    """An exhibitor's team at work through the JSON API, paced to `WRITES_PER_SECOND` calls:
    a new draft booth, a save, then a photo upload into it (start, send, complete)."""

    def __init__(self, base: str, token: str, photo: bytes) -> None:
        super().__init__(daemon=True)
        self.base, self.photo = base, photo
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.stopped = threading.Event()
        self.statuses: Counter[int] = Counter()

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        response = self.http.request(method, f"{self.base}/api/v1{path}", json=body, timeout=30)
        self.statuses[response.status_code] += 1
        self._pace()
        return response.json() if response.content else {}

    def _pace(self) -> None:
        self.stopped.wait(1 / WRITES_PER_SECOND)

    def run(self) -> None:
        n = 0
        while not self.stopped.is_set():
            n += 1
            draft = self._call(
                "POST", "/booths", {"title": f"Stand build {n}", "sector": "iot", "summary": "x"}
            )
            if "booth_id" not in draft:
                continue
            booth_id = draft["booth_id"]
            self._call("PATCH", f"/booths/{booth_id}/draft", {"version": 1, "summary": "Sensors"})
            started = self._call(
                "POST", f"/booths/{booth_id}/media",
                {"kind": "image", "filename": "stand.jpg", "content_type": "image/jpeg",
                 "size": len(self.photo)},
            )  # fmt: skip
            if "upload" not in started:
                continue
            upload = started["upload"]
            sent = requests.post(  # as the browser sends it: no token
                urljoin(self.base, upload["url"]),
                data=upload["fields"], files={"file": ("f", self.photo)}, timeout=30,
            )  # fmt: skip
            self.statuses[sent.status_code] += 1
            self._pace()
            self._call("POST", f"/media/{started['media']['id']}/complete")

    def calls(self) -> int:
        return sum(self.statuses.values())


def _visitors(base: str) -> dict[str, dict[str, float]]:
    """The sector page and the spread of booth pages, loaded at the same time."""
    results: dict[str, dict[str, float]] = {}
    runs = [
        threading.Thread(target=lambda: results.update(
            sector=_wrk(base + SECTOR, connections=16, count_cache=True))),
        threading.Thread(target=lambda: results.update(
            booths=_wrk(base + "/", connections=16, count_cache=True, lua=_BOOTHS))),
    ]  # fmt: skip
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    return results


def main() -> None:
    from eexpo.media.generate import make_photo

    with tempfile.TemporaryDirectory() as instance:
        env = {
            **bench_env(instance),
            "EEXPO_UPLOAD_START_LIMIT": "100000 per minute",
            "EEXPO_LOGIN_RATE_LIMIT": "100000 per minute",
        }
        prepare(env, BOOTHS)
        flask = [str(BIN / "flask"), "--app", "eexpo", "users", "create", EMAIL]
        subprocess.run(  # noqa: S603 - fixed arguments
            [*flask, "--role", "exhibitor", "--exhibitor", "Builders Ltd", "--password", PASSWORD],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        app, base = _gunicorn("wsgi:app", env)
        try:
            token = requests.post(
                f"{base}/api/v1/tokens", json={"email": EMAIL, "password": PASSWORD}, timeout=30
            ).json()["token"]
            for _round in range(2):  # warm up: each worker's cache, the workers' connections
                _visitors(base)
            quiet = _visitors(base)
            team = Team(base, token, make_photo(1200, 800))
            started = time.monotonic()
            team.start()
            busy = _visitors(base)
            team.stopped.set()
            team.join()
            seconds = time.monotonic() - started
        finally:
            app.terminate()
            app.wait()
    print("== booth-building season: visitors while an exhibitor team creates drafts and uploads")
    print(f"   {SECTOR} and {SPREAD} booth pages at random, 16 connections each, SQLite")
    for page in ("sector", "booths"):
        ratio = busy[page]["rps"] / quiet[page]["rps"]
        verdict = ""
        if page == "sector":
            met = ratio >= 0.80 and busy[page]["hits"] >= 0.95
            verdict = f"   targets 0.80x and 95% hits {'met' if met else 'MISSED'}"
        for label, run in (("without writes", quiet[page]), ("with writes", busy[page])):
            print(
                f"   {page:<7} {label:<15} {run['rps']:6.0f} req/s   p99 {run['p99']:6.1f} ms"
                f"   cache hits {run['hits']:6.1%}"
            )
        print(f"   {page:<7} with writes: {ratio:.2f}x of without{verdict}")
    answers = ", ".join(f"{status}: {count}" for status, count in sorted(team.statuses.items()))
    print(f"   the team's calls {team.calls() / seconds:.1f}/s ({answers})")


if __name__ == "__main__":
    main()
