"""Changing roles, the audit log page with its filters, and its CSV export."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eexpo import audit
from eexpo.accounts import management
from eexpo.booths import moderation
from eexpo.extensions import db
from eexpo.models import AuditEntry, ExhibitorStatus, Role, User, utcnow
from tests.conftest import ApiClient, csrf_token


def _role(client, user: User, role: str, exhibitor_id: int = 0):
    return client.post(
        f"/organizer/users/{user.id}/role",
        data={"csrf_token": csrf_token(client), "role": role, "exhibitor": str(exhibitor_id)},
    )


def test_an_organizer_promotes_a_visitor_and_it_is_audited(client, make, organizer):
    visitor = make.user(Role.VISITOR, email="v@example.com")
    response = _role(client, visitor, "organizer")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, visitor.id).role == Role.ORGANIZER
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.role"))
    assert (entry.actor_id, entry.target_id) == (organizer.id, visitor.id)
    assert entry.data == {"from": "visitor", "to": "organizer", "exhibitor": None}


def test_becoming_an_exhibitor_needs_an_organization(client, make, organizer):
    visitor = make.user(Role.VISITOR)
    response = _role(client, visitor, "exhibitor")
    assert response.status_code == 422
    assert "Choose the organization this exhibitor belongs to." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, visitor.id).role == Role.VISITOR
    company = make.exhibitor("Acme Robotics")
    assert _role(client, visitor, "exhibitor", company.id).status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, visitor.id)
    assert (changed.role, changed.exhibitor_id) == (Role.EXHIBITOR, company.id)


def test_leaving_the_exhibitor_role_leaves_the_organization(client, make, organizer):
    exhibitor_user = make.user(Role.EXHIBITOR)
    assert _role(client, exhibitor_user, "visitor").status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, exhibitor_user.id)
    assert (changed.role, changed.exhibitor_id) == (Role.VISITOR, None)


def test_an_unknown_role_is_refused(client, make, organizer):
    visitor = make.user(Role.VISITOR)
    assert _role(client, visitor, "emperor").status_code == 422
    db.session.expire_all()
    assert db.session.get(User, visitor.id).role == Role.VISITOR


def test_an_organizer_cannot_change_their_own_role(client, organizer):
    response = _role(client, organizer, "visitor")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, organizer.id).role == Role.ORGANIZER


def test_a_new_role_applies_from_the_next_request(client, make, auth, organizer):
    demoted = make.user(Role.ORGANIZER, email="demoted@example.com")
    _role(client, demoted, "visitor")
    auth.logout()
    auth.login("demoted@example.com")
    assert client.get("/organizer/").status_code == 403


def test_deactivation_revokes_tokens_and_is_audited(app, client, make, organizer):
    user = make.user(Role.EXHIBITOR)
    api = ApiClient(app.test_client(), user)  # its own client: no organizer's session cookie
    assert api.call("GET", "/me").status_code == 200
    client.post(f"/organizer/users/{user.id}/deactivate", data={"csrf_token": csrf_token(client)})
    assert api.call("GET", "/me").status_code == 401
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.deactivate"))
    assert entry.data == {"tokens_revoked": 1}


def test_application_decisions_are_audited_and_decided_once(make):
    organizer = make.user(Role.ORGANIZER)
    pending = make.exhibitor(status=ExhibitorStatus.PENDING)
    management.decide_application(pending, approve=True, actor=organizer)
    db.session.commit()
    with pytest.raises(Exception, match="already been decided"):
        management.decide_application(pending, approve=False, actor=organizer)
    db.session.rollback()
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions == ["exhibitor.approve"]


def _history(make):
    """Entries by two organizers: a takedown, a restore, a deactivation."""
    alice = make.user(Role.ORGANIZER, email="alice@example.com")
    bob = make.user(Role.ORGANIZER, email="bob@example.com")
    booth = make.published_booth()
    moderation.take_down(booth, reason='=HYPERLINK("http://evil")', actor=alice)
    moderation.restore(booth, actor=bob)
    management.deactivate_user(make.user(Role.VISITOR), actor=bob)
    db.session.commit()
    return alice, bob, booth


def _actions(html: str) -> list[str]:
    """The actions of the table's rows, top to bottom (each in words, its code as the title)."""
    return re.findall(r'<td title="([a-z_.]+)">', html)


