"""A visitor tours the demo expo in Chromium, with the page cache on as in production: browses a
sector, searches in English and in Chinese, opens a booth, plays and seeks its video, puts it on
the tour, and writes to the exhibitor; the exhibitor then finds the lead, and the visit counted,
in the portal."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from eexpo import demo
from eexpo.extensions import db
from eexpo.models import Booth, BoothDayStat, Exhibitor
from eexpo.visit import counting
from tests.e2e.conftest import browser_context

pytestmark = pytest.mark.e2e

# A desktop browser's agent: the headless one names itself and would not be counted.
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
MESSAGE = "Could we meet at your stand on Tuesday?"


@pytest.fixture
def app_config(app_config):
    app_config["PAGE_CACHE"] = True
    return app_config


def _video_booth() -> tuple[int, str]:
    booth = db.session.scalar(
        sa.select(Booth).join(Exhibitor).where(Exhibitor.name == demo.EXHIBITORS[0][0])
    )
    return booth.id, booth.published_revision.title


def test_a_visitor_tours_searches_watches_saves_and_writes(app, browser, live_server, request):
    booth_id, title = _video_booth()
    exhibitor = demo.EXHIBITORS[0][0]
    with browser_context(browser, live_server, request.node.name, user_agent=DESKTOP) as context:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("link", name="Integrated circuits").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Integrated circuits")
        expect(page.locator(".booth-card").first).to_be_visible()
        expect(page.get_by_role("link", name=title)).to_be_visible()

        page.get_by_label("Search the booths").fill("microelectronics")
        page.keyboard.press("Enter")
        expect(page.get_by_role("link", name=title)).to_be_visible()
        expect(page.locator("mark").first).to_be_visible()

        page.get_by_label("Search the booths").fill("珠江微电子")
        page.keyboard.press("Enter")
        result = page.get_by_role("link", name=title)
        expect(result).to_be_visible()
        result.click()

        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        video = page.locator(".block-video video")
        video.scroll_into_view_if_needed()
        page.wait_for_function("v => v.readyState >= 1", arg=video.element_handle())
        video.evaluate("v => { v.muted = true; return v.play(); }")
        page.wait_for_function("v => v.currentTime > 0", arg=video.element_handle())
        video.evaluate(
            """v => new Promise(resolve => {
                v.addEventListener('seeked', resolve, {once: true});
                v.currentTime = 2;
            })"""
        )
        assert video.evaluate("v => v.currentTime") >= 2.0

        save = page.get_by_role("button", name="Add to my tour")
        save.click()
        expect(page.get_by_role("button", name="On my tour: remove")).to_have_attribute(
            "aria-pressed", "true"
        )
        page.get_by_role("link", name="My tour").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("My tour")
        expect(page.locator(".tour-route").get_by_role("link", name=title)).to_be_visible()
        expect(page.get_by_role("button", name="Print this route")).to_be_visible()

        page.locator(".tour-route").get_by_role("link", name=title).click()
        page.get_by_role("link", name=f"Write to {exhibitor}").click()
        page.get_by_label("Your name").fill("Li Wei")
        page.get_by_label("Your email address").fill("li.wei@example.com")
        page.get_by_label("Organization (optional)").fill("Shenzhen Robotics")
        page.get_by_role("textbox", name="Message").fill(MESSAGE)
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".field-error")).to_be_visible()
        consent = page.get_by_role("checkbox")
        expect(consent).to_have_attribute("aria-invalid", "true")
        consent.check()
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("status")).to_contain_text("Your message was sent")

    counting.flush(app)
    db.session.expire_all()
    stats = db.session.scalar(sa.select(BoothDayStat).where(BoothDayStat.booth_id == booth_id))
    assert stats.views >= 1
    assert stats.video_plays == 1
    assert stats.unique_visitors == 1

    with browser_context(browser, live_server, f"{request.node.name}-exhibitor") as context:
        portal = context.new_page()
        portal.goto("/login")
        portal.get_by_label("Email").fill(demo.EXHIBITOR_EMAIL)
        portal.get_by_label("Password").fill(demo.DEMO_PASSWORD)
        portal.get_by_role("button", name="Sign in").click()
        expect(portal).to_have_url("/portal/")
        portal.get_by_role("link", name=f"Statistics {title}").click()
        expect(portal.get_by_role("cell", name="Li Wei")).to_be_visible()
        expect(
            portal.get_by_role("cell", name="Could we meet at your stand on Tuesday?")
        ).to_be_visible()
        expect(portal.locator(".stat-cards")).to_contain_text("Video plays")
