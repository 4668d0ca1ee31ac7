"""Fixtures: an app on a fresh database (SQLite; PostgreSQL too when EEXPO_TEST_DATABASE_URL
is set), its client and CLI runner, factories and a signed-in helper."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from eexpo import create_app, search, spelling, tasks
from eexpo.extensions import db
from tests import contract, seaweedfs
from tests.demo_snapshot import DemoSnapshots
from tests.factories import Factories

MiB = 1024 * 1024
PG_URL = os.environ.get("EEXPO_TEST_DATABASE_URL")
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(autouse=True)
def _isolated_instance(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep every app this suite builds away from the developer's own instance/ and settings."""
    for name in list(os.environ):
        if name.startswith("EEXPO_") and name not in ("EEXPO_TEST_DATABASE_URL",):
            monkeypatch.delenv(name)
    monkeypatch.setenv("EEXPO_INSTANCE_PATH", str(tmp_path / "instance"))
    # No periodic recovery thread in apps a test builds itself; one test turns it on.
    monkeypatch.setenv("EEXPO_RECOVERY_INTERVAL_SECONDS", "0")
    monkeypatch.setenv("EEXPO_REMINDER_INTERVAL_SECONDS", "0")
    monkeypatch.setenv("EEXPO_MEETING_REMINDER_INTERVAL_SECONDS", "0")


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "postgresql":
        return PG_URL  # type: ignore[return-value]
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'eexpo.sqlite'}"


@pytest.fixture(scope="session")
def _schema(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Create the schema once per database; each test then starts from empty tables."""
    instance = tmp_path_factory.mktemp("instance")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EEXPO_INSTANCE_PATH", str(instance))
        app = create_app(_test_config(database_url, instance))
    with app.app_context():
        _drop_everything()
        upgrade()  # the migrated schema, as deployments have it (with the search index)
        yield
        db.session.remove()
        _drop_everything()
        db.engine.dispose()


def _drop_everything() -> None:
    with db.engine.begin() as connection:
        cascade = " CASCADE" if connection.dialect.name == "postgresql" else ""
        for table in (*search.TABLES, spelling.TRIGRAMS):
            connection.execute(sa.text(f"DROP TABLE IF EXISTS {table}{cascade}"))
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    db.drop_all()


def _test_config(database_url: str, instance: Path) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MEDIA_ROOT": str(instance / "media"),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "RATELIMIT_ENABLED": False,
        "RECOVERY_INTERVAL_SECONDS": 0,
        "REMINDER_INTERVAL_SECONDS": 0,
        "MEETING_REMINDER_INTERVAL_SECONDS": 0,
        # Tests of pages see each request served; tests/visit/test_page_cache.py turns it on.
        "PAGE_CACHE": False,
        "COUNT_FLUSH_SECONDS": 0,
        "SERVER_NAME": "localhost",
    }


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, object]:
    """The test configuration; a test may change it before asking for `app`."""
    return _test_config(database_url, tmp_path)


class IsolatedClient(FlaskClient):
    """Serves each request in a fresh app context, as production does, so neither `g` (where
    Flask-Login caches the user) nor the database session is shared with the test's own; and
    holds every API response to the OpenAPI document."""

    def open(self, *args, **kwargs):  # type: ignore[override]
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        contract.check(self.application, response)
        return response


@pytest.fixture
def app(app_config: dict[str, object], _schema: None) -> Iterator[Flask]:
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        tasks.stop(app)
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [*search.TABLES] + [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            connection.execute(sa.text("PRAGMA foreign_keys=OFF"))
            for table in tables:
                connection.execute(sa.text(f"DELETE FROM {table}"))  # noqa: S608 - our own names
            connection.execute(sa.text("PRAGMA foreign_keys=ON"))


@pytest.fixture(scope="session")
def demo_snapshots(tmp_path_factory: pytest.TempPathFactory) -> DemoSnapshots:
    """The demo expo, loaded once per database (`tests.demo_snapshot`)."""
    return DemoSnapshots(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make(app: Flask) -> Factories:
    return Factories()


_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token a real browser would find in the page's form."""
    html = client.get(path).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no CSRF token in {path}"
    return match.group(1) or match.group(2)


class Auth:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, email: str, password: str = "correct horse battery"):
        return self.client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": csrf_token(self.client)},
        )

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": csrf_token(self.client, "/")})


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


