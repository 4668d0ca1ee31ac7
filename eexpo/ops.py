"""Operations: a request id on every response and log line, so a visitor's error report, the API's
error body and the logs name the same request."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, has_request_context, request

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

REQUEST_ID_HEADER = "X-Request-ID"
_ENVIRON_KEY = "eexpo.request_id"
# What a trusted proxy's id may look like (nginx's $request_id is 32 hex digits).
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class RequestIds:
    """WSGI middleware, outermost: takes the proxy's X-Request-ID when proxies are trusted and it
    looks like an id, makes one otherwise, and sends it back on every response (cached pages
    and errors included)."""

    def __init__(self, app: WSGIApplication, *, trust_header: bool) -> None:
        self.app = app
        self.trust_header = trust_header

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        given = environ.get("HTTP_X_REQUEST_ID", "") if self.trust_header else ""
        request_id = given if _VALID_ID.fullmatch(given) else os.urandom(16).hex()
        environ[_ENVIRON_KEY] = request_id

        def start(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def request_id() -> str | None:
    """The current request's id, or None outside a request."""
    if not has_request_context():
        return None
    return request.environ.get(_ENVIRON_KEY)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() or "-"
        return True


def init_logging() -> None:
    """Log lines carry the request id; set up once per process, like `logging.basicConfig`."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    for handler in root.handlers:
        if not any(isinstance(f, _RequestIdFilter) for f in handler.filters):
            handler.addFilter(_RequestIdFilter())


def init_app(app: Flask) -> None:
    """Wrap the app last of all middleware, so that every response passes through it."""
    init_logging()
    app.wsgi_app = RequestIds(  # type: ignore[method-assign]
        app.wsgi_app, trust_header=app.config["PROXY_COUNT"] > 0
    )
