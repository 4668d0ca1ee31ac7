"""The moderation transition table: every row, a refused move, and the audit trail it writes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eexpo.booths import drafts, moderation, services
from eexpo.booths.states import TRANSITIONS, apply_transition
from eexpo.errors import Conflict, Forbidden, Invalid
from eexpo.extensions import db
from eexpo.models import (
    AuditEntry,
    AuditLogIsAppendOnly,
    BoothStatus,
    RevisionState,
    Role,
    SubmissionStatus,
)


@pytest.mark.parametrize(("move", "after"), list(TRANSITIONS.items()), ids=str)
def test_each_row_of_the_table_moves_the_booth_and_is_audited(make, move, after):
    action, before = move
    organizer = make.user(Role.ORGANIZER)
    booth = make.draft_booth(make.exhibitor())
    booth.status = before
    assert apply_transition(booth, action, actor=organizer, reason="why") == after
    db.session.commit()
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.action, entry.target_id, entry.actor_id) == (
        f"booth.{action}",
        booth.id,
        organizer.id,
    )
    assert entry.data == {"from": before.value, "to": after.value}
    assert entry.reason == "why"


def test_a_move_not_in_the_table_is_refused_and_changes_nothing(make):
    booth = make.draft_booth(make.exhibitor())
    with pytest.raises(Conflict):
        apply_transition(booth, "takedown", actor=None)
    assert booth.status == BoothStatus.DRAFT
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_audit_entries_cannot_be_changed_or_removed(make):
    booth = make.draft_booth(make.exhibitor())
    apply_transition(booth, "submit", actor=None)
    db.session.commit()
    entry = db.session.scalar(sa.select(AuditEntry))
    entry.reason = "rewritten history"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalar(sa.select(AuditEntry)))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_approval_publishes_the_submitted_revision(make):
    booth = make.published_booth()
    assert booth.status == BoothStatus.PUBLISHED
    assert booth.published_revision.state == RevisionState.PUBLISHED
    assert booth.published_revision.blocks[0].html == "<p>Hello <strong>visitors</strong></p>\n"
    assert booth.draft_revision is None


def test_an_empty_booth_cannot_be_submitted(make):
    booth = make.draft_booth(make.exhibitor())
    with pytest.raises(Conflict, match="at least one block"):
        services.submit_booth(booth, actor=None)
    assert booth.status == BoothStatus.DRAFT


def test_a_decided_submission_cannot_be_decided_again(make):
    organizer = make.user(Role.ORGANIZER)
    booth = make.draft_booth(make.exhibitor())
    services.add_text_block(booth, "text", actor=None)
    submission = services.submit_booth(booth, actor=None)
    moderation.approve_submission(submission, actor=organizer)
    db.session.commit()
    with pytest.raises(Conflict, match="already been decided"):
        moderation.approve_submission(submission, actor=make.user(Role.ORGANIZER))
    db.session.rollback()
    assert db.session.get(type(submission), submission.id).decided_by_id == organizer.id


def test_only_organizers_decide(make):
    exhibitor_user = make.user(Role.EXHIBITOR)
    booth = make.draft_booth(exhibitor_user.exhibitor)
    services.add_text_block(booth, "text", actor=None)
    submission = services.submit_booth(booth, actor=None)
    with pytest.raises(Forbidden):
        moderation.approve_submission(submission, actor=exhibitor_user)
    assert submission.status == SubmissionStatus.PENDING


def test_another_organizations_user_cannot_edit_a_booth(make):
    outsider = make.user(Role.EXHIBITOR)
    booth = make.draft_booth(make.exhibitor())
    with pytest.raises(Forbidden):
        services.add_text_block(booth, "hijack", actor=outsider)
    assert booth.draft_revision.blocks == []


def test_a_rejected_new_booth_returns_to_its_exhibitor_with_the_reason(make, client, auth):
    owner = make.user(Role.EXHIBITOR, email="ex@example.com")
    booth = make.draft_booth(owner.exhibitor)
    services.add_text_block(booth, "Our claims, unchecked", actor=None)
    submission = services.submit_booth(booth, actor=None)
    moderation.reject_submission(
        submission, reason="Please back up your claims.", actor=make.user(Role.ORGANIZER)
    )
    db.session.commit()
    assert booth.status == BoothStatus.REJECTED
    assert booth.draft_revision.blocks[0].markdown == "Our claims, unchecked"
    assert booth.draft_revision.id != submission.revision_id
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "booth.reject"))
    assert entry.reason == "Please back up your claims."
    auth.login("ex@example.com")
    dashboard = client.get("/portal/").get_data(as_text=True)
    assert "Rejected" in dashboard
    assert "Reason: Please back up your claims." in dashboard


def test_rejecting_changes_keeps_the_live_booth_and_says_why(make, client, auth):
    owner = make.user(Role.EXHIBITOR, email="ex@example.com")
    booth = make.published_booth(exhibitor=owner.exhibitor)
    live = booth.published_revision_id
    drafts.update_draft(booth, version=0, changes={"title": "Overclaimed"}, actor=owner)
    submission = services.submit_booth(booth, actor=owner)
    moderation.reject_submission(submission, reason="Too bold.", actor=make.user(Role.ORGANIZER))
    db.session.commit()
    assert booth.status == BoothStatus.PUBLISHED
    assert booth.published_revision_id == live
    assert booth.draft_revision.title == "Overclaimed"
    auth.login("ex@example.com")
    dashboard = client.get("/portal/").get_data(as_text=True)
    assert "Published; changes not submitted yet" in dashboard
    assert "Reason: Too bold." in dashboard


@pytest.mark.parametrize(("reason", "message"), [("  ", "Give the exhibitor a reason"),
                                                 ("x" * 2001, "at most 2000")])  # fmt: skip
def test_a_rejection_needs_a_reason(make, reason, message):
    booth = make.draft_booth(make.exhibitor())
    services.add_text_block(booth, "text", actor=None)
    submission = services.submit_booth(booth, actor=None)
    with pytest.raises(Invalid, match=message):
        moderation.reject_submission(submission, reason=reason, actor=make.user(Role.ORGANIZER))
    assert submission.status == SubmissionStatus.PENDING
