"""What a submission changes against the live revision: words for text, media added, removed or
replaced, exhibits added, removed or changed (field by field). Pure: revisions in, a JSON-ready
structure out."""

from __future__ import annotations

import difflib
import re
from typing import Any

from eexpo.booths.exhibits import exhibit_json
from eexpo.models import Block, BlockType, BoothRevision, ExhibitVersion, MediaItem

_WORDS = re.compile(r"(\s+)")


def word_diff(before: str, after: str) -> list[dict[str, str]]:
    """Runs of equal, deleted and inserted text, split at whitespace (which is kept)."""
    old, new = _WORDS.split(before or ""), _WORDS.split(after or "")
    runs: list[dict[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "delete", "replace") and i1 != i2:
            runs.append(
                {"op": "equal" if tag == "equal" else "delete", "text": "".join(old[i1:i2])}
            )
        if tag in ("insert", "replace") and j1 != j2:
            runs.append({"op": "insert", "text": "".join(new[j1:j2])})
    return [run for run in runs if run["text"]]


def _signature(block: Block) -> tuple[Any, ...]:
    if block.type == BlockType.TEXT:
        return ("text", block.markdown or "")
    return (block.type.value, block.media_id, block.alt or "", block.caption or "")


def _block_json(block: Block) -> dict[str, Any]:
    if block.type == BlockType.TEXT:
        return {"type": "text", "markdown": block.markdown or ""}
    return {
        "type": block.type.value,
        "media_id": block.media_id,
        "alt": block.alt or "",
        "caption": block.caption or "",
    }


def revision_diff(before: BoothRevision | None, after: BoothRevision) -> dict[str, Any]:
    """The changes from `before` (None for a new booth) to `after`."""
    old_blocks = list(before.blocks) if before else []
    new_blocks = list(after.blocks)
    blocks: list[dict[str, Any]] = []
    matcher = difflib.SequenceMatcher(
        a=[_signature(b) for b in old_blocks], b=[_signature(b) for b in new_blocks], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old_blocks[i1:i2], new_blocks[j1:j2]
        if tag == "equal":
            blocks += [{"op": "equal", "after": _block_json(b)} for b in news]
            continue
        # A block replaced by one of the same type is a change; anything else is removed+added.
        paired = 0
        while paired < min(len(olds), len(news)) and olds[paired].type == news[paired].type:
            blocks.append(_changed(olds[paired], news[paired]))
            paired += 1
        blocks += [{"op": "delete", "before": _block_json(b)} for b in olds[paired:]]
        blocks += [{"op": "insert", "after": _block_json(b)} for b in news[paired:]]
    return {
        "is_new_booth": before is None,
        "title": word_diff(before.title if before else "", after.title),
        "summary": word_diff(before.summary if before else "", after.summary),
        "sector": {
            "before": before.sector.slug if before and before.sector else None,
            "after": after.sector.slug if after.sector else None,
        },
        "blocks": blocks,
        "exhibits": exhibits_diff(list(before.exhibits) if before else [], list(after.exhibits)),
    }


# An exhibit's fields whose text is diffed word by word when it changes.
_WORDED = ("name", "name_zh", "summary", "summary_zh", "description")


def exhibits_diff(
    before: list[ExhibitVersion], after: list[ExhibitVersion]
) -> list[dict[str, Any]]:
    """Exhibits matched by their lasting id, in the new order, then those removed: each equal,
    inserted, deleted, or changed (naming the fields, with word runs for its texts)."""
    earlier = {version.exhibit_id: exhibit_json(version) for version in before}
    entries: list[dict[str, Any]] = []
    for version in after:
        now = exhibit_json(version)
        was = earlier.pop(version.exhibit_id, None)
        if was is None:
            entries.append({"op": "insert", "after": now})
            continue
        changed = [name for name in now if now[name] != was[name]]
        if not changed:
            entries.append({"op": "equal", "after": now})
            continue
        words = {name: word_diff(was[name], now[name]) for name in _WORDED if name in changed}
        entries.append(
            {"op": "change", "before": was, "after": now, "fields": changed, "words": words}
        )
    entries += [{"op": "delete", "before": was} for was in earlier.values()]
    return entries


def shown_media(*revisions: BoothRevision | None) -> list[MediaItem]:
    """The files a diff of these revisions shows: their blocks' and their exhibits'."""
    found: dict[int, MediaItem] = {}
    for revision in revisions:
        if revision is None:
            continue
        for block in revision.blocks:
            if block.media is not None:
                found[block.media.id] = block.media
        for version in revision.exhibits:
            for link in version.media:
                found[link.media.id] = link.media
    return list(found.values())


def _changed(old: Block, new: Block) -> dict[str, Any]:
    entry: dict[str, Any] = {"op": "change", "before": _block_json(old), "after": _block_json(new)}
    if old.type == new.type == BlockType.TEXT:
        entry["words"] = word_diff(old.markdown or "", new.markdown or "")
    elif old.type == new.type and old.media_id != new.media_id:
        entry["media"] = "replaced"
    return entry
