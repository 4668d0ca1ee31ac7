"""Checks on rendered HTML by its elements and attributes; escaped text is harmless."""

from __future__ import annotations

from html.parser import HTMLParser

from eexpo.booths.markdown import ALLOWED_TAGS


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def assert_harmless(html: str) -> None:
    """Only allowed tags; no event handlers, styles or javascript: links."""
    for tag, attrs in _elements(html):
        assert tag in ALLOWED_TAGS, tag
        assert not any(name.startswith("on") or name == "style" for name in attrs), attrs
        assert not (attrs.get("href") or "").lower().strip().startswith("javascript"), attrs
