"""Exhibits through the API: drafted, submitted, diffed and published with their booth (a live
exhibit stays as it is while its edit waits), and every bad input refused, naming its field."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eexpo.booths import moderation
from eexpo.booths.diff import revision_diff
from eexpo.extensions import db
from eexpo.models import (
    Booth,
    Exhibit,
    ExhibitVersion,
    MediaKind,
    MediaStatus,
    Role,
)


@pytest.fixture
def exhibitor(make, api_as):
    make.sector("semiconductors", name="Semiconductors", name_zh="半导体")
    make.sector("energy", name="Energy")
    return api_as(make.user(Role.EXHIBITOR))


def _booth(exhibitor) -> int:
    created = exhibitor.call(
        "POST", "/booths", {"title": "Power chips", "sector": "semiconductors"}
    )
    assert created.status_code == 201
    return created.json["booth_id"]


def _draft(exhibitor, booth_id):
    return exhibitor.call("GET", f"/booths/{booth_id}/draft").json


def _save(exhibitor, booth_id, **changes):
    version = _draft(exhibitor, booth_id)["version"]
    return exhibitor.call("PATCH", f"/booths/{booth_id}/draft", {"version": version, **changes})


def _wafer(**fields) -> dict:
    return {
        "name": "SiC power wafer",
        "name_zh": "碳化硅功率晶圆",
        "summary": "6-inch silicon carbide wafers for EV inverters",
        "description": "Made in **Guangzhou**.",
        "kind": "product",
        "sectors": ["semiconductors"],
        "trl": 8,
        "cooperation": ["sale", "licensing"],
        "ip_status": "patented",
        **fields,
    }


def test_exhibits_are_published_with_their_booth_and_edits_wait_for_approval(
    exhibitor, make, client
):
    booth_id = _booth(exhibitor)
    owner = exhibitor.user.exhibitor
    photo = make.media(owner)
    brochure = make.media(owner, kind=MediaKind.DOCUMENT, page_count=4, size=2048)
    saved = _save(exhibitor, booth_id, blocks=[{"type": "text", "markdown": "Hello"}], exhibits=[
        _wafer(media_ids=[photo.id], document_ids=[brochure.id]),
        {"name": "Gate driver design service", "kind": "service"},
    ])  # fmt: skip
    assert saved.status_code == 200, saved.json
    first, second = saved.json["exhibits"]
    assert first["cooperation"] == ["sale", "licensing"]
    assert (first["media_ids"], first["document_ids"]) == ([photo.id], [brochure.id])
    assert second["trl"] is None
    assert client.get(f"/api/v1/exhibits/{first['id']}").status_code == 404  # not yet published
    assert exhibitor.call("POST", f"/booths/{booth_id}/submit").status_code == 202
    make.approve(db.session.get(Booth, booth_id))
    live = client.get(f"/api/v1/exhibits/{first['id']}").json
    assert (live["name"], live["trl"], live["kind"]) == ("SiC power wafer", 8, "product")
    assert live["description_html"] == "<p>Made in <strong>Guangzhou</strong>.</p>\n"
    assert live["documents"][0]["pages"] == 4
    # The next edit: the live exhibit stays as it is until the organizers approve the change.
    renamed = _draft(exhibitor, booth_id)["exhibits"]
    renamed[0]["name"] = "SiC power wafer, 8-inch"
    assert _save(exhibitor, booth_id, exhibits=renamed).status_code == 200
    assert client.get(f"/api/v1/exhibits/{first['id']}").json["name"] == "SiC power wafer"
    assert exhibitor.call("POST", f"/booths/{booth_id}/submit").status_code == 202
    make.approve(db.session.get(Booth, booth_id))
    assert client.get(f"/api/v1/exhibits/{first['id']}").json["name"] == "SiC power wafer, 8-inch"


def test_the_review_diff_matches_exhibits_by_their_lasting_id(exhibitor, make):
    booth_id = _booth(exhibitor)
    _save(exhibitor, booth_id, blocks=[{"type": "text", "markdown": "Hello"}],
          exhibits=[_wafer(), {"name": "Old kit", "kind": "product"}])  # fmt: skip
    exhibitor.call("POST", f"/booths/{booth_id}/submit")
    booth = make.approve(db.session.get(Booth, booth_id))
    wafer, _kit = _draft(exhibitor, booth_id)["exhibits"]
    wafer.update(trl=9, summary="8-inch silicon carbide wafers for EV inverters")
    _save(exhibitor, booth_id, exhibits=[{"name": "Probe card", "kind": "product"}, wafer])
    db.session.refresh(booth)
    diff = revision_diff(booth.published_revision, booth.draft_revision)["exhibits"]
    assert [entry["op"] for entry in diff] == ["insert", "change", "delete"]
    assert diff[1]["fields"] == ["summary", "trl"]
    assert {"op": "insert", "text": "8-inch"} in diff[1]["words"]["summary"]
    assert diff[2]["before"]["name"] == "Old kit"


def test_an_exhibit_removed_before_it_was_ever_published_is_forgotten(exhibitor):
    booth_id = _booth(exhibitor)
    _save(exhibitor, booth_id, exhibits=[_wafer()])
    assert _save(exhibitor, booth_id, exhibits=[]).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Exhibit)) == 0


def _bad(case: str, exhibitor, make) -> tuple[list, str]:
    """(the exhibits sent, the field the refusal names) for each kind of bad input."""
    stranger = make.media(make.exhibitor())
    own_document = make.media(exhibitor.user.exhibitor, kind=MediaKind.DOCUMENT)
    own_photo = make.media(exhibitor.user.exhibitor)
    failed = make.media(exhibitor.user.exhibitor, status=MediaStatus.FAILED)
    theirs, document, photo = [stranger.id], [own_document.id], [own_photo.id]
    return {
        "readiness 0": ([_wafer(trl=0)], "exhibits[0].trl"),
        "readiness 10": ([_wafer(trl=10)], "exhibits[0].trl"),
        "unknown kind": ([_wafer(kind="gadget")], "exhibits[0].kind"),
        "unknown cooperation": ([_wafer(cooperation=["barter"])], "exhibits[0].cooperation[0]"),
        "unknown IP status": ([_wafer(ip_status="secret")], "exhibits[0].ip_status"),
        "no name": ([_wafer(name=" ")], "exhibits[0].name"),
        "51 exhibits": ([_wafer(name=f"Wafer {n}") for n in range(51)], "exhibits"),
        "another organization's media": ([_wafer(media_ids=theirs)], "exhibits[0].media_ids"),
        "a document among photos": ([_wafer(media_ids=document)], "exhibits[0].media_ids"),
        "a photo among documents": ([_wafer(document_ids=photo)], "exhibits[0].document_ids"),
        "a refused file": ([_wafer(media_ids=[failed.id])], "exhibits[0].media_ids"),
        "an unknown exhibit": ([_wafer(id=999_999)], "exhibits[0].id"),
        "an unknown sector": ([_wafer(sectors=["no-such-sector"])], "exhibits[0].sectors"),
    }[case]


BAD = [
    "readiness 0", "readiness 10", "unknown kind", "unknown cooperation", "unknown IP status",
    "no name", "51 exhibits", "another organization's media", "a document among photos",
    "a photo among documents", "a refused file", "an unknown exhibit", "an unknown sector",
]  # fmt: skip


@pytest.mark.parametrize("case", BAD)
def test_bad_exhibits_are_refused_naming_the_field_and_nothing_changes(exhibitor, make, case):
    booth_id = _booth(exhibitor)
    _save(exhibitor, booth_id, exhibits=[_wafer()])
    before = _draft(exhibitor, booth_id)
    sent, field = _bad(case, exhibitor, make)
    refused = exhibitor.call(
        "PATCH", f"/booths/{booth_id}/draft", {"version": before["version"], "exhibits": sent}
    )
    assert refused.status_code == 422, refused.json
    assert field in refused.json["error"]["fields"], refused.json["error"]
    assert refused.json["error"]["message"]
    assert _draft(exhibitor, booth_id) == before


def test_another_organizations_exhibit_id_is_unknown_to_this_booth(exhibitor, make):
    theirs = make.booth_with_exhibits([_wafer()])
    their_exhibit = db.session.scalar(sa.select(Exhibit.id).where(Exhibit.booth_id == theirs.id))
    booth_id = _booth(exhibitor)
    refused = _save(exhibitor, booth_id, exhibits=[_wafer(id=their_exhibit)])
    assert refused.status_code == 422
    assert refused.json["error"]["fields"] == {"exhibits[0].id": "unknown"}
    live = db.session.scalars(sa.select(ExhibitVersion.name)).all()
    assert live == ["SiC power wafer"]


def test_submission_waits_for_the_exhibits_files(exhibitor, make):
    booth_id = _booth(exhibitor)
    processing = make.media(exhibitor.user.exhibitor, status=MediaStatus.PROCESSING)
    _save(exhibitor, booth_id, exhibits=[_wafer(media_ids=[processing.id])])
    refused = exhibitor.call("POST", f"/booths/{booth_id}/submit")
    assert refused.status_code == 409
    assert "exhibit 1 is still being processed" in refused.json["error"]["message"]


def test_an_exhibit_of_a_hidden_booth_is_not_found(make, client):
    booth = make.booth_with_exhibits([_wafer(sectors=[])])
    exhibit_id = db.session.scalar(sa.select(Exhibit.id).where(Exhibit.booth_id == booth.id))
    assert client.get(f"/exhibits/{exhibit_id}").status_code == 200
    moderation.take_down(booth, reason="Counterfeit", actor=make.user(Role.ORGANIZER))
    db.session.commit()
    for path in (f"/exhibits/{exhibit_id}", f"/api/v1/exhibits/{exhibit_id}"):
        assert client.get(path).status_code == 404
    assert client.get("/api/v1/exhibits").json["total"] == 0
