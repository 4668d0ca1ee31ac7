"""The organizers' report renders in Chromium with its charts, each beside its table."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eexpo import demo

pytestmark = pytest.mark.e2e


def test_the_report_page_draws_its_charts(page):
    page.goto("/login")
    page.get_by_label("Email").fill(demo.ORGANIZER_EMAIL)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Event report").click()
    expect(page.locator(".report-summary")).to_contain_text(
        "21 projects were signed, worth RMB 17.848 billion"
    )
    sectors = page.locator("figure.chart").first
    expect(sectors.locator("rect.chart-bar")).to_have_count(len(demo.SECTORS))
    box = sectors.locator("svg").bounding_box()
    assert box["width"] > 300
    assert box["height"] > 100
    widest = max(
        sectors.locator("rect.chart-bar").nth(n).bounding_box()["width"]
        for n in range(len(demo.SECTORS))
    )
    assert widest > 50  # drawn, not collapsed
    expect(page.get_by_role("table").first).to_contain_text("Integrated circuits")
