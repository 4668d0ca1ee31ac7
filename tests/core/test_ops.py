"""What operators and their tools see: /healthz, /readyz, /metrics, request ids and log lines."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil

import pytest
from flask import Flask

from eexpo import create_app, ops, tasks
from eexpo.extensions import db
from eexpo.models import MediaStatus
from tests.conftest import IsolatedClient

REDIS_URL = os.environ.get("EEXPO_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
CLOSED = "127.0.0.1:9"  # the discard port: nothing listens on loopback


_BUILT: list[Flask] = []


def _app(app_config: dict[str, object], **changes: object) -> Flask:
    app = create_app({**app_config, **changes})
    app.test_client_class = IsolatedClient
    _BUILT.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_built_apps():
    """The apps a test builds give back their database connections when it ends."""
    yield
    while _BUILT:
        with _BUILT.pop().app_context():
            db.engine.dispose()


# --- /healthz and /readyz ---------------------------------------------------------------------


def test_healthz_answers_any_host_with_no_cookie_and_no_caching(app_config):
    app = _app(app_config, TRUSTED_HOSTS=["expo.example"], PAGE_CACHE=True)
    client = app.test_client()
    assert client.get("/", headers={"Host": "10.0.0.7:8000"}).status_code == 400
    response = client.get("/healthz", headers={"Host": "10.0.0.7:8000"})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    refused = client.post("/healthz")
    assert refused.status_code == 405
    assert refused.headers["Allow"] == "GET, HEAD"


def test_readyz_names_each_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"database": "ok", "redis": "unused", "storage": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_with_redis_and_s3(app_config, use_s3, redis_database):
    redis_database(REDIS_URL)
    response = _app(app_config, REDIS_URL=REDIS_URL).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json == {"database": "ok", "redis": "ok", "storage": "ok"}


def _broken(database_url: str, tmp_path) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'no-such-folder' / 'eexpo.sqlite'}"
    return f"postgresql+psycopg://postgres@{CLOSED}/eexpo"


def test_readyz_says_the_database_is_down(app_config, database_url, tmp_path, caplog):
    app = _app(app_config, SQLALCHEMY_DATABASE_URI=_broken(database_url, tmp_path))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"database": "failed", "redis": "unused", "storage": "ok"}
    assert "readiness: database failed" in caplog.text


def test_readyz_says_redis_is_down(app_config):
    response = _app(app_config, REDIS_URL=f"redis://{CLOSED}/0").test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"database": "ok", "redis": "failed", "storage": "ok"}


def test_readyz_says_the_local_store_is_gone(app_config):
    app = _app(app_config)
    shutil.rmtree(app.config["MEDIA_ROOT"])
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"database": "ok", "redis": "unused", "storage": "failed"}


def test_readyz_says_s3_is_unreachable(app_config, s3_credentials):
    app = _app(
        app_config, STORAGE="s3", S3_BUCKET="eexpo", S3_ENDPOINT_URL=f"http://{CLOSED}",
        S3_REGION="us-east-1",
    )  # fmt: skip
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["database"] == "ok"
    assert response.json["storage"] in ("failed", "timeout")


def test_readyz_says_the_bucket_is_missing(app_config, s3_endpoint, s3_credentials):
    app = _app(
        app_config, STORAGE="s3", S3_BUCKET="eexpo-no-such-bucket", S3_ENDPOINT_URL=s3_endpoint,
        S3_REGION="us-east-1",
    )  # fmt: skip
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["storage"] == "failed"


# --- /metrics ---------------------------------------------------------------------------------


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus's text format (0 when absent)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        found = dict(re.findall(r'(\w+)="([^"]*)"', head))
        if head.split("{")[0] == name and found == labels:
            return float(value)
    return 0.0


def test_metrics_count_requests_by_endpoint_and_status(client):
    before = client.get("/metrics").get_data(as_text=True)
    client.get("/")
    client.get("/no-such-page")
    text = client.get("/metrics").get_data(as_text=True)
    home = {"endpoint": "visit.home", "method": "GET", "status": "200"}
    assert _sample(text, "eexpo_http_requests_total", **home) == (
        _sample(before, "eexpo_http_requests_total", **home) + 1
    )
    missing = {"endpoint": "unmatched", "method": "GET", "status": "404"}
    assert _sample(text, "eexpo_http_requests_total", **missing) >= 1
    assert _sample(text, "eexpo_http_request_duration_seconds_count", endpoint="visit.home") >= 1
    assert _sample(text, "eexpo_media_stuck") == 0
    assert _sample(text, "eexpo_job_queue", state="queued") == 0


def test_metrics_count_page_cache_hits_and_misses(app_config):
    client = _app(app_config, PAGE_CACHE=True).test_client()
    before = client.get("/metrics").get_data(as_text=True)
    for _ in range(3):
        client.get("/")
    text = client.get("/metrics").get_data(as_text=True)
    for result, added in (("miss", 1), ("hit", 2)):
        expected = _sample(before, "eexpo_page_cache_total", result=result) + added
        assert _sample(text, "eexpo_page_cache_total", result=result) == expected
    # A hit is counted under the page's own endpoint, not the cache's.
    home = {"endpoint": "visit.home", "method": "GET", "status": "200"}
    assert (
        _sample(text, "eexpo_http_requests_total", **home)
        - (_sample(before, "eexpo_http_requests_total", **home))
        == 3
    )


def test_metrics_show_media_by_status_and_jobs(client, make):
    exhibitor = make.exhibitor()
    make.media(exhibitor, status=MediaStatus.FAILED)
    make.media(exhibitor, status=MediaStatus.READY)
    text = client.get("/metrics").get_data(as_text=True)
    assert _sample(text, "eexpo_media_items", kind="image", status="failed") == 1
    assert _sample(text, "eexpo_media_items", kind="image", status="ready") == 1


def test_metrics_only_on_loopback_without_a_token(client):
    remote = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert remote.status_code == 403
    assert "loopback" in remote.get_data(as_text=True)
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


def test_metrics_behind_a_proxy_see_the_visitor(app_config):
    client = _app(app_config, PROXY_COUNT=1).test_client()
    forwarded = {"X-Forwarded-For": "203.0.113.5"}
    assert client.get("/metrics", headers=forwarded).status_code == 403


def test_metrics_want_their_token_when_one_is_set(app_config):
    client = _app(app_config, METRICS_TOKEN="s3cret-metrics").test_client()
    missing = client.get("/metrics")
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    right = client.get(
        "/metrics",
        headers={"Authorization": "Bearer s3cret-metrics"},
        environ_base={"REMOTE_ADDR": "203.0.113.5"},
    )
    assert right.status_code == 200
    assert right.headers["Content-Type"].startswith("text/plain")
    assert right.headers["Cache-Control"] == "no-store"
    assert "eexpo_http_requests_total" in right.get_data(as_text=True)


# --- request ids and log lines ----------------------------------------------------------------


def test_a_forged_request_id_is_replaced_and_never_logged(app_config, caplog):
    caplog.set_level(logging.INFO, logger="eexpo.request")
    client = _app(app_config, PROXY_COUNT=1, REQUEST_LOG=True).test_client()
    forged = "x" * 10_000
    response = client.get("/", headers={"X-Request-ID": forged})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    assert forged not in caplog.text
    kept = client.get("/", headers={"X-Request-ID": "0123456789abcdef0123456789abcdef"})
    assert kept.headers["X-Request-ID"] == "0123456789abcdef0123456789abcdef"


def test_without_a_proxy_a_given_request_id_is_not_taken(client):
    response = client.get("/", headers={"X-Request-ID": "0123456789abcdef0123456789abcdef"})
    assert response.headers["X-Request-ID"] != "0123456789abcdef0123456789abcdef"


def _json_lines(caplog: pytest.LogCaptureFixture, logger: str) -> list[dict]:
    formatter = ops.log_formatter("json")
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == logger]


def test_one_json_line_per_request_without_personal_data(app_config, caplog, make):
    caplog.set_level(logging.INFO, logger="eexpo.request")
    client = _app(app_config, REQUEST_LOG=True).test_client()
    response = client.get("/search?q=alice%40example.com")
    lines = _json_lines(caplog, "eexpo.request")
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["endpoint"] == "visit.search"
    assert line["method"] == "GET"
    assert line["status"] == response.status_code
    assert line["duration_ms"] > 0
    assert line["level"] == "INFO"
    assert "alice" not in json.dumps(line)


def test_no_request_lines_unless_asked(client, caplog):
    caplog.set_level(logging.INFO, logger="eexpo.request")
    client.get("/")
    assert not [r for r in caplog.records if r.name == "eexpo.request"]


def test_a_job_logs_one_line_with_the_request_that_queued_it(client, make, caplog):
    caplog.set_level(logging.INFO, logger="eexpo.job")
    booth = make.published_booth(make.exhibitor(contact_email="sales@example.com"))
    lead = {"name": "Ann", "email": "ann@example.com", "message": "Tell me more.", "consent": "y"}
    response = client.post(
        f"/booths/{booth.id}/contact", data=lead, headers={"Origin": "http://localhost"}
    )
    assert response.status_code == 302
    tasks.drain(10)
    lines = _json_lines(caplog, "eexpo.job")
    assert [line["job"] for line in lines] == ["eexpo.visit.leads:mail_lead"]
    assert lines[0]["outcome"] == "ok"
    assert lines[0]["request_id"] == response.headers["X-Request-ID"]
    assert "ann@example.com" not in json.dumps(lines)


def test_a_worker_serves_its_own_jobs_metrics_on_loopback(app):
    import socket
    import urllib.request

    from eexpo import metrics

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server, thread = metrics.serve_own(port)
    try:
        tasks.run_job("eexpo.media.pipeline:recover_stale")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
            text = answer.read().decode()
        job = 'job="eexpo.media.pipeline:recover_stale"'
        assert re.search(rf"eexpo_job_duration_seconds_count\{{{job}\}} [1-9]", text), text[-800:]
        assert "eexpo_media_items" not in text  # the site's gauges are the app's to serve
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
