"""Editing a booth's draft: the published revision stays live while the exhibitor edits a copy,
and every save states the version it was based on, so nobody overwrites a colleague silently."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eexpo import permissions
from eexpo.booths import exhibits, markdown
from eexpo.booths.services import (
    MAX_SUMMARY_CHARS,
    MAX_TITLE_CHARS,
    MEDIA_BLOCKS,
    clean_text,
    find_sector,
)
from eexpo.errors import Conflict, Invalid, NotFound
from eexpo.extensions import db
from eexpo.models import (
    Block,
    BlockType,
    Booth,
    BoothRevision,
    MediaItem,
    RevisionState,
    Submission,
    SubmissionStatus,
    User,
)
from eexpo.orm import rowcount

MAX_BLOCKS = 60
MAX_SECONDARY_SECTORS = 3


class StaleDraft(Conflict):
    code = "stale_version"


def get_booth_for(actor: User, booth_id: int, *, edit: bool) -> Booth:
    """The booth if the actor may edit it (or, with edit=False, read its draft); 404 otherwise,
    so nobody learns which ids exist in other organizations."""
    booth = db.session.get(Booth, booth_id)
    if booth is None:
        raise NotFound()
    allowed = permissions.can_edit_booth if edit else permissions.can_read_draft
    if not allowed(actor, booth):
        raise NotFound()
    return booth


def pending_submission(booth: Booth) -> Submission | None:
    return db.session.scalar(
        sa.select(Submission).where(
            Submission.booth_id == booth.id, Submission.status == SubmissionStatus.PENDING
        )
    )


def rejection(booth: Booth) -> dict[str, Any] | None:
    """Why the booth's latest submission was refused, while that refusal is its last word (the
    content handed back to fix); None once it is submitted again, or if it never was refused."""
    latest = db.session.scalar(
        sa.select(Submission).where(Submission.booth_id == booth.id).order_by(Submission.id.desc())
    )
    if latest is None or latest.status != SubmissionStatus.REJECTED:
        return None
    decided = latest.decided_at.isoformat() if latest.decided_at else None
    return {"reason": latest.reason or "", "decided_at": decided}


def basis(booth: Booth) -> BoothRevision | None:
    """What an edit starts from: the draft, else the revision under review, else the live one."""
    if booth.draft_revision is not None:
        return booth.draft_revision
    pending = pending_submission(booth)
    return pending.revision if pending is not None else booth.published_revision


def update_draft(
    booth: Booth, *, version: Any, changes: dict[str, Any], actor: User
) -> BoothRevision:
    """Apply `changes` to the draft made from `version` (0: no draft yet, start one from the
    latest content). Raises StaleDraft when someone saved in between; Invalid for bad fields."""
    if not permissions.can_edit_booth(actor, booth):
        raise NotFound()
    if not isinstance(version, int) or isinstance(version, bool):
        raise Invalid(_("'version' is required."), fields={"version": "required"})
    draft = booth.draft_revision
    current = draft.version if draft is not None else 0
    if version != current:
        raise StaleDraft(_stale_message())
    if draft is None:
        draft = start_draft(booth, basis(booth), actor=actor)
    else:
        _claim(draft, version)
    _apply(draft, booth, changes)
    db.session.flush()
    return draft


def _stale_message() -> str:
    return _("Someone saved this booth after you opened it. Review their version before saving.")


def _claim(draft: BoothRevision, version: int) -> None:
    """Bump the version only if it is still the one the editor saw: of two saves racing from the
    same version, exactly one wins."""
    claimed = db.session.execute(
        sa.update(BoothRevision)
        .where(BoothRevision.id == draft.id, BoothRevision.version == version)
        .values(version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if rowcount(claimed) != 1:
        raise StaleDraft(_stale_message())
    db.session.refresh(draft, ["version"])


def start_draft(booth: Booth, source: BoothRevision | None, *, actor: User | None) -> BoothRevision:
    """A new draft revision of the booth, copying `source` (title, sectors, blocks)."""
    number = (
        db.session.scalar(
            sa.select(sa.func.max(BoothRevision.number)).where(BoothRevision.booth_id == booth.id)
        )
        or 0
    ) + 1
    draft = BoothRevision(
        booth=booth,
        number=number,
        state=RevisionState.DRAFT,
        title=source.title if source else "",
        summary=source.summary if source else "",
        sector_id=source.sector_id if source else booth.sector_id,
        secondary_sectors=list(source.secondary_sectors) if source else [],
        created_by_id=actor.id if actor else None,
        version=1,
        blocks=[_copy_block(block) for block in source.blocks] if source else [],
        exhibits=[exhibits.copy(version) for version in source.exhibits] if source else [],
    )
    db.session.add(draft)
    db.session.flush()
    booth.draft_revision = draft
    return draft


def _copy_block(block: Block) -> Block:
    return Block(
        position=block.position,
        type=block.type,
        markdown=block.markdown,
        html=block.html,
        media_id=block.media_id,
        alt=block.alt,
        caption=block.caption,
    )


def _apply(draft: BoothRevision, booth: Booth, changes: dict[str, Any]) -> None:
    if "title" in changes:
        draft.title = clean_text(
            _string(changes["title"], "title"), "title", _l("title"), MAX_TITLE_CHARS, required=True
        )
    if "summary" in changes:
        draft.summary = clean_text(
            _string(changes["summary"], "summary"), "summary", _l("summary"), MAX_SUMMARY_CHARS,
            required=False,
        )  # fmt: skip
    if "sector" in changes:
        draft.sector_id = find_sector(changes["sector"], "sector").id
    if "secondary_sectors" in changes:
        slugs = changes["secondary_sectors"]
        if not isinstance(slugs, list) or len(slugs) > MAX_SECONDARY_SECTORS:
            raise Invalid(
                _("List at most %(n)d further sectors.", n=MAX_SECONDARY_SECTORS),
                fields={"secondary_sectors": "invalid"},
            )
        draft.secondary_sectors = [find_sector(slug, "secondary_sectors") for slug in slugs]
    if "blocks" in changes:
        draft.blocks = _blocks(changes["blocks"], booth)
    if "exhibits" in changes:
        versions = exhibits.versions_from(changes["exhibits"], booth)
        draft.exhibits = []
        db.session.flush()  # the old versions go first: one version per exhibit and revision
        draft.exhibits = versions
        exhibits.forget_unshown(booth)


def _string(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise Invalid(_("'%(name)s' must be text.", name=name), fields={name: "invalid"})
    return value


def _blocks(raw: Any, booth: Booth) -> list[Block]:
    if not isinstance(raw, list) or len(raw) > MAX_BLOCKS:
        raise Invalid(
            _("'blocks' must be a list of at most %(n)d blocks.", n=MAX_BLOCKS),
            fields={"blocks": "invalid"},
        )
    media_ids = {b.get("media_id") for b in raw if isinstance(b, dict)} - {None}
    media = {
        m.id: m
        for m in db.session.scalars(
            sa.select(MediaItem).where(
                MediaItem.id.in_([i for i in media_ids if isinstance(i, int)]),
                MediaItem.exhibitor_id == booth.exhibitor_id,
            )
        )
    }
    return [_block(position, item, media) for position, item in enumerate(raw)]


def _block(position: int, item: Any, media: dict[int, MediaItem]) -> Block:
    field = f"blocks[{position}]"
    kind = item.get("type") if isinstance(item, dict) else None
    if kind == BlockType.TEXT:
        # A draft may hold an empty text block while it is being written; submission may not.
        text = clean_text(
            _string(item.get("markdown"), field), field, _l("text"), markdown.MAX_MARKDOWN_CHARS,
            required=False,
        )  # fmt: skip
        return Block(
            position=position, type=BlockType.TEXT, markdown=text, html=markdown.render(text)
        )
    if kind in MEDIA_BLOCKS:
        wanted, label = MEDIA_BLOCKS[kind]
        item_media = media.get(item.get("media_id"))
        if item_media is None or item_media.kind != wanted:
            raise Invalid(
                _("Block %(n)d needs one of your organization's %(kind)s files.",
                  n=position + 1, kind=label),
                fields={field: "media"},
            )  # fmt: skip
        return Block(
            position=position,
            type=BlockType(kind),
            media=item_media,
            alt=clean_text(_string(item.get("alt", ""), field), field, _l("alt text"), 500,
                           required=False) or None,
            caption=clean_text(_string(item.get("caption", ""), field), field, _l("caption"), 500,
                               required=False) or None,
        )  # fmt: skip
    raise Invalid(
        _("Block %(n)d must be of type text, photo, video or document.", n=position + 1),
        fields={field: "type"},
    )


def draft_json(booth: Booth) -> dict[str, Any]:
    """The editor's view: the draft (or, before the first edit, the latest content at version 0)."""
    source = basis(booth)
    pending = pending_submission(booth)
    blocks = []
    for block in source.blocks if source else []:
        entry: dict[str, Any] = {"type": block.type.value}
        if block.type == BlockType.TEXT:
            entry.update(markdown=block.markdown, html=block.html)
        else:
            entry.update(
                media_id=block.media_id,
                media_status=block.media.status.value if block.media else None,
                alt=block.alt or "",
                caption=block.caption or "",
            )
        blocks.append(entry)
    return {
        "booth_id": booth.id,
        "status": booth.status.value,
        "version": booth.draft_revision.version if booth.draft_revision else 0,
        "has_draft": booth.draft_revision is not None,
        "pending_submission": pending.id if pending else None,
        "title": source.title if source else "",
        "summary": source.summary if source else "",
        "sector": source.sector.slug if source and source.sector else None,
        "secondary_sectors": [s.slug for s in source.secondary_sectors] if source else [],
        "blocks": blocks,
        "exhibits": [exhibits.exhibit_json(v) for v in source.exhibits] if source else [],
        "rejection": rejection(booth),
    }
