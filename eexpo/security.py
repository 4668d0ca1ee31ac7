"""Response hardening: security headers and the guard that keeps `next` redirects on this site."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_login import current_user

from eexpo.pagecache import PRIVATE

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment


def content_security_policy(config: Mapping[str, Any]) -> str:
    """No inline script or style anywhere; media, and uploads, may also reach the object store."""
    store = " ".join(_store_origins(config))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: blob: {store}".rstrip(),
            f"media-src 'self' blob: {store}".rstrip(),
            f"connect-src 'self' {store}".rstrip(),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _store_origins(config: Mapping[str, Any]) -> list[str]:
    if config["STORAGE"] != "s3":
        return []
    urls = [config["S3_PUBLIC_BASE_URL"], config["S3_PRESIGN_ENDPOINT_URL"]]
    urls.append(config["S3_ENDPOINT_URL"] or "https://*.amazonaws.com")
    origins = []
    for url in filter(None, urls):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


def next_or(default: str) -> str:
    """Where a form's `next` field asks to return, when it is on this site; else `default`."""
    target = request.form.get("next")
    return target if target is not None and is_safe_next(target) else default


def is_safe_next(target: str | None) -> bool:
    """True for a path on this site; false for what could leave it (//evil, \\evil, http:)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def is_same_origin_request() -> bool:
    """CSRF defence without a session: the browser's Origin (or Referer) names this very site.

    Used where a session token would force a cookie on anonymous pages (the language switch)."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return False
    parts = urlsplit(source)
    return parts.scheme in ("http", "https") and parts.netloc == request.host


def register(app: Flask) -> None:
    defaults = [
        ("Content-Security-Policy", content_security_policy(app.config)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
    ]
    if app.config["EEXPO_ENV"] == "production":
        defaults.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    app.wsgi_app = SecurityHeaders(app.wsgi_app, defaults)  # type: ignore[method-assign]
    app.after_request(_signed_in_pages_are_private)


def _signed_in_pages_are_private(response: Response) -> Response:
    """A signed-in user's responses stay out of every cache (a shared computer's browser
    included), unless the view said otherwise (media files, say)."""
    if "Cache-Control" not in response.headers and current_user.is_authenticated:
        response.headers["Cache-Control"] = PRIVATE
    return response


class SecurityHeaders:
    """WSGI middleware giving every response each of these headers unless it set its own. Added
    here, as plain pairs made once, they skip what Werkzeug's `Headers` does for each header of
    each response (a regular expression over the long policy, among others)."""

    def __init__(self, app: WSGIApplication, headers: list[tuple[str, str]]) -> None:
        self.app = app
        self.headers = [(name.lower(), (name, value)) for name, value in headers]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def start(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            present = {name.lower() for name, _value in headers}
            headers.extend(pair for name, pair in self.headers if name not in present)
            return start_response(status, headers, exc_info)

        return self.app(environ, start)
