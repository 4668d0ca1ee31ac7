"""Limits stop abuse without locking others out: guesses per account and per address, uploads
per user in starts and in bytes, searches per address, each refused with 429 and words saying
which."""

from __future__ import annotations

import pytest

from eexpo.extensions import limiter
from eexpo.models import Role
from tests.conftest import ApiClient, csrf_token


@pytest.fixture
def limited(app_config):
    app_config.update(
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="3 per minute",
        SIGN_IN_ADDRESS_LIMIT="8 per minute",
        UPLOAD_START_LIMIT="3 per minute",
        UPLOAD_BYTES_LIMIT="1000 per hour",
        SEARCH_RATE_LIMIT="3 per minute",
    )


@pytest.fixture
def fresh_limits(limited, app):
    limiter.reset()
    yield
    limiter.reset()


def _login(client, email, password="wrong password!"):
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)}
    )


def test_guessing_one_account_does_not_lock_out_a_colleague_at_the_same_address(
    fresh_limits, client, make
):
    make.user(email="victim@example.com")
    make.user(email="colleague@example.com")
    statuses = [_login(client, "victim@example.com").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    refused = _login(client, "Victim@Example.com", "correct horse battery")
    assert refused.status_code == 429
    assert "Too many attempts for this account" in refused.get_data(as_text=True)
    assert _login(client, "colleague@example.com", "correct horse battery").status_code == 302


def test_the_token_endpoint_shares_the_accounts_limit(fresh_limits, client, make):
    make.user(email="victim@example.com")
    for _ in range(2):
        _login(client, "victim@example.com")
    client.post("/api/v1/tokens", json={"email": "victim@example.com", "password": "x" * 10})
    response = client.post(
        "/api/v1/tokens", json={"email": "victim@example.com", "password": "x" * 10}
    )
    assert response.status_code == 429
    assert response.json["error"]["code"] == "rate_limited"
    assert "this account" in response.json["error"]["message"]


def test_one_address_trying_many_accounts_is_stopped(fresh_limits, client):
    statuses = [
        client.post(
            "/api/v1/tokens", json={"email": f"guess{n}@example.com", "password": "x" * 10}
        ).status_code
        for n in range(9)
    ]
    assert statuses == [401] * 8 + [429]


@pytest.fixture
def uploader(fresh_limits, client, make):
    user = make.user(Role.EXHIBITOR)
    booth = make.draft_booth(user.exhibitor)
    api = ApiClient(client, user)

    def start(size=100):
        body = {"kind": "image", "filename": "a.jpg", "content_type": "image/jpeg", "size": size}
        return api.call("POST", f"/booths/{booth.id}/media", body)

    return start


def test_uploads_started_too_fast_are_refused_with_a_clear_message(uploader):
    statuses = [uploader().status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    refused = uploader()
    assert "too many uploads" in refused.json["error"]["message"]


def test_uploads_beyond_the_hourly_bytes_are_refused(uploader):
    assert uploader(size=600).status_code == 201
    refused = uploader(size=600)
    assert refused.status_code == 429
    assert "uploaded a lot in the last hour" in refused.json["error"]["message"]


def test_another_users_uploads_are_not_held_back(uploader, client, make):
    for _ in range(4):
        uploader()
    other = make.user(Role.EXHIBITOR)
    booth = make.draft_booth(other.exhibitor)
    body = {"kind": "image", "filename": "a.jpg", "content_type": "image/jpeg", "size": 100}
    response = ApiClient(client, other).call("POST", f"/booths/{booth.id}/media", body)
    assert response.status_code == 201


def _search(client, path, address="192.0.2.1"):
    return client.get(path, environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("page", ["/search?q=", "/api/v1/booths?q="])
def test_searches_beyond_the_limit_are_refused_per_address(fresh_limits, client, page):
    statuses = [_search(client, f"{page}robot{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = _search(client, f"{page}sensor")
    text = refused.json["error"]["message"] if page.startswith("/api") else refused.text
    assert "Too many searches from your network" in text
    assert _search(client, f"{page}sensor", address="192.0.2.2").status_code == 200
    plain = page.replace("q=", "")  # a listing without a query costs no search: not counted
    assert [_search(client, plain).status_code for _ in range(4)] == [200] * 4
