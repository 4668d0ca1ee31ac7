"""Instructions per request of the uncached public pages, counted by valgrind's callgrind.

The wrk ratios in pages.py are what the targets name, but on this shared machine they move by a
third from one minute to the next. Instructions are counted, not timed: the same code gives the
same count within a few tenths of a percent, so a change's effect can be read off one run. They
are the WSGI call only (no HTTP server), after a warm-up, with the page cache off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.pages import BIN, ROOT, bench_env, prepare

BOOTHS = int(os.environ.get("BENCH_BOOTHS", "10000"))
# (label, path, requests counted)
PAGES = [
    ("hello world", "hello", 200),  # benchmarks/hello.py, the wrk ratios' baseline
    ("empty view", "/empty", 200),
    ("booth", "/booths/1", 100),
    ("sector", "/sectors/iot", 50),
    ("api booths", "/api/v1/booths?sector=iot", 50),
]

# A callgrind dump states its total twice, as `summary:` and `totals:` (one may read 0).
_TOTALS = ("summary:", "totals:")

# Run inside valgrind with instrumentation off until the app is warm: callgrind_control turns it
# on for the counted requests only, so start-up and imports are left out.
_COUNTED = """
import io, os, subprocess, sys
from werkzeug.test import EnvironBuilder
path, count = sys.argv[1], int(sys.argv[2])
if path == "hello":
    from benchmarks.hello import app
    path = "/"
else:
    from eexpo import create_app
    from eexpo.access import public
    app = create_app()
    app.get("/empty")(public(lambda: "Hello, World!"))
environ = EnvironBuilder(path=path, base_url="http://127.0.0.1:5000").get_environ()
environs = [dict(environ, **{"wsgi.input": io.BytesIO()}) for _ in range(count + 50)]
def call(environ):
    b"".join(app(environ, lambda status, headers, exc_info=None: None))
for environ in environs[:50]:
    call(environ)
control = ["callgrind_control", "-i"]
subprocess.run([*control, "on", str(os.getpid())], check=True, capture_output=True)
for environ in environs[50:]:
    call(environ)
subprocess.run([*control, "off", str(os.getpid())], check=True, capture_output=True)
"""


def count(env: dict[str, str], path: str, requests: int) -> int:
    """Instructions per request of `path`."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(  # noqa: S603 - fixed arguments
            [shutil.which("valgrind") or "valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={out}/callgrind.%p",
             str(BIN / "python"), "-c", _COUNTED, path, str(requests)],
            cwd=ROOT, env={**env, "EEXPO_PAGE_CACHE": "0"}, check=True, capture_output=True,
        )  # fmt: skip
        total = 0
        for dump in Path(out).iterdir():
            lines = dump.read_text().splitlines()
            total += max(int(line.split()[1]) for line in lines if line.startswith(_TOTALS))
    return total // requests


def main() -> None:
    if shutil.which("valgrind") is None:
        print("== instructions per request: skipped, valgrind is not installed")
        return
    with tempfile.TemporaryDirectory() as instance:
        env = bench_env(instance)
        prepare(env, BOOTHS)
        print(f"== instructions per request (callgrind), SQLite, demo expo + {BOOTHS} booths")
        for label, path, requests in PAGES:
            print(f"   {label:<16} {count(env, path, requests) / 1e6:6.2f} M")


if __name__ == "__main__":
    sys.exit(main())
