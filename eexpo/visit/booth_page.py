"""A published booth's page, and the preview of a draft, in one model (`BoothPage`): read with
a fixed number of statements, as plain columns rather than models."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from operator import itemgetter
from typing import Any
from urllib.parse import urlsplit

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import aliased

from eexpo.errors import NotFound
from eexpo.extensions import db, reads
from eexpo.media.shown import ShownMedia, Sizes, public_sizes, shown_media, sizes, url_maker
from eexpo.models import (
    Block,
    BlockType,
    Booth,
    BoothRevision,
    BoothStatus,
    Exhibitor,
    ExhibitVersion,
    MediaItem,
    MediaKind,
    MediaStatus,
    MeetingSlot,
    Sector,
    utcnow,
)
from eexpo.orm import BilingualName
from eexpo.visit.cards import ready_variants, stand_of
from eexpo.visit.exhibits import ExhibitCard, cards_of_revision
from eexpo.visit.services import PageSector


@dataclass(slots=True)
class Neighbour:
    id: int
    exhibitor: str


@dataclass(slots=True)
class PageExhibitor(BilingualName):
    """The exhibitor as a published booth page shows it: its face in the page's header."""

    name: str
    name_zh: str | None
    country: str | None
    region: str | None
    delegation: str | None
    website: str | None
    social_links: list[str] = field(default_factory=list)
    logo: Sizes | None = None
    banner: Sizes | None = None

    @property
    def links(self) -> list[tuple[str, str]]:
        """(address, what to call it) of the website, then each social link: web addresses
        only, whatever a catalogue import brought in."""
        found = [self.website] if self.website else []
        return [(url, _host(url)) for url in found + self.social_links if _host(url)]


