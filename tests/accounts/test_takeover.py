"""No account takeover: links come from the configured address, a reset ends every session and
token, the sign-in forms reveal no account, and signed-in pages stay out of caches."""

from __future__ import annotations

import re
import time

import pytest

from eexpo import create_app
from eexpo.accounts import services
from eexpo.config import ConfigError
from eexpo.extensions import db
from eexpo.models import Role
from tests.conftest import csrf_token


@pytest.fixture
def public_site(app_config):
    app_config.update(
        PUBLIC_URL="https://expo.example", TRUSTED_HOSTS=["expo.example", "localhost"]
    )


def _forgot(client, email="a@example.com", **headers):
    token = csrf_token(client, "/password/forgot")
    return client.post(
        "/password/forgot", data={"email": email, "csrf_token": token}, headers=headers
    )


def test_a_reset_mail_links_to_the_configured_site_whatever_the_host_header(
    public_site, app, client, make, mailbox
):
    make.user(email="a@example.com")
    response = _forgot(client, headers={"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 302
    message = mailbox.messages[-1]
    assert "https://expo.example/password/reset/" in message
    assert "evil.example" not in message


def test_an_untrusted_host_header_is_refused(public_site, app, client, make, mailbox):
    make.user(email="a@example.com")
    response = client.post(
        "/password/forgot", data={"email": "a@example.com"}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 400
    assert mailbox.messages == []
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "expo.example"}).status_code == 200


def test_an_invitation_links_to_the_configured_site(public_site, app, client, make, auth, mailbox):
    make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")
    client.post(
        "/organizer/exhibitors",
        data={
            "email": "new@example.com",
            "organization_name": "Acme",
            "csrf_token": csrf_token(client, "/organizer/exhibitors"),
        },
        headers={"Host": "localhost"},
    )
    assert "https://expo.example/invitations/" in mailbox.messages[-1]


def test_qr_codes_and_sitemaps_use_the_configured_site(public_site, app, client, make):
    booth = make.published_booth()
    sitemap = client.get("/sitemap-main.xml").get_data(as_text=True)
    assert "<loc>https://expo.example/</loc>" in sitemap
    svg = client.get(f"/booths/{booth.id}/qr.svg")
    assert svg.status_code == 200
    page = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert f'content="https://expo.example/booths/{booth.id}' in page


def test_production_refuses_to_start_without_a_public_url(monkeypatch, tmp_path):
    monkeypatch.setenv("EEXPO_ENV", "production")
    monkeypatch.setenv("EEXPO_SECRET_KEY", "s" * 40)
    with pytest.raises(ConfigError, match="EEXPO_PUBLIC_URL"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


def test_production_answers_only_its_public_host(monkeypatch, tmp_path):
    monkeypatch.setenv("EEXPO_ENV", "production")
    monkeypatch.setenv("EEXPO_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("EEXPO_PUBLIC_URL", "https://expo.example/")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert app.config["PUBLIC_URL"] == "https://expo.example"
    assert app.config["TRUSTED_HOSTS"] == ["expo.example"]
    client = app.test_client()
    assert client.get("/login", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/login", headers={"Host": "expo.example"}).status_code == 200


@pytest.mark.parametrize("url", ["expo.example", "ftp://expo.example", "https://x/?a=1"])
def test_a_malformed_public_url_is_refused_at_start(monkeypatch, tmp_path, url):
    monkeypatch.setenv("EEXPO_PUBLIC_URL", url)
    with pytest.raises(ConfigError, match="EEXPO_PUBLIC_URL"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


def _token(client, email="a@example.com", password="correct horse battery"):
    return client.post("/api/v1/tokens", json={"email": email, "password": password})


def test_a_password_reset_ends_every_session_and_api_token(client, make, auth, mailbox, app):
    make.user(email="a@example.com")
    raw = _token(client).json["token"]
    bearer = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=bearer).status_code == 200
    other = app.test_client()
    assert auth.login("a@example.com").status_code == 302
    _forgot(other)
    link = mailbox.last_link("a@example.com")
    new = "a brand new password"
    reset = other.post(
        link, data={"password": new, "confirm": new, "csrf_token": csrf_token(other, link)}
    )
    assert reset.status_code == 302
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    assert client.get("/account").status_code == 302  # the old session sends to sign-in
    assert _token(client, password=new).status_code == 201


def test_a_password_change_revokes_tokens(client, make, app):
    user = make.user(email="a@example.com")
    raw = _token(client).json["token"]
    services.change_password(user, "another good password")
    db.session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def _median_seconds(call, rounds=7) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return sorted(times)[rounds // 2]


@pytest.fixture
def real_hashes(app_config):
    app_config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:200000"


def test_token_requests_take_as_long_for_a_missing_account(real_hashes, app, client, make):
    # A hash this slow (tens of milliseconds) dwarfs the noise: a missing account answered in
    # a tenth of the time before the dummy hash was made the way real ones are.
    make.user(email="a@example.com")
    existing = _median_seconds(lambda: _token(client, password="wrong password!"))
    missing = _median_seconds(lambda: _token(client, email="ghost@example.com"))
    assert 0.5 < missing / existing < 2, (existing, missing)


def test_signed_in_pages_are_never_cached(client, make, auth):
    make.user(Role.EXHIBITOR, email="a@example.com")
    auth.login("a@example.com")
    for path in ("/portal/", "/account", "/", "/tour"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "private, no-store", path


def test_anonymous_public_pages_stay_cacheable(client):
    assert client.get("/").headers["Cache-Control"].startswith("public")


def test_error_bodies_carry_the_request_id_of_the_response(client):
    response = client.get("/api/v1/booths/99999999999")
    assert response.status_code == 404
    assert response.json["error"]["request_id"] == response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
