"""Invitation and password-reset links: they work once, expire, and refuse tampering."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eexpo.extensions import db
from eexpo.models import Exhibitor, ExhibitorStatus, Invitation, Role, User
from tests.conftest import csrf_token


def _invite_exhibitor(client, auth, make, email="new@example.com", organization="Acme Robotics"):
    make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")
    return client.post(
        "/organizer/exhibitors",
        data={
            "email": email,
            "organization_name": organization,
            "csrf_token": csrf_token(client, "/organizer/exhibitors"),
        },
    )


def _accept(client, link, name="Nina New", password="a good long password"):
    return client.post(
        link,
        data={
            "name": name,
            "password": password,
            "confirm": password,
            "csrf_token": csrf_token(client),
        },
    )


def test_organizer_invitation_creates_the_account_and_its_organization(client, auth, make, mailbox):
    assert _invite_exhibitor(client, auth, make).status_code == 302
    link = mailbox.last_link("new@example.com")
    auth.logout()
    response = _accept(client, link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/portal/"
    user = db.session.scalar(sa.select(User).where(User.email == "new@example.com"))
    assert user.role == Role.EXHIBITOR
    assert user.exhibitor.name == "Acme Robotics"
    assert user.exhibitor.status == ExhibitorStatus.APPROVED
    assert "Acme Robotics" in client.get("/portal/").get_data(as_text=True)


def test_used_invitation_link_is_refused(client, auth, make, mailbox):
    _invite_exhibitor(client, auth, make)
    link = mailbox.last_link("new@example.com")
    auth.logout()
    _accept(client, link)
    auth.logout()
    response = client.get(link)
    assert response.status_code == 400
    assert "already been used" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_expired_invitation_link_is_refused(app, client, auth, make, mailbox):
    _invite_exhibitor(client, auth, make)
    link = mailbox.last_link("new@example.com")
    auth.logout()
    app.config["INVITATION_MAX_AGE"] = -1
    response = _accept(client, link)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.email == "new@example.com")) is None


def test_tampered_invitation_link_is_refused(client, auth, make, mailbox):
    _invite_exhibitor(client, auth, make)
    link = mailbox.last_link("new@example.com")
    auth.logout()
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    response = client.get(tampered)
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_inviting_a_taken_email_is_refused_case_insensitively(client, auth, make, mailbox):
    make.user(email="taken@example.com")
    response = _invite_exhibitor(client, auth, make, email="TAKEN@Example.com")
    assert response.status_code == 409
    assert "already exists" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0
    assert mailbox.messages == []


def test_exhibitor_invites_a_colleague_into_its_organization(client, auth, make, mailbox):
    owner = make.user(Role.EXHIBITOR, email="owner@example.com")
    auth.login("owner@example.com")
    response = client.post(
        "/portal/team",
        data={"email": "mate@example.com", "csrf_token": csrf_token(client, "/portal/team")},
    )
    assert response.status_code == 302
    link = mailbox.last_link("mate@example.com")
    auth.logout()
    _accept(client, link, name="Mate")
    mate = db.session.scalar(sa.select(User).where(User.email == "mate@example.com"))
    assert mate.exhibitor_id == owner.exhibitor_id


def test_pending_exhibitor_cannot_invite_colleagues(client, auth, make, mailbox):
    pending = make.exhibitor(status=ExhibitorStatus.PENDING)
    make.user(Role.EXHIBITOR, email="p@example.com", exhibitor=pending)
    auth.login("p@example.com")
    response = client.post(
        "/portal/team",
        data={"email": "mate@example.com", "csrf_token": csrf_token(client, "/portal/team")},
    )
    assert response.status_code == 403
    assert "must be approved" in response.get_data(as_text=True)
    assert mailbox.messages == []


def _reset_link(client, mailbox, email="a@example.com"):
    client.post(
        "/password/forgot",
        data={"email": email, "csrf_token": csrf_token(client, "/password/forgot")},
    )
    return mailbox.last_link(email)


def _reset(client, link, password="a brand new password"):
    return client.post(
        link,
        data={"password": password, "confirm": password, "csrf_token": csrf_token(client)},
    )


def test_password_reset_link_sets_a_new_password_once(client, auth, make, mailbox):
    make.user(email="a@example.com")
    link = _reset_link(client, mailbox)
    assert _reset(client, link).status_code == 302
    assert auth.login("a@example.com", "a brand new password").status_code == 302
    auth.logout()
    again = _reset(client, link, "yet another password")
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    assert auth.login("a@example.com", "yet another password").status_code == 401


def test_expired_reset_link_is_refused(app, client, make, mailbox):
    make.user(email="a@example.com")
    link = _reset_link(client, mailbox)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    response = _reset(client, link)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_tampered_reset_link_is_refused(client, make, mailbox):
    make.user(email="a@example.com")
    link = _reset_link(client, mailbox)
    response = client.get(link.replace("/password/reset/", "/password/reset/x"))
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_reset_request_for_an_unknown_email_reveals_nothing(client, mailbox):
    response = client.post(
        "/password/forgot",
        data={"email": "ghost@example.com", "csrf_token": csrf_token(client, "/password/forgot")},
        follow_redirects=True,
    )
    assert "If an account exists for this address" in response.get_data(as_text=True)
    assert mailbox.messages == []


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_reset_mail_is_in_the_users_language(client, make, mailbox, locale):
    make.user(email="a@example.com", locale=locale)
    _reset_link(client, mailbox)
    expected = "Reset your eexpo password" if locale == "en" else "重置您的 eexpo 密码"
    assert expected in mailbox.messages[-1]


def test_application_waits_for_an_organizer(client, auth, make, mailbox):
    response = client.post(
        "/apply",
        data={
            "name": "Ada",
            "email": "ada@example.com",
            "organization_name": "Ada Photonics",
            "country": "de",
            "password": "a good long password",
            "confirm": "a good long password",
            "csrf_token": csrf_token(client, "/apply"),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "Thank you for applying for Ada Photonics" in mailbox.messages[-1]
    auth.login("ada@example.com", "a good long password")
    page = client.get("/portal/").get_data(as_text=True)
    assert "reviewing your application" in page
    exhibitor = db.session.scalar(sa.select(Exhibitor).where(Exhibitor.name == "Ada Photonics"))
    assert exhibitor.status == ExhibitorStatus.PENDING
    assert exhibitor.country == "DE"
    auth.logout()

    make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")
    assert "Ada Photonics" in client.get("/organizer/exhibitors").get_data(as_text=True)
    token = csrf_token(client, "/organizer/exhibitors")
    url = f"/organizer/exhibitors/{exhibitor.id}/approve"
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Exhibitor, exhibitor.id).status == ExhibitorStatus.APPROVED
    assert "approved" in mailbox.messages[-1]
    again = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert "already been decided" in again.get_data(as_text=True)


def _apply(client, email="Ada@Example.com", organization="Ada Photonics"):
    return client.post(
        "/apply",
        data={
            "name": "Ada",
            "email": email,
            "organization_name": organization,
            "country": "DE",
            "password": "a good long password",
            "confirm": "a good long password",
            "csrf_token": csrf_token(client, "/apply"),
        },
    )


def test_applying_with_a_taken_email_answers_as_for_a_new_one_and_mails_the_owner(
    client, make, mailbox
):
    make.user(email="ada@example.com")
    taken = _apply(client)
    taken_page = client.get(taken.headers["Location"]).get_data(as_text=True)
    fresh = _apply(client, email="bob@example.com", organization="Bob Optics")
    fresh_page = client.get(fresh.headers["Location"]).get_data(as_text=True)
    assert taken.status_code == fresh.status_code == 302
    assert taken.headers["Location"] == fresh.headers["Location"]
    assert "We have sent a message to Ada@Example.com" in taken_page
    assert "We have sent a message to bob@example.com" in fresh_page
    assert db.session.scalar(sa.select(Exhibitor).where(Exhibitor.name == "Ada Photonics")) is None
    owner_mail = next(m for m in mailbox.messages if m.startswith("mail to ada@example.com:"))
    assert "already has an eexpo account" in owner_mail
    assert "http://localhost/password/forgot" in owner_mail
