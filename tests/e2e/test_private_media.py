"""Unpublished media are shown through short-lived signed links; a page left open renews them
before they expire, so the preview's photos keep loading."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from eexpo.booths import services as booths
from eexpo.extensions import db
from eexpo.media import pipeline
from eexpo.media import services as media
from eexpo.media.generate import make_photo
from eexpo.models import MediaItem, MediaKind, Role

pytestmark = pytest.mark.e2e


@pytest.fixture
def short_links(app_config):
    app_config["PRIVATE_URL_SECONDS"] = 8


def test_an_open_preview_renews_its_photo_links_before_they_expire(short_links, make, bare_context):
    user = make.user(Role.EXHIBITOR, email="maker@example.com")
    booth = make.draft_booth(user.exhibitor)
    item = media.ingest(
        user.exhibitor_id, make_photo(1200, 800), kind=MediaKind.IMAGE,
        filename="stand.jpg", content_type="image/jpeg", queue=False,
    )  # fmt: skip
    db.session.commit()
    pipeline.process_media(item.id)
    booths.add_media_block(booth, db.session.get(MediaItem, item.id), alt="Stand", actor=None)
    db.session.commit()

    page = bare_context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill("maker@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/portal/booths/{booth.id}/preview")
    photo = page.get_by_role("img", name="Stand")
    expect(photo).to_be_visible()
    first = photo.get_attribute("src")
    time.sleep(10)  # the first links have expired by now; the page renewed them at 6 s
    assert photo.get_attribute("src") != first
    assert page.request.get(first).status == 403
    renewed = page.request.get(photo.get_attribute("src"))
    assert renewed.status == 200
