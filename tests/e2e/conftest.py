"""Browser tests: the app served on loopback by a real HTTP server, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.demo_snapshot import DemoSnapshots

CHROMIUM = os.environ.get("EEXPO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run installs it")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium to run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def app_config(app_config: dict[str, object]) -> dict[str, object]:
    # The live server answers on its own host and port, not the test client's "localhost".
    app_config.pop("SERVER_NAME")
    return app_config


_APP_ITER = "eexpo.tests.app_iter"


class _ClosingHandler(WSGIRequestHandler):
    """Werkzeug's dev server skips closing the response when a client drops the connection
    (its cleanup reads the reset socket first and raises), leaking the file of an interrupted
    video range; this closes it, as production servers do."""

    def connection_dropped(self, error: BaseException, environ=None) -> None:
        iterable = (environ or {}).get(_APP_ITER)
        if iterable is not None and hasattr(iterable, "close"):
            iterable.close()


def _remember_response(app: Flask):
    def wsgi(environ, start_response):
        iterable = app(environ, start_response)
        environ[_APP_ITER] = iterable
        return iterable

    return wsgi


@pytest.fixture
def server(app: Flask) -> Iterator[str]:
    """The app served by a threaded HTTP server on a free loopback port."""
    server = make_server(
        "127.0.0.1", 0, _remember_response(app), threaded=True, request_handler=_ClosingHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_server(server: str, demo_snapshots: DemoSnapshots) -> str:
    """The served app with the demo expo loaded."""
    demo_snapshots.load()
    return server


@contextmanager
def browser_context(browser, base_url: str, name: str, **options: object) -> Iterator[object]:
    """A browser profile (British English unless told otherwise); each of its pages is
    screenshotted at the end, for people to look at."""
    context = browser.new_context(base_url=base_url, **{"locale": "en-GB", **options})
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, page in enumerate(context.pages):
            suffix = f"-{number}" if number else ""
            page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[object]:
    """A page on the demo expo."""
    with browser_context(browser, live_server, request.node.name) as context:
        yield context.new_page()


@pytest.fixture
def bare_context(browser, server: str, request: pytest.FixtureRequest) -> Iterator[object]:
    """A browser profile on the app without the demo expo (the test makes its own data)."""
    with browser_context(browser, server, request.node.name) as context:
        yield context


def open_account_menu(page) -> None:
    """Open the header's menu under the signed-in user's name."""
    menu = page.locator(".account-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def sign_out(page) -> None:
    open_account_menu(page)
    page.get_by_role("button", name="Sign out").click()


def sign_in(page, email: str, lands_on: str) -> None:
    """Sign in through the form, with the factories' password, and land where the role does."""
    from playwright.sync_api import expect

    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(lands_on)
