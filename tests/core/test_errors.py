"""Failures answer in the app's own error format, never the server's bare page: after a failed
flush, with the database connection gone, and for 5xx statuses on the API."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import abort

from eexpo.extensions import db, reads
from eexpo.models import Role, User
from eexpo.storage import StorageUnavailable


@pytest.fixture
def failing_routes(app):
    """Routes that fail the ways a real request can, registered before the first request."""

    def duplicate_email():
        db.session.add(User(email="a@example.com", name="A", role=Role.VISITOR))
        db.session.add(User(email="a@example.com", name="B", role=Role.VISITOR))
        db.session.flush()  # IntegrityError: the session now wants a rollback

    def connection_dropped():
        reads().execute(sa.text("SELECT 1"))
        db.session.execute(sa.text("SELECT 1"))
        for connection in (reads(), db.session.connection()):
            connection.connection.dbapi_connection.close()  # as a database restart does
        db.session.execute(sa.text("SELECT 1"))

    def store_down():
        raise StorageUnavailable("connection refused")

    def unavailable():
        abort(503)

    for name, view in (
        ("duplicate-email", duplicate_email),
        ("connection-dropped", connection_dropped),
        ("store-down", store_down),
        ("unavailable", unavailable),
    ):
        view.access = "public"
        app.add_url_rule(f"/api/v1/test/{name}", f"api_test_{name}", view)
        app.add_url_rule(f"/test/{name}", f"test_{name}", view)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize("failure", ["duplicate-email", "connection-dropped"])
def test_a_failed_request_gets_the_apps_error_page(failing_routes, client, make, auth, failure):
    make.user(email="signed@example.com")
    auth.login("signed@example.com")  # the error page then loads the user, after the failure
    page = client.get(f"/test/{failure}")
    assert page.status_code == 500
    text = page.get_data(as_text=True)
    assert "Something went wrong on our side" in text
    assert page.headers["X-Request-ID"] in text
    api = client.get(f"/api/v1/test/{failure}")
    assert api.status_code == 500
    assert api.json["error"]["code"] == "server_error"
    assert api.json["error"]["request_id"] == api.headers["X-Request-ID"]
    assert client.get("/").status_code == 200  # the next request finds a working connection


def test_an_unreachable_store_is_a_retryable_503(failing_routes, client):
    response = client.get("/api/v1/test/store-down")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.json["error"]["code"] == "storage_unavailable"
    assert "try again" in response.json["error"]["message"]


def test_a_503_has_the_error_format(failing_routes, client):
    response = client.get("/api/v1/test/unavailable")
    assert response.status_code == 503
    assert set(response.json["error"]) == {"code", "message", "request_id"}


def test_405_says_what_is_allowed(client):
    response = client.delete("/api/v1/sectors")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json["error"]["code"] == "method_not_allowed"
