"""An exhibitor signs in, reaches the portal and switches the interface to Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eexpo import demo

pytestmark = pytest.mark.e2e


def test_exhibitor_signs_in_reaches_the_portal_and_switches_to_chinese(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("International High-Tech Expo 2026")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(demo.EXHIBITOR_EMAIL)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url("/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exhibitor portal")
    expect(
        page.get_by_role("cell", name="Pearl River Microelectronics at the expo", exact=True)
    ).to_be_visible()

    page.get_by_role("button", name="简体中文").click()
    expect(page).to_have_url("/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("展商中心")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("button", name="简体中文")).to_have_count(0)
    expect(page.get_by_role("button", name="English")).to_have_attribute("lang", "en")

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("展商中心")


def test_a_wrong_password_shows_a_visible_message(page):
    page.goto("/login")
    page.get_by_label("Email").fill(demo.EXHIBITOR_EMAIL)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("The email address or password is incorrect.")).to_be_visible()
    expect(page).to_have_url("/login")


def test_keyboard_users_can_skip_to_content_with_a_visible_focus(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