class Mailbox:
    """Mails the app sent; without SMTP they go to the `eexpo.mail` log, which is what we read."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog

    @property
    def messages(self) -> list[str]:
        tasks.drain(timeout=30)  # mails are written by jobs, off the request
        return [r.getMessage() for r in self.caplog.records if r.name == "eexpo.mail"]

    def last_link(self, to: str) -> str:
        for message in reversed(self.messages):
            if message.startswith(f"mail to {to}:"):
                match = re.search(r"http://localhost(/\S+)", message)
                assert match, message
                return match.group(1)
        raise AssertionError(f"no mail to {to}: {self.messages}")


@pytest.fixture
def mailbox(caplog: pytest.LogCaptureFixture) -> Mailbox:
    caplog.set_level("INFO", logger="eexpo.mail")
    return Mailbox(caplog)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[seaweedfs.S3Server]:
    """A real S3 endpoint on loopback that enforces signatures, expiry and POST policies:
    SeaweedFS's S3 gateway, as boto3 and browsers see S3."""
    with seaweedfs.running(tmp_path_factory.mktemp("seaweedfs")) as server:
        yield server


@pytest.fixture(scope="session")
def s3_endpoint(s3_server: seaweedfs.S3Server) -> str:
    return s3_server.endpoint


@pytest.fixture
def s3_credentials(monkeypatch: pytest.MonkeyPatch, s3_server: seaweedfs.S3Server) -> None:
    for name, value in s3_server.environment().items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def s3_bucket(s3_endpoint: str, s3_credentials: None) -> Iterator[str]:
    """A fresh, empty bucket (with CORS for browser uploads) for one test, deleted after it:
    each bucket holds volumes of the server's, and a whole run's would use them all up."""
    from eexpo.storage.s3 import S3Storage

    bucket = f"eexpo-{uuid.uuid4().hex[:12]}"
    storage = S3Storage(bucket, endpoint_url=s3_endpoint, region="us-east-1")
    storage.ensure_bucket(cors_origins=["*"])
    yield bucket
    for upload in storage.pending_uploads():
        storage.abort_multipart(upload.key, upload.upload_id)
    storage.delete(list(storage.keys("")))
    storage.client.delete_bucket(Bucket=bucket)


class Browser:
    """Sends what a browser would: relative URLs to the app (the local store's endpoints),
    absolute ones over real HTTP (the S3 endpoint)."""

    def __init__(self, client) -> None:
        self.client = client

    def request(self, method: str, url: str, **kwargs):
        if url.startswith("/"):
            data = kwargs.pop("data", None)
            files = kwargs.pop("files", None)
            headers = kwargs.pop("headers", None)
            content_type = None
            if files:
                # Encoded in memory: the test client spools bodies over 500 KB to a temporary
                # file it leaves open.
                fields = {
                    **(data or {}),
                    **{k: FileStorage(v[1], filename=v[0]) for k, v in files.items()},
                }
                boundary, data = encode_multipart(fields)
                content_type = f"multipart/form-data; boundary={boundary}"
            with self.client.open(
                url, method=method, data=data, headers=headers, content_type=content_type
            ) as response:
                return _Answer(response.status_code, response.headers, response.get_data())
        response = requests.request(method, url, timeout=30, **kwargs)
        return _Answer(response.status_code, response.headers, response.content)


class _Answer:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status_code, self.headers, self.content = status, headers, body


@pytest.fixture
def browser(client: FlaskClient) -> Browser:
    return Browser(client)


@pytest.fixture
def use_s3(request: pytest.FixtureRequest, app_config: dict[str, object]) -> None:
    """Point the app (built after this fixture) at a fresh bucket on the loopback S3 server."""
    app_config.update(
        STORAGE="s3",
        S3_BUCKET=request.getfixturevalue("s3_bucket"),
        S3_ENDPOINT_URL=request.getfixturevalue("s3_endpoint"),
        S3_REGION="us-east-1",
    )


@pytest.fixture
def redis_database():
    """A client on one emptied database of the local Redis; skips locally (fails in CI)
    when no Redis answers."""
    import redis

    clients = []

    def connect(url: str) -> redis.Redis:
        client = redis.Redis.from_url(url)
        try:
            client.ping()
        except redis.ConnectionError:
            if os.environ.get("CI"):
                raise
            pytest.skip(f"no Redis at {url}")
        client.flushdb()
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.flushdb()
        client.close()


class ApiClient:
    """Calls /api/v1 as one user, with a bearer token as an integration would."""

    def __init__(self, client: FlaskClient, user) -> None:
        from eexpo.accounts import tokens

        self.client = client
        self.user = user
        raw, _token = tokens.issue_api_token(user)
        db.session.commit()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def call(self, method: str, path: str, json=None):
        return self.client.open(f"/api/v1{path}", method=method, json=json, headers=self.headers)


@pytest.fixture
def api_as(client: FlaskClient):
    return lambda user: ApiClient(client, user)


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, app_config: dict[str, object]) -> str:
    """Run the test once on each store. Videos above 6 MiB go up in 5 MiB parts, so tests
    exercise multipart uploads with files of a few megabytes."""
    if request.param == "s3":
        request.getfixturevalue("use_s3")
    app_config.update(MULTIPART_THRESHOLD=6 * MiB, MULTIPART_PART_SIZE=5 * MiB)
    return request.param
