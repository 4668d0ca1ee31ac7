"""The exhibitor portal's booth pages, driven as a browser's forms would drive them."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eexpo.booths import drafts
from eexpo.extensions import db
from eexpo.models import (
    Booth,
    BoothStatus,
    Hall,
    MediaItem,
    MediaKind,
    MediaStatus,
    Role,
    Sector,
    Stand,
)
from tests.conftest import csrf_token


@pytest.fixture
def exhibitor(make, auth):
    make.sector("iot")
    make.sector("biomedicine")
    user = make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    return user


def _form(client, booth_id: int) -> dict[str, str]:
    """The editor's fields as the page renders them (what a browser would post back)."""
    html = client.get(f"/portal/booths/{booth_id}").get_data(as_text=True)
    html = html.split('<template id="photo-block-template">')[0]
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    fields.update(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html))
    selected = re.search(r'<option selected value="([^"]+)"', html)
    fields["sector"] = selected.group(1) if selected else ""
    fields.pop("secondary_sectors", None)
    return fields


def _create(client, title="Smart sensors") -> int:
    response = client.post(
        "/portal/booths/new",
        data={"title": title, "sector": "iot", "summary": "", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _texts(booth_id: int) -> list[str]:
    db.session.expire_all()
    return [b["markdown"] for b in drafts.draft_json(db.session.get(Booth, booth_id))["blocks"]]


def _post(client, booth_id, fields, action="save", **changes):
    return client.post(f"/portal/booths/{booth_id}", data={**fields, **changes, "action": action})


def test_exhibitor_creates_a_booth_and_edits_its_blocks(client, exhibitor):
    booth_id = _create(client)
    fields = _form(client, booth_id)
    assert fields["title"] == "Smart sensors"
    assert _post(client, booth_id, fields, "add-text").status_code == 302
    fields = _form(client, booth_id)
    fields["blocks-0-markdown"] = "First"
    _post(client, booth_id, fields, "add-text")
    fields = _form(client, booth_id)
    fields["blocks-1-markdown"] = "Second"
    _post(client, booth_id, fields)
    assert _texts(booth_id) == ["First", "Second"]
    _post(client, booth_id, _form(client, booth_id), "up-1")
    assert _texts(booth_id) == ["Second", "First"]
    _post(client, booth_id, _form(client, booth_id), "remove-0")
    assert _texts(booth_id) == ["First"]
    page = client.get(f"/portal/booths/{booth_id}").get_data(as_text=True)
    assert "All changes saved" in page


@pytest.mark.parametrize(
    ("action", "expected"),
    [("down-0", ["Third", "First"]), ("up-5", ["Third", "First"]), ("remove-5", ["First"]),
     ("remove-1", ["First", "Third"]), ("down-5", ["First", "Third"])],
)  # fmt: skip
def test_buttons_name_blocks_by_their_fields_numbers_even_with_gaps(
    client, exhibitor, action, expected
):
    """Blocks the uploader took out leave gaps in the numbering: a button's number is the
    block's own, not its place (remove-1 names no block here, and the last cannot go down)."""
    booth_id = _create(client)
    fields = _form(client, booth_id)
    gapped = {"blocks-0-type": "text", "blocks-0-markdown": "First",
              "blocks-5-type": "text", "blocks-5-markdown": "Third"}  # fmt: skip
    assert _post(client, booth_id, {**fields, **gapped}, action).status_code == 302
    assert _texts(booth_id) == expected


def test_a_stale_save_shows_both_versions_and_loses_nothing(client, exhibitor):
    booth_id = _create(client)
    old_tab = _form(client, booth_id)
    other_tab = _form(client, booth_id)
    assert _post(client, booth_id, other_tab, title="Saved by a colleague").status_code == 302
    conflict = _post(client, booth_id, old_tab, title="My careful wording")
    assert conflict.status_code == 409
    html = conflict.get_data(as_text=True)
    assert "Someone else saved this booth" in html
    assert "Saved by a colleague" in html
    assert 'value="My careful wording"' in html
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    assert fields["version"] == "2"
    kept = _post(client, booth_id, {**old_tab, "version": fields["version"]},
                 title="My careful wording")  # fmt: skip
    assert kept.status_code == 302
    db.session.expire_all()
    assert drafts.draft_json(db.session.get(Booth, booth_id))["title"] == "My careful wording"


def test_invalid_input_is_shown_and_kept(client, exhibitor):
    booth_id = _create(client)
    response = _post(client, booth_id, _form(client, booth_id), title="", sector="nope")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please fill in the title." in html
    db.session.expire_all()
    assert drafts.draft_json(db.session.get(Booth, booth_id))["title"] == "Smart sensors"


def test_a_form_without_its_csrf_token_changes_nothing(client, exhibitor):
    booth_id = _create(client)
    fields = {k: v for k, v in _form(client, booth_id).items() if k != "csrf_token"}
    assert _post(client, booth_id, fields, title="Forged").status_code == 400
    db.session.expire_all()
    assert drafts.draft_json(db.session.get(Booth, booth_id))["title"] == "Smart sensors"


def test_preview_shows_the_draft_as_visitors_will_see_it(client, exhibitor, make):
    booth = make.published_booth(exhibitor=exhibitor.exhibitor)
    fields = _form(client, booth.id)
    _post(client, booth.id, fields, title="Coming soon: new sensors")
    preview = client.get(f"/portal/booths/{booth.id}/preview").get_data(as_text=True)
    assert "Coming soon: new sensors" in preview
    assert "Preview: this is how visitors will see your booth" in preview
    assert "Coming soon" not in client.get(f"/booths/{booth.id}").get_data(as_text=True)
    dashboard = client.get("/portal/").get_data(as_text=True)
    assert "Published; changes not submitted yet" in dashboard


def test_the_preview_is_the_public_page_with_the_drafts_content(client, exhibitor, make):
    """One page model: the preview has the stand and the tour's neighbours, as visitors will."""
    sector = db.session.scalar(sa.select(Sector).where(Sector.slug == "iot"))
    before = make.published_booth(make.exhibitor("Aardvark Ltd"), sector)
    booth = make.published_booth(exhibitor.exhibitor, sector)
    after = make.published_booth(make.exhibitor("Zeta Co"), sector)
    db.session.add(Stand(hall=Hall(name="Hall 2"), code="B17", exhibitor_id=exhibitor.exhibitor_id))
    db.session.commit()
    _post(client, booth.id, _form(client, booth.id), title="Coming soon: new sensors")
    preview = client.get(f"/portal/booths/{booth.id}/preview").get_data(as_text=True)
    public = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    for html in (public, preview):
        assert "Visit us in the hall: Hall 2 · B17" in html
        assert f'rel="prev" href="/booths/{before.id}"' in html
        assert f'rel="next" href="/booths/{after.id}"' in html
    assert "Coming soon: new sensors" in preview
    assert "Coming soon: new sensors" not in public


def test_submitting_from_the_editor(client, exhibitor):
    booth_id = _create(client)
    fields = _form(client, booth_id)
    _post(client, booth_id, fields, "add-text")
    fields = _form(client, booth_id)
    fields["blocks-0-markdown"] = "Our sensors"
    response = _post(client, booth_id, fields, "submit")
    assert response.headers["Location"] == "/portal/"
    dashboard = client.get("/portal/").get_data(as_text=True)
    assert "Submitted, waiting for review" in dashboard
    db.session.expire_all()
    assert db.session.get(Booth, booth_id).status == BoothStatus.SUBMITTED


def test_submitting_an_unready_booth_keeps_the_changes_and_says_why(client, exhibitor):
    booth_id = _create(client)
    photo = MediaItem(
        exhibitor_id=exhibitor.exhibitor_id,
        kind=MediaKind.IMAGE,
        backend="local",
        original_key="media/p/original",
        status=MediaStatus.READY,
    )
    db.session.add(photo)
    db.session.commit()
    fields = _form(client, booth_id)
    fields.update({"blocks-0-type": "photo", "blocks-0-media_id": str(photo.id)})
    page = client.post(
        f"/portal/booths/{booth_id}", data={**fields, "action": "submit"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Photo 1 needs a text alternative" in page
    assert "Your changes are saved" in page
    db.session.expire_all()
    booth = db.session.get(Booth, booth_id)
    assert booth.status == BoothStatus.DRAFT
    assert drafts.draft_json(booth)["blocks"][0]["media_id"] == photo.id


def test_another_organizations_booth_is_not_found_in_the_portal(client, exhibitor, make):
    other = make.draft_booth(make.exhibitor())
    assert client.get(f"/portal/booths/{other.id}").status_code == 404
    assert client.get(f"/portal/booths/{other.id}/preview").status_code == 404
    response = client.post(
        f"/portal/booths/{other.id}",
        data={"title": "Hijacked", "version": "1", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 404


def test_pending_organization_cannot_create_booths(client, make, auth):
    from eexpo.models import ExhibitorStatus

    make.sector("iot")
    make.user(
        Role.EXHIBITOR,
        email="p@example.com",
        exhibitor=make.exhibitor(status=ExhibitorStatus.PENDING),
    )
    auth.login("p@example.com")
    assert "Create a booth" not in client.get("/portal/").get_data(as_text=True)
    response = client.post(
        "/portal/booths/new",
        data={"title": "Early", "sector": "iot", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 403
    assert db.session.query(Booth).count() == 0
