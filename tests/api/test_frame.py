"""The JSON API's frame: tokens, bearer authentication, one error format, the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eexpo.accounts import management
from eexpo.extensions import db, limiter
from eexpo.models import ApiToken, Role, utcnow
from tests import contract
from tests.conftest import csrf_token


def _token(client, email="a@example.com", password="correct horse battery"):
    return client.post("/api/v1/tokens", json={"email": email, "password": password})


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_token_authenticates_api_calls(client, make):
    make.user(Role.EXHIBITOR, email="a@example.com")
    response = _token(client)
    assert response.status_code == 201
    assert response.json["expires_at"]
    me = client.get("/api/v1/me", headers=_bearer(response.json["token"]))
    assert me.status_code == 200
    assert me.json["email"] == "a@example.com"
    assert me.json["role"] == "exhibitor"
    assert me.json["exhibitor"]["status"] == "approved"


def test_only_a_hash_of_the_token_is_stored(client, make):
    make.user(email="a@example.com")
    raw = _token(client).json["token"]
    stored = db.session.scalars(db.select(ApiToken.token_hash)).all()
    assert stored
    assert raw not in stored


@pytest.mark.parametrize(
    ("email", "password"), [("a@example.com", "wrong password"), ("ghost@example.com", "x" * 10)]
)
def test_wrong_credentials_get_401_in_the_error_format(client, make, email, password):
    make.user(email="a@example.com")
    response = _token(client, email, password)
    assert response.status_code == 401
    assert response.json == {
        "error": {
            "code": "unauthorized",
            "message": "The email address or password is incorrect.",
            "request_id": response.headers["X-Request-ID"],
        }
    }


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("not json", "application/json", 400, "bad_request"),
        ("[1, 2]", "application/json", 400, "bad_request"),
        ('{"email": "a@example.com"}', "application/json", 422, "invalid"),
        ('{"email": "a@example.com", "password": 5}', "application/json", 422, "invalid"),
        ("email=a@example.com", "application/x-www-form-urlencoded", 400, "bad_request"),
    ],
)
def test_malformed_token_requests_are_explained(client, body, content_type, status, code):
    response = client.post("/api/v1/tokens", data=body, content_type=content_type)
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]


def test_missing_field_is_named(client):
    response = client.post("/api/v1/tokens", json={"email": "a@example.com"})
    assert response.json["error"]["fields"] == {"password": "required"}


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer ", "Basic dXNlcjpwYXNz", "eexpo_abc"]
)
def test_a_bad_authorization_header_is_401_not_anonymous(client, header):
    response = client.get("/api/v1/sectors", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_expired_token_is_refused(client, make):
    make.user(email="a@example.com")
    raw = _token(client).json["token"]
    token = db.session.scalar(db.select(ApiToken))
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 401


def test_deactivated_users_tokens_stop_working_at_once(client, make):
    user = make.user(email="a@example.com")
    raw = _token(client).json["token"]
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 200
    management.deactivate_user(user, actor=None)
    db.session.commit()
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 401
    assert _token(client).status_code == 403


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_wrong_method_is_json_405(client):
    response = client.delete("/api/v1/sectors")
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"


def test_browser_session_writes_need_the_csrf_token(client, make, auth):
    make.user(email="a@example.com")
    auth.login("a@example.com")
    refused = client.post("/api/v1/tokens", json={"email": "a@example.com", "password": "x" * 10})
    assert refused.status_code == 400
    assert refused.json["error"]["code"] == "csrf_failed"
    accepted = client.post(
        "/api/v1/tokens",
        json={"email": "a@example.com", "password": "correct horse battery"},
        headers={"X-CSRFToken": csrf_token(client, "/account")},
    )
    assert accepted.status_code == 201


def test_browser_session_authenticates_reads(client, make, auth):
    make.user(email="a@example.com")
    auth.login("a@example.com")
    assert client.get("/api/v1/me").json["email"] == "a@example.com"


def test_sectors_list_their_booth_counts(client, make):
    sector = make.sector("iot", group="high-tech")
    make.published_booth(sector=sector)
    make.sector("empty")
    listed = {s["slug"]: s for s in client.get("/api/v1/sectors").json}
    assert listed["iot"]["booth_count"] == 1
    assert listed["iot"]["group"] == "high-tech"
    assert listed["empty"]["booth_count"] == 0


@pytest.fixture
def limited(app_config):
    app_config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")


def test_repeated_token_requests_are_rate_limited(limited, app, client):
    limiter.reset()
    statuses = [_token(client, "x@example.com", "y" * 10).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    assert _token(client, "x@example.com", "y" * 10).json["error"]["code"] == "rate_limited"


def test_openapi_document_describes_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = contract.path_template(rule.rule)
        assert path in document["paths"], f"{rule.rule} is missing from the OpenAPI document"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in document["paths"][path], f"{method} {rule.rule}"
