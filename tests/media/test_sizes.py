"""How images' variants become `srcset`s: escaped once, and kept per URL window when published."""

from __future__ import annotations

import orjson

from eexpo import storage
from eexpo.media.shown import public_sizes, sizes

VARIANTS = {
    "w960": {"key": "media/a/w960.jpg", "width": 960, "height": 600, "content_type": "image/jpeg"},
    "w320": {"key": "media/a/w320.jpg", "width": 320, "height": 200, "content_type": "image/jpeg"},
    "w320w": {
        "key": "media/a/w320.webp", "width": 320, "height": 200, "content_type": "image/webp"
    },
}  # fmt: skip


def test_srcsets_are_escaped_for_html_and_ordered_by_width():
    found = sizes(VARIANTS, lambda key: f"https://cdn.example/{key}?a=1&b=2")
    assert found.jpeg_srcset == (
        "https://cdn.example/media/a/w320.jpg?a=1&amp;b=2 320w, "
        "https://cdn.example/media/a/w960.jpg?a=1&amp;b=2 960w"
    )
    assert found.webp_srcset == "https://cdn.example/media/a/w320.webp?a=1&amp;b=2 320w"
    assert found.smallest.url == "https://cdn.example/media/a/w320.jpg?a=1&b=2"  # not HTML
    assert (found.largest.width, found.largest.height) == (960, 600)


def test_published_sizes_are_kept_within_a_url_window_and_renewed_after(app, monkeypatch):
    text = orjson.dumps(VARIANTS).decode()
    with app.test_request_context("/"):
        first = public_sizes()(text)
        assert public_sizes()(text) is first
        assert first.smallest.url == storage.public_url("media/a/w320.jpg")
        window = storage.public_window()
        monkeypatch.setattr(storage, "public_window", lambda: window + 1)
        monkeypatch.setattr("eexpo.media.shown.public_window", lambda: window + 1, raising=True)
        later = public_sizes()(text)
        assert later is not first
        assert later.smallest.url == storage.public_urls()("media/a/w320.jpg")
