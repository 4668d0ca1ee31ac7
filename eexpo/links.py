"""Absolute links for what leaves the site (mails, feeds, QR codes, sitemaps, link previews).

They are built from `EEXPO_PUBLIC_URL`, never from the request's Host header: a forged header
must not put an attacker's address into a password-reset mail. Only in development without that
setting do they follow the request (or `make run`'s address, outside one).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for

DEVELOPMENT_URL = "http://127.0.0.1:5000"


def public_base() -> str:
    """The site's address without a trailing slash (`https://expo.example`)."""
    base = current_app.config["PUBLIC_URL"]
    if base:
        return base
    if has_request_context():
        return request.host_url.rstrip("/")
    return DEVELOPMENT_URL


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint`, on the configured public address."""
    base = current_app.config["PUBLIC_URL"]
    if not base and (has_request_context() or current_app.config["SERVER_NAME"]):
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(base or DEVELOPMENT_URL)
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url
