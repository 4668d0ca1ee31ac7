"""Media as pages and API clients see them: URLs of their variants (public, or signed for their
owners), the sizes a page offers the browser, and the API's JSON of an item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import orjson
from flask import current_app, url_for
from markupsafe import Markup, escape

from eexpo.media.renditions import fallback, rendition_entries
from eexpo.models import (
    MediaItem,
    MediaKind,
    MediaStatus,
)
from eexpo.storage import get_storage, public_urls, public_window

if TYPE_CHECKING:
    from eexpo.visit.booth_page import PageMedia


def url_maker(*, public: bool) -> Callable[[str], str]:
    """URLs of stored objects: published ones (see `public_urls`), or signed for their owner."""
    if public:
        return public_urls()
    storage = get_storage()
    expires = current_app.config["PRIVATE_URL_SECONDS"]
    return lambda key: storage.url(key, public=False, expires_in=expires)


def _pictures(variants: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The variants that are pictures, narrowest first (a document's PDF is not one)."""
    found = [(name, v) for name, v in variants.items() if v["content_type"].startswith("image/")]
    return sorted(found, key=lambda kv: kv[1]["width"])


def main_key(item: Any) -> str | None:
    """What a ready item's link opens: a video's rendition that browsers play whole, a
    document's checked copy (never an original), a photo's largest WebP."""
    if item.kind == MediaKind.VIDEO:
        played = fallback(item)
        return played["key"] if played else None
    if item.kind == MediaKind.DOCUMENT:
        return item.variants.get("document", {}).get("key")
    webp = [v["key"] for _name, v in _pictures(item.variants) if v["content_type"] == "image/webp"]
    return webp[-1] if webp else None


def media_json(item: MediaItem | PageMedia, *, public: bool) -> dict[str, Any]:
    """The API's view of an item: its state and, once ready, URLs to what may be shown."""
    url = url_maker(public=public)
    ready = item.status == MediaStatus.READY
    variants = (
        [
            {
                "name": name,
                "url": url(v["key"]),
                "width": v["width"],
                "height": v["height"],
                "content_type": v["content_type"],
            }
            for name, v in _pictures(item.variants)
        ]
        if ready
        else []
    )
    webp = [v["url"] for v in variants if v["content_type"] == "image/webp"]
    largest = webp[-1] if webp else None
    main = main_key(item) if ready else None
    video = item.kind == MediaKind.VIDEO
    return {
        "id": item.id,
        "kind": item.kind.value,
        "status": item.status.value,
        "error": item.error,
        "filename": item.original_filename,
        "width": item.width,
        "height": item.height,
        "duration_seconds": item.duration_seconds,
        "page_count": item.page_count,
        "size": item.size,
        "placeholder_color": item.placeholder_color,
        "url": url(main) if main else None,
        "variants": variants,
        "poster_url": largest if item.kind != MediaKind.IMAGE else None,
        "progress": item.progress,
        "renditions": [
            {"width": r["width"], "height": r["height"], "bitrate": r["bitrate"],
             "url": url(r["key"])}
            for r in rendition_entries(item)
        ] if video and ready else [],
        "stream_url": stream_url(item) if video and ready and main else None,
        "captions": [
            {"language": language, "url": url(key)} for language, key in captions(item)
        ],
    }  # fmt: skip


def captions(item: Any) -> list[tuple[str, str]]:
    """A video's captions: (language, stored key), English first."""
    found = [(v["language"], v["key"]) for v in item.variants.values() if "language" in v]
    return sorted(found)


def stream_url(item: Any) -> str:
    """The video's HLS master playlist (served by `media.views`)."""
    return url_for("videos.playlist", media_id=item.id, name="master")


@dataclass(slots=True)
class Picture:
    url: str
    width: int
    height: int


@dataclass(slots=True)
class Sizes:
    """An image's variants as `<picture>` wants them: JPEG and WebP `srcset`s (escaped for HTML
    once, here), widths ascending, and the smallest and largest JPEG (a card's fallback, a
    page's)."""

    jpeg_srcset: Markup
    webp_srcset: Markup
    smallest: Picture | None
    largest: Picture | None


_WIDTH = itemgetter("width")


def sizes(variants: dict[str, Any], url: Callable[[str], str]) -> Sizes:
    """`url` comes from `url_maker`. Listings call this once per card, hence the single pass."""
    jpeg: list[dict[str, Any]] = []
    jpeg_srcset: list[str] = []
    webp_srcset: list[str] = []
    for v in sorted((v for v in variants.values() if "width" in v), key=_WIDTH):
        kind = v["content_type"]
        if kind == "image/jpeg":
            jpeg.append(v)
            jpeg_srcset.append(f"{url(v['key'])} {v['width']}w")
        elif kind == "image/webp":
            webp_srcset.append(f"{url(v['key'])} {v['width']}w")
    if not jpeg:
        return Sizes(Markup(), escape(", ".join(webp_srcset)), None, None)
    return Sizes(
        escape(", ".join(jpeg_srcset)),
        escape(", ".join(webp_srcset)),
        Picture(url(jpeg[0]["key"]), jpeg[0]["width"], jpeg[0]["height"]),
        Picture(url(jpeg[-1]["key"]), jpeg[-1]["width"], jpeg[-1]["height"]),
    )


# Published images' Sizes kept per app: a cover's is about 1 KB.
PUBLIC_SIZES_CACHE = 16_384


def public_sizes() -> Callable[[str], Sizes]:
    """`sizes` of published images from their variants as the database holds them (JSON text),
    kept for the window their URLs are handed out in (see `public_urls`), so that a listing does
    not decode and join every cover's variants on every view."""
    memo: dict[tuple[str, int], Sizes] = current_app.extensions.setdefault("eexpo.public_sizes", {})
    window = public_window()
    url = public_urls(window)

    def make(variants: str) -> Sizes:
        found = memo.get((variants, window))
        if found is None:
            if len(memo) >= PUBLIC_SIZES_CACHE:
                memo.clear()
            found = memo[variants, window] = sizes(orjson.loads(variants), url)
        return found

    return make


@dataclass(slots=True)
class ShownMedia:
    """A ready item as a booth page shows it, its `srcset`s joined here once rather than by
    filter chains in the template."""

    url: str  # a photo's largest JPEG, a video's rendition played whole, or the PDF to download
    content_type: str
    width: int | None
    height: int | None
    sizes: Sizes  # `sizes.largest` is also a video's poster, a document's first page
    page_count: int | None = None
    size: int | None = None
    stream: str | None = None  # a video's HLS master playlist
    captions: list[tuple[str, str]] = field(default_factory=list)  # (language, URL)


def shown_media(item: Any, url: Callable[[str], str]) -> ShownMedia:
    """`item` is a MediaItem or a row with its columns; `url` comes from `url_maker`."""
    found = sizes(item.variants, url)
    if item.kind == MediaKind.IMAGE:
        main = found.largest.url if found.largest else ""
    else:
        key = main_key(item)
        main = url(key) if key else ""
    video = item.kind == MediaKind.VIDEO
    return ShownMedia(
        main, item.content_type, item.width, item.height, found, item.page_count, item.size,
        stream_url(item) if video and main else None,
        [(language, url(key)) for language, key in captions(item)] if video else [],
    )  # fmt: skip
