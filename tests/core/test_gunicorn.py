"""The production server: gunicorn with deploy/gunicorn.conf.py and two workers. Metrics scraped
from either worker add up every worker's requests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.core.test_ops import _sample

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(app, database_url, tmp_path):
    """gunicorn serving the test database, as production runs it (no page cache: each request
    reaches a worker's Flask)."""
    port = _free_port()
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "EEXPO_DATABASE_URL": database_url,
        "EEXPO_INSTANCE_PATH": str(tmp_path / "instance"),
        "EEXPO_MEDIA_ROOT": str(tmp_path / "media"),
        "EEXPO_SECRET_KEY": "test-secret-key",
        "EEXPO_BIND": f"127.0.0.1:{port}",
        "EEXPO_WORKERS": "2",
        "EEXPO_PAGE_CACHE": "0",
        "EEXPO_RECOVERY_INTERVAL_SECONDS": "0",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{base}/healthz", timeout=5)
            break
        except requests.RequestException:  # not listening yet, or its workers still booting
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                process.wait()
                raise
            time.sleep(0.2)
    yield base, metrics_dir
    process.terminate()
    process.wait(timeout=30)


def test_metrics_add_up_across_gunicorn_workers(gunicorn):
    base, metrics_dir = gunicorn
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _n: requests.get(f"{base}/", timeout=10), range(60)))
    assert {answer.status_code for answer in answers} == {200}
    writers = {path.name for path in metrics_dir.glob("counter_*.db")}
    assert len(writers) >= 2, "both workers served requests"
    text = requests.get(f"{base}/metrics", timeout=10).text
    home = {"endpoint": "visit.home", "method": "GET", "status": "200"}
    assert _sample(text, "eexpo_http_requests_total", **home) == 60
    assert _sample(text, "eexpo_http_request_duration_seconds_count", endpoint="visit.home") == 60
