"""Authoring through the API: drafts beside the live revision, optimistic locking, submission
checks, and every bad input the exhibitor-portal issue names."""

from __future__ import annotations

import pytest

from eexpo.booths import drafts, moderation
from eexpo.extensions import db
from eexpo.models import (
    Booth,
    BoothStatus,
    MediaItem,
    MediaKind,
    MediaStatus,
    Role,
    SubmissionStatus,
)
from tests.booths.html import assert_harmless


@pytest.fixture
def exhibitor(make, api_as):
    make.sector("iot")
    make.sector("biomedicine")
    return api_as(make.user(Role.EXHIBITOR))


def _media(owner, kind=MediaKind.IMAGE, status=MediaStatus.READY, error=None) -> MediaItem:
    item = MediaItem(
        exhibitor_id=owner.exhibitor_id,
        kind=kind,
        backend="local",
        original_key="media/x/original",
        status=status,
        error=error,
    )
    db.session.add(item)
    db.session.commit()
    return item


def _create(exhibitor, **fields):
    body = {"title": "Smart sensors", "sector": "iot", "summary": "Sensors for cities"}
    body.update(fields)
    return exhibitor.call("POST", "/booths", body)


def _save(exhibitor, booth_id, version, **changes):
    return exhibitor.call("PATCH", f"/booths/{booth_id}/draft", {"version": version, **changes})


def test_exhibitor_creates_edits_and_submits_a_booth(exhibitor):
    created = _create(exhibitor)
    assert created.status_code == 201
    draft = created.json
    assert (draft["title"], draft["sector"], draft["version"]) == ("Smart sensors", "iot", 1)
    photo = _media(exhibitor.user)
    saved = _save(
        exhibitor,
        draft["booth_id"],
        1,
        title="Smart city sensors",
        secondary_sectors=["biomedicine"],
        blocks=[
            {"type": "text", "markdown": "We **measure** air."},
            {"type": "photo", "media_id": photo.id, "alt": "A sensor on a lamp post"},
        ],
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["version"] == 2
    assert saved.json["blocks"][0]["html"] == "<p>We <strong>measure</strong> air.</p>\n"
    assert saved.json["secondary_sectors"] == ["biomedicine"]
    submitted = exhibitor.call("POST", f"/booths/{draft['booth_id']}/submit")
    assert submitted.status_code == 202
    assert submitted.json["submission"]["status"] == SubmissionStatus.PENDING.value
    booth = db.session.get(Booth, draft["booth_id"])
    assert booth.status == BoothStatus.SUBMITTED


def test_editing_a_published_booth_keeps_the_live_revision(exhibitor, make, client):
    booth = make.published_booth(exhibitor=exhibitor.user.exhibitor)
    live_title = booth.published_revision.title
    draft = exhibitor.call("GET", f"/booths/{booth.id}/draft").json
    assert (draft["version"], draft["has_draft"], draft["title"]) == (0, False, live_title)
    saved = _save(exhibitor, booth.id, 0, title="Brand new title")
    assert saved.json["version"] == 1
    assert saved.json["blocks"] == draft["blocks"]
    page = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert live_title in page
    assert "Brand new title" not in page
    assert exhibitor.call("POST", f"/booths/{booth.id}/submit").status_code == 202
    db.session.expire_all()
    assert db.session.get(Booth, booth.id).status == BoothStatus.PUBLISHED
    organizer = make.user(Role.ORGANIZER)
    moderation.approve_submission(drafts.pending_submission(db.session.get(Booth, booth.id)),
                              actor=organizer)  # fmt: skip
    db.session.commit()
    assert "Brand new title" in client.get(f"/booths/{booth.id}").get_data(as_text=True)


def test_a_stale_save_is_refused_with_the_other_version_and_loses_nothing(exhibitor):
    booth_id = _create(exhibitor).json["booth_id"]
    assert _save(exhibitor, booth_id, 1, title="Saved by a colleague").status_code == 200
    stale = _save(exhibitor, booth_id, 1, title="Saved in an old tab")
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "stale_version"
    assert "Someone saved this booth" in stale.json["error"]["message"]
    assert stale.json["current"]["title"] == "Saved by a colleague"
    assert stale.json["current"]["version"] == 2
    retried = _save(exhibitor, booth_id, 2, title="Saved in an old tab")
    assert retried.json["title"] == "Saved in an old tab"


def test_of_two_saves_racing_from_one_version_only_one_wins(exhibitor):
    booth = db.session.get(Booth, _create(exhibitor).json["booth_id"])
    draft = booth.draft_revision
    drafts._claim(draft, 1)
    with pytest.raises(drafts.StaleDraft):
        drafts._claim(draft, 1)


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>Hello",
        '<iframe src="https://evil.example"></iframe>Hello',
        '<p onclick="alert(1)">Hello</p>',
        "[Hello](javascript:alert(1))",
        '<a href="javascript:alert(1)">Hello</a> <b>raw</b>',
    ],
)
def test_unsafe_markdown_is_stored_harmless(exhibitor, source):
    booth_id = _create(exhibitor).json["booth_id"]
    saved = _save(exhibitor, booth_id, 1, blocks=[{"type": "text", "markdown": source}])
    html = saved.json["blocks"][0]["html"]
    assert_harmless(html)
    assert "Hello" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"blocks": [{"type": "text", "markdown": "x" * 10**6}]}, "blocks[0].markdown", "at most"),
        ({"sector": "time-travel"}, "sector", "There is no sector 'time-travel'."),
        ({"secondary_sectors": ["iot", "nope"]}, "secondary_sectors", "no sector 'nope'"),
        ({"title": " "}, "title", "'title' is required."),
        ({"title": 42}, "title", "must be text"),
        ({"blocks": [{"type": "audio"}]}, "blocks[0].type", "'text', 'photo', 'video'"),
        ({"blocks": [{"type": "photo", "media_id": 999}]}, "blocks[0]", "your organization's"),
        ({"blocks": "not a list"}, "blocks", "must be a list"),
    ],
    ids=["1mb-paragraph", "sector", "secondary", "empty-title", "title-type", "block-type",
         "unknown-media", "blocks-type"],
)  # fmt: skip
def test_invalid_changes_are_refused_and_change_nothing(exhibitor, changes, field, message):
    booth_id = _create(exhibitor).json["booth_id"]
    refused = _save(exhibitor, booth_id, 1, **changes)
    assert refused.status_code == 422
    assert message in refused.json["error"]["message"]
    assert field in refused.json["error"]["fields"]
    draft = exhibitor.call("GET", f"/booths/{booth_id}/draft").json
    assert (draft["version"], draft["title"], draft["blocks"]) == (1, "Smart sensors", [])


