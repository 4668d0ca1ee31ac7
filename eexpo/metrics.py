"""Prometheus metrics, exposed at /metrics (prometheus-client).

Counters and histograms are kept by each process as it works: requests (by endpoint, method and
status, with latency), page cache hits and misses, jobs and media processing. Under gunicorn
with several workers, `PROMETHEUS_MULTIPROC_DIR` (set before the process starts, see
deploy/gunicorn.conf.py) makes them files that any process sums when scraped. What is true of
the whole site rather than of one process — the job queue, media by status — is read when
scraped, by `SiteCollector`.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import threading
from collections.abc import Iterator
from wsgiref.simple_server import WSGIServer

from flask import Flask
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger("eexpo.metrics")
MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ
_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

REQUESTS = Counter(
    "eexpo_http_requests", "Requests answered, by endpoint, method and status",
    ("endpoint", "method", "status"),
)  # fmt: skip
REQUEST_SECONDS = Histogram(
    "eexpo_http_request_duration_seconds",
    "Time to produce a response (not to send it), by endpoint",
    ("endpoint",),
    buckets=_SECONDS,
)
PAGE_CACHE = Counter(
    "eexpo_page_cache", "Anonymous public pages answered from the page cache or filled", ("result",)
)
JOBS = Counter("eexpo_jobs", "Background jobs finished, by job and outcome", ("job", "outcome"))
JOB_SECONDS = Histogram(
    "eexpo_job_duration_seconds",
    "Time a background job ran, by job",
    ("job",),
    buckets=(0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800),
)
MEDIA_PROCESSED = Counter(
    "eexpo_media_processed",
    "Media processing attempts by kind and outcome: ready, rejected (the file's fault), error "
    "(ours), outage (the store's; retried later)",
    ("kind", "outcome"),
)


class SiteCollector(Collector):
    """Gauges read at scrape time from the queue and the database (inside an app context). A
    dependency that fails leaves its gauges out, logged; /readyz says which one is down."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for part in (self._jobs, self._media):
            try:
                yield from list(part())
            except Exception:
                log.warning("metrics: %s could not be read", part.__name__, exc_info=True)

    def _jobs(self) -> Iterator[GaugeMetricFamily]:
        from eexpo.tasks import queue_stats

        jobs = GaugeMetricFamily(
            "eexpo_job_queue", "Background jobs now, by state", labels=["state"]
        )
        for state, count in queue_stats().items():
            jobs.add_metric([state], count)
        yield jobs

    def _media(self) -> Iterator[GaugeMetricFamily]:
        from eexpo.extensions import db
        from eexpo.media import oversight

        try:
            counts = oversight.counts_by_status()
            stuck = oversight.stuck_count()
        finally:
            db.session.rollback()  # end the read (or a failed one) and free the connection
        media = GaugeMetricFamily(
            "eexpo_media_items", "Media items by kind and status", labels=["kind", "status"]
        )
        for (kind, status), count in sorted(counts.items()):
            media.add_metric([kind, status], count)
        yield media
        yield GaugeMetricFamily(
            "eexpo_media_stuck",
            "Media items processing whose lease ran out (waiting for the recovery check)",
            value=stuck,
        )


def exposition() -> bytes:
    """Every metric in Prometheus's text format: this process's (or every process's, summed,
    in multi-process mode) and the site's."""
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        own = generate_latest(registry)
    else:
        own = generate_latest(REGISTRY)
    site = CollectorRegistry()
    site.register(SiteCollector())
    return own + generate_latest(site)


def serve_own(port: int) -> tuple[WSGIServer, threading.Thread]:
    """This process's own counters and durations on 127.0.0.1:`port`, served by
    prometheus-client in a thread: for an RQ worker, whose jobs are counted and timed in its own
    process, apart from the app's. Loopback only, as /metrics is without a token."""
    registry = REGISTRY
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return start_http_server(port, addr="127.0.0.1", registry=registry)


def allowed(app: Flask, authorization: str | None, remote_addr: str | None) -> bool:
    """Who may scrape: the bearer of EEXPO_METRICS_TOKEN when it is set, else only loopback (the
    address after ProxyFix, so a visitor behind the proxy is not loopback)."""
    token = app.config["METRICS_TOKEN"]
    if token:
        scheme, _, given = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())
    try:
        return ipaddress.ip_address(remote_addr or "").is_loopback
    except ValueError:
        return False
