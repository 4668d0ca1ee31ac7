"""Booth cards, as every listing shows them (sectors, search, the home page, the tour): read
from one row each, as plain columns on the request's read connection."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm import aliased

from eexpo.extensions import reads
from eexpo.media.shown import Sizes, public_sizes
from eexpo.models import (
    Booth,
    BoothRevision,
    BoothStatus,
    Exhibitor,
    Hall,
    MediaItem,
    MediaStatus,
    Stand,
)


def read(statement: sa.Executable, params: dict[str, Any] | None = None) -> sa.CursorResult[Any]:
    """A read run as plain Core on the request's read connection: public pages read columns,
    never models, so they skip the ORM's result machinery."""
    return reads().execute(statement, params)


# What a page is built from, per request and per row: slotted dataclasses are built four times
# faster than frozen ones (whose __init__ sets each field through object.__setattr__).
@dataclass(slots=True)
class Card:
    """A published booth as listings show it: everything from one row, no further query."""

    id: int
    title: str
    summary: str
    exhibitor_name: str
    exhibitor_name_zh: str | None
    country: str | None
    region: str | None
    delegation: str | None
    stand: str | None
    has_video: bool
    image: Sizes | None  # the cover; it has a JPEG (`image.smallest`) whenever it is set
    color: str | None  # the cover's placeholder colour
    logo: Sizes | None = None  # the exhibitor's
    snippet: Markup | None = None

    def exhibitor(self, locale: str | None) -> str:
        zh = locale and locale.startswith("zh") and self.exhibitor_name_zh
        return self.exhibitor_name_zh if zh else self.exhibitor_name  # type: ignore[return-value]


def _card_image(variants: str | None, cover: Callable[[str], Sizes]) -> Sizes | None:
    found = cover(variants) if variants else None
    return found if found and found.smallest else None


def ready_variants(media_id: Any) -> sa.ScalarSelect[Any]:
    """A processed photo's variants, as JSON text (decoded by `public_sizes`, kept per text):
    an exhibitor's logo or banner, as a correlated subquery."""
    picture = aliased(MediaItem)
    return (
        sa.select(sa.cast(picture.variants, sa.Text))
        .where(picture.id == media_id, picture.status == MediaStatus.READY)
        .scalar_subquery()
    )


def stand_of(exhibitor_id: Any) -> sa.ScalarSelect[str]:
    """ "Hall 1 · A12": the exhibitor's (first) stand, as a correlated subquery."""
    return (
        sa.select(sa.func.min(Hall.name + " · " + Stand.code))
        .select_from(Stand)
        .join(Stand.hall)
        .where(Stand.exhibitor_id == exhibitor_id)
        .scalar_subquery()
    )


_CARD_COLUMNS = (
    Booth.id, BoothRevision.title, BoothRevision.summary, Exhibitor.name, Exhibitor.name_zh,
    Exhibitor.country, Exhibitor.region, Exhibitor.delegation,
)  # fmt: skip


@lru_cache(maxsize=1)
def cards_select() -> sa.Select:
    """The cards' columns and joins, built once (callers refine copies of it)."""
    ready_cover = sa.and_(
        MediaItem.id == Booth.cover_media_id, MediaItem.status == MediaStatus.READY
    )
    return (
        sa.select(
            *_CARD_COLUMNS,
            stand_of(Exhibitor.id).label("stand"),
            Booth.has_video,
            sa.cast(MediaItem.variants, sa.Text).label("variants"),  # decoded by `public_sizes`
            MediaItem.placeholder_color,
            ready_variants(Exhibitor.logo_media_id).label("logo"),
        )
        .join(BoothRevision, BoothRevision.id == Booth.published_revision_id)
        .join(Exhibitor, Exhibitor.id == Booth.exhibitor_id)
        .outerjoin(MediaItem, ready_cover)
        .where(Booth.status == BoothStatus.PUBLISHED)
    )


def card(row: Any, cover: Callable[[str], Sizes], snippet: Markup | None = None) -> Card:
    """A card from a `cards_select` row; `cover` is `public_sizes()`."""
    booth_id, title, summary, name, name_zh, country, region, delegation = row[:8]
    stand, has_video, variants, color, logo = row[8:13]
    return Card(
        booth_id, title, summary, name, name_zh, country, region, delegation, stand, has_video,
        _card_image(variants, cover), color, _card_image(logo, cover), snippet,
    )  # fmt: skip


def cards(rows: Iterable[Any]) -> list[Card]:
    cover = public_sizes()
    return [card(row, cover) for row in rows]
