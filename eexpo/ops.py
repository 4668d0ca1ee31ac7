"""Operations: a request id on every response and log line (so a visitor's error report, the
API's error body and the logs name the same request), one log line and metrics per request,
and the endpoints a load balancer and Prometheus call: /healthz, /readyz, /metrics."""

from __future__ import annotations

import contextvars
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import orjson
from flask import Flask, has_request_context, request
from prometheus_client import CONTENT_TYPE_LATEST
from pythonjsonlogger.json import JsonFormatter
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Request, Response

from eexpo import health, metrics

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

REQUEST_ID_HEADER = "X-Request-ID"
# What the page cache did with a request (hit or miss), for operators, tests and the metrics.
CACHE_STATUS_HEADER = "X-Eexpo-Cache"
_ENVIRON_KEY = "eexpo.request_id"
# Which view answered: set by the app (and by the page cache for the pages it holds).
ENDPOINT_KEY = "eexpo.endpoint"
# What a trusted proxy's id may look like (nginx's $request_id is 32 hex digits).
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# A job's log lines carry the id of the request that queued it.
_job_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "eexpo_job_request_id", default=None
)
request_log = logging.getLogger("eexpo.request")
job_log = logging.getLogger("eexpo.job")


def request_id() -> str | None:
    """The current request's id (or, in a job, that of the request that queued it)."""
    if not has_request_context():
        return _job_request_id.get()
    return request.environ.get(_ENVIRON_KEY)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # A line may name its request itself (the request log, written after the request).
        record.request_id = getattr(record, "request_id", None) or request_id() or "-"
        return True


def log_formatter(kind: str) -> logging.Formatter:
    """ "json" (one object per line, for a log collector) or "text" (for people)."""
    if kind == "json":
        return JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            json_serializer=lambda value, **_options: orjson.dumps(value, default=str).decode(),
        )
    if kind == "text":
        return logging.Formatter(TEXT_FORMAT)
    raise RuntimeError(f"EEXPO_LOG_FORMAT must be 'json' or 'text', not {kind!r}")


def init_logging(kind: str) -> None:
    """Set up the process's logging once, like `logging.basicConfig` (which it leaves alone if
    something, such as a test runner, configured it first); every handler gets request ids."""
    root = logging.getLogger()
    if not root.handlers:
        stream = logging.StreamHandler()
        stream.setFormatter(log_formatter(kind))
        root.addHandler(stream)
        root.setLevel(logging.INFO)
    for handler in root.handlers:
        if not any(isinstance(f, _RequestIdFilter) for f in handler.filters):
            handler.addFilter(_RequestIdFilter())