def _host(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return parts.hostname.removeprefix("www.")


def _picture(variants: Any, url: Callable[[str], str] | None = None) -> Sizes | None:
    """A logo's or banner's sizes, from its variants (JSON text from a page's row, or a dict
    with the URLs `url` makes)."""
    if not variants:
        return None
    found = public_sizes()(variants) if url is None else sizes(variants, url)
    return found if found.smallest else None


@dataclass(slots=True)
class PageBooth:
    id: int
    slug: str | None
    exhibitor: PageExhibitor
    sector: PageSector | None


@dataclass(slots=True)
class PageRevision:
    title: str
    summary: str | None


@dataclass(slots=True)
class PageMedia:
    """A block's media item as a published booth page and the API read it (see `media_json`)."""

    id: int
    kind: MediaKind
    status: MediaStatus
    error: str | None
    original_filename: str | None
    original_key: str
    content_type: str | None
    width: int | None
    height: int | None
    duration_seconds: float | None
    page_count: int | None
    size: int | None
    progress: float | None
    placeholder_color: str | None
    variants: dict[str, Any]


@dataclass(slots=True)
class PageBlock:
    """A block as visitors see it."""

    type: BlockType
    html: str | None
    alt: str | None
    caption: str | None
    media: PageMedia | None


@dataclass(slots=True)
class BoothPage:
    """What a booth page shows, one model for the published page (read as plain rows, see
    `booth_page`) and for the exhibitor's preview and the moderators' review (`page_for`)."""

    booth: PageBooth
    revision: PageRevision
    # Each block with its media as the page shows it, when it has media.
    blocks: list[tuple[PageBlock, ShownMedia | None]]
    stand: str | None = None
    # The tour: the booths before and after this one in its sector (exhibitors A to Z).
    previous: Neighbour | None = None
    next: Neighbour | None = None
    exhibits: list[ExhibitCard] = field(default_factory=list)
    # The exhibitor offers meeting times ahead: the page offers "Book a meeting".
    meetings: bool = False

    @property
    def brochure(self) -> tuple[PageBlock, ShownMedia] | None:
        """The first document block: the header's "Brochure (PDF)"."""
        for block, media in self.blocks:
            if media and block.type == BlockType.DOCUMENT:
                return block, media
        return None

    @property
    def share_image(self) -> str | None:
        """The first photo's largest JPEG, for link previews (Open Graph)."""
        for block, media in self.blocks:
            if media and media.sizes.largest and block.type == BlockType.PHOTO:
                return media.sizes.largest.url
        return None


def _neighbour(after: bool) -> sa.ScalarSelect[Any]:
    """The published booth just before (or after) this one in its sector, as "id name": a step
    along the listing index."""
    other, owner = aliased(Booth), aliased(Exhibitor)
    mine, theirs = sa.tuple_(Booth.sort_name, Booth.id), sa.tuple_(other.sort_name, other.id)
    # The plain range on the name lets the database enter the index here.
    order: tuple[Any, ...]
    if after:
        near = sa.and_(other.sort_name >= Booth.sort_name, theirs > mine)
        order = (other.sort_name, other.id)
    else:
        near = sa.and_(other.sort_name <= Booth.sort_name, theirs < mine)
        order = (other.sort_name.desc(), other.id.desc())
    return (
        sa.select(sa.cast(other.id, sa.String) + " " + owner.name)
        .select_from(other)
        .join(owner, owner.id == other.exhibitor_id)
        .where(other.sector_id == Booth.sector_id, other.status == BoothStatus.PUBLISHED, near)
        .order_by(*order)
        .limit(1)
        .scalar_subquery()
    )


def _split(value: str | None) -> Neighbour | None:
    if not value:
        return None
    booth_id, _sep, name = value.partition(" ")
    return Neighbour(int(booth_id), name)


# What each element of a booth's `blocks` holds, in this order: the block, then its media item.
_BLOCK_COLUMNS = ("position", "type", "html", "alt", "caption")
_MEDIA_COLUMNS = tuple(field.name for field in fields(PageMedia))


def _blocks_json(dialect: str) -> sa.ScalarSelect[Any]:
    """A revision's blocks, each with its media item's columns, as one JSON array of arrays;
    blocks whose media is not ready are left out. Read within the booth's own statement: a
    second statement for them cost more than building and decoding this."""
    block = [getattr(Block, name) for name in _BLOCK_COLUMNS]
    media: list[Any] = [getattr(MediaItem, name) for name in _MEDIA_COLUMNS]
    if dialect == "postgresql":
        element, aggregate = sa.func.json_build_array, sa.func.json_agg
    else:
        media[-1] = sa.func.json(MediaItem.variants)  # nested as JSON, not as a string of it
        element, aggregate = sa.func.json_array, sa.func.json_group_array
    return (
        sa.select(sa.cast(aggregate(element(*block, *media)), sa.Text))
        .select_from(Block)
        .outerjoin(MediaItem, MediaItem.id == Block.media_id)
        .where(Block.revision_id == BoothRevision.id)
        .where(sa.or_(Block.media_id.is_(None), MediaItem.status == MediaStatus.READY))
        .scalar_subquery()
    )


@lru_cache(maxsize=64)  # a statement is immutable: built once per combination
def _booth_page_select(by_slug: bool, dialect: str) -> sa.Select:
    """The booth page's statement, for one database."""
    key: sa.BindParameter[Any] = sa.bindparam("key")
    return (
        sa.select(
            Booth.id, Booth.slug, BoothRevision.title, BoothRevision.summary, Exhibitor.name,
            Exhibitor.name_zh, Exhibitor.country, Exhibitor.region, Exhibitor.delegation,
            Exhibitor.website, Exhibitor.social_links,
            ready_variants(Exhibitor.logo_media_id).label("logo"),
            ready_variants(Exhibitor.banner_media_id).label("banner"),
            # named apart from the booth's own id and slug
            Sector.id.label("sector_id"), Sector.slug.label("sector_slug"),
            Sector.name.label("sector_name"), Sector.name_zh.label("sector_name_zh"),
            stand_of(Booth.exhibitor_id).label("stand"),
            _neighbour(after=False).label("previous"), _neighbour(after=True).label("following"),
            _blocks_json(dialect).label("blocks"),
            BoothRevision.id.label("revision_id"),
            sa.exists().where(ExhibitVersion.revision_id == BoothRevision.id).label("has_exhibits"),
            sa.exists()
            .where(
                MeetingSlot.exhibitor_id == Booth.exhibitor_id,
                MeetingSlot.starts_at > sa.bindparam("now"),
            )
            .label("meetings"),
        )
        .join(Exhibitor, Exhibitor.id == Booth.exhibitor_id)
        .join(BoothRevision, BoothRevision.id == Booth.published_revision_id)
        .outerjoin(Sector, Sector.id == Booth.sector_id)
        .where(Booth.slug == key if by_slug else Booth.id == key)
        .where(Booth.status == BoothStatus.PUBLISHED)
    )  # fmt: skip


def _page_blocks(
    blocks: str | None, url: Callable[[str], str]
) -> list[tuple[PageBlock, ShownMedia | None]]:
    """The `blocks` column of `_booth_page_select`, in their order, with what they show."""
    found = []
    for _position, kind, html, alt, caption, media_id, media_kind, status, *media in sorted(
        orjson.loads(blocks or "[]"), key=itemgetter(0)
    ):
        item = None
        if media_id is not None:
            item = PageMedia(media_id, MediaKind(media_kind), MediaStatus(status), *media)
        found.append(
            (
                PageBlock(BlockType(kind), html, alt, caption, item),
                shown_media(item, url) if item else None,
            )
        )
    return found


def booth_page(*, booth_id: int | None = None, slug: str | None = None) -> BoothPage:
    """A published booth with its blocks, media, stand and tour neighbours, in one statement
    read as a plain row (loading models took longer than rendering the page); 404 for anything
    else."""
    by_slug = booth_id is None
    connection = reads()
    row = connection.execute(
        _booth_page_select(by_slug, connection.dialect.name),
        {"key": slug if by_slug else booth_id, "now": utcnow()},
    ).first()
    if row is None:
        raise NotFound()
    exhibitor = PageExhibitor(
        row.name, row.name_zh, row.country, row.region, row.delegation, row.website,
        list(row.social_links or []), _picture(row.logo), _picture(row.banner),
    )  # fmt: skip
    sector = None
    if row.sector_id is not None:
        sector = PageSector(row.sector_id, row.sector_slug, row.sector_name, row.sector_name_zh)
    return BoothPage(
        PageBooth(row.id, row.slug, exhibitor, sector),
        PageRevision(row.title, row.summary),
        _page_blocks(row.blocks, url_maker(public=True)),
        row.stand,
        _split(row.previous),
        _split(row.following),
        cards_of_revision(row.revision_id, public=True) if row.has_exhibits else [],
        bool(row.meetings),
    )


def check_published(booth_id: int) -> None:
    """NotFound unless the booth is published (one small statement)."""
    published = db.session.scalar(
        sa.select(Booth.id).where(Booth.id == booth_id, Booth.status == BoothStatus.PUBLISHED)
    )
    if published is None:
        raise NotFound()


def page_for(booth: Booth, revision: BoothRevision, *, public: bool) -> BoothPage:
    """Any revision of a booth laid out as its published page would show it, stand and tour
    neighbours included, in the revision's sector: the exhibitor's preview and the moderators'
    review (with private URLs unless `public`). Media not ready yet are left out, as visitors
    would not see them."""
    url = url_maker(public=public)
    blocks = []
    for block in revision.blocks:
        media = block.media
        if media is not None and media.status != MediaStatus.READY:
            continue
        item = PageMedia(*(getattr(media, f.name) for f in fields(PageMedia))) if media else None
        page_block = PageBlock(block.type, block.html, block.alt, block.caption, item)
        blocks.append((page_block, shown_media(item, url) if item else None))
    stand, previous, following = db.session.execute(
        sa.select(
            stand_of(Booth.exhibitor_id), _neighbour(after=False), _neighbour(after=True)
        ).where(Booth.id == booth.id)
    ).one()
    owner, sector = booth.exhibitor, revision.sector
    faces = {
        item.id: _picture(item.variants, url)
        for item in db.session.scalars(
            sa.select(MediaItem).where(
                MediaItem.id.in_([owner.logo_media_id or 0, owner.banner_media_id or 0]),
                MediaItem.status == MediaStatus.READY,
            )
        )
    }
    exhibitor = PageExhibitor(
        owner.name, owner.name_zh, owner.country, owner.region, owner.delegation, owner.website,
        list(owner.social_links or []), faces.get(owner.logo_media_id or 0),
        faces.get(owner.banner_media_id or 0),
    )  # fmt: skip
    return BoothPage(
        PageBooth(
            booth.id, booth.slug, exhibitor,
            PageSector(sector.id, sector.slug, sector.name, sector.name_zh) if sector else None,
        ),
        PageRevision(revision.title, revision.summary),
        blocks, stand, _split(previous), _split(following),
        cards_of_revision(revision.id, public=public) if revision.exhibits else [],
    )  # fmt: skip
