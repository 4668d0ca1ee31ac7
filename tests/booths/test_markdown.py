"""Text blocks render a safe Markdown subset: nothing executable survives."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from eexpo.booths.markdown import ALLOWED_TAGS, render


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


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<iframe src="https://evil.example"></iframe>',
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<div style='background:url(javascript:alert(1))'>x</div>",
    ],
)
def test_dangerous_markup_is_neutralised(source):
    for tag, attrs in _elements(render(source)):
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") or name == "style" for name in attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript")


def test_ordinary_markdown_renders():
    html = render("# Title\n\n**bold** and [site](https://example.com)\n\n- one\n- two")
    assert "<h2>Title</h2>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow ugc"' in html
    assert "<li>one</li>" in html
