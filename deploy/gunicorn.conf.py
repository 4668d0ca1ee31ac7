"""gunicorn's settings for eexpo in production: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Each setting can be changed from the environment (the systemd unit's EnvironmentFile or the
container's environment) without editing this file.
"""

import os
import shutil
import tempfile

# Where to listen: nginx proxies to it (loopback, or a private address in a cluster).
bind = os.environ.get("EEXPO_BIND", "127.0.0.1:8000")
# Sync workers: pages are short CPU work and media bytes never pass through the app. About two
# per core; each holds its own page cache (EEXPO_PAGE_CACHE_MB).
workers = int(os.environ.get("EEXPO_WORKERS", str(2 * (os.cpu_count() or 1))))
worker_class = "sync"
# A request taking longer is killed; uploads go to the store directly, so 30 s is plenty.
timeout = int(os.environ.get("EEXPO_WORKER_TIMEOUT", "30"))
graceful_timeout = 30
# Restart each worker after this many requests (plus jitter), against slow memory growth.
max_requests = int(os.environ.get("EEXPO_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# nginx writes the access log; eexpo writes one JSON line per request itself.
accesslog = None
errorlog = "-"

# Metrics from every worker are summed when /metrics is scraped: prometheus-client keeps them in
# files under this folder, which must exist, empty, before any worker imports the app (the
# systemd unit gives a RuntimeDirectory). Unset, each master makes one, removed when it stops.
_own_metrics_folder = "PROMETHEUS_MULTIPROC_DIR" not in os.environ
if _own_metrics_folder:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="eexpo-metrics-")


def child_exit(_server, worker):
    """A dead worker's live gauges go; its counters stay in the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(_server):
    if _own_metrics_folder:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