def test_the_audit_page_filters_by_action_actor_target_and_date(client, make, organizer):
    _alice, _bob, booth = _history(make)
    everything = client.get("/organizer/audit").get_data(as_text=True)
    # Newest first; the factory submitted and approved the booth before.
    assert _actions(everything) == [
        "user.deactivate", "booth.restore", "booth.takedown", "booth.approve", "booth.submit"
    ]  # fmt: skip
    by_bob = client.get("/organizer/audit?actor=BOB@").get_data(as_text=True)
    assert _actions(by_bob) == ["user.deactivate", "booth.restore"]
    takedowns = client.get("/organizer/audit?action=booth.takedown").get_data(as_text=True)
    assert _actions(takedowns) == ["booth.takedown"]
    assert "alice@example.com" in takedowns
    on_booth = client.get(f"/organizer/audit?target_type=booth&target_id={booth.id}")
    assert _actions(on_booth.get_data(as_text=True)) == [
        "booth.restore", "booth.takedown", "booth.approve", "booth.submit"
    ]  # fmt: skip
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    future = client.get(f"/organizer/audit?since={tomorrow}").get_data(as_text=True)
    assert "0 entries" in future
    assert _actions(future) == []
    today = utcnow().date().isoformat()
    until_today = client.get(f"/organizer/audit?until={today}").get_data(as_text=True)
    assert len(_actions(until_today)) == 5


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            [
                'title="booth.takedown">Booth taken down</td>',
                "Booth ",
                "before: Published; after: Taken down",
                ">Account deactivated</td>",
                "API tokens revoked: 0",
            ],
        ),
        (
            "zh_Hans",
            [
                'title="booth.takedown">展位已下架</td>',
                "展位 ",
                "之前：已发布；之后：已下架",
                ">账户已停用</td>",
                "已吊销的 API 令牌：0",
            ],
        ),
    ],
)
def test_the_audit_log_reads_in_words_of_the_readers_language(client, make, auth, language,
                                                              words):  # fmt: skip
    make.user(Role.ORGANIZER, email="reader@example.com", locale=language)
    _history(make)
    auth.login("reader@example.com")
    html = client.get("/organizer/audit").get_data(as_text=True)
    for text in words:
        assert text in html
    assert "from=" not in html
    assert "booth.takedown<" not in html


def test_a_like_wildcard_in_the_actor_filter_is_taken_literally(client, make, organizer):
    _history(make)
    assert "0 entries" in client.get("/organizer/audit?actor=%25").get_data(as_text=True)


@pytest.mark.parametrize("query", ["since=yesterday", "target_id=abc", "target_id=-4"])
def test_bad_filters_are_explained(client, organizer, query):
    response = client.get(f"/organizer/audit?{query}")
    assert response.status_code == 422
    assert "field-error" in response.get_data(as_text=True)
    assert client.get(f"/organizer/audit.csv?{query}").status_code == 422


def test_the_csv_export_follows_the_filters_and_escapes_formulas(client, make, organizer):
    alice, _bob, booth = _history(make)
    response = client.get("/organizer/audit.csv?actor=alice")
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "private, no-store"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["time", "actor", "action", "target_type", "target_id", "reason", "details"]
    [row] = rows[1:]
    assert row[1:5] == [alice.email, "booth.takedown", "booth", str(booth.id)]
    assert row[5] == '\'=HYPERLINK("http://evil")'
    assert row[6] == "from=published; to=taken_down"


def test_a_long_log_is_paged_and_the_pages_keep_the_filters(client, make, organizer):
    for n in range(101):
        audit.record(organizer, "user.reactivate", "user", n + 1)
    db.session.commit()
    first = client.get("/organizer/audit?action=user.reactivate").get_data(as_text=True)
    assert len(_actions(first)) == 100
    assert "Page 1 of 2" in first
    assert 'href="/organizer/audit?page=2&amp;action=user.reactivate"' in first
    second = client.get("/organizer/audit?action=user.reactivate&page=2").get_data(as_text=True)
    assert len(_actions(second)) == 1