def test_a_missing_version_is_explained(exhibitor):
    booth_id = _create(exhibitor).json["booth_id"]
    refused = exhibitor.call("PATCH", f"/booths/{booth_id}/draft", {"title": "No version"})
    assert refused.status_code == 422
    assert refused.json["error"]["fields"] == {"version": "required"}


def test_another_organizations_media_cannot_be_placed(exhibitor, make):
    stranger = make.user(Role.EXHIBITOR)
    foreign = _media(stranger)
    booth_id = _create(exhibitor).json["booth_id"]
    refused = _save(
        exhibitor, booth_id, 1, blocks=[{"type": "photo", "media_id": foreign.id, "alt": "x"}]
    )
    assert refused.status_code == 422


def test_creating_with_an_unknown_sector_is_refused(exhibitor):
    refused = _create(exhibitor, sector="nowhere")
    assert refused.status_code == 422
    assert refused.json["error"]["fields"] == {"sector": "unknown"}
    assert db.session.query(Booth).count() == 0


@pytest.mark.parametrize(
    ("blocks", "status", "message"),
    [
        ([], 409, "Add at least one block"),
        ([{"type": "text", "markdown": "  "}], 409, "Text block 1 is empty"),
        ("photo-without-alt", 409, "Photo 1 needs a text alternative"),
        ("processing", 409, "still being processed"),
        ("failed", 409, "was refused (Not an image.)"),
    ],
)
def test_submission_is_refused_until_the_booth_is_ready(exhibitor, blocks, status, message):
    booth_id = _create(exhibitor).json["booth_id"]
    if blocks == "photo-without-alt":
        blocks = [{"type": "photo", "media_id": _media(exhibitor.user).id}]
    elif blocks in ("processing", "failed"):
        state = MediaStatus.PROCESSING if blocks == "processing" else MediaStatus.FAILED
        item = _media(exhibitor.user, MediaKind.VIDEO, state, error="Not an image.")
        blocks = [{"type": "video", "media_id": item.id}]
    _save(exhibitor, booth_id, 1, blocks=blocks)
    refused = exhibitor.call("POST", f"/booths/{booth_id}/submit")
    assert refused.status_code == status
    assert message in refused.json["error"]["message"]
    booth = db.session.get(Booth, booth_id)
    assert booth.status == BoothStatus.DRAFT
    assert drafts.pending_submission(booth) is None


