"""With EEXPO_REDIS_URL set, rate limits live in Redis, so every app process counts together."""

from __future__ import annotations

import os
import uuid

import pytest

from eexpo import create_app
from eexpo.extensions import db, limiter

REDIS_URL = os.environ.get("EEXPO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    yield client
    client.close()


@pytest.mark.usefixtures("_schema")
def test_limits_are_kept_in_redis_when_configured(monkeypatch, redis_client, database_url):
    prefix = f"eexpo-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("EEXPO_REDIS_URL", REDIS_URL)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "LOGIN_RATE_LIMIT": "2 per minute",
            "RATELIMIT_KEY_PREFIX": prefix,
        }
    )
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    client = app.test_client()
    body = {"email": "nobody@example.com", "password": "x" * 10}
    statuses = [client.post("/api/v1/tokens", json=body).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    assert redis_client.keys(f"*{prefix}*")
    with app.app_context():
        limiter.reset()
        db.engine.dispose()
