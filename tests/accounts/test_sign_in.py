"""Signing in and out, the rate limit, redirects after sign-in, and deactivated accounts."""

from __future__ import annotations

import pytest

from eexpo.accounts import management, services
from eexpo.extensions import db, limiter
from eexpo.models import Role
from tests.conftest import csrf_token


def test_exhibitor_signs_in_and_lands_in_the_portal(client, make, auth):
    make.user(Role.EXHIBITOR, email="ex@example.com")
    response = auth.login("ex@example.com")
    assert response.status_code == 302
    assert response.headers["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_email_is_matched_case_insensitively(client, make, auth):
    make.user(email="mixed@example.com")
    assert auth.login("  MiXeD@Example.COM ").status_code == 302


@pytest.mark.parametrize("email", ["someone@example.com", "nobody@example.com"])
def test_wrong_password_and_unknown_email_get_the_same_clear_refusal(client, make, auth, email):
    make.user(email="someone@example.com")
    response = auth.login(email, "wrong password!")
    assert response.status_code == 401
    assert "The email address or password is incorrect." in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_keep_me_signed_in_outlives_the_session_cookie(app, client, make):
    make.user(email="kept@example.com")
    client.post(
        "/login",
        data={
            "email": "kept@example.com",
            "password": "correct horse battery",
            "remember": "y",
            "csrf_token": csrf_token(client),
        },
    )
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])  # the browser was closed
    assert client.get("/account").status_code == 200


def test_sign_out_ends_the_session(client, make, auth):
    make.user(email="a@example.com")
    auth.login("a@example.com")
    assert client.get("/account").status_code == 200
    auth.logout()
    assert client.get("/account").status_code == 302


def test_next_on_this_site_is_followed(client, make):
    make.user(Role.ORGANIZER, email="o@example.com")
    response = client.post(
        "/login?next=/organizer/users",
        data={
            "email": "o@example.com",
            "password": "correct horse battery",
            "next": "/organizer/users",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.headers["Location"] == "/organizer/users"


@pytest.mark.parametrize(
    "target", ["https://evil.example/steal", "//evil.example", "/\\evil.example"]
)
def test_next_pointing_at_another_site_is_ignored(client, make, target):
    make.user(Role.ORGANIZER, email="o@example.com")
    response = client.post(
        "/login",
        data={
            "email": "o@example.com",
            "password": "correct horse battery",
            "next": target,
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/organizer/"


def test_protected_page_sends_anonymous_visitor_to_sign_in_and_back(client):
    response = client.get("/organizer/users")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/organizer/users"


def test_form_without_csrf_token_is_refused_and_signs_nobody_in(client, make):
    make.user(email="a@example.com")
    response = client.post("/login", data={"email": "a@example.com", "password": "x" * 12})
    assert response.status_code == 400
    assert "Reload the page and try again." in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_deactivated_user_loses_the_session_from_the_next_request(client, make, auth):
    user = make.user(email="a@example.com")
    organizer = make.user(Role.ORGANIZER)
    auth.login("a@example.com")
    assert client.get("/account").status_code == 200
    management.deactivate_user(db.session.get(type(user), user.id), actor=organizer)
    db.session.commit()
    assert client.get("/account").status_code == 302


def test_deactivated_user_cannot_sign_in(client, make, auth):
    user = make.user(email="a@example.com")
    management.deactivate_user(user, actor=None)
    db.session.commit()
    response = auth.login("a@example.com")
    assert response.status_code == 403
    assert "deactivated" in response.get_data(as_text=True)


def test_password_change_ends_other_sessions(app, make, auth, client):
    user = make.user(email="a@example.com")
    auth.login("a@example.com")
    services.change_password(user, "another good password")
    db.session.commit()
    assert client.get("/account").status_code == 302


@pytest.fixture
def limited(app_config):
    app_config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")


def test_repeated_sign_in_attempts_are_rate_limited(limited, app, client):
    limiter.reset()
    token = csrf_token(client)
    form = {"email": "x@example.com", "password": "y" * 10, "csrf_token": token}
    statuses = [client.post("/login", data=form).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    page = client.post("/login", data=form)
    assert page.status_code == 429
    assert "Too many attempts" in page.get_data(as_text=True)
    assert "Retry-After" in page.headers