def test_another_organizations_booth_is_not_found(exhibitor, make, api_as):
    booth_id = _create(exhibitor).json["booth_id"]
    stranger = api_as(make.user(Role.EXHIBITOR))
    assert stranger.call("GET", f"/booths/{booth_id}/draft").status_code == 404
    assert _save(stranger, booth_id, 1, title="Hijacked").status_code == 404
    assert stranger.call("POST", f"/booths/{booth_id}/submit").status_code == 404
    assert exhibitor.call("GET", f"/booths/{booth_id}/draft").json["title"] == "Smart sensors"


def test_organizers_read_drafts_but_cannot_edit_them(exhibitor, make, api_as):
    booth_id = _create(exhibitor).json["booth_id"]
    organizer = api_as(make.user(Role.ORGANIZER))
    assert organizer.call("GET", f"/booths/{booth_id}/draft").json["title"] == "Smart sensors"
    assert _save(organizer, booth_id, 1, title="Edited by staff").status_code == 403


def test_a_pending_organization_cannot_create_booths(make, api_as):
    from eexpo.models import ExhibitorStatus

    make.sector("iot")
    pending = make.exhibitor(status=ExhibitorStatus.PENDING)
    applicant = api_as(make.user(Role.EXHIBITOR, exhibitor=pending))
    refused = _create(applicant)
    assert refused.status_code == 403
    assert db.session.query(Booth).count() == 0


def test_my_booths_says_where_each_booth_stands(exhibitor, make, api_as):
    organizer = make.user(Role.ORGANIZER)
    draft = _create(exhibitor, title="Still a draft").json["booth_id"]
    submission = make.submission(exhibitor.user.exhibitor, title="Refused")
    refused = submission.booth_id
    moderation.reject_submission(submission, reason="Add a photo of the sensor", actor=organizer)
    live = make.published_booth(exhibitor=exhibitor.user.exhibitor, title="Live")
    gone = make.published_booth(exhibitor=exhibitor.user.exhibitor, title="Gone")
    moderation.take_down(gone, reason="Misleading claims", actor=organizer)
    db.session.commit()
    make.published_booth(title="Someone else's")

    answer = exhibitor.call("GET", "/booths/mine")
    assert answer.status_code == 200
    rows = {row["id"]: row for row in answer.json}
    assert list(rows) == [draft, refused, live.id, gone.id]
    assert rows[draft]["status"] == "draft"
    assert rows[draft]["has_draft"] is True
    assert rows[draft]["rejection"] is None
    assert rows[refused]["status"] == "rejected"
    assert rows[refused]["rejection"]["reason"] == "Add a photo of the sensor"
    assert rows[refused]["rejection"]["decided_at"]
    assert (rows[live.id]["title"], rows[live.id]["has_draft"]) == ("Live", False)
    assert rows[gone.id]["takedown"] == {"reason": "Misleading claims"}
    assert rows[gone.id]["rejection"] is None


def test_a_rejected_draft_says_why_until_it_is_submitted_again(exhibitor, make):
    submission = make.submission(exhibitor.user.exhibitor, title="Refused")
    booth_id = submission.booth_id
    assert exhibitor.call("GET", f"/booths/{booth_id}/draft").json["rejection"] is None
    moderation.reject_submission(
        submission, reason="Add a photo of the sensor", actor=make.user(Role.ORGANIZER)
    )
    db.session.commit()
    draft = exhibitor.call("GET", f"/booths/{booth_id}/draft").json
    assert draft["rejection"]["reason"] == "Add a photo of the sensor"
    assert draft["rejection"]["decided_at"].startswith(str(submission.decided_at.date()))
    saved = _save(exhibitor, booth_id, draft["version"], title="Refused, with a photo")
    assert saved.json["rejection"]["reason"] == "Add a photo of the sensor"  # still to fix
    _save(exhibitor, booth_id, saved.json["version"], blocks=[{"type": "text", "markdown": "x"}])
    assert exhibitor.call("POST", f"/booths/{booth_id}/submit").status_code == 202
    assert exhibitor.call("GET", f"/booths/{booth_id}/draft").json["rejection"] is None


def test_my_booths_is_for_exhibitors(make, api_as):
    answer = api_as(make.user(Role.VISITOR)).call("GET", "/booths/mine")
    assert answer.status_code == 403
    assert answer.json["error"]["message"]
