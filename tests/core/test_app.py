"""The app factory, configuration, security headers and error pages."""

from __future__ import annotations

import pytest

from eexpo import create_app
from eexpo.config import ConfigError
from eexpo.security import is_safe_next
from eexpo.storage import StorageError


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("EEXPO_ENV", "production")
    monkeypatch.setenv("EEXPO_PUBLIC_URL", "https://expo.example")
    monkeypatch.delenv("EEXPO_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="EEXPO_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


def test_production_sets_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("EEXPO_ENV", "production")
    monkeypatch.setenv("EEXPO_PUBLIC_URL", "https://expo.example")
    monkeypatch.setenv("EEXPO_SECRET_KEY", "s" * 40)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == "s" * 40


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EEXPO_STORAGE", "s3")
    monkeypatch.setenv("EEXPO_S3_BUCKET", "expo-media")
    monkeypatch.setenv("EEXPO_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("EEXPO_MAX_IMAGE_BYTES", "1234")
    monkeypatch.setenv("EEXPO_DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite")
    app = create_app()
    assert app.config["STORAGE"] == "s3"
    assert app.extensions["eexpo.storage"].bucket == "expo-media"
    policy = app.test_client().get("/login").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: http://127.0.0.1:9000;" in policy
    assert "connect-src 'self' http://127.0.0.1:9000;" in policy
    assert app.config["MAX_IMAGE_BYTES"] == 1234
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")


def test_s3_storage_without_a_bucket_is_refused(monkeypatch):
    monkeypatch.setenv("EEXPO_STORAGE", "s3")
    with pytest.raises(StorageError, match="EEXPO_S3_BUCKET"):
        create_app()


def test_an_unknown_storage_backend_is_refused(monkeypatch):
    monkeypatch.setenv("EEXPO_STORAGE", "ftp")
    with pytest.raises(RuntimeError, match="EEXPO_STORAGE"):
        create_app()


def test_a_malformed_number_setting_is_named(monkeypatch):
    monkeypatch.setenv("EEXPO_MAX_IMAGE_BYTES", "forty")
    with pytest.raises(ConfigError, match="EEXPO_MAX_IMAGE_BYTES"):
        create_app()


def test_development_secret_key_is_generated_once(monkeypatch):
    monkeypatch.delenv("EEXPO_SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    assert len(first) > 40
    assert create_app().config["SECRET_KEY"] == first


def test_pages_carry_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_a_view_s_own_security_header_is_kept(app):
    @app.get("/framed")
    def framed():
        return "ok", 200, {"x-frame-options": "SAMEORIGIN"}

    response = app.test_client().get("/framed")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_pages_demand_https_from_then_on(app_config, request):
    app_config["EEXPO_ENV"] = "production"
    app = request.getfixturevalue("app")
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_have_no_inline_script_or_style(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<script>" not in html
    assert "<style" not in html
    assert " style=" not in html


def test_session_cookie_is_httponly_and_samesite(client, make, auth):
    make.user(email="a@example.com")
    response = auth.login("a@example.com")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Nothing was found at this address." in response.get_data(as_text=True)


def test_unknown_sector_is_404(client):
    assert client.get("/sectors/nope").status_code == 404


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/portal/", True),
        ("/sectors/iot?page=2", True),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("javascript:alert(1)", False),
        ("/\nLocation: x", False),
        ("", False),
        (None, False),
    ],
)
def test_next_targets_stay_on_this_site(target, safe):
    assert is_safe_next(target) is safe


def test_anonymous_pages_set_no_cookie(client, make):
    make.published_booth(sector=make.sector("iot"))
    for path in ("/", "/sectors/iot", "/api/v1/sectors"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path


def test_a_page_without_a_session_cookie_sets_none_and_varies_on_it(client, make, auth):
    anonymous = client.get("/tour")  # not a cached page: the session interface adds the Vary
    assert "Set-Cookie" not in anonymous.headers
    assert anonymous.headers["Vary"] == "Cookie"
    tampered = client.get("/tour", headers={"Cookie": "session=forged.value.sig"})
    assert tampered.status_code == 200
    assert "Set-Cookie" not in tampered.headers
    make.user(email="a@example.com")
    auth.login("a@example.com")
    assert client.get("/account").status_code == 200  # the signed session still round-trips


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path):
    from eexpo.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/pragmas.sqlite"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        db.engine.dispose()


def test_sqlite_connections_are_not_pinged_before_use(tmp_path):
    from eexpo.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/ping.sqlite"})
    with app.app_context():
        traced: list[str] = []
        with db.engine.connect() as connection:
            connection.connection.driver_connection.set_trace_callback(traced.append)
        with db.engine.connect() as connection:  # the same connection, from the pool
            connection.exec_driver_sql("SELECT 2")
        assert traced == ["SELECT 2"]
        db.engine.dispose()