class RequestLog:
    """WSGI middleware, outermost: takes the proxy's X-Request-ID when proxies are trusted and it
    looks like an id, makes one otherwise, and sends it back on every response (cached pages
    and errors included); counts and times the request, and logs it when asked to. The line
    names the endpoint, never the path or the query, which may hold personal data."""

    def __init__(self, app: WSGIApplication, *, trust_header: bool, log_requests: bool) -> None:
        self.app = app
        self.trust_header = trust_header
        self.log_requests = log_requests

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        given = environ.get("HTTP_X_REQUEST_ID", "") if self.trust_header else ""
        rid = given if _VALID_ID.fullmatch(given) else os.urandom(16).hex()
        environ[_ENVIRON_KEY] = rid
        answered: dict[str, str] = {}

        def start(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            answered["status"] = status[:3]
            for name, value in headers:
                if name == CACHE_STATUS_HEADER:
                    answered["cache"] = value
            headers.append((REQUEST_ID_HEADER, rid))
            return start_response(status, headers, exc_info)

        body = self.app(environ, start)
        self._record(environ, answered, time.perf_counter() - started)
        return body

    def _record(self, environ: WSGIEnvironment, answered: dict[str, str], seconds: float) -> None:
        endpoint = environ.get(ENDPOINT_KEY) or "unmatched"
        method = environ["REQUEST_METHOD"]
        status = answered.get("status", "500")
        metrics.REQUESTS.labels(endpoint, method, status).inc()
        metrics.REQUEST_SECONDS.labels(endpoint).observe(seconds)
        cache = answered.get("cache")
        if cache is not None:
            metrics.PAGE_CACHE.labels(cache).inc()
        if self.log_requests:
            request_log.info(
                "%s %s %s %.1f ms",
                method, endpoint, status, seconds * 1000,
                extra={
                    "request_id": environ[_ENVIRON_KEY],
                    "method": method,
                    "endpoint": endpoint,
                    "status": int(status),
                    "duration_ms": round(seconds * 1000, 2),
                    "cache": cache,
                },
            )  # fmt: skip


class OpsEndpoints:
    """WSGI middleware answering /healthz, /readyz and /metrics before the app: probes and
    scrapers call the process by its address, which the trusted-hosts check would refuse, and
    these answers must never be cached or set a cookie."""

    PATHS = {"/healthz": "healthz", "/readyz": "readyz", "/metrics": "metrics"}

    def __init__(self, app: WSGIApplication, flask_app: Flask) -> None:
        self.app = app
        self.flask_app = flask_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        name = self.PATHS.get(environ.get("PATH_INFO", ""))
        if name is None:
            return self.app(environ, start_response)
        environ[ENDPOINT_KEY] = name
        incoming = Request(environ)
        if incoming.method not in ("GET", "HEAD"):
            response = Response("Only GET is answered here.\n", 405, {"Allow": "GET, HEAD"})
        else:
            response = getattr(self, name)(incoming)
        response.headers["Cache-Control"] = "no-store"
        return response(environ, start_response)

    def healthz(self, _incoming: Request) -> Response:
        return Response("ok\n", mimetype="text/plain")

    def readyz(self, _incoming: Request) -> Response:
        with self.flask_app.app_context():
            statuses = health.readiness()
        status = 200 if health.is_ready(statuses) else 503
        return Response(orjson.dumps(statuses), status, mimetype="application/json")

    def metrics(self, incoming: Request) -> Response:
        allowed = metrics.allowed(
            self.flask_app, incoming.headers.get("Authorization"), incoming.remote_addr
        )
        if not allowed:
            if self.flask_app.config["METRICS_TOKEN"]:
                return Response(
                    "A bearer token (EEXPO_METRICS_TOKEN) is needed.\n", 401,
                    {"WWW-Authenticate": 'Bearer realm="metrics"'}, mimetype="text/plain",
                )  # fmt: skip
            return Response(
                "Metrics are answered only on loopback unless EEXPO_METRICS_TOKEN is set.\n",
                403, mimetype="text/plain",
            )  # fmt: skip
        with self.flask_app.app_context():
            exposition = metrics.exposition()
        return Response(exposition, mimetype=CONTENT_TYPE_LATEST)


def _name_endpoint(response: Any) -> Any:
    request.environ[ENDPOINT_KEY] = request.endpoint or "unmatched"
    return response


def init_app(app: Flask) -> None:
    """Wrap the app last of all middleware: the ops endpoints, then the proxy's headers (so
    /metrics sees the visitor's address), then the request log, outermost, which every
    response passes through."""
    app.after_request(_name_endpoint)
    wrapped: WSGIApplication = OpsEndpoints(app.wsgi_app, app)
    if app.config["PROXY_COUNT"]:
        hops = app.config["PROXY_COUNT"]
        wrapped = ProxyFix(wrapped, x_for=hops, x_proto=hops, x_host=hops)
    app.wsgi_app = RequestLog(  # type: ignore[method-assign]
        wrapped, trust_header=app.config["PROXY_COUNT"] > 0, log_requests=app.config["REQUEST_LOG"]
    )


def job_started(request_id: str | None) -> contextvars.Token:
    """In a job: log lines name the request that queued it."""
    return _job_request_id.set(request_id)


def job_finished(
    token: contextvars.Token, job: str, args: tuple, outcome: str, seconds: float
) -> None:
    metrics.JOBS.labels(job, outcome).inc()
    metrics.JOB_SECONDS.labels(job).observe(seconds)
    job_log.info(
        "%s %s %.1f ms", job, outcome, seconds * 1000,
        extra={"job": job, "job_args": list(args), "outcome": outcome,
               "duration_ms": round(seconds * 1000, 2)},
    )  # fmt: skip
    _job_request_id.reset(token)
