"""Public pages under gunicorn `sync -w 2`, measured with wrk on loopback, as ratios to hello world.

Both servers run the same way in the same run, so the ratios hold across machines; the absolute
figures are this machine's.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
BOOTHS = int(os.environ.get("BENCH_BOOTHS", "10000"))
PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
BOOTH = "/booths/1"  # a demo booth: text, photo and video blocks
SECTOR = "/sectors/iot"
# (label, path, target ratio to hello world or None, whether p99 must stay under 100 ms)
EXHIBITS = "/exhibits"
CACHED = [
    ("sector, cached", SECTOR, 0.80, False), ("booth, cached", BOOTH, 0.80, False),
    ("exhibits, cached", EXHIBITS, 0.80, False),
]  # fmt: skip
UNCACHED = [
    ("sector", SECTOR, None, True),
    ("booth", BOOTH, None, True),
    ("exhibits", EXHIBITS, None, True),
    ("exhibits search", "/exhibits?q=silicon+carbide&cooperation=licensing", None, True),
    ("exhibit", "/exhibits/1", None, True),
    ("home", "/", None, False),
    ("search page", "/search?q=robots", None, False),
    ("api booths", "/api/v1/booths?sector=iot", None, False),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def _gunicorn(target: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(BIN / "gunicorn"), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}", target,
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    _wait(base + "/")
    return process, base


# A wrk script counting the page cache's answers (X-Eexpo-Cache) over all of wrk's threads.
_COUNT_CACHE = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hits = 0; others = 0 end
function response(status, headers, body)
  if headers["X-Eexpo-Cache"] == "hit" then hits = hits + 1 else others = others + 1 end
end
function done(summary, latency, requests)
  local h, o = 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); o = o + thread:get("others") end
  io.write(string.format("cache hits %d others %d\\n", h, o))
end
"""


def _wrk(
    url: str,
    connections: int | str = CONNECTIONS,
    duration: str = DURATION,
    *,
    count_cache: bool = False,
    lua: str = "",
) -> dict[str, float]:
    """wrk's figures; with `count_cache`, also the share of cache hits ("hits"). `lua`: more of
    wrk's script (a `request` function choosing the path, say)."""
    wrk = shutil.which("wrk") or "wrk"
    threads = min(2, int(connections))
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua + _COUNT_CACHE)
        script.flush()
        counting = ["-s", script.name] if count_cache or lua else []
        output = subprocess.run(  # noqa: S603 - fixed arguments
            [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency", *counting,
             url],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    cache = re.search(r"cache hits (\d+) others (\d+)", output)
    hits = int(cache.group(1)) / max(1, int(cache.group(1)) + int(cache.group(2))) if cache else 0
    return {
        "hits": hits,
        "rps": rps,
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _line(label: str, result: dict[str, float], baseline: dict[str, float],
          target: float | None = None, p99_limit: bool = False) -> str:  # fmt: skip
    ratio = result["rps"] / baseline["rps"]
    verdicts = []
    if target is not None:
        verdicts.append(f"target {target:.2f}x {'met' if ratio >= target else 'MISSED'}")
    if p99_limit:
        verdicts.append(f"p99 < 100 ms {'met' if result['p99'] < 100 else 'MISSED'}")
    if result["errors"]:
        verdicts.append(f"{result['errors']:.0f} non-2xx!")
    return (
        f"   {label:<16} {result['rps']:>8.0f} req/s  {ratio:5.2f}x"
        f"   p50 {result['p50']:6.1f} ms   p99 {result['p99']:6.1f} ms   {'; '.join(verdicts)}"
    ).rstrip()


def prepare(env: dict[str, str], booths: int) -> None:
    flask = [str(BIN / "flask"), "--app", "eexpo"]
    for args in (
        [*flask, "db", "upgrade"],
        [*flask, "demo"],
        [sys.executable, "-m", "benchmarks.booths", str(booths)],
    ):
        subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


def bench_env(instance: str, database_url: str | None = None) -> dict[str, str]:
    """The app's environment: SQLite in `instance`, or the given database."""
    env = {**os.environ, "EEXPO_INSTANCE_PATH": instance, "EEXPO_SECRET_KEY": "bench"}
    env["EEXPO_SEARCH_RATE_LIMIT"] = "1000000 per minute"  # one address asks for everything
    for name in ("EEXPO_DATABASE_URL", "EEXPO_REDIS_URL", "EEXPO_PAGE_CACHE"):
        env.pop(name, None)
    if database_url:
        env["EEXPO_DATABASE_URL"] = database_url
    return env


def fresh_postgresql(name: str = "eexpo_bench") -> str:
    """An empty database on the local PostgreSQL, for a run on the server database."""
    for statement in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        subprocess.run(  # noqa: S603 - fixed arguments
            [shutil.which("psql") or "psql", "-h", PG_HOST, "-U", "postgres", "-qc", statement],
            check=True, capture_output=True,
        )  # fmt: skip
    return f"postgresql+psycopg://postgres@{PG_HOST}:5432/{name}"


def _pages(env: dict[str, str], paths: list) -> list[tuple[tuple, dict[str, float]]]:
    app, base = _gunicorn("wsgi:app", env)
    try:
        results = []
        for page in paths:
            _wrk(base + page[1])  # warm up: the cache, the workers' connections
            results.append((page, _wrk(base + page[1])))
        return results
    finally:
        app.terminate()
        app.wait()


def _hello(env: dict[str, str]) -> dict[str, float]:
    hello, base = _gunicorn("benchmarks.hello:app", env)
    try:
        _wrk(base + "/")  # warm up, as the pages are
        return _wrk(base + "/")
    finally:
        hello.terminate()
        hello.wait()


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("make bench needs wrk on the PATH: apt-get install wrk")
    with tempfile.TemporaryDirectory() as instance:
        env = bench_env(instance)
        started = time.perf_counter()
        prepare(env, BOOTHS)
        print(f"== public pages, SQLite, demo expo + {BOOTHS} booths "
              f"(prepared in {time.perf_counter() - started:.1f} s)")  # fmt: skip
        print(f"   gunicorn sync -w 2, wrk -t2 -c{CONNECTIONS} -d{DURATION} on loopback")
        # Hello world before and after the pages: this machine's speed drifts by a tenth within a
        # run, and the ratios are taken to the mean of the two.
        before = _hello(env)
        cached = _pages(env, CACHED)
        uncached = _pages({**env, "EEXPO_PAGE_CACHE": "0"}, UNCACHED)
        after = _hello(env)
        baseline = {key: (before[key] + after[key]) / 2 for key in before}
        print(_line("hello world", baseline, baseline)
              + f"   (before {before['rps']:.0f}, after {after['rps']:.0f} req/s)")  # fmt: skip
        for (label, _path, target, p99_limit), result in cached:
            print(_line(label, result, baseline, target, p99_limit))
        print("   with the page cache off (EEXPO_PAGE_CACHE=0):")
        for (label, _path, target, p99_limit), result in uncached:
            print(_line(label, result, baseline, target, p99_limit))
    if shutil.which("psql") is None:
        print("   (no psql on the PATH: the PostgreSQL run is left out)")
        return
    with tempfile.TemporaryDirectory() as instance:
        env = bench_env(instance, fresh_postgresql())
        prepare(env, BOOTHS)
        print(f"   on PostgreSQL ({PG_HOST}), the page cache off:")
        for (label, _path, target, p99_limit), result in _pages(
            {**env, "EEXPO_PAGE_CACHE": "0"}, UNCACHED[:2]
        ):
            print(_line(label, result, baseline, target, p99_limit))


if __name__ == "__main__":
    main()
