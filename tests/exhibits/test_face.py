"""The booth's face: the exhibitor's logo, banner, website and social links and the header's
actions on its booth pages, the logo on booth cards; and the profile's checks of them."""

from __future__ import annotations

import pytest

from eexpo.booths import services as booths
from eexpo.extensions import db
from eexpo.models import Exhibitor, MediaKind, MediaStatus, Role
from tests.conftest import csrf_token

JPEG = "image/jpeg"


def _variants(name: str, width: int, height: int) -> dict:
    return {f"w{width}.jpg": {"key": f"media/{name}/w{width}.jpg", "width": width,
                              "height": height, "content_type": JPEG}}  # fmt: skip


@pytest.fixture
def exhibitor(make, auth):
    user = make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    return user


def _save(client, **fields):
    data = {"csrf_token": csrf_token(client, "/portal/profile"), **fields}
    return client.post("/portal/profile", data=data)


def test_the_profile_takes_a_banner_and_social_links(client, exhibitor, make):
    banner = make.media(exhibitor.exhibitor, original_filename="hall.jpg")
    links = "https://www.linkedin.com/company/acme\n\nhttps://weixin.qq.com/acme"
    answer = _save(client, banner_media_id=str(banner.id), social_links=links)
    assert answer.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Exhibitor, exhibitor.exhibitor_id)
    assert saved.banner_media_id == banner.id
    assert saved.social_links == [
        "https://www.linkedin.com/company/acme", "https://weixin.qq.com/acme"
    ]  # fmt: skip
    page = client.get("/portal/profile").get_data(as_text=True)
    assert f'<option selected value="{banner.id}">hall.jpg</option>' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"social_links": "http://plain.example"}, "is not a full https address"),
        ({"social_links": "javascript:alert(1)"}, "is not a full https address"),
        ({"social_links": "\n".join(f"https://s{n}.example" for n in range(6))}, "at most 5"),
        ("another organization's photo", "The banner must be one of your organization"),
        ("a document", "The banner must be one of your organization"),
    ],
)
def test_bad_banners_and_links_are_refused_and_nothing_changes(
    client, exhibitor, make, fields, message
):
    if fields == "another organization's photo":
        fields = {"banner_media_id": str(make.media(make.exhibitor()).id)}
    elif fields == "a document":
        own = make.media(exhibitor.exhibitor, kind=MediaKind.DOCUMENT)
        fields = {"banner_media_id": str(own.id)}
    answer = _save(client, **fields)
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Exhibitor, exhibitor.exhibitor_id)
    assert (saved.banner_media_id, saved.social_links) == (None, [])


def test_the_booth_page_shows_the_exhibitors_face_and_actions(make, client):
    acme = make.exhibitor("Acme Sensors", website="https://acme.example")
    logo = make.media(acme, variants=_variants("logo", 320, 320))
    banner = make.media(acme, variants=_variants("banner", 1600, 400))
    acme.logo_media_id, acme.banner_media_id = logo.id, banner.id
    acme.social_links = ["https://www.linkedin.com/company/acme"]
    brochure = make.media(
        acme, kind=MediaKind.DOCUMENT, page_count=2, size=1000, original_filename="b.pdf",
        variants={"document": {"key": "media/b/document.pdf", "content_type": "application/pdf"},
                  **_variants("b", 320, 452)},
    )  # fmt: skip
    booth = make.booth_with_exhibits([{"name": "Probe", "kind": "product"}], acme, publish=False)
    booths.add_media_block(booth, brochure, caption="Catalogue", actor=None)
    make.publish(booth)
    page = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert 'alt="Logo of Acme Sensors"' in page
    assert "/media/banner/w1600.jpg" in page
    assert 'href="https://acme.example" rel="noopener nofollow">Website</a>' in page
    assert ">linkedin.com/company/acme<" not in page  # named by its host
    assert ">linkedin.com</a>" in page
    assert "Brochure (PDF)</a>" in page
    assert "Book a meeting" not in page  # no times offered
    card = client.get(f"/sectors/{booth.sector.slug}").get_data(as_text=True)
    assert 'class="card-logo"' in card
    assert "/media/logo/w320.jpg" in card


def test_a_logo_still_processing_is_not_shown(make, client):
    acme = make.exhibitor("Acme Sensors")
    acme.logo_media_id = make.media(acme, status=MediaStatus.PROCESSING).id
    booth = make.published_booth(acme)
    page = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert "Logo of Acme Sensors" not in page
