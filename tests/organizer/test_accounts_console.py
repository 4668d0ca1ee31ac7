"""Organizers decide applications and deactivate or reactivate accounts from the console."""

from __future__ import annotations

from eexpo.extensions import db
from eexpo.models import Exhibitor, ExhibitorStatus, Role, User
from tests.conftest import csrf_token


def _as_organizer(client, make, auth) -> User:
    organizer = make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")
    return organizer


def test_organizer_rejects_an_application_and_the_applicant_is_told(client, make, auth, mailbox):
    pending = make.exhibitor("Dubious Ltd", status=ExhibitorStatus.PENDING)
    make.user(Role.EXHIBITOR, email="d@example.com", exhibitor=pending, locale="zh_Hans")
    _as_organizer(client, make, auth)
    response = client.post(
        f"/organizer/exhibitors/{pending.id}/reject", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Exhibitor, pending.id).status == ExhibitorStatus.REJECTED
    assert "您的参展申请未通过" in mailbox.messages[-1]


def test_deciding_an_unknown_application_is_404(client, make, auth):
    _as_organizer(client, make, auth)
    response = client.post(
        "/organizer/exhibitors/999/approve", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 404


def test_organizer_deactivates_and_reactivates_an_account(client, make, auth):
    user = make.user(Role.EXHIBITOR, email="ex@example.com")
    _as_organizer(client, make, auth)
    token = csrf_token(client)
    page = client.post(
        f"/organizer/users/{user.id}/deactivate", data={"csrf_token": token}, follow_redirects=True
    )
    assert "The account ex@example.com was updated." in page.get_data(as_text=True)
    assert "Reactivate" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active is False
    client.post(f"/organizer/users/{user.id}/reactivate", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active is True


def test_organizer_cannot_deactivate_themself(client, make, auth):
    organizer = _as_organizer(client, make, auth)
    page = client.post(
        f"/organizer/users/{organizer.id}/deactivate",
        data={"csrf_token": csrf_token(client)},
        follow_redirects=True,
    )
    assert "You cannot deactivate your own account." in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, organizer.id).is_active is True


def test_organizer_dashboard_counts_exhibitors_and_users(client, make, auth):
    make.exhibitor(status=ExhibitorStatus.PENDING)
    make.user(Role.VISITOR)
    _as_organizer(client, make, auth)
    html = client.get("/organizer/").get_data(as_text=True)
    assert "<dt>Pending review</dt><dd>1</dd>" in html
    assert "<dt>Visitor</dt><dd>1</dd>" in html
    assert "<dt>Organizer</dt><dd>1</dd>" in html


def test_invitation_form_errors_are_visible(client, make, auth):
    _as_organizer(client, make, auth)
    response = client.post(
        "/organizer/exhibitors",
        data={"email": "nope", "organization_name": "", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a valid email address." in html
    assert "This field is required." in html
