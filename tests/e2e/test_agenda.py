"""My agenda in Chromium, with the page cache on as in production: an anonymous visitor filters
the programme, adds two sessions from their pages (kept by the browser), finds them on the agenda
in time order, removes one; after signing in, moves the browser's agenda into the account."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from eexpo.demo import data as demo_data
from eexpo.extensions import db
from eexpo.models import AgendaItem, ProgrammeSession, SessionKind, User

pytestmark = pytest.mark.e2e


@pytest.fixture
def app_config(app_config):
    app_config["PAGE_CACHE"] = True
    return app_config


def _forums() -> list[tuple[int, str]]:
    query = (
        sa.select(ProgrammeSession.id, ProgrammeSession.title)
        .where(ProgrammeSession.kind == SessionKind.FORUM)
        .order_by(ProgrammeSession.starts_at)
    )
    return [(session_id, title) for session_id, title in db.session.execute(query)]


def test_a_visitor_keeps_an_agenda_in_the_browser_then_in_the_account(page):
    (first_id, first), (second_id, second) = _forums()
    page.goto("/catalogue/programme")
    page.get_by_label("Kind").select_option("forum")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("ol.sessions h3 a")).to_have_text([first, second])
    for title in (second, first):  # added out of order: the agenda sorts them by time
        page.get_by_role("link", name=title).click()
        add = page.get_by_role("button", name="Add to my agenda")
        add.click()
        expect(page.get_by_role("button", name="On my agenda: remove")).to_have_attribute(
            "aria-pressed", "true"
        )
        page.goto("/catalogue/programme?kind=forum")
    page.get_by_role("link", name="My agenda").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My agenda")
    expect(page.locator(".agenda-session h3 a")).to_have_text([first, second])
    page.locator(f"#s{second_id}").get_by_role("button", name="Remove from my agenda").click()
    expect(page.locator(".agenda-session h3 a")).to_have_text([first])
    page.goto("/login")
    page.get_by_label("Email").fill(demo_data.VISITOR_EMAIL)
    page.get_by_label("Password").fill(demo_data.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url("/login")
    page.goto("/catalogue/agenda")
    page.get_by_role("button", name="Add them to your agenda").click()
    expect(page.get_by_text("1 session added to your agenda.")).to_be_visible()
    expect(page.locator(".agenda-session h3 a")).to_have_text([first])
    visitor = db.session.scalar(sa.select(User).where(User.email == demo_data.VISITOR_EMAIL))
    kept = db.session.scalars(sa.select(AgendaItem.session_id).where(
        AgendaItem.user_id == visitor.id)).all()  # fmt: skip
    assert list(kept) == [first_id]
