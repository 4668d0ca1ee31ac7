"""Language choice and the completeness of the English and Simplified Chinese catalogues."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from eexpo.models import Role

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "eexpo" / "translations"


def test_accept_language_picks_chinese(client):
    html = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="zh-Hans">' in html
    assert "忘记密码？" in html


def test_english_is_the_default(client):
    html = client.get("/login", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Forgot your password?" in html


SAME_ORIGIN = {"Origin": "http://localhost"}


def test_the_switcher_overrides_the_browser(client):
    client.post("/locale", data={"locale": "zh_Hans", "next": "/login"}, headers=SAME_ORIGIN)
    html = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "忘记密码？" in html


def test_a_signed_in_users_choice_is_kept_in_the_account(client, make, auth):
    user = make.user(Role.EXHIBITOR, email="a@example.com")
    auth.login("a@example.com")
    client.post("/locale", data={"locale": "zh_Hans", "next": "/portal/"}, headers=SAME_ORIGIN)
    from eexpo.extensions import db

    db.session.expire_all()
    assert db.session.get(type(user), user.id).locale == "zh_Hans"
    client.delete_cookie("eexpo_locale")
    assert "展商中心" in client.get("/portal/").get_data(as_text=True)


def test_unknown_language_is_refused_visibly(client):
    response = client.post(
        "/locale",
        data={"locale": "xx", "next": "/"},
        headers=SAME_ORIGIN,
        follow_redirects=True,
    )
    assert "That language is not available." in response.get_data(as_text=True)


def test_switcher_never_redirects_off_site(client):
    response = client.post(
        "/locale",
        data={"locale": "en", "next": "https://evil.example/"},
        headers=SAME_ORIGIN,
    )
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Origin": "https://evil.example"}, {"Referer": "https://evil.example/page"}],
    ids=["no-origin", "foreign-origin", "foreign-referer"],
)
def test_a_language_switch_from_another_site_is_refused(client, headers):
    response = client.post("/locale", data={"locale": "zh_Hans", "next": "/"}, headers=headers)
    assert response.status_code == 400
    assert "sent from elsewhere" in response.get_data(as_text=True)
    assert "eexpo_locale" not in response.headers.get("Set-Cookie", "")


def test_a_same_site_referer_is_enough(client):
    response = client.post(
        "/locale",
        data={"locale": "zh_Hans", "next": "/"},
        headers={"Referer": "http://localhost/sectors/iot"},
    )
    assert "eexpo_locale=zh_Hans" in response.headers["Set-Cookie"]


def test_the_template_lists_every_string_in_the_code(tmp_path):
    """Extracting again yields exactly the committed template: no string is left unmarked."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "--no-location",
         "--sort-output", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_ngettext:1,2",
         "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    assert _ids(fresh) == _ids(CATALOGUES / "messages.pot"), (
        "run `make extract-messages` and translate the new strings"
    )


def _read(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def _ids(path: Path) -> set:
    return {m.id for m in _read(path) if m.id}


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_catalogue_is_complete(locale):
    template = _ids(CATALOGUES / "messages.pot")
    catalogue = _read(CATALOGUES / locale / "LC_MESSAGES" / "messages.po")
    translated = {
        m.id
        for m in catalogue
        if m.id
        and not m.fuzzy
        and (all(m.string) if isinstance(m.string, (list, tuple)) else m.string)
    }
    assert template - translated == set()
