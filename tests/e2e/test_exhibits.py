"""Exhibits in Chromium, end to end: an exhibitor adds two exhibits with photos and a PDF
brochure and submits; the organizer sees them in the diff and approves; a visitor finds one in
the catalogue by a Chinese word and by the facet "licensing", opens it and downloads the
brochure; the booth page shows the exhibitor's logo, links and exhibits."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eexpo.media.generate import make_brochure, make_logo, make_photo
from eexpo.models import Role
from tests.e2e.conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e


@pytest.fixture
def files(tmp_path):
    made = []
    for name, data in (("wafer.jpg", make_photo(1200, 800, seed=1, label="Wafer")),
                       ("driver.jpg", make_photo(1200, 800, seed=2, label="Driver")),
                       ("SiC brochure 2026.pdf", make_brochure("SiC power", ["Wafers"])),
                       ("logo.png", make_logo("Pearl River", seed=3))):  # fmt: skip
        path = tmp_path / name
        path.write_bytes(data)
        made.append(str(path))
    return made


def _fill_exhibit(page, number: int, **fields: str) -> None:
    exhibit = page.locator(f"#exhibit-{number}")
    exhibit.get_by_label("Name (English)").fill(fields["name"])
    exhibit.get_by_label("Name (Chinese)").fill(fields["name_zh"])
    exhibit.get_by_label("Summary (English)").fill(fields["summary"])
    exhibit.get_by_label("Kind").select_option(fields["kind"])
    exhibit.get_by_label("Readiness level (TRL)").select_option(fields["trl"])
    for choice in fields["choices"]:
        exhibit.get_by_label(choice).check()


def test_exhibits_go_from_the_editor_through_review_to_the_catalogue(make, bare_context, files):
    semis = make.sector("third-gen-semiconductors", name="Third-generation semiconductors",
                        name_zh="第三代半导体")  # fmt: skip
    make.user(Role.ORGANIZER, email="org@example.com")
    pearl = make.exhibitor("Pearl River Microelectronics", name_zh="珠江微电子")
    make.user(Role.EXHIBITOR, email="maker@example.com", exhibitor=pearl)
    booth = make.draft_booth(pearl, semis)
    wafer, driver, brochure, logo = files
    page = bare_context.new_page()
    sign_in(page, "maker@example.com", "/portal/")

    # The organization's face: a logo and a website.
    page.get_by_role("link", name="Edit the organization profile").click()
    page.get_by_label("Website").fill("https://pearl-river.example")
    page.get_by_label("Links elsewhere").fill("https://www.linkedin.com/company/pearl-river")
    page.locator("[data-file-input]").set_input_files(logo)
    expect(page.get_by_text("Ready. Save to keep it.")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("Your organization's profile was saved.")).to_be_visible()

    # Photos and the brochure, uploaded as blocks; then two exhibits that show them.
    page.goto(f"/portal/booths/{booth.id}")
    page.get_by_role("button", name="Add a text block").click()
    page.get_by_label("Text (Markdown").fill("Power semiconductors from Guangzhou.")
    page.locator("[data-file-input]").set_input_files([wafer, driver, brochure])
    expect(page.get_by_text("Ready. Save to keep it.")).to_have_count(3, timeout=60_000)
    for alt in page.get_by_label("Alt text").all():
        alt.fill("Our product")
    page.get_by_label("Title of the document").fill("SiC brochure")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".save-state")).to_have_text("All changes saved")

    page.get_by_role("button", name="Add an exhibit").click()
    expect(page.locator("#exhibits-0-name")).to_have_attribute("autofocus", "")
    _fill_exhibit(page, 0, name="SiC power wafer", name_zh="碳化硅功率晶圆",
                  summary="Wafers for EV inverters", kind="technology", trl="7",
                  choices=["Licensing", "Joint development", "Third-generation semiconductors",
                           "Photo: wafer.jpg", "PDF: SiC brochure 2026.pdf"])  # fmt: skip
    page.get_by_role("button", name="Add an exhibit").click()
    _fill_exhibit(page, 1, name="Gate driver", name_zh="栅极驱动器", summary="For SiC switches",
                  kind="product", trl="9", choices=["Sale", "Photo: driver.jpg"])  # fmt: skip
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Submitted. The organizers will review your booth.")).to_be_visible()
    sign_out(page)

    # The organizer sees both exhibits in the diff, and approves.
    sign_in(page, "org@example.com", "/organizer/")
    page.goto("/organizer/submissions")
    page.get_by_role("link", name="Draft booth").click()
    expect(page.locator(".diff-exhibits .diff-insert")).to_have_count(2)
    expect(page.locator(".diff-exhibits")).to_contain_text("SiC power wafer")
    page.get_by_role("button", name="Approve and publish").click()
    sign_out(page)

    # A visitor finds the wafer by a Chinese word and by licensing, and takes the brochure.
    page.goto("/exhibits")
    page.get_by_label("Words, in English or Chinese").fill("碳化硅")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="1 exhibit", exact=True)).to_be_visible()
    page.get_by_label("Words, in English or Chinese").fill("")
    page.get_by_label("Cooperation sought").select_option("licensing")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".exhibit-card")).to_have_count(1)
    page.get_by_role("link", name="SiC power wafer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SiC power wafer")
    expect(page.get_by_text("TRL 7")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="SiC brochure 2026.pdf").click()
    saved = download.value
    assert saved.suggested_filename == "sic-brochure-2026.pdf"
    with open(saved.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The booth page: the exhibitor's face and both exhibits.
    page.get_by_role("link", name="Visit the booth").click()
    expect(page.get_by_role("img", name="Logo of Pearl River Microelectronics")).to_be_visible()
    expect(page.get_by_role("link", name="Website")).to_have_attribute(
        "href", "https://pearl-river.example"
    )
    expect(page.get_by_role("link", name="linkedin.com")).to_be_visible()
    expect(page.get_by_role("link", name="Brochure (PDF)")).to_be_visible()
    expect(page.locator(".booth-exhibits .exhibit-card")).to_have_count(2)
