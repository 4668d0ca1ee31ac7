"""The demo expo on a 360 px phone and on a 1280 px desktop, in English and in Chinese, signed out
and signed in: no visitor page is wider than the screen, and the header keeps to one line on the
desktop whoever is signed in."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from eexpo.demo import data as demo_data
from eexpo.extensions import db
from eexpo.models import Booth, Exhibit, Hall, ProgrammeSession, Sector, SessionKind, Speaker
from tests.e2e.conftest import browser_context

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}  # fmt: skip
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# How far the page reaches past the window's right edge, and the element reaching furthest.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    let widest = null, reach = width;
    for (const element of document.querySelectorAll("body *")) {
        const right = element.getBoundingClientRect().right;
        if (right > reach + 0.5 && element.offsetParent !== null) {
            reach = right;
            widest = element.tagName.toLowerCase() + "." + element.className;
        }
    }
    return {scroll: document.documentElement.scrollWidth - width, widest};
}"""


def _visitor_pages() -> list[str]:
    booth = db.session.scalar(sa.select(Booth.id).order_by(Booth.id))
    exhibit = db.session.scalar(sa.select(Exhibit.id).order_by(Exhibit.id))
    sector = db.session.scalar(sa.select(Sector.slug).order_by(Sector.position))
    hall = db.session.scalar(sa.select(Hall.name).order_by(Hall.position))
    forum = db.session.scalar(
        sa.select(ProgrammeSession.id).where(ProgrammeSession.kind == SessionKind.FORUM)
    )
    speaker = db.session.scalar(sa.select(Speaker.id).where(Speaker.bio.is_not(None)))
    return [
        "/", f"/sectors/{sector}", f"/booths/{booth}", f"/booths/{booth}/contact",
        "/exhibits", f"/exhibits/{exhibit}", "/search?q=sensor", "/search?q=传感器",
        "/search?q=wafr", "/tour",
        "/catalogue/", "/catalogue/exhibitors", "/catalogue/exhibitors?q=a", "/catalogue/halls",
        f"/catalogue/halls/{hall}",
        "/catalogue/programme", f"/catalogue/sessions/{forum}", f"/catalogue/speakers/{speaker}",
        f"/catalogue/agenda?sessions={forum}",
        "/catalogue/venues", "/catalogue/projects", "/login", "/apply",
        "/password/forgot",
    ]  # fmt: skip


def _sign_in(page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(demo_data.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url("/login")


# What of the header's parts covers another part's: their boxes, or anything in them.
OVERLAPS = """() => {
    const parts = Array.from(document.querySelectorAll(".header-row > *"));
    const boxes = parts.map(part => [part, ...part.querySelectorAll("*")]
        .filter(element => element.checkVisibility())  // not in a closed menu
        .map(element => element.getBoundingClientRect())
        .filter(box => box.width > 0 && box.height > 0));
    const crosses = (a, b) =>
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const found = [];
    boxes.forEach((mine, i) => boxes.forEach((theirs, j) => {
        if (j > i && mine.some(a => theirs.some(b => crosses(a, b))))
            found.push(parts[i].className + " / " + parts[j].className);
    }));
    return found;
}"""


def _overflowing(page, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        page.goto(path)
        measured = page.evaluate(OVERFLOW)
        if measured["scroll"] > 0:
            found.append(f"{path}: {measured['scroll']} px too wide ({measured['widest']})")
        found += [f"{path}: {pair} overlap" for pair in page.evaluate(OVERLAPS)]
    return found


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_pages_fit_a_phone_and_the_header_one_desktop_line(browser, live_server, request, locale):
    paths = _visitor_pages()
    with browser_context(browser, live_server, f"{request.node.name}-phone", locale=locale,
                         **PHONE) as context:  # fmt: skip
        page = context.new_page()
        assert _overflowing(page, paths) == []
        _sign_in(page, demo_data.EXHIBITOR_EMAIL)
        signed_in = [*paths[:6], "/meetings", "/account", "/account/business-profile"]
        assert _overflowing(page, signed_in) == []

    with browser_context(browser, live_server, f"{request.node.name}-desktop", locale=locale,
                         **DESKTOP) as context:  # fmt: skip
        page = context.new_page()
        for email in (demo_data.VISITOR_EMAIL, demo_data.EXHIBITOR_EMAIL,
                      demo_data.ORGANIZER_EMAIL):  # fmt: skip
            context.clear_cookies()
            _sign_in(page, email)
            page.goto("/")
            # On one line: some height crosses every item of the header's row.
            spans = page.locator(".header-row > *").evaluate_all(
                "items => items.map(item => [item.getBoundingClientRect().top,"
                " item.getBoundingClientRect().bottom])"
            )
            assert max(top for top, _ in spans) < min(bottom for _, bottom in spans), (email, spans)
            height = page.locator(".site-header").evaluate("h => h.getBoundingClientRect().height")
            assert height < 80, email
