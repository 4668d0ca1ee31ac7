"""Video in Chromium: an exhibitor uploads an iPhone-style HEVC .mov through the portal, adds
Chinese captions; once published, a visitor's browser plays it through HLS, seeks, and shows the
Chinese captions: with the browser's own HLS (Chromium has it, as Safari does) and with hls.js over
Media Source (as Firefox and older Chromes need it), the browser's own being hidden for that."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from eexpo.extensions import db
from eexpo.media.generate import make_video
from eexpo.models import Booth, Role
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

SRT = "1\n00:00:00,200 --> 00:00:02,800\n碳化硅功率晶圆\n"


# Makes the browser say it cannot play HLS itself, as one without it does.
WITHOUT_NATIVE_HLS = """
const canPlayType = HTMLMediaElement.prototype.canPlayType;
HTMLMediaElement.prototype.canPlayType = function (type) {
    return type === "application/vnd.apple.mpegurl" ? "" : canPlayType.call(this, type);
};
"""


@pytest.mark.parametrize("player", ["native", "hls.js"])
def test_a_phone_video_is_streamed_seeked_and_captioned_in_chinese(
    make, bare_context, tmp_path, player
):
    clip = tmp_path / "IMG_0042.MOV"
    phone = {"location": "+22.5+114.0/", "model": "iPhone 15"}
    clip.write_bytes(
        make_video(3, 640, 360, codec="libx265", container="mov", sound=1, metadata=phone)
    )
    captions = tmp_path / "wafer.zh.srt"
    captions.write_text(SRT)
    owner = make.user(Role.EXHIBITOR, email="maker@example.com")
    booth = make.draft_booth(owner.exhibitor)
    page = bare_context.new_page()
    sign_in(page, "maker@example.com", "/portal/")

    page.goto(f"/portal/booths/{booth.id}")
    page.locator("[data-file-input]").set_input_files(str(clip))
    expect(page.get_by_text("Ready. Save to keep it.")).to_be_visible(timeout=90_000)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    page.locator('[data-captions="zh"]').set_input_files(str(captions))
    expect(page.get_by_text("Captions saved.")).to_be_visible()
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Submitted. The organizers will review your booth.")).to_be_visible()
    make.approve(db.session.get(Booth, booth.id))

    visitor = bare_context.browser.new_context(base_url=page.url.split("/portal")[0],
                                               locale="zh-CN")  # fmt: skip
    try:
        if player == "hls.js":
            visitor.add_init_script(WITHOUT_NATIVE_HLS)
        watching = visitor.new_page()
        watching.goto(f"/booths/{booth.id}")
        video = watching.locator(".block-video video")
        video.scroll_into_view_if_needed()
        watching.wait_for_function("v => v.readyState >= 1", arg=video.element_handle())
        source = video.evaluate("v => v.currentSrc")
        if player == "hls.js":
            assert source.startswith("blob:")  # Media Source, fed by hls.js
        else:
            assert re.search(r"/videos/\d+/master\.m3u8$", source), source
        assert video.evaluate("v => v.duration") == pytest.approx(3.0, abs=0.3)
        video.evaluate(
            """v => new Promise(resolve => {
                v.addEventListener('seeked', resolve, {once: true});
                v.currentTime = 1.5;
            })"""
        )
        assert video.evaluate("v => v.currentTime") == pytest.approx(1.5, abs=0.2)
        shown = video.evaluate(
            """v => new Promise(resolve => {
                const track = Array.from(v.textTracks).find(t => t.language === 'zh');
                track.mode = 'showing';
                const check = () => track.activeCues && track.activeCues.length
                    ? resolve(track.activeCues[0].text) : setTimeout(check, 100);
                check();
            })"""
        )
        assert shown == "碳化硅功率晶圆"
        assert video.evaluate("v => v.error") is None
        watching.screenshot(path=f"test-results/video-{player}.png", full_page=True)
    finally:
        visitor.close()
