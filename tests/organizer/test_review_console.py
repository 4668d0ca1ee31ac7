"""The review console in pages: queue and counts, the review page with its diff, decisions,
takedowns, and what the exhibitor is told."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eexpo import tasks
from eexpo.booths import drafts, moderation, services
from eexpo.extensions import db
from eexpo.media.generate import make_photo
from eexpo.media.pipeline import process_media
from eexpo.media.services import ingest
from eexpo.models import (
    AuditEntry,
    Booth,
    BoothStatus,
    MediaItem,
    MediaKind,
    Notification,
    Role,
    Sector,
    Submission,
    SubmissionStatus,
)
from tests.conftest import csrf_token


@pytest.fixture
def organizer(make, auth):
    user = make.user(Role.ORGANIZER, email="org@example.com", name="Olga Organizer")
    auth.login("org@example.com")
    return user


def _submit_new(make, *, title="Smart sensors", country="CN", sector="iot", locale=None):
    exhibitor = make.exhibitor(country=country)
    owner = make.user(Role.EXHIBITOR, exhibitor=exhibitor, locale=locale)
    known = db.session.scalar(sa.select(Sector).where(Sector.slug == sector))
    booth = services.create_booth(
        exhibitor, title=title, summary="", sector=known or make.sector(sector), actor=None
    )
    services.add_text_block(booth, "Hello visitors", actor=None)
    submission = services.submit_booth(booth, actor=owner)
    db.session.commit()
    return submission


def _photo(exhibitor_id: int, seed: int) -> int:
    item = ingest(
        exhibitor_id,
        make_photo(640, 480, seed=seed),
        kind=MediaKind.IMAGE,
        filename=f"stand-{seed}.jpg",
        content_type="image/jpeg",
        queue=False,
    )
    db.session.commit()
    process_media(item.id)
    return item.id


def _submit_change_with_media(make):
    """A live booth with a photo and a text; the change rewords the text and swaps the photo."""
    owner = make.user(Role.EXHIBITOR, locale="zh_Hans")
    booth = make.published_booth(exhibitor=owner.exhibitor)
    old_photo, new_photo = _photo(owner.exhibitor_id, 1), _photo(owner.exhibitor_id, 2)
    blocks = [
        {"type": "text", "markdown": "Hello smart **visitors**"},
        {"type": "photo", "media_id": old_photo, "alt": "Our stand"},
    ]
    drafts.update_draft(booth, version=0, changes={"blocks": blocks}, actor=owner)
    moderation.approve_submission(
        services.submit_booth(booth, actor=owner), actor=make.user(Role.ORGANIZER)
    )
    db.session.commit()
    blocks = [
        {"type": "text", "markdown": "Hello curious **visitors**"},
        {"type": "photo", "media_id": new_photo, "alt": "Our stand"},
    ]
    drafts.update_draft(booth, version=0, changes={"blocks": blocks}, actor=owner)
    submission = services.submit_booth(booth, actor=owner)
    db.session.commit()
    return submission, owner, (old_photo, new_photo)


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_the_queue_counts_and_filters_pending_submissions(client, make, organizer):
    german = _submit_new(make, title="German sensors", country="DE", sector="iot")
    chinese = _submit_new(make, title="Chinese robots", country="CN", sector="robotics")
    change, _owner, _photos = _submit_change_with_media(make)
    html = _page(client.get("/organizer/submissions"))
    assert "3 submissions wait for review" in html
    assert "2 new booths, 1 changes to live booths" in html
    # Oldest first.
    assert html.index("German sensors") < html.index("Chinese robots")
    assert html.index("Chinese robots") < html.index(change.revision.title)
    only_de = _page(client.get("/organizer/submissions?country=DE"))
    assert "German sensors" in only_de
    assert "Chinese robots" not in only_de
    robotics = _page(client.get("/organizer/submissions?sector=robotics"))
    assert "Chinese robots" in robotics
    assert "German sensors" not in robotics
    changes = _page(client.get("/organizer/submissions?kind=change"))
    assert f"/organizer/submissions/{change.id}" in changes
    assert f"/organizer/submissions/{german.id}" not in changes
    assert f"/organizer/submissions/{chinese.id}" not in changes


def test_unknown_filter_values_are_ignored_not_an_error(client, make, organizer):
    _submit_new(make, title="Kept")
    response = client.get("/organizer/submissions?kind=weird&status=maybe&page=-3")
    assert response.status_code == 200
    assert "Kept" in _page(response)


def test_the_review_page_shows_the_booth_beside_a_word_and_media_diff(client, make, organizer):
    submission, _owner, (old_photo, new_photo) = _submit_change_with_media(make)
    html = _page(client.get(f"/organizer/submissions/{submission.id}"))
    assert "As visitors will see it" in html
    assert "<del>smart</del>" in html
    assert "<ins>curious</ins>" in html
    assert "Replaced" in html
    # Both the old and the new photo appear as thumbnails (private URLs of their variants).
    thumbs = re.findall(r'<img class="thumb" src="([^"]+)"', html)
    assert any(f"/{db.session.get(MediaItem, old_photo).uuid}/" in url for url in thumbs)
    assert any(f"/{db.session.get(MediaItem, new_photo).uuid}/" in url for url in thumbs)
    # The preview renders the submitted text as visitors will read it.
    assert "Hello curious <strong>visitors</strong>" in html
    assert "Approve and publish" in html


def test_a_sector_change_is_named_in_the_readers_language(client, make, organizer):
    owner = make.user(Role.EXHIBITOR)
    iot = make.sector("iot", name="Internet of Things", name_zh="物联网")
    make.sector("robotics", name="Robotics", name_zh="机器人")
    booth = make.published_booth(exhibitor=owner.exhibitor, sector=iot)
    drafts.update_draft(booth, version=0, changes={"sector": "robotics"}, actor=owner)
    submission = services.submit_booth(booth, actor=owner)
    db.session.commit()
    english = _page(client.get(f"/organizer/submissions/{submission.id}"))
    assert "<del>Internet of Things</del> → <ins>Robotics</ins>" in english
    chinese = _page(client.get(f"/organizer/submissions/{submission.id}",
                               headers={"Accept-Language": "zh-CN"}))  # fmt: skip
    assert "<del>物联网</del> → <ins>机器人</ins>" in chinese
    assert "<ins>robotics</ins>" not in english + chinese


def test_approving_publishes_tells_the_exhibitor_in_their_language_and_moves_on(
    client, make, organizer, mailbox
):
    first, owner, _photos = _submit_change_with_media(make)
    second = _submit_new(make, title="Next in line")
    response = client.post(
        f"/organizer/submissions/{first.id}/approve", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organizer/submissions/{second.id}"
    db.session.expire_all()
    booth = db.session.get(Booth, first.booth_id)
    assert booth.status == BoothStatus.PUBLISHED
    assert booth.published_revision_id == first.revision_id
    [notice] = db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == owner.id)
        .order_by(Notification.id.desc())
        .limit(1)
    )
    assert notice.kind == "booth.approved"
    tasks.drain()
    mail = [m for m in mailbox.messages if m.startswith(f"mail to {owner.email}:")][-1]
    assert "已发布" in mail  # the owner reads Chinese
    assert "http://localhost/portal/" in mail


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(client, make, organizer):
    submission = _submit_new(make)
    response = client.post(
        f"/organizer/submissions/{submission.id}/reject",
        data={"csrf_token": csrf_token(client), "reason": "   "},
    )
    assert response.status_code == 422
    assert "Give the exhibitor a reason for the rejection." in _page(response)
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).status == SubmissionStatus.PENDING
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0


def test_canned_reasons_are_worded_in_the_exhibitors_language(client, make, organizer, mailbox):
    submission = _submit_new(make, locale="zh_Hans")
    response = client.post(
        f"/organizer/submissions/{submission.id}/reject",
        data={
            "csrf_token": csrf_token(client),
            "canned": ["contact", "language"],
            "reason": "Please also add a photo.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    decided = db.session.get(Submission, submission.id)
    assert decided.status == SubmissionStatus.REJECTED
    lines = decided.reason.split("\n")
    assert len(lines) == 3
    assert lines[2] == "Please also add a photo."
    assert "联系方式" in lines[0]
    booth = db.session.get(Booth, submission.booth_id)
    assert booth.status == BoothStatus.REJECTED
    assert booth.draft_revision is not None  # the content is back with the exhibitor
    tasks.drain()
    assert "Please also add a photo." in mailbox.messages[-1]


def test_an_unknown_canned_reason_is_refused(client, make, organizer):
    submission = _submit_new(make)
    response = client.post(
        f"/organizer/submissions/{submission.id}/reject",
        data={"csrf_token": csrf_token(client), "canned": ["made-up"], "reason": "x"},
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).status == SubmissionStatus.PENDING


@pytest.mark.parametrize("second", ["approve", "reject"])
def test_a_decided_submission_says_so_in_the_page(client, make, organizer, second):
    submission = _submit_new(make)
    other = make.user(Role.ORGANIZER)
    moderation.approve_submission(submission, actor=other)
    db.session.commit()
    response = client.post(
        f"/organizer/submissions/{submission.id}/{second}",
        data={"csrf_token": csrf_token(client), "reason": "Too late"},
    )
    assert response.status_code == 409
    html = _page(response)
    assert "This submission has already been decided." in html
    assert "Approved" in html
    assert other.name in html
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).status == SubmissionStatus.APPROVED
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("booth.approve") == 1
    assert "booth.reject" not in actions


def test_a_decision_without_its_csrf_token_is_refused(client, make, organizer):
    submission = _submit_new(make)
    for action in ("approve", "reject"):
        response = client.post(
            f"/organizer/submissions/{submission.id}/{action}", data={"reason": "x"}
        )
        assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).status == SubmissionStatus.PENDING


@pytest.mark.parametrize("role", [Role.EXHIBITOR, Role.VISITOR])
def test_exhibitors_and_visitors_change_nothing(client, make, auth, role):
    submission = _submit_new(make)
    booth = make.published_booth()
    make.user(role, email="someone@example.com")
    auth.login("someone@example.com")
    token = csrf_token(client, "/")
    for path in (
        f"/organizer/submissions/{submission.id}/approve",
        f"/organizer/submissions/{submission.id}/reject",
        f"/organizer/booths/{booth.id}/takedown",
    ):
        assert client.post(path, data={"csrf_token": token, "reason": "x"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).status == SubmissionStatus.PENDING
    assert db.session.get(Booth, booth.id).status == BoothStatus.PUBLISHED


def test_takedown_needs_a_reason_then_hides_the_booth_and_restore_brings_it_back(
    client, make, organizer, mailbox
):
    owner = make.user(Role.EXHIBITOR)
    booth = make.published_booth(exhibitor=owner.exhibitor)
    token = csrf_token(client)
    missing = client.post(f"/organizer/booths/{booth.id}/takedown", data={"csrf_token": token})
    assert missing.status_code == 422
    assert "Give the exhibitor a reason" in _page(missing)
    done = client.post(
        f"/organizer/booths/{booth.id}/takedown",
        data={"csrf_token": token, "reason": "Counterfeit goods reported"},
        follow_redirects=True,
    )
    assert "The booth was taken down" in _page(done)
    assert client.get(f"/booths/{booth.id}").status_code == 404
    db.session.expire_all()
    assert db.session.get(Booth, booth.id).status == BoothStatus.TAKEN_DOWN
    tasks.drain()
    assert "Counterfeit goods reported" in mailbox.messages[-1]
    restored = client.post(
        f"/organizer/booths/{booth.id}/restore", data={"csrf_token": token}, follow_redirects=True
    )
    assert "The booth is published again." in _page(restored)
    db.session.expire_all()
    assert db.session.get(Booth, booth.id).status == BoothStatus.PUBLISHED
    kinds = db.session.scalars(
        sa.select(Notification.kind).where(Notification.user_id == owner.id)
    ).all()
    assert kinds[-2:] == ["booth.taken_down", "booth.restored"]


def test_taking_down_a_booth_that_is_not_published_is_refused_in_the_page(client, make, organizer):
    booth = make.draft_booth(make.exhibitor())
    response = client.post(
        f"/organizer/booths/{booth.id}/takedown",
        data={"csrf_token": csrf_token(client), "reason": "Spam"},
    )
    assert response.status_code == 409
    assert "cannot be changed that way" in _page(response)
    db.session.expire_all()
    assert db.session.get(Booth, booth.id).status == BoothStatus.DRAFT
    restore = client.post(
        f"/organizer/booths/{booth.id}/restore", data={"csrf_token": csrf_token(client)}
    )
    assert restore.status_code == 409


def test_the_exhibitor_reads_notices_and_marks_them_read(client, make, auth):
    submission = _submit_new(make, title="Sensor wall")
    owner = submission.submitted_by
    moderation.reject_submission(
        submission, reason="Add a photo of the product.", actor=make.user(Role.ORGANIZER)
    )
    db.session.commit()
    auth.login(owner.email)
    dashboard = _page(client.get("/portal/"))
    assert "Your booth “Sensor wall” needs changes" in dashboard
    assert 'class="badge badge-count">1<' in dashboard
    notices = _page(client.get("/portal/notifications"))
    assert "Add a photo of the product." in notices
    client.post("/portal/notifications/read", data={"csrf_token": csrf_token(client, "/portal/")})
    assert "badge-count" not in _page(client.get("/portal/"))


def test_deactivated_colleagues_get_no_notice(make):
    submission = _submit_new(make)
    exhibitor = submission.booth.exhibitor
    gone = make.user(Role.EXHIBITOR, exhibitor=exhibitor)
    gone.is_active = False
    db.session.commit()
    moderation.approve_submission(submission, actor=make.user(Role.ORGANIZER))
    db.session.commit()
    users = db.session.scalars(sa.select(Notification.user_id)).all()
    assert users == [submission.submitted_by_id]
    assert gone.id not in users
