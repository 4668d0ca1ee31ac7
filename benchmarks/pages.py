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
BOOTHS = int(os.environ.get("BENCH_BOOTHS", "1000"))
PATHS = ["/", "/sectors/iot", "/booths/1", "/login", "/api/v1/sectors"]


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


def _wrk(url: str) -> dict[str, float]:
    wrk = shutil.which("wrk") or "wrk"
    output = subprocess.run(  # noqa: S603 - fixed arguments
        [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _line(label: str, result: dict[str, float], baseline: dict[str, float]) -> str:
    warning = f"   {result['errors']:.0f} non-2xx!" if result["errors"] else ""
    return (
        f"   {label:<18} {result['rps']:>8.0f} req/s  {result['rps'] / baseline['rps']:5.2f}x"
        f"   p50 {result['p50']:6.1f} ms   p99 {result['p99']:6.1f} ms{warning}"
    )


def _prepare(env: dict[str, str]) -> None:
    flask = [str(BIN / "flask"), "--app", "eexpo"]
    for args in (["db", "upgrade"], ["demo"], ["demo", "--booths", str(BOOTHS)]):
        subprocess.run(flask + args, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("make bench needs wrk on the PATH: apt-get install wrk")
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "EEXPO_INSTANCE_PATH": instance, "EEXPO_SECRET_KEY": "bench"}
        env.pop("EEXPO_DATABASE_URL", None)
        started = time.perf_counter()
        _prepare(env)
        print(f"== public pages, SQLite, demo expo + {BOOTHS} booths "
              f"(prepared in {time.perf_counter() - started:.1f} s)")  # fmt: skip
        print(f"   gunicorn sync -w 2, wrk -t2 -c{CONNECTIONS} -d{DURATION} on loopback")
        hello, hello_base = _gunicorn("benchmarks.hello:app", env)
        try:
            baseline = _wrk(hello_base + "/")
        finally:
            hello.terminate()
            hello.wait()
        print(_line("hello world", baseline, baseline))
        app, base = _gunicorn("wsgi:app", env)
        try:
            for path in PATHS:
                print(_line(path, _wrk(base + path), baseline))
        finally:
            app.terminate()
            app.wait()


if __name__ == "__main__":
    main()
