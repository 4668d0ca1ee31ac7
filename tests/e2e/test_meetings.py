"""Business matchmaking in Chromium: an exhibitor offers times, a visitor finds the booth and
books one with a message, the exhibitor sees the notice and accepts, both see the meeting in
their agendas with the stand and download it as iCalendar; the visitor cancels and the time is
free again."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from eexpo.extensions import db
from eexpo.models import Event, Hall, Role, Stand
from tests.e2e.conftest import browser_context, sign_in

pytestmark = pytest.mark.e2e

OPENS = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=2)


@pytest.fixture
def expo(app, make):
    db.session.add(Event(name="Expo", starts_on=OPENS, ends_on=OPENS + timedelta(days=3)))
    exhibitor = make.exhibitor(name="Sensors Inc")
    booth = make.published_booth(exhibitor=exhibitor, title="Smart sensors")
    hall = Hall(name="Hall 1")
    db.session.add(hall)
    db.session.flush()
    db.session.add(Stand(hall_id=hall.id, code="A12", exhibitor_id=exhibitor.id))
    db.session.commit()
    host = make.user(Role.EXHIBITOR, exhibitor=exhibitor, name="Hana Host")
    visitor = make.user(Role.VISITOR, name="Vera Visitor")
    return booth, host, visitor


def test_a_visitor_books_the_exhibitor_accepts_and_a_cancel_frees_the_time(
    browser, server, expo, tmp_path
):
    booth, host, visitor = expo
    with (
        browser_context(browser, server, "meetings-exhibitor") as hosts,
        browser_context(browser, server, "meetings-visitor", accept_downloads=True) as visitors,
    ):
        exhibitor = hosts.new_page()
        sign_in(exhibitor, host.email, "/portal/")
        exhibitor.goto("/portal/")
        exhibitor.get_by_role("link", name="Meeting times").click()
        exhibitor.get_by_label("Day").select_option(OPENS.isoformat())
        exhibitor.get_by_label("Starting at").fill("10:00")
        exhibitor.get_by_label("Ending at").fill("11:00")
        exhibitor.get_by_label("Minutes per meeting").fill("30")
        exhibitor.get_by_role("button", name="Offer these times").click()
        expect(exhibitor.get_by_text("2 meeting times are offered.")).to_be_visible()
        expect(exhibitor.locator(".offered-free")).to_have_count(2)

        guest = visitors.new_page()
        sign_in(guest, visitor.email, "/")
        guest.goto(f"/booths/{booth.id}")
        guest.locator(".booth-actions").get_by_role("link", name="Book a meeting").click()
        guest.get_by_role("button", name="Request this meeting").click()  # no time chosen
        expect(guest.get_by_text("There is no such meeting slot.")).to_be_visible()
        guest.get_by_label("10:00").check()
        guest.get_by_label("What would you like to discuss?").fill("Licensing your sensor.")
        guest.get_by_role("button", name="Request this meeting").click()
        expect(guest.get_by_text("Your request is sent.")).to_be_visible()
        expect(guest.locator(".meeting-status")).to_have_text(["requested"])

        exhibitor.goto("/portal/notifications")
        expect(exhibitor.get_by_text("Vera Visitor asks to meet you on")).to_be_visible()
        exhibitor.get_by_role("link", name="My meetings").click()
        expect(exhibitor.get_by_text("Licensing your sensor.")).to_be_visible()
        exhibitor.get_by_role("button", name="Accept").click()
        expect(exhibitor.get_by_text("The meeting is accepted.")).to_be_visible()
        expect(exhibitor.locator(".meeting-status")).to_have_text(["accepted"])

        guest.reload()
        expect(guest.locator(".meeting-status")).to_have_text(["accepted"])
        expect(guest.locator(".meeting-place")).to_contain_text("Hall 1, A12")
        with guest.expect_download() as download:
            guest.get_by_role("link", name="Download (.ics)").click()
        saved = tmp_path / "meetings.ics"
        download.value.save_as(saved)
        events = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
        assert [str(e["summary"]) for e in events] == ["Meeting with Sensors Inc"]

        guest.get_by_label("Reason (optional)").fill("Our flight moved")
        guest.get_by_role("button", name="Cancel the meeting").click()
        expect(guest.get_by_text("The meeting is cancelled.")).to_be_visible()
        expect(guest.locator(".meeting-status")).to_have_text(["cancelled"])
        guest.goto(f"/booths/{booth.id}/meet")
        expect(guest.locator("input[name=slot]")).to_have_count(2)
