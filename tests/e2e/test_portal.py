"""An exhibitor builds a booth in Chromium: the real uploader sends a photo and a video (in
parts) straight to the store — the local one, then S3 on loopback — then reorders, previews,
meets a colleague's save in a second tab, keeps their own version and submits."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from eexpo.booths import drafts, services
from eexpo.extensions import db
from eexpo.media.generate import make_photo, make_video
from eexpo.models import Booth, MediaItem, MediaKind, MediaStatus, Role
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

MiB = 1024 * 1024


@pytest.fixture
def files(tmp_path):
    photo = tmp_path / "stand.jpg"
    photo.write_bytes(make_photo(1600, 1000, label="Our stand"))
    video = tmp_path / "demo.mp4"
    video.write_bytes(make_video(3, 640, 360, noise=True))
    assert video.stat().st_size > 6 * MiB
    return photo, video


def second_part(url: str) -> bool:
    """A PUT of a multipart upload's second part, to S3 or to the local store."""
    return "partNumber=2" in url or ("/media-files/parts/" in url and "/2?" in url)


def _eventually(check, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        if check():
            return True
        time.sleep(0.1)
    return False


def _block_legends(page) -> list[str]:
    return page.locator("#booth-editor .editor-block > legend").all_inner_texts()


def test_exhibitor_builds_and_submits_a_booth(backend, make, bare_context, files):
    make.sector("iot", name="Internet of Things")
    make.user(Role.EXHIBITOR, email="maker@example.com")
    page = bare_context.new_page()
    sign_in(page, "maker@example.com", "/portal/")

    page.get_by_role("link", name="Edit the organization profile").click()
    page.get_by_label("Organization name (Chinese)").fill("智慧城市传感器")
    page.get_by_label("Country (two-letter code)").fill("CN")
    page.get_by_label("Province or region").fill("Guangdong")
    page.get_by_label("Website").fill("https://sensors.example")
    page.locator("[data-file-input]").set_input_files(str(files[0]))
    expect(page.get_by_text("Ready. Save to keep it.")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("Your organization's profile was saved.")).to_be_visible()
    expect(page.get_by_role("img", name="Current logo")).to_be_visible()
    page.get_by_role("link", name="Exhibitor portal").first.click()

    page.get_by_role("link", name="Create a booth").click()
    page.get_by_label("Title").fill("Smart city sensors")
    page.get_by_label("Sector").select_option("iot")
    page.get_by_role("button", name="Create the booth").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit booth")

    page.get_by_role("button", name="Add a text block").click()
    page.get_by_label("Text (Markdown").fill("We **measure** the air of whole cities.")

    page.locator("[data-file-input]").set_input_files([str(files[0]), str(files[1])])
    expect(page.locator(".save-state")).to_have_text("Unsaved changes")
    ready = page.get_by_text("Ready. Save to keep it.")
    expect(ready).to_have_count(2, timeout=60_000)
    expect(page.locator(".media-thumb")).to_have_count(2)
    # The text block is no longer the last: it may move down before any save.
    expect(page.get_by_role("button", name="Move down block 1")).to_be_enabled()
    expect(page.get_by_role("button", name="Move down block 3")).to_be_disabled()
    page.get_by_label("Alt text").fill("Sensors on a lamp post")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    assert _block_legends(page) == ["Block 1: text", "Block 2: photo", "Block 3: video"]

    page.get_by_role("button", name="Move up block 3").click()
    assert _block_legends(page) == ["Block 1: text", "Block 2: video", "Block 3: photo"]

    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Smart city sensors")
    photo = page.locator(".block-photo img")
    photo.scroll_into_view_if_needed()
    page.wait_for_function("img => img.naturalWidth > 0", arg=photo.element_handle())
    expect(page.locator(".block-photo img")).to_have_attribute("alt", "Sensors on a lamp post")
    video = page.locator(".block-video video")
    page.wait_for_function("v => v.readyState >= 1", arg=video.element_handle())
    page.get_by_role("link", name="Back to the editor").click()

    colleague = bare_context.new_page()
    colleague.goto(page.url)
    colleague.get_by_label("Title").fill("Sensors, as my colleague put it")
    colleague.get_by_role("button", name="Save", exact=True).click()
    expect(colleague.locator(".save-state")).to_have_text("All changes saved")

    page.get_by_label("Title").fill("Smart sensors for smart cities")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Someone else saved this booth")).to_be_visible()
    expect(page.get_by_text("Sensors, as my colleague put it")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Smart sensors for smart cities")

    page.get_by_role("button", name="Save and submit for review").click()
    expect(page).to_have_url("/portal/")
    expect(page.get_by_text("Submitted. The organizers will review your booth.")).to_be_visible()
    row = page.get_by_role("row", name="Smart sensors for smart cities")
    expect(row).to_contain_text("Submitted, waiting for review")


def test_an_interrupted_video_upload_resumes_after_a_reload(backend, make, bare_context, files):
    user = make.user(Role.EXHIBITOR, email="maker@example.com")
    booth = make.draft_booth(user.exhibitor)
    page = bare_context.new_page()
    sign_in(page, "maker@example.com", "/portal/")
    page.goto(f"/portal/booths/{booth.id}")

    page.route(second_part, lambda route: route.abort())
    page.locator("[data-file-input]").set_input_files(str(files[1]))
    expect(page.get_by_text("The upload failed:")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    page.unroute(second_part)

    page.reload()
    expect(page.get_by_text("Unfinished upload of demo.mp4")).to_be_visible()
    puts: list[str] = []
    page.on(
        "request", lambda request: puts.append(request.url) if request.method == "PUT" else None
    )
    page.locator("[data-file-input]").set_input_files(str(files[1]))
    expect(page.get_by_text("Ready. Save to keep it.")).to_be_visible(timeout=60_000)
    assert len(puts) == 1
    assert second_part(puts[0])
    expect(page.locator("#booth-editor .editor-block > legend")).to_have_text(["Block 1: video"])


def _booth_with_text(make, exhibitor) -> Booth:
    booth = make.draft_booth(exhibitor)
    services.add_text_block(booth, "Sensors for **cities**", actor=None)
    db.session.commit()
    return booth


def _submits(page) -> None:
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Submitted. The organizers will review your booth.")).to_be_visible()


def test_a_refused_file_says_why_and_is_taken_out(backend, make, bare_context, tmp_path):
    user = make.user(Role.EXHIBITOR, email="maker@example.com")
    booth = _booth_with_text(make, user.exhibitor)
    fake = tmp_path / "holiday.jpg"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    page = bare_context.new_page()
    sign_in(page, "maker@example.com", "/portal/")
    page.goto(f"/portal/booths/{booth.id}")
    page.locator("[data-file-input]").set_input_files(str(fake))
    expect(page.locator(".upload-item.failed")).to_contain_text(
        "Refused: This file is not a JPEG, PNG or WebP image. It was taken out; save to keep the "
        "change.",
        timeout=30_000,
    )
    expect(page.locator(".editor-block")).to_have_count(1)  # the text alone
    expect(page.get_by_role("button", name="Move down block 1")).to_be_disabled()
    _submits(page)


def test_a_block_whose_file_was_refused_after_a_save_goes_when_the_editor_opens(make, bare_context):
    user = make.user(Role.EXHIBITOR, email="maker@example.com")
    booth = _booth_with_text(make, user.exhibitor)
    refused = MediaItem(
        exhibitor_id=user.exhibitor_id, kind=MediaKind.IMAGE, backend="local",
        original_key="media/x/original", original_filename="holiday.jpg",
        status=MediaStatus.FAILED, error="This file is not a JPEG, PNG or WebP image.",
    )  # fmt: skip
    db.session.add(refused)
    db.session.flush()
    blocks = [{"type": "text", "markdown": "Sensors"}, {"type": "photo", "media_id": refused.id}]
    version = booth.draft_revision.version
    drafts.update_draft(booth, version=version, changes={"blocks": blocks}, actor=user)
    db.session.commit()
    page = bare_context.new_page()
    sign_in(page, "maker@example.com", "/portal/")
    page.goto(f"/portal/booths/{booth.id}")
    refusal = page.locator(".upload-item.failed")
    expect(refusal.locator(".upload-name")).to_have_text("holiday.jpg")
    expect(refusal).to_contain_text("Refused: This file is not a JPEG, PNG or WebP image. It was")
    expect(page.locator(".editor-block")).to_have_count(1)
    expect(page.locator(".save-state")).to_have_text("Unsaved changes")
    _submits(page)


def test_uploads_can_be_cancelled_and_retried(backend, make, bare_context, files):
    user = make.user(Role.EXHIBITOR, email="maker@example.com")
    booth = make.draft_booth(user.exhibitor)
    page = bare_context.new_page()
    sign_in(page, "maker@example.com", "/portal/")
    page.goto(f"/portal/booths/{booth.id}")

    def parts(url: str) -> bool:
        return "partNumber=" in url or "/media-files/parts/" in url

    # The store stops answering: cancel while a part hangs.
    page.route(parts, lambda route: None)
    page.locator("[data-file-input]").set_input_files(str(files[1]))
    expect(page.locator(".editor-block")).to_have_count(1)
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Cancelled.")).to_be_visible()
    expect(page.locator(".editor-block")).to_have_count(0)
    assert _eventually(lambda: db.session.query(MediaItem).count() == 0)
    page.unroute(parts)
    # A cancelled upload may be sent again, from the start.
    page.get_by_role("button", name="Retry").click()
    expect(page.get_by_text("Ready. Save to keep it.")).to_be_visible(timeout=60_000)
    expect(page.locator(".editor-block")).to_have_count(1)

    # The network fails once: retry sends only what is missing.
    page.route(second_part, lambda route: route.abort())
    page.locator("[data-file-input]").set_input_files(str(files[1]))
    retry = page.locator(".upload-item").last.get_by_role("button", name="Retry")
    expect(retry).to_be_visible(timeout=30_000)
    page.unroute(second_part)
    retry.click()
    expect(page.get_by_text("Ready. Save to keep it.")).to_have_count(2, timeout=60_000)
    expect(page.locator(".editor-block")).to_have_count(2)
