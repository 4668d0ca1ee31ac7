"""Booth authoring and moderation decisions. `actor=None` means the system (CLI, demo loader)."""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from eexpo import permissions
from eexpo.booths import markdown
from eexpo.booths.states import apply_transition
from eexpo.errors import Conflict, Forbidden, Invalid, NotFound
from eexpo.extensions import db
from eexpo.models import (
    Block,
    BlockType,
    Booth,
    BoothRevision,
    Exhibitor,
    MediaItem,
    MediaKind,
    MediaStatus,
    RevisionState,
    Sector,
    Submission,
    SubmissionStatus,
    User,
)

MAX_TITLE_CHARS = 200
MAX_SUMMARY_CHARS = 1000


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100] or "booth"


def _unique_slug(title: str) -> str:
    base = _slugify(title)
    taken = set(
        db.session.scalars(
            sa.select(Booth.slug).where(sa.or_(Booth.slug == base, Booth.slug.like(f"{base}-%")))
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_author(booth: Booth | None, exhibitor: Exhibitor, actor: User | None) -> None:
    if actor is None:
        return
    if not permissions.can_author_for(actor, exhibitor):
        raise Forbidden()
    if booth is not None and not permissions.can_edit_booth(actor, booth):
        raise Forbidden()


def clean_text(value: object, name: str, label: object, limit: int, *, required: bool) -> str:
    """Strip the text (anything but text counts as empty); raises Invalid naming the field by
    `label` when empty, too long, or holding characters that are not text."""
    value = value.strip() if isinstance(value, str) else ""
    if required and not value:
        raise Invalid(_("Please fill in the %(field)s.", field=label), fields={name: "required"})
    if len(value) > limit:
        raise Invalid(
            _("The %(field)s may have at most %(n)d characters.", field=label, n=limit),
            fields={name: "too_long"},
        )
    if "\x00" in value or "\ufffd" in value:
        raise Invalid(
            _("The %(field)s contains characters that are not text.", field=label),
            fields={name: "invalid"},
        )
    return value


def find_sector(slug: object, field: str = "sector") -> Sector:
    """The sector with this slug; Invalid (naming the field) when there is none."""
    sector = (
        db.session.scalar(sa.select(Sector).where(Sector.slug == slug))
        if isinstance(slug, str)
        else None
    )
    if sector is None:
        raise Invalid(_("There is no sector '%(slug)s'.", slug=slug), fields={field: "unknown"})
    return sector


@sa.event.listens_for(Session, "before_flush")
def _follow_exhibitor_names(session: Session, _context: object, _instances: object) -> None:
    """A renamed exhibitor's booths take the new name for sorting (Booth.sort_name)."""
    for exhibitor in session.dirty:
        if isinstance(exhibitor, Exhibitor) and sa.inspect(exhibitor).attrs.name.history.deleted:
            session.connection().execute(
                sa.update(Booth)
                .where(Booth.exhibitor_id == exhibitor.id)
                .values(sort_name=exhibitor.name)
            )


def create_booth(
    exhibitor: Exhibitor, *, title: str, summary: str, sector: Sector, actor: User | None
) -> Booth:
    """A new draft booth of the exhibitor, with its first (draft) revision."""
    _check_author(None, exhibitor, actor)
    title = clean_text(title, "title", _l("title"), MAX_TITLE_CHARS, required=True)
    booth = Booth(
        exhibitor=exhibitor, slug=_unique_slug(title), sector=sector, sort_name=exhibitor.name
    )
    db.session.add(booth)
    db.session.flush()
    revision = BoothRevision(
        booth=booth,
        number=1,
        title=title,
        summary=clean_text(summary, "summary", _l("summary"), MAX_SUMMARY_CHARS, required=False),
        sector=sector,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(revision)
    db.session.flush()
    booth.draft_revision = revision
    return booth


def add_text_block(booth: Booth, text: str, *, actor: User | None) -> Block:
    """Append a Markdown text block to the draft, rendered and sanitized once, here."""
    _check_author(booth, booth.exhibitor, actor)
    draft = _editable_draft(booth)
    text = clean_text(text, "text", _l("text"), markdown.MAX_MARKDOWN_CHARS, required=True)
    block = Block(
        type=BlockType.TEXT, position=len(draft.blocks), markdown=text, html=markdown.render(text)
    )
    draft.blocks.append(block)
    draft.version += 1
    db.session.flush()
    return block


# Each media block's type: the kind of file it shows, and that kind's name in a message.
MEDIA_BLOCKS = {
    BlockType.PHOTO: (MediaKind.IMAGE, _l("photo")),
    BlockType.VIDEO: (MediaKind.VIDEO, _l("video")),
    BlockType.DOCUMENT: (MediaKind.DOCUMENT, _l("document")),
}
BLOCK_OF = {kind: block for block, (kind, _label) in MEDIA_BLOCKS.items()}


def add_media_block(
    booth: Booth,
    media: MediaItem,
    *,
    alt: str = "",
    caption: str = "",
    actor: User | None,
) -> Block:
    """Append a photo, video or document block showing one of the exhibitor's own media
    items."""
    _check_author(booth, booth.exhibitor, actor)
    draft = _editable_draft(booth)
    if media.exhibitor_id != booth.exhibitor_id:
        raise NotFound()
    block = Block(
        type=BLOCK_OF[media.kind],
        position=len(draft.blocks),
        media=media,
        alt=clean_text(alt, "alt", _l("alt text"), 500, required=False) or None,
        caption=clean_text(caption, "caption", _l("caption"), 500, required=False) or None,
    )
    draft.blocks.append(block)
    draft.version += 1
    db.session.flush()
    return block


def _editable_draft(booth: Booth) -> BoothRevision:
    draft = booth.draft_revision
    if draft is None or draft.state != RevisionState.DRAFT:
        raise Conflict(_("This booth has no draft to edit."))
    return draft


def submit_booth(booth: Booth, *, actor: User | None) -> Submission:
    """Freeze the draft for review; raises Conflict (409: the draft's state, not the request, is
    at fault) when there is none, it is empty or unfinished, or a submission is pending."""
    _check_author(booth, booth.exhibitor, actor)
    draft = booth.draft_revision
    if draft is None or draft.state != RevisionState.DRAFT:
        raise Conflict(_("There is no draft to submit."))
    if not draft.blocks and not draft.exhibits:
        raise Conflict(_("Add at least one block or exhibit before submitting the booth."))
    _check_ready(draft)
    pending = db.session.scalar(
        sa.select(Submission.id).where(
            Submission.booth_id == booth.id, Submission.status == SubmissionStatus.PENDING
        )
    )
    if pending is not None:
        raise Conflict(_("This booth already has a submission waiting for review."))
    apply_transition(booth, "submit", actor=actor)
    draft.state = RevisionState.SUBMITTED
    booth.draft_revision = None
    submission = Submission(
        booth=booth,
        revision=draft,
        base_revision_id=booth.published_revision_id,
        submitted_by_id=actor.id if actor else None,
    )
    db.session.add(submission)
    db.session.flush()
    return submission


def _check_ready(draft: BoothRevision) -> None:
    """Every photo described for visitors who cannot see it; every file processed and sound,
    the exhibits' too."""
    for index, block in enumerate(draft.blocks):
        if block.type == BlockType.TEXT and not (block.markdown or "").strip():
            raise Conflict(
                _("Text block %(n)d is empty; write something or remove it.", n=index + 1),
                fields={f"blocks[{index}]": "empty"},
            )
        if block.type == BlockType.PHOTO and not block.alt:
            raise Conflict(
                _("Photo %(n)d needs a text alternative (alt text) for visitors who cannot see it.",
                  n=index + 1),
                fields={f"blocks[{index}]": "alt"},
            )  # fmt: skip
    for index, block in enumerate(draft.blocks):
        if block.media is not None:
            _check_file(block.media, _("block %(n)d", n=index + 1), f"blocks[{index}]")
    for index, version in enumerate(draft.exhibits):
        for link in version.media:
            _check_file(link.media, _("exhibit %(n)d", n=index + 1), f"exhibits[{index}]")


def _check_file(media: MediaItem, where: str, field: str) -> None:
    if media.status == MediaStatus.FAILED:
        raise Conflict(
            _("A file of %(where)s was refused (%(reason)s); remove or replace it.",
              where=where, reason=media.error),
            fields={field: "media"},
        )  # fmt: skip
    if media.status != MediaStatus.READY:
        raise Conflict(
            _("A file of %(where)s is still being processed; submit once it is ready.",
              where=where),
            fields={field: "media"},
        )  # fmt: skip
