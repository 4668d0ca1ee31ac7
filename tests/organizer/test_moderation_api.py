"""The moderation API: the queue, a submission's diff, decisions, and simultaneous deciders."""

from __future__ import annotations

import threading

import pytest

from eexpo.booths import drafts, moderation, services
from eexpo.errors import Conflict
from eexpo.extensions import db
from eexpo.models import Booth, BoothStatus, Role, Submission, SubmissionStatus, User


@pytest.fixture
def organizer(make, api_as):
    return api_as(make.user(Role.ORGANIZER))


def _submit_new(make, *, country="CN", sector="iot", text="Hello") -> Submission:
    exhibitor = make.exhibitor(country=country)
    booth = make.draft_booth(exhibitor, make.sector(sector) if sector else None)
    services.add_text_block(booth, text, actor=None)
    submission = services.submit_booth(booth, actor=None)
    db.session.commit()
    return submission


def _submit_change(make) -> Submission:
    owner = make.user(Role.EXHIBITOR)
    booth = make.published_booth(exhibitor=owner.exhibitor)
    blocks = [{"type": "text", "markdown": "Hello smart **visitors**"}]
    drafts.update_draft(booth, version=0, changes={"blocks": blocks}, actor=owner)
    submission = services.submit_booth(booth, actor=owner)
    db.session.commit()
    return submission


def test_the_queue_lists_pending_submissions_oldest_first(organizer, make):
    first = _submit_new(make, country="DE", sector="iot")
    second = _submit_change(make)
    queue = organizer.call("GET", "/moderation/submissions").json
    assert queue["count"] == 2
    assert [item["id"] for item in queue["items"]] == [first.id, second.id]
    assert [item["kind"] for item in queue["items"]] == ["new", "change"]
    only_new = organizer.call("GET", "/moderation/submissions?kind=new").json["items"]
    assert [item["id"] for item in only_new] == [first.id]
    german = organizer.call("GET", "/moderation/submissions?country=de").json["items"]
    assert [item["id"] for item in german] == [first.id]
    in_iot = organizer.call("GET", "/moderation/submissions?sector=iot").json["items"]
    assert [item["id"] for item in in_iot] == [first.id]


@pytest.mark.parametrize("query", ["status=maybe", "kind=other"])
def test_unknown_filters_are_explained(organizer, query):
    response = organizer.call("GET", f"/moderation/submissions?{query}")
    assert response.status_code == 422


def test_a_change_is_reviewed_word_by_word_against_the_live_revision(organizer, make):
    submission = _submit_change(make)
    detail = organizer.call("GET", f"/moderation/submissions/{submission.id}").json
    assert detail["kind"] == "change"
    [block] = detail["diff"]["blocks"]
    assert block["op"] == "change"
    assert {"op": "insert", "text": "smart "} in block["words"]


def test_approval_publishes_and_a_second_decision_is_a_conflict(organizer, make, api_as):
    submission = _submit_new(make)
    approved = organizer.call("POST", f"/moderation/submissions/{submission.id}/approve")
    assert approved.status_code == 200
    assert approved.json["status"] == "approved"
    db.session.expire_all()
    assert db.session.get(Booth, submission.booth_id).status == BoothStatus.PUBLISHED
    other = api_as(make.user(Role.ORGANIZER))
    again = other.call(
        "POST", f"/moderation/submissions/{submission.id}/reject", {"reason": "Too late"}
    )
    assert again.status_code == 409
    assert again.json["error"]["message"] == "This submission has already been decided."


def test_rejection_needs_a_reason_and_returns_the_booth(organizer, make):
    submission = _submit_new(make)
    path = f"/moderation/submissions/{submission.id}/reject"
    missing = organizer.call("POST", path, {"reason": "   "})
    assert missing.status_code == 422
    assert missing.json["error"]["fields"] == {"reason": "required"}
    rejected = organizer.call("POST", path, {"reason": "Add photos of the product."})
    assert rejected.status_code == 200
    assert rejected.json["reason"] == "Add photos of the product."
    db.session.expire_all()
    booth = db.session.get(Booth, submission.booth_id)
    assert booth.status == BoothStatus.REJECTED
    assert booth.draft_revision is not None


def test_exhibitors_cannot_moderate(make, api_as):
    submission = _submit_new(make)
    exhibitor = api_as(make.user(Role.EXHIBITOR))
    assert exhibitor.call("GET", "/moderation/submissions").status_code == 403
    response = exhibitor.call("POST", f"/moderation/submissions/{submission.id}/approve")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).status == SubmissionStatus.PENDING


def test_two_organizers_deciding_at_once_exactly_one_wins(app, make):
    submission = _submit_new(make)
    deciders = [make.user(Role.ORGANIZER).id, make.user(Role.ORGANIZER).id]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user_id: int, approve: bool) -> None:
        with app.app_context():
            actor = db.session.get(User, user_id)
            mine = db.session.get(Submission, submission.id)
            barrier.wait()
            try:
                if approve:
                    moderation.approve_submission(mine, actor=actor)
                else:
                    moderation.reject_submission(mine, reason="No", actor=actor)
                db.session.commit()
                outcomes.append("won")
            except Conflict:
                db.session.rollback()
                outcomes.append("conflict")
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=decide, args=(deciders[0], True)),
        threading.Thread(target=decide, args=(deciders[1], False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "won"]
    db.session.expire_all()
    decided = db.session.get(Submission, submission.id)
    assert decided.decided_by_id in deciders


def test_takedown_hides_a_published_booth_and_restore_brings_it_back(organizer, make, client):
    booth = make.published_booth()
    assert client.get(f"/booths/{booth.id}").status_code == 200
    refused = organizer.call("POST", f"/booths/{booth.id}/takedown", {"reason": ""})
    assert refused.status_code == 422
    taken = organizer.call("POST", f"/booths/{booth.id}/takedown", {"reason": "Misleading claims."})
    assert taken.json == {"id": booth.id, "status": "taken_down",
                          "takedown_reason": "Misleading claims."}  # fmt: skip
    assert client.get(f"/booths/{booth.id}").status_code == 404
    again = organizer.call("POST", f"/booths/{booth.id}/takedown", {"reason": "Twice"})
    assert again.status_code == 409
    restored = organizer.call("POST", f"/booths/{booth.id}/restore")
    assert restored.json["status"] == "published"
    assert client.get(f"/booths/{booth.id}").status_code == 200


def test_a_booth_that_is_not_published_cannot_be_taken_down(organizer, make):
    booth = make.draft_booth(make.exhibitor())
    response = organizer.call("POST", f"/booths/{booth.id}/takedown", {"reason": "Spam"})
    assert response.status_code == 409
    assert organizer.call("POST", f"/booths/{booth.id}/restore").status_code == 409
    db.session.expire_all()
    assert db.session.get(Booth, booth.id).status == BoothStatus.DRAFT
