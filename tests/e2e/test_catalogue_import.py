"""An organizer imports a spreadsheet's venues in Chromium: a bad file first (every problem shown,
nothing changed), then a good one, previewed and confirmed; the public page shows the change."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eexpo import demo

pytestmark = pytest.mark.e2e

HEADER = "name,kind,address,opening_hours,website,description"


def _file(tmp_path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return str(path)


def test_an_organizer_imports_venues_after_a_preview(page, tmp_path):
    page.goto("/login")
    page.get_by_label("Email").fill(demo.ORGANIZER_EMAIL)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/organizer/catalogue")

    rows = ["Robot Museum,zoo,,,not a site,", "Lab,museum,,,,", "Lab,laboratory,,,,"]
    bad = _file(tmp_path, "bad.csv", [HEADER, *rows])
    page.get_by_label("CSV file of venues").set_input_files(bad)
    page.locator("#kind-venues").get_by_role("button", name="Check the file").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported: the file has 2 problem(s).")
    expect(alert).to_contain_text("kind: one of museum, laboratory, science_park, other")
    expect(alert).to_contain_text("website: “not a site” is not a web address")
    expect(alert).to_contain_text("The same key as line 3.")

    good = _file(
        tmp_path, "venues.csv", [HEADER, "Robot Museum,museum,8 Gear Street,10:00–18:00,,"]
    )
    page.get_by_label("CSV file of venues").set_input_files(good)
    page.locator("#kind-venues").get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import of venues.csv")
    expect(
        page.get_by_text("1 new, 0 changed, 0 unchanged. Nothing has been written yet.")
    ).to_be_visible()
    # In another tab: signed-in pages are never stored, so going back would post the file again.
    public = page.context.new_page()
    public.goto(page.url.split("/organizer")[0] + "/catalogue/venues")
    expect(public.get_by_text("Robot Museum")).to_have_count(0)  # not before confirming
    public.close()

    page.get_by_role("button", name="Import").click()
    expect(
        page.get_by_text("venues imported: 1 new, 0 changed, 0 unchanged, 0 deleted.")
    ).to_be_visible()
    page.goto("/catalogue/venues")
    expect(page.get_by_role("heading", name="Robot Museum")).to_be_visible()
    expect(page.get_by_text("8 Gear Street")).to_be_visible()
