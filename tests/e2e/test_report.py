"""The organizers' report renders in Chromium with its charts, each beside its table; it and the
programme read in Chinese for a Chinese reader."""

from __future__ import annotations

import re

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


# Latin words the demo's Chinese report and programme may show: names of formats and the brand,
# the same in both languages, and people's Latin names.
ABBREVIATIONS = {"CSV", "JSON", "API", "iCalendar", "RMB", "eexpo"}
WORDS = "() => document.querySelector('main').innerText.match(/[A-Za-z]{2,}/g) || []"


def _words(*texts: str | None) -> set[str]:
    return {word for text in texts if text for word in re.findall("[A-Za-z]{2,}", text)}


def test_the_report_and_the_programme_read_in_chinese(page):
    page.goto("/login")
    page.get_by_role("button", name="简体中文").click()
    page.get_by_label("电子邮箱").fill(demo.ORGANIZER_EMAIL)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="展会统计报告").click()
    expect(page.locator(".report-summary")).to_contain_text("签约")
    page.screenshot(path="test-results/report-zh.png", full_page=True)
    assert set(page.evaluate(WORDS)) <= ABBREVIATIONS
    page.goto("/catalogue/programme")
    page.screenshot(path="test-results/programme-zh.png", full_page=True)
    names = _words(*(text for _english, chinese in demo.SPEAKERS.values() for text in chinese))
    assert set(page.evaluate(WORDS)) <= ABBREVIATIONS | names
