"""The catalogue in the organizers' console: export, upload and preview (nothing written), then
confirm; a bad file lists every problem on the page and changes nothing."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from eexpo.extensions import db
from eexpo.models import AuditEntry, Role, Venue
from tests.catalogue.test_csv import FILES, SECTORS, _file, _import
from tests.conftest import csrf_token


@pytest.fixture
def organizer(make, auth):
    make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")


def _upload(client, kind, data: bytes, name="file.csv"):
    return client.post(
        f"/organizer/catalogue/{kind}/import",
        data={"csrf_token": csrf_token(client, "/organizer/catalogue"),
              "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )  # fmt: skip


def _venues() -> list[str]:
    return list(db.session.scalars(sa.select(Venue.name).order_by(Venue.name)))


def test_upload_preview_then_confirm(client, organizer):
    _import("venues", FILES["venues"][:2])
    preview = _upload(client, "venues", _file(FILES["venues"]), "venues.csv")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Check the import of venues.csv" in html
    assert "1 new, 0 changed, 1 unchanged. Nothing has been written yet." in html
    assert _venues() == ["Science Museum"]
    action = re.search(r'action="(/organizer/catalogue/venues/import/[0-9a-f]{32})"', html)[1]
    done = client.post(action, data={"csrf_token": csrf_token(client, "/organizer/catalogue")})
    assert done.status_code == 302
    assert _venues() == ["Science Museum", "Shenzhen Bay Lab"]
    page = client.get("/organizer/catalogue").get_data(as_text=True)
    assert "venues imported: 1 new, 0 changed, 1 unchanged." in page
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "catalogue.import"))
    assert entry.data == {"kind": "venues", "new": 1, "changed": 0, "unchanged": 1}
    again = client.post(action, data={"csrf_token": csrf_token(client, "/organizer/catalogue")})
    assert again.status_code == 302  # the upload was used up
    assert "no longer waiting" in client.get("/organizer/catalogue").get_data(as_text=True)


def test_a_bad_file_lists_every_problem_and_changes_nothing(client, organizer):
    _import("sectors", SECTORS)
    bad = _file([FILES["projects"][0], "Deal,,ZZ,,-5,,", "Other,,,,1,tomorrow,"])
    response = _upload(client, "projects", bad)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html
    assert "Nothing was imported: the file has 2 problem(s)." in html
    assert "<td>country: “ZZ” is not an ISO 3166 two-letter code; value_cny: must be" in html
    assert "signed_on: “tomorrow” is not a date like 2026-11-16" in html


def test_an_upload_needs_a_file_and_a_known_kind(client, organizer):
    missing = client.post(
        "/organizer/catalogue/venues/import",
        data={"csrf_token": csrf_token(client, "/organizer/catalogue")},
    )
    assert missing.status_code == 422
    assert "Choose a CSV file." in missing.get_data(as_text=True)
    assert _upload(client, "secrets", b"x").status_code == 404
    no_token = client.post(
        "/organizer/catalogue/venues/import",
        data={"file": (io.BytesIO(_file(FILES["venues"])), "v.csv")},
        content_type="multipart/form-data",
    )
    assert no_token.status_code == 400
    assert _venues() == []


def test_a_file_over_the_limit_is_refused_with_413(client, organizer, app):
    app.config["MAX_CSV_BYTES"] = 1024
    response = _upload(client, "venues", _file(FILES["venues"]) + b"x" * 200_000)
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert _venues() == []


def test_a_confirm_needs_its_token_and_csrf(client, organizer):
    preview = _upload(client, "venues", _file(FILES["venues"])).get_data(as_text=True)
    action = re.search(r'action="(/organizer/catalogue/venues/import/[0-9a-f]{32})"', preview)[1]
    assert client.post(action, data={}).status_code == 400
    assert client.post("/organizer/catalogue/venues/import/../../etc", data={}).status_code in (
        400, 404
    )  # fmt: skip
    assert _venues() == []


def test_export_downloads_the_csv(client, organizer):
    _import("venues", FILES["venues"])
    response = client.get("/organizer/catalogue/venues.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="venues.csv"' in response.headers["Content-Disposition"]
    assert response.get_data() == _file(FILES["venues"])


def test_visitors_and_exhibitors_cannot_reach_it(client, make, auth):
    make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    assert client.get("/organizer/catalogue").status_code == 403
    assert client.get("/organizer/catalogue/venues.csv").status_code == 403
