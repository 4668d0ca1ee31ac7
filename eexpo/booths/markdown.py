"""A safe Markdown subset for text blocks: raw HTML is never rendered, the output is sanitized."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

MAX_MARKDOWN_CHARS = 20_000

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "hr",
}  # fmt: skip


def render(markdown: str) -> str:
    """Markdown to HTML that keeps only harmless tags and http(s)/mailto links."""
    html = _renderer.render(markdown)
    # Headings are demoted below the page's own h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
    )
