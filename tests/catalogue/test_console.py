"""The catalogue in the organizers' console: export, upload and preview (nothing written), then
confirm; a bad file lists every problem on the page and changes nothing."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from eexpo.extensions import db
from eexpo.models import AuditEntry, Event, Exhibitor, Project, Role, Sector, Venue
from tests.catalogue.test_csv import FILES, SECTORS, _file, _import, _without_ids
from tests.conftest import csrf_token

ACTION = r'action="(/organizer/catalogue/venues/import/\d+-[0-9a-f]{32})"'


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
    action = re.search(ACTION, html)[1]
    done = client.post(action, data={"csrf_token": csrf_token(client, "/organizer/catalogue")})
    assert done.status_code == 302
    assert _venues() == ["Science Museum", "Shenzhen Bay Lab"]
    page = client.get("/organizer/catalogue").get_data(as_text=True)
    assert "venues imported: 1 new, 0 changed, 1 unchanged, 0 deleted." in page
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "catalogue.import"))
    assert entry.data == {"kind": "venues", "new": 1, "changed": 0, "unchanged": 1, "deleted": 0}
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
    action = re.search(r'action="(/organizer/catalogue/venues/import/\d+-[0-9a-f]{32})"', preview)[
        1
    ]
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
    assert _without_ids(response.get_data()) == _file(FILES["venues"])


def test_visitors_and_exhibitors_cannot_reach_it(client, make, auth):
    make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    assert client.get("/organizer/catalogue").status_code == 403
    assert client.get("/organizer/catalogue/venues.csv").status_code == 403


def _token(client) -> str:
    return csrf_token(client, "/organizer/catalogue")


def _id(model, **where) -> int:
    return db.session.scalar(sa.select(model.id).filter_by(**where))


def test_one_row_is_edited_with_the_imports_checks(client, organizer):
    _import("sectors", SECTORS)
    _import("projects", FILES["projects"])
    url = f"/organizer/catalogue/projects/rows/{_id(Project, title='Sensor plant')}"
    form = client.get(url).get_data(as_text=True)
    assert 'value="17848000000"' in form
    assert 'name="title" value="Sensor plant" aria-describedby="key-help"' in form
    bad = client.post(
        url,
        data={"csrf_token": _token(client), "title": "Sensor plant", "value_cny": "-3",
              "country": "Narnia", "sector": "iot"},
    )  # fmt: skip
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "country: “NARNIA” is not an ISO 3166 two-letter code" in html
    assert "value_cny: must be zero or more" in html
    stored = db.session.scalar(sa.select(Project.value_cny).where(Project.title == "Sensor plant"))
    assert stored == Decimal("17848000000")
    taken = client.post(url, data={"csrf_token": _token(client), "title": "Smart farms for Kenya",
                                   "value_cny": "1"})  # fmt: skip
    assert taken.status_code == 422
    assert "Another row has this key already" in taken.get_data(as_text=True)
    good = client.post(
        url,
        data={"csrf_token": _token(client), "title": "Sensor plant II",
              "value_cny": "18000000000.25", "country": "cn", "region": "Guangdong",
              "sector": "iot", "signed_on": "2026-11-18"},
    )  # fmt: skip
    assert good.status_code == 302
    db.session.expire_all()
    project = db.session.scalar(sa.select(Project).where(Project.title == "Sensor plant II"))
    assert (project.value_cny, project.country) == (Decimal("18000000000.25"), "CN")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 2  # a rename
    added = client.post(
        "/organizer/catalogue/projects/row",
        data={"csrf_token": _token(client), "title": "New deal", "value_cny": "5"},
    )
    assert added.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 3
    again = client.post(
        "/organizer/catalogue/projects/row",
        data={"csrf_token": _token(client), "title": "New deal", "value_cny": "6"},
    )
    assert again.status_code == 422  # a new row with a taken key is not a silent update
    assert db.session.scalar(sa.select(Project.value_cny).where(Project.title == "New deal")) == 5


def _delete(client, kind: str, row_id: int):
    return client.post(f"/organizer/catalogue/{kind}/rows/{row_id}/delete",
                       data={"csrf_token": _token(client)})  # fmt: skip


def test_rows_are_deleted_unless_something_needs_them(client, organizer, make):
    _import("sectors", SECTORS)
    _import("venues", FILES["venues"])
    _import("exhibitors", FILES["exhibitors"])
    assert _delete(client, "venues", _id(Venue, name="Science Museum")).status_code == 302
    assert _venues() == ["Shenzhen Bay Lab"]
    iot = db.session.scalar(sa.select(Sector).where(Sector.slug == "iot"))
    make.published_booth(sector=iot)
    assert _delete(client, "sectors", iot.id).status_code == 302
    page = client.get("/organizer/catalogue/sectors/rows").get_data(as_text=True)
    assert "Booths are in this sector" in page
    alpine = db.session.scalar(sa.select(Exhibitor).where(Exhibitor.name == "Alpine Robotics"))
    make.user(Role.EXHIBITOR, email="a@alpine.example", exhibitor=alpine)
    _delete(client, "exhibitors", alpine.id)
    assert "has accounts or booths online" in client.get(
        "/organizer/catalogue/exhibitors/rows").get_data(as_text=True)  # fmt: skip
    _delete(client, "exhibitors", _id(Exhibitor, name="Seedling Farms"))
    names = set(db.session.scalars(sa.select(Exhibitor.name)))
    assert "Seedling Farms" not in names
    assert "Alpine Robotics" in names


def test_an_import_deletes_the_rows_the_file_lacks_only_when_asked(client, organizer):
    _import("venues", FILES["venues"])
    preview = _upload(client, "venues", _file(FILES["venues"][:2])).get_data(as_text=True)
    assert "1 row is not in the file" in preview
    assert "Shenzhen Bay Lab" in preview
    assert 'name="prune"' in preview
    action = re.search(ACTION, preview)[1]
    client.post(action, data={"csrf_token": _token(client)})
    assert _venues() == ["Science Museum", "Shenzhen Bay Lab"]  # kept: not asked
    action = re.search(ACTION, _upload(client, "venues", _file(FILES["venues"][:2])).get_data(
        as_text=True))[1]  # fmt: skip
    done = client.post(action, data={"csrf_token": _token(client), "prune": "y"})
    assert done.status_code == 302
    assert _venues() == ["Science Museum"]
    page = client.get("/organizer/catalogue").get_data(as_text=True)
    assert "venues imported: 0 new, 0 changed, 1 unchanged, 1 deleted." in page


def test_the_event_is_edited_in_place(client, organizer):
    _import("event", FILES["event"])
    response = client.post(
        "/organizer/catalogue/event/row",
        data={"csrf_token": _token(client), "name": "Expo 2027", "starts_on": "2027-11-15",
              "ends_on": "2027-11-14"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "ends_on: before starts_on" in response.get_data(as_text=True)
    client.post(
        "/organizer/catalogue/event/row",
        data={"csrf_token": _token(client), "name": "Expo 2027", "starts_on": "2027-11-15",
              "ends_on": "2027-11-19", "country": "CN"},
    )  # fmt: skip
    assert db.session.scalar(sa.select(Event.name)) == "Expo 2027"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1


def test_editing_needs_a_known_row_and_a_token(client, organizer):
    _import("venues", FILES["venues"])
    assert client.get("/organizer/catalogue/venues/rows/99999").status_code == 404
    museum = _id(Venue, name="Science Museum")
    refused = client.post(f"/organizer/catalogue/venues/rows/{museum}",
                          data={"name": "Science Museum", "kind": "other"})  # fmt: skip
    assert refused.status_code == 400
    kind = db.session.scalar(sa.select(Venue.kind).where(Venue.name == "Science Museum"))
    assert kind.value == "museum"


def test_previews_never_confirmed_are_swept_by_media_cleanup(client, organizer, runner):
    from eexpo.storage import get_storage

    _upload(client, "venues", _file(FILES["venues"]))
    storage = get_storage()
    storage.put("imports/1000-" + "a" * 32 + ".csv", b"old", content_type="text/csv",
                immutable=False)  # fmt: skip
    result = runner.invoke(args=["media", "cleanup"])
    assert result.exit_code == 0, result.output
    left = list(storage.keys("imports/"))
    assert len(left) == 1
    assert not left[0].startswith("imports/1000-")
