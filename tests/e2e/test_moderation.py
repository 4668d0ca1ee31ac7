"""An organizer reviews two submissions in Chromium, approving one and rejecting the other with
a canned reason and their own words; the exhibitor then finds both outcomes in the portal."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eexpo.models import Role
from tests.e2e.conftest import open_account_menu, sign_in, sign_out

pytestmark = pytest.mark.e2e


def test_organizer_approves_one_rejects_another_and_the_exhibitor_sees_both(make, bare_context):
    sector = make.sector("iot", name="Internet of Things")
    owner = make.user(Role.EXHIBITOR, email="maker@example.com")
    make.submission(owner.exhibitor, "Air quality sensors", sector, by=owner)
    make.submission(owner.exhibitor, "Call us now booth", sector, by=owner)
    make.user(Role.ORGANIZER, email="org@example.com")

    page = bare_context.new_page()
    sign_in(page, "org@example.com", "/organizer/")
    page.get_by_role("link", name="Review queue").click()
    expect(page.get_by_text("2 submissions wait for review")).to_be_visible()
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Air quality sensors")

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review: Air quality sensors")
    preview = page.locator(".review-preview")
    expect(preview.get_by_role("heading", name="Air quality sensors")).to_be_visible()
    expect(page.locator(".review-diff ins").first).to_be_visible()
    page.get_by_role("button", name="Approve and publish").click()

    expect(page.get_by_text("“Air quality sensors” is published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review: Call us now booth")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("alert")).to_have_text("Give the exhibitor a reason for the rejection.")
    expect(page.get_by_label("Reason for the exhibitor")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Contact details (phone numbers").check()
    page.get_by_label("Reason for the exhibitor").fill("Show us the product instead.")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("“Call us now booth” was sent back to the exhibitor.")).to_be_visible()
    expect(page).to_have_url("/organizer/submissions")
    expect(page.get_by_text("No submission matches.")).to_be_visible()
    sign_out(page)

    sign_in(page, "maker@example.com", "/portal/")
    expect(page.locator(".account-menu summary")).to_contain_text("2 unread")
    open_account_menu(page)
    expect(page.get_by_role("link", name="Notices 2 unread")).to_be_visible()
    expect(page.get_by_role("row", name="Air quality sensors")).to_contain_text("Published")
    rejected = page.get_by_role("row", name="Call us now booth")
    expect(rejected).to_contain_text("Rejected")
    expect(rejected).to_contain_text("Show us the product instead.")
    page.get_by_role("link", name="All notices").click()
    expect(
        page.get_by_role("heading", name="Your booth “Air quality sensors” is published")
    ).to_be_visible()
    notice = page.locator(".notice-item", has_text="needs changes")
    expect(notice).to_contain_text("Contact details (phone numbers")
    expect(notice).to_contain_text("Show us the product instead.")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".account-menu summary")).not_to_contain_text("unread")
    open_account_menu(page)
    expect(page.get_by_role("link", name="Notices", exact=True)).to_be_visible()
