"""The page cache: anonymous visitors' public pages, served from memory until content changes.

Public pages are the same for every anonymous visitor in one language, and they are most of the
traffic. `PageCache` is WSGI middleware in front of Flask: a hit costs a dictionary lookup and a
read of the *content version*, a token that changes with every commit touching what public pages
show (see `_committed`). Comparing tokens, not expiring entries, is what makes publish,
takedown and edits visible at once, in every process: the token lives in a file in the instance
folder (one machine) or in Redis (several).

Views opt in with `@cached`. Their anonymous responses carry an ETag, Last-Modified (when the
content last changed) and a Cache-Control a CDN can honour; signed-in responses are private.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from flask import Flask, Response, current_app, has_app_context, has_request_context, request
from flask_login import current_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE
from sqlalchemy.orm import ORMExecuteState, Session
from werkzeug.http import generate_etag, http_date, is_resource_modified, quote_etag

from eexpo import i18n

# Set by the app on responses the middleware may keep; never sent to the client.
STORE_HEADER = "X-Eexpo-Store"
# What the middleware did, for operators and tests: hit or miss.
STATUS_HEADER = "X-Eexpo-Cache"
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# What a signed-in user's pages say: neither a shared cache nor the browser's may keep them.
PRIVATE = "private, no-store"


F = TypeVar("F", bound=Callable[..., Any])


def cached(view: F) -> F:
    """Mark a public view whose anonymous responses may be cached (they must not depend on
    anything but the URL, the host and the language)."""
    view.cached_page = True  # type: ignore[attr-defined]
    return view


# --- the content version ------------------------------------------------------------------------


class ContentVersion(Protocol):
    def current(self) -> tuple[str, float]:
        """(the token, when it last changed, as a Unix time)."""

    def bump(self) -> None: ...


class FileVersion:
    """The token in a file; replaced atomically, so readers never see half a token.

    Every request reads it, so the file is read again only when a `stat` shows it was replaced
    (another inode, size or time), and at least once a second in case a replacement reused an
    inode within one tick of the file system's clock: a `stat` costs a tenth of a read."""

    REREAD_SECONDS = 1.0

    def __init__(self, path: Path) -> None:
        self.path = path
        self._read: tuple[tuple[int, ...], float, tuple[str, float]] | None = None

    def current(self) -> tuple[str, float]:
        try:
            stat = os.stat(self.path)
            signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
            now = time.monotonic()
            read = self._read
            if read is not None and read[0] == signature and now - read[1] < self.REREAD_SECONDS:
                return read[2]
            token, changed = self.path.read_text().split()
        except (OSError, ValueError):
            self.bump()
            return self.current()
        value = (token, float(changed))
        self._read = (signature, now, value)
        return value

    def bump(self) -> None:
        temporary = self.path.with_name(f"{self.path.name}.{uuid.uuid4().hex}")
        temporary.write_text(f"{uuid.uuid4().hex} {time.time()}")
        os.replace(temporary, self.path)
        self._read = None


class RedisVersion:
    """The token in Redis, for app processes on several machines."""

    KEY = "eexpo:content-version"

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url)

    def current(self) -> tuple[str, float]:
        value = self.redis.get(self.KEY)
        if value is None:
            self.bump()
            return self.current()
        token, changed = value.decode().split()
        return token, float(changed)

    def bump(self) -> None:
        self.redis.set(self.KEY, f"{uuid.uuid4().hex} {time.time()}")


def version_for(app: Flask) -> ContentVersion:
    if app.config["REDIS_URL"]:
        return RedisVersion(app.config["REDIS_URL"])
    return FileVersion(Path(app.instance_path) / "content-version")


# --- what changes public pages ------------------------------------------------------------------

_CHANGED = "eexpo_public_content_changed"
# Tables whose rows public pages show (drafts, accounts, leads and counters are not).
PUBLIC_TABLES = frozenset(
    {
        "booth", "exhibitor", "sector", "event", "hall", "stand", "programme_session",
        "session_speaker", "speaker", "venue", "project", "media_item",
    }
)  # fmt: skip

# After any commit that touched a public table, through the ORM (flushes) or through bulk
# statements (UPDATE … WHERE, INSERT of many rows), every cached page is stale.


@sa.event.listens_for(Session, "before_flush")
def _flushing(session: Session, _context: Any, _instances: Any) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(getattr(obj, "__tablename__", None) in PUBLIC_TABLES for obj in changed):
        session.info[_CHANGED] = True


@sa.event.listens_for(Session, "do_orm_execute")
def _executing(state: ORMExecuteState) -> None:
    if not state.is_select:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in PUBLIC_TABLES:
            state.session.info[_CHANGED] = True


@sa.event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.info.pop(_CHANGED, False) and has_app_context():
        content_changed()


@sa.event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def content_changed() -> None:
    """Every cached page is stale from now on, in every process."""
    current_app.extensions["eexpo_content_version"].bump()
    if has_request_context():
        request.environ.pop(_VERSION_KEY, None)  # this request reads the new version too


_VERSION_KEY = "eexpo.content_version"


def current_version() -> tuple[str, float]:
    """The content version, read once per request: the middleware, the memos and the response's
    validators all see the same snapshot, for one read of the file (or Redis)."""
    version = current_app.extensions["eexpo_content_version"]
    if not has_request_context():
        return version.current()
    environ = request._get_current_object().environ  # each use of a proxy costs 0.6 µs
    found = environ.get(_VERSION_KEY)
    if found is None:
        found = environ[_VERSION_KEY] = version.current()
    return found


def until_content_changes(function: F) -> F:
    """Memoize a query of public content in this process until the content version changes:
    for aggregates (facet counts, totals) that cost more to count than a page costs to render.
    The result must be plain data, not ORM objects."""
    name = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def wrapper(*args: Any) -> Any:
        token, _changed = current_version()
        memo = current_app.extensions.setdefault("eexpo_memo", {})
        key = (name, args)
        found = memo.get(key)
        if found is not None and found[0] == token:
            return found[1]
        value = function(*args)
        if len(memo) >= 4096:
            memo.clear()
        memo[key] = (token, value)
        return value

    return wrapper  # type: ignore[return-value]


# --- the Flask side -----------------------------------------------------------------------------


_CONDITIONS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _mark_response(response: Response) -> Response:
    # Each use of a proxy costs 0.6 µs: the request and the app are looked up once.
    this, app = request._get_current_object(), current_app._get_current_object()
    environ = this.environ
    view = app.view_functions.get(this.endpoint or "")
    if not getattr(view, "cached_page", False) or environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
        return response
    headers = response.headers
    # The names present are read in one pass and the headers written as text, in one go:
    # parsing, re-serializing and looking them up one at a time cost a tenth of a booth page.
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
        response.make_conditional(this)
    return response


@lru_cache(maxsize=8)
def _http_date(seconds: int) -> str:
    """Last-Modified changes with the content version only: formatted once per version."""
    return http_date(seconds)


def init_app(app: Flask) -> None:
    version = version_for(app)
    app.extensions["eexpo_content_version"] = version
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
        environ[_VERSION_KEY] = (token, changed)
        entry = self.entries.get(key)
        if entry is not None and entry.token == token and entry.expires > time.monotonic():
            with self.lock:
                if key in self.entries:
                    self.entries.move_to_end(key)
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
