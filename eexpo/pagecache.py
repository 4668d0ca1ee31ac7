"""The page cache: anonymous visitors' public pages, served from memory until content changes.

Public pages are the same for every anonymous visitor in one language, and they are most of the
traffic. `PageCache` is WSGI middleware in front of Flask: a hit costs a dictionary lookup and a
read of the content version (`eexpo.content`), which changes when something visitors can see
changes, so a publish or a takedown shows at once in every process.

Views opt in with `@cached`. Their anonymous responses carry an ETag, Last-Modified (when the
content last changed) and a Cache-Control a CDN can honour; signed-in responses are private.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from flask import Flask, Response, current_app, request
from flask_login import current_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE
from werkzeug.http import generate_etag, http_date, is_resource_modified, quote_etag

from eexpo import content, i18n, ops
from eexpo.content import ContentVersion, current_version
from eexpo.ops import CACHE_STATUS_HEADER as STATUS_HEADER

# Set by the app on responses the middleware may keep; never sent to the client.
STORE_HEADER = "X-Eexpo-Store"
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# What a signed-in user's pages say: neither a shared cache nor the browser's may keep them.
PRIVATE = "private, no-store"


F = TypeVar("F", bound=Callable[..., Any])


def cached(view: F) -> F:
    """Mark a public view whose anonymous responses may be cached (they must not depend on
    anything but the URL, the host and the language)."""
    view.cached_page = True  # type: ignore[attr-defined]
    return view


# --- the Flask side -----------------------------------------------------------------------------


_CONDITIONS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _mark_response(response: Response) -> Response:
    environ, app = request.environ, current_app
    view = app.view_functions.get(request.endpoint or "")
    if not getattr(view, "cached_page", False) or environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
        return response
    headers = response.headers
    # The names present are read in one pass and the headers written as text, in one go, rather
    # than parsed, re-serialized and looked up one at a time.
    present = {name.lower() for name, _value in headers}
    added = []
    if "vary" in present:
        response.vary.update(("Cookie", "Accept-Language"))
    else:
        added.append(("Vary", "Cookie, Accept-Language"))
    if current_user.is_authenticated:
        headers.extend(added)
        headers["Cache-Control"] = PRIVATE
        return response
    if response.status_code != 200 or "set-cookie" in present:
        headers.extend(added)
        return response
    config = app.config
    if "cache-control" in present:
        response.cache_control.public = True
        response.cache_control.max_age = config["PAGE_MAX_AGE"]
    else:
        added.append(("Cache-Control", f"public, max-age={config['PAGE_MAX_AGE']}"))
    _token, changed = current_version()
    if "last-modified" in present:
        headers["Last-Modified"] = _http_date(int(changed))
    else:
        added.append(("Last-Modified", _http_date(int(changed))))
    if "etag" not in present:  # a view's own ETag stands
        added.append(("ETag", quote_etag(generate_etag(response.get_data()))))
    if config["PAGE_CACHE"]:
        added.append((STORE_HEADER, "1"))  # the middleware answers conditional requests
    headers.extend(added)
    if not config["PAGE_CACHE"] and any(name in environ for name in _CONDITIONS):
        response.make_conditional(request)
    return response


@lru_cache(maxsize=8)
def _http_date(seconds: int) -> str:
    """Last-Modified changes with the content version only: formatted once per version."""
    return http_date(seconds)


def init_app(app: Flask) -> None:
    version = content.init_app(app)
    app.after_request(_mark_response)
    if app.config["PAGE_CACHE"]:
        app.wsgi_app = PageCache(  # type: ignore[method-assign]
            app.wsgi_app,
            version=version,
            max_bytes=app.config["PAGE_CACHE_BYTES"],
            seconds=app.config["PAGE_CACHE_SECONDS"],
            personal_cookies=(
                app.config["SESSION_COOKIE_NAME"],
                app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE),
            ),
            languages=tuple(app.config["LANGUAGES"]),
            default_language=app.config["BABEL_DEFAULT_LOCALE"],
        )


# --- the middleware -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    token: str
    expires: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str
    last_modified: str
    endpoint: str | None  # the view that made it, for the request log and metrics


class PageCache:
    """WSGI middleware holding whole responses of cacheable pages for anonymous visitors."""

    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        *,
        version: ContentVersion,
        max_bytes: int,
        seconds: int,
        personal_cookies: tuple[str, ...],
        languages: tuple[str, ...],
        default_language: str,
    ) -> None:
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.personal_cookies = tuple(f"{name}=" for name in personal_cookies)
        self.languages = languages
        self.default_language = default_language
        self.entries: OrderedDict[tuple[str, ...], Entry] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        method = environ["REQUEST_METHOD"]
        if method not in ("GET", "HEAD") or self._personal(environ):
            return self.app(environ, start_response)
        key = (
            environ["wsgi.url_scheme"],
            environ.get("HTTP_HOST", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            self._language(environ),
        )
        token, changed = self.version.current()
        environ[content.VERSION_KEY] = (token, changed)
        entry = self.entries.get(key)
        if entry is not None and entry.token == token and entry.expires > time.monotonic():
            with self.lock:
                if key in self.entries:
                    self.entries.move_to_end(key)
            environ[ops.ENDPOINT_KEY] = entry.endpoint
            return self._answer(entry, "hit", environ, start_response)
        return self._fill(key, token, environ, start_response)

    def _personal(self, environ: dict[str, Any]) -> bool:
        """Signed in (or holding a session): such pages are never shared."""
        if "HTTP_AUTHORIZATION" in environ:
            return True
        cookies = environ.get("HTTP_COOKIE", "")
        return bool(cookies) and any(name in cookies for name in self.personal_cookies)

    def _language(self, environ: dict[str, Any]) -> str:
        cookies = environ.get("HTTP_COOKIE", "")
        chosen = None
        if i18n.LOCALE_COOKIE in cookies:
            for part in cookies.split(";"):
                name, _, value = part.strip().partition("=")
                if name == i18n.LOCALE_COOKIE:
                    chosen = value
        return i18n.anonymous_locale(
            chosen, environ.get("HTTP_ACCEPT_LANGUAGE"), self.languages, self.default_language
        )

    def _fill(
        self,
        key: tuple[str, ...],
        token: str,
        environ: dict[str, Any],
        start_response: Callable[..., Any],
    ) -> Any:
        """Run the app. A response it marks as storable is kept (and served as a miss);
        anything else passes through untouched, streamed as the app produced it."""
        kept: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if status.startswith("200") and any(name == STORE_HEADER for name, _ in headers):
                kept["status"], kept["headers"] = status, headers
                return kept.setdefault("written", []).append
            headers = [(name, value) for name, value in headers if name != STORE_HEADER]
            return start_response(status, headers, exc_info)

        body_iter = self.app(environ, capture)
        if "status" not in kept:
            return body_iter
        try:
            body = b"".join([*kept.get("written", []), *body_iter])
        finally:
            if hasattr(body_iter, "close"):
                body_iter.close()
        headers = [(name, value) for name, value in kept["headers"] if name != STORE_HEADER]
        lookup = {name.lower(): value for name, value in headers}
        entry = Entry(
            token=token,
            expires=time.monotonic() + self.seconds,
            status=kept["status"],
            headers=headers,
            body=body,
            etag=lookup.get("etag", ""),
            last_modified=lookup.get("last-modified", ""),
            endpoint=environ.get(ops.ENDPOINT_KEY),
        )
        if environ["REQUEST_METHOD"] == "GET":
            self._keep(key, entry)
        return self._answer(entry, "miss", environ, start_response)

    def _keep(self, key: tuple[str, ...], entry: Entry) -> None:
        if len(entry.body) > self.max_bytes // 16:
            return  # one huge page must not push out everything else
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self.entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.max_bytes:
                _key, evicted = self.entries.popitem(last=False)
                self.size -= len(evicted.body)

    def _answer(
        self, entry: Entry, how: str, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        conditional = any(name in environ for name in _CONDITIONAL)
        if conditional and not is_resource_modified(
            environ, etag=entry.etag or None, last_modified=entry.last_modified or None
        ):
            kept = ("etag", "last-modified", "cache-control", "vary")
            headers = [(n, v) for n, v in entry.headers if n.lower() in kept]
            start_response("304 Not Modified", [*headers, (STATUS_HEADER, how)])
            return []
        start_response(entry.status, [*entry.headers, (STATUS_HEADER, how)])
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]
