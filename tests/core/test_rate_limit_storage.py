"""With EEXPO_REDIS_URL set, rate limits live in Redis, so every app process counts together."""

from __future__ import annotations

import os

import pytest

from eexpo import create_app
from eexpo.extensions import db

# A database of its own, emptied before and after the test.
REDIS_URL = os.environ.get("EEXPO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_client(redis_database):
    return redis_database(REDIS_URL)


@pytest.mark.usefixtures("_schema")
def test_limits_are_kept_in_redis_when_configured(monkeypatch, redis_client, database_url):
    monkeypatch.setenv("EEXPO_REDIS_URL", REDIS_URL)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "LOGIN_RATE_LIMIT": "2 per minute",
        }
    )
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    client = app.test_client()
    body = {"email": "nobody@example.com", "password": "x" * 10}
    statuses = [client.post("/api/v1/tokens", json=body).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    with app.app_context():
        db.engine.dispose()
    assert redis_client.keys("LIMITS:*sign-in-account*")
