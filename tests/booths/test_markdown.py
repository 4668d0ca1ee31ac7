"""Text blocks render a safe Markdown subset: nothing executable survives."""

from __future__ import annotations

import pytest

from eexpo.booths.markdown import render
from tests.booths.html import assert_harmless


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
    assert_harmless(render(source))


def test_ordinary_markdown_renders():
    html = render("# Title\n\n**bold** and [site](https://example.com)\n\n- one\n- two")
    assert "<h2>Title</h2>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow ugc"' in html
    assert "<li>one</li>" in html
