"""The review diff: words for text, media added, removed and replaced."""

from __future__ import annotations

from eexpo.booths.diff import revision_diff, word_diff
from eexpo.models import Block, BlockType, BoothRevision, Sector


def _revision(title="Sensors", summary="", blocks=(), sector="iot") -> BoothRevision:
    return BoothRevision(
        number=1,
        title=title,
        summary=summary,
        sector=Sector(slug=sector, name=sector),
        blocks=[Block(position=i, **b) for i, b in enumerate(blocks)],
    )


def test_words_are_marked_inserted_and_deleted():
    assert word_diff("We measure air", "We measure clean air") == [
        {"op": "equal", "text": "We measure "},
        {"op": "insert", "text": "clean "},
        {"op": "equal", "text": "air"},
    ]
    assert word_diff("old words", "") == [{"op": "delete", "text": "old words"}]


def test_a_new_booth_is_all_insertions():
    after = _revision(blocks=[{"type": BlockType.TEXT, "markdown": "Hello"}])
    diff = revision_diff(None, after)
    assert diff["is_new_booth"] is True
    assert diff["title"] == [{"op": "insert", "text": "Sensors"}]
    assert diff["blocks"] == [{"op": "insert", "after": {"type": "text", "markdown": "Hello"}}]


def test_text_changes_are_shown_word_by_word():
    before = _revision(blocks=[{"type": BlockType.TEXT, "markdown": "We sell sensors"}])
    after = _revision(blocks=[{"type": BlockType.TEXT, "markdown": "We sell smart sensors"}])
    [block] = revision_diff(before, after)["blocks"]
    assert block["op"] == "change"
    assert {"op": "insert", "text": "smart "} in block["words"]


def test_media_added_removed_and_replaced():
    before = _revision(
        blocks=[
            {"type": BlockType.PHOTO, "media_id": 1, "alt": "Old stand"},
            {"type": BlockType.VIDEO, "media_id": 2},
        ]
    )
    after = _revision(
        blocks=[
            {"type": BlockType.PHOTO, "media_id": 3, "alt": "New stand"},
            {"type": BlockType.TEXT, "markdown": "Come and see"},
        ]
    )
    blocks = revision_diff(before, after)["blocks"]
    assert blocks[0]["op"] == "change"
    assert blocks[0]["media"] == "replaced"
    assert (blocks[0]["before"]["media_id"], blocks[0]["after"]["media_id"]) == (1, 3)
    assert [b["op"] for b in blocks[1:]] == ["delete", "insert"]
    assert blocks[1]["before"]["type"] == "video"
    assert blocks[2]["after"]["type"] == "text"


def test_unchanged_content_is_equal_and_sector_moves_are_reported():
    block = {"type": BlockType.TEXT, "markdown": "Same"}
    diff = revision_diff(_revision(blocks=[block]), _revision(blocks=[block], sector="biomedicine"))
    assert [b["op"] for b in diff["blocks"]] == ["equal"]
    assert diff["title"] == [{"op": "equal", "text": "Sensors"}]
    assert diff["sector"] == {"before": "iot", "after": "biomedicine"}
