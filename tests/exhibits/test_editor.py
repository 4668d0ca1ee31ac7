"""Exhibits in the booth editor, as a browser's form drives it: added, filled, moved, removed;
a bad one shown with its reason and the input kept."""

from __future__ import annotations

import pytest

from eexpo.booths import drafts
from eexpo.extensions import db
from eexpo.models import Booth, MediaKind, Role
from tests.conftest import csrf_token


@pytest.fixture
def booth(make, auth, client):
    make.sector("semiconductors", name="Semiconductors")
    user = make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    booth = make.draft_booth(user.exhibitor)
    return booth


def _base(client, booth) -> dict[str, str]:
    db.session.expire_all()
    draft = drafts.draft_json(db.session.get(Booth, booth.id))
    return {"csrf_token": csrf_token(client, f"/portal/booths/{booth.id}"),
            "version": str(draft["version"]), "title": draft["title"],
            "sector": draft["sector"] or "", "summary": ""}  # fmt: skip


def _exhibit(index: int, name: str, **fields) -> dict[str, str | list[str]]:
    p = f"exhibits-{index}-"
    return {f"{p}name": name, f"{p}kind": "product", **{p + k: v for k, v in fields.items()}}


def _saved(booth) -> list[dict]:
    db.session.expire_all()
    return drafts.draft_json(db.session.get(Booth, booth.id))["exhibits"]


def test_an_exhibit_is_added_filled_and_saved_with_the_booth(client, booth, make):
    base = _base(client, booth)
    added = client.post(f"/portal/booths/{booth.id}", data={**base, "action": "add-exhibit"})
    assert added.status_code == 200  # shown to be filled in, not saved yet
    page = added.get_data(as_text=True)
    assert 'id="exhibits-0-name"' in page
    assert "autofocus" in page
    assert _saved(booth) == []
    photo = make.media(booth.exhibitor, original_filename="wafer.jpg")
    brochure = make.media(booth.exhibitor, kind=MediaKind.DOCUMENT, original_filename="b.pdf")
    filled = _exhibit(0, "SiC power wafer", name_zh="碳化硅晶圆", trl="8", ip_status="patented",
                      cooperation=["sale", "licensing"], sectors=["semiconductors"],
                      media=[str(photo.id)], documents=[str(brochure.id)])  # fmt: skip
    saved = client.post(f"/portal/booths/{booth.id}", data={**base, **filled, "action": "save"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    (exhibit,) = _saved(booth)
    assert (exhibit["name"], exhibit["trl"], exhibit["cooperation"]) == (
        "SiC power wafer", 8, ["sale", "licensing"]
    )  # fmt: skip
    assert (exhibit["media_ids"], exhibit["document_ids"]) == ([photo.id], [brochure.id])
    editor = client.get(f"/portal/booths/{booth.id}").get_data(as_text=True)
    assert 'value="SiC power wafer"' in editor
    assert f'name="exhibits-0-media" value="{photo.id}" checked' in editor


def test_exhibits_move_and_go_by_their_buttons(client, booth):
    base = _base(client, booth)
    two = {**_exhibit(0, "First"), **_exhibit(1, "Second")}
    client.post(f"/portal/booths/{booth.id}", data={**base, **two, "action": "save"})
    ids = {e["name"]: e["id"] for e in _saved(booth)}
    kept = {**_exhibit(0, "First", id=str(ids["First"])),
            **_exhibit(1, "Second", id=str(ids["Second"]))}  # fmt: skip
    base = _base(client, booth)
    moved = client.post(
        f"/portal/booths/{booth.id}", data={**base, **kept, "action": "exhibit-down-0"}
    )
    assert moved.status_code == 302
    assert [(e["name"], e["id"]) for e in _saved(booth)] == [
        ("Second", ids["Second"]), ("First", ids["First"])
    ]  # fmt: skip
    base = _base(client, booth)
    kept = {**_exhibit(0, "Second", id=str(ids["Second"])),
            **_exhibit(1, "First", id=str(ids["First"]))}  # fmt: skip
    client.post(f"/portal/booths/{booth.id}", data={**base, **kept, "action": "exhibit-remove-0"})
    assert [e["name"] for e in _saved(booth)] == ["First"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"trl": "10"}, "the readiness level is 1 to 9"),
        ({"kind": "gadget"}, "“gadget” is not a kind we know"),
        ({"cooperation": ["barter"]}, "“barter” is not a kind of cooperation we know"),
        ({"media": ["999999"]}, "is not one of your organization&#39;s photos or videos"),
    ],
)
def test_a_bad_exhibit_is_shown_with_its_reason_and_the_input_kept(client, booth, fields, message):
    base = _base(client, booth)
    sent = _exhibit(0, "Probe card", summary="Kept as typed", **fields)
    refused = client.post(f"/portal/booths/{booth.id}", data={**base, **sent, "action": "save"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert message in page
    assert 'value="Probe card"' in page
    assert "Kept as typed</textarea>" in page
    assert _saved(booth) == []


def test_an_exhibit_without_a_name_is_refused_with_the_others_kept(client, booth):
    base = _base(client, booth)
    sent = {**_exhibit(0, "Probe card"), **_exhibit(1, " ")}
    refused = client.post(f"/portal/booths/{booth.id}", data={**base, **sent, "action": "save"})
    assert refused.status_code == 422
    assert 'value="Probe card"' in refused.get_data(as_text=True)
    assert _saved(booth) == []
