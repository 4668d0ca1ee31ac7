"""The organization profile: what exhibitors may change, and the logo's checks."""

from __future__ import annotations

import pytest

from eexpo.extensions import db
from eexpo.models import Exhibitor, MediaItem, MediaKind, MediaStatus, Role
from tests.conftest import csrf_token


@pytest.fixture
def exhibitor(make, auth):
    user = make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    return user


def _photo(exhibitor_id, kind=MediaKind.IMAGE, status=MediaStatus.READY) -> MediaItem:
    item = MediaItem(
        exhibitor_id=exhibitor_id,
        kind=kind,
        backend="local",
        original_key="media/l/original",
        status=status,
    )
    db.session.add(item)
    db.session.commit()
    return item


def _save(client, **fields):
    data = {"csrf_token": csrf_token(client, "/portal/profile"), **fields}
    return client.post("/portal/profile", data=data)


def test_exhibitor_fills_the_profile(client, exhibitor):
    logo = _photo(exhibitor.exhibitor_id)
    response = _save(
        client,
        name_zh="智能传感器",
        country="de",
        region="Bavaria",
        delegation="German Pavilion",
        website="https://sensors.example",
        contact_email="Sales@Sensors.example",
        description="We build sensors.",
        logo_media_id=str(logo.id),
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Exhibitor, exhibitor.exhibitor_id)
    assert (saved.name_zh, saved.country, saved.contact_email) == (
        "智能传感器", "DE", "sales@sensors.example"
    )  # fmt: skip
    assert saved.logo_media_id == logo.id
    page = client.get("/portal/profile").get_data(as_text=True)
    assert 'value="German Pavilion"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"country": "Germany"}, "two-letter code"),
        ({"website": "not a url"}, "Enter a full web address."),
        ({"contact_email": "nope"}, "Enter a valid email address."),
        ({"description": "x" * 6000}, "Field cannot be longer than 5000 characters."),
    ],
)
def test_bad_profile_fields_are_explained_and_change_nothing(client, exhibitor, fields, message):
    response = _save(client, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Exhibitor, exhibitor.exhibitor_id)
    assert (saved.country, saved.website, saved.contact_email) == (None, None, None)


@pytest.mark.parametrize("case", ["someone-elses", "video", "failed", "unknown"])
def test_the_logo_must_be_one_of_the_organizations_photos(client, exhibitor, make, case):
    if case == "someone-elses":
        media_id = _photo(make.exhibitor().id).id
    elif case == "video":
        media_id = _photo(exhibitor.exhibitor_id, kind=MediaKind.VIDEO).id
    elif case == "failed":
        media_id = _photo(exhibitor.exhibitor_id, status=MediaStatus.FAILED).id
    else:
        media_id = 999_999
    response = _save(client, logo_media_id=str(media_id))
    assert response.status_code == 422
    assert "must be one of your organization" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Exhibitor, exhibitor.exhibitor_id).logo_media_id is None


def test_the_english_name_stays_with_the_organizers(client, exhibitor):
    _save(client, name="Renamed Ltd")
    db.session.expire_all()
    assert db.session.get(Exhibitor, exhibitor.exhibitor_id).name != "Renamed Ltd"
