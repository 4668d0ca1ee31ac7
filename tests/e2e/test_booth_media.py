"""A visitor's browser shows a booth's processed photo and plays and seeks its video, whichever
store holds them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from eexpo.extensions import db
from eexpo.models import Block, BlockType, Booth

pytestmark = pytest.mark.e2e


def _booth_with_video() -> int:
    return db.session.scalar(
        sa.select(Booth.id)
        .join(Block, Block.revision_id == Booth.published_revision_id)
        .where(Block.type == BlockType.VIDEO)
        .order_by(Booth.id)
        .limit(1)
    )


def test_booth_shows_its_photo_and_a_seekable_video(backend, page):
    page.goto(f"/booths/{_booth_with_video()}")
    photo = page.locator(".block-photo img")
    expect(photo).to_be_visible()
    photo.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    assert photo.evaluate("img => img.currentSrc").split("?")[0].endswith(".webp")

    video = page.locator(".block-video video")
    video.scroll_into_view_if_needed()
    page.wait_for_function("v => v.readyState >= 1", arg=video.element_handle())
    assert video.evaluate("v => v.duration") == pytest.approx(3.0, abs=0.2)
    video.evaluate(
        """v => new Promise(resolve => {
            v.addEventListener('seeked', resolve, {once: true});
            v.currentTime = 2;
        })"""
    )
    assert video.evaluate("v => v.currentTime") == pytest.approx(2.0, abs=0.1)
    assert video.evaluate("v => v.error") is None
