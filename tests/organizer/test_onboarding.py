"""Onboarding the catalogue's exhibitors: a preview of who gets what, one action to invite them
all in their languages, nothing sent twice, each one's standing with resend and withdraw, the
exhibitor's page, and the audit trail."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eexpo.accounts import onboarding
from eexpo.extensions import db
from eexpo.models import AuditEntry, Invitation, Role, User, utcnow
from tests.accounts.test_links import _accept
from tests.conftest import csrf_token


@pytest.fixture
def catalogue(make):
    """Exhibitors as a catalogue import leaves them, in each standing that matters."""
    make.user(email="taken@example.com")  # a visitor's account
    on_eexpo = make.exhibitor("Already Here", contact_email="here@example.com")
    make.user(Role.EXHIBITOR, email="staff@here.example", exhibitor=on_eexpo)
    return {
        "zh": make.exhibitor("Shenzhen Wafers", country="CN", contact_email="Sales@SZ.example"),
        "en": make.exhibitor("Munich Optics", country="DE", contact_email="info@mo.example"),
        "no_email": make.exhibitor("Quiet Labs", country="FR"),
        "taken": make.exhibitor("Taken Address", country="US", contact_email="taken@example.com"),
        "on_eexpo": on_eexpo,
    }


def _invitations() -> list[Invitation]:
    return list(db.session.scalars(sa.select(Invitation).order_by(Invitation.id)))


def _actions(name: str) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.action == name)))


def _send_all(client):
    return client.post(
        "/organizer/exhibitors/invite-all",
        data={"csrf_token": csrf_token(client, "/organizer/exhibitors/invite-all")},
    )


def test_the_preview_says_who_gets_what_and_sends_nothing(client, organizer, catalogue, mailbox):
    page = client.get("/organizer/exhibitors/invite-all")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "sales@sz.example" in html
    assert "简体中文" in html  # the Chinese exhibitor is written to in Chinese
    assert "info@mo.example" in html
    assert "Quiet Labs" not in html
    assert "Taken Address" not in html
    assert "Send 2 invitations" in html
    assert "Already on eexpo" in html
    assert "No email in the catalogue" in html
    assert _invitations() == []
    assert mailbox.messages == []


def test_one_action_invites_everyone_in_their_language_and_twice_sends_nothing(
    client, organizer, catalogue, mailbox
):
    response = _send_all(client)
    assert response.status_code == 302
    flashed = client.get("/organizer/exhibitors").get_data(as_text=True)
    assert "2 invitations sent, 0 sent again." in flashed
    sent = {(i.email, i.locale, i.exhibitor_id) for i in _invitations()}
    assert sent == {
        ("sales@sz.example", "zh_Hans", catalogue["zh"].id),
        ("info@mo.example", "en", catalogue["en"].id),
    }
    mails = mailbox.messages
    assert len(mails) == 2
    assert any(m.startswith("mail to sales@sz.example: 诚邀您") for m in mails), mails
    assert any(m.startswith("mail to info@mo.example: You are invited") for m in mails), mails
    assert len(_actions("invitation.send")) == 2

    again = _send_all(client)
    assert again.status_code == 302
    assert len(_invitations()) == 2
    assert len(mailbox.messages) == 2
    assert "Invited" in client.get("/organizer/exhibitors").get_data(as_text=True)


def test_an_invited_catalogue_exhibitor_accepts_into_its_own_row(
    client, organizer, catalogue, mailbox, auth
):
    _send_all(client)
    link = mailbox.last_link("info@mo.example")
    auth.logout()
    assert _accept(client, link).status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "info@mo.example"))
    assert user.exhibitor_id == catalogue["en"].id
    assert len(_actions("invitation.accept")) == 1
    auth.logout()
    auth.login("org@example.com")
    page = client.get(f"/organizer/exhibitors/{catalogue['en'].id}").get_data(as_text=True)
    assert "Accepted" in page
    assert "info@mo.example" in page
    assert "invitation.accept" in page


def test_the_command_line_does_the_same(runner, catalogue, mailbox):
    dry = runner.invoke(args=["invitations", "send", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Shenzhen Wafers <sales@sz.example> would get an invitation (zh_Hans)" in dry.output
    assert "2 invited, 0 sent again (dry run)" in dry.output
    assert _invitations() == []
    sent = runner.invoke(args=["invitations", "send"])
    assert sent.exit_code == 0, sent.output
    assert "Munich Optics <info@mo.example> got an invitation (en)" in sent.output
    assert len(mailbox.messages) == 2
    again = runner.invoke(args=["invitations", "send"])
    assert "0 invited, 0 sent again" in again.output
    assert "2 invited" in again.output  # left alone: the two open invitations
    assert len(mailbox.messages) == 2


def test_two_organizers_inviting_at_once_send_each_invitation_once(app, make, catalogue, mailbox):
    organizers = [make.user(Role.ORGANIZER).id, make.user(Role.ORGANIZER).id]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def send(user_id: int) -> None:
        with app.app_context():
            try:
                actor = db.session.get(User, user_id)
                barrier.wait()
                onboarding.invite_all(actor)
                db.session.commit()
            except BaseException as error:  # reported below, not lost in the thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send, args=(user_id,)) for user_id in organizers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(i.email for i in _invitations()) == ["info@mo.example", "sales@sz.example"]
    assert len(mailbox.messages) == 2


def test_an_address_with_an_account_gets_no_invitation(client, organizer, catalogue, mailbox):
    _send_all(client)
    assert "taken@example.com" not in {i.email for i in _invitations()}
    assert not any("taken@example.com" in m for m in mailbox.messages)
    page = client.get(f"/organizer/exhibitors/{catalogue['taken'].id}").get_data(as_text=True)
    assert "Already on eexpo" in page


def test_an_expired_invitation_is_sent_again_and_renewed(client, organizer, catalogue, mailbox):
    _send_all(client)
    first = next(i for i in _invitations() if i.email == "info@mo.example")
    first.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert "Invitation expired" in client.get("/organizer/exhibitors").get_data(as_text=True)
    _send_all(client)
    db.session.expire_all()
    renewed = db.session.get(Invitation, first.id)
    assert renewed.expires_at > utcnow() + timedelta(days=6)
    assert len(_invitations()) == 2
    assert len(mailbox.messages) == 3
    assert len(_actions("invitation.resend")) == 1


def test_resend_and_withdraw_one_invitation(client, organizer, catalogue, mailbox, auth):
    _send_all(client)
    invitation = next(i for i in _invitations() if i.email == "info@mo.example")
    link = mailbox.last_link("info@mo.example")
    page = f"/organizer/exhibitors/{catalogue['en'].id}"
    token = csrf_token(client, page)
    resend = client.post(
        f"/organizer/invitations/{invitation.id}/resend", data={"csrf_token": token}
    )
    assert resend.status_code == 302
    assert resend.headers["Location"] == page
    assert len(mailbox.messages) == 3
    revoke = client.post(
        f"/organizer/invitations/{invitation.id}/revoke", data={"csrf_token": token}
    )
    assert revoke.status_code == 302
    assert "was withdrawn" in client.get(page).get_data(as_text=True)
    assert len(_actions("invitation.revoke")) == 1
    twice = client.post(
        f"/organizer/invitations/{invitation.id}/revoke", data={"csrf_token": token}
    )
    assert twice.status_code == 302
    assert "withdrawn already" in client.get(page).get_data(as_text=True)
    assert len(_actions("invitation.revoke")) == 1

    auth.logout()
    refused = client.get(link)
    assert refused.status_code == 400
    assert "withdrew this invitation" in refused.get_data(as_text=True)
    assert _accept(client, link).status_code == 400
    assert db.session.scalar(sa.select(User).where(User.email == "info@mo.example")) is None


def test_inviting_an_address_with_an_open_invitation_is_refused(client, organizer, mailbox):
    data = {"email": "new@example.com", "organization_name": "Acme Robotics"}
    first = client.post(
        "/organizer/exhibitors",
        data={**data, "csrf_token": csrf_token(client, "/organizer/exhibitors")},
    )
    assert first.status_code == 302
    again = client.post("/organizer/exhibitors", data={**data, "csrf_token": csrf_token(client)})
    assert again.status_code == 409
    assert "open invitation already" in again.get_data(as_text=True)
    assert len(_invitations()) == 1
    assert len(mailbox.messages) == 1


def test_the_exhibitor_page_shows_users_booths_leads_and_trail(client, organizer, make):
    exhibitor = make.exhibitor("Acme Wafers")
    make.user(Role.EXHIBITOR, email="ann@acme.example", exhibitor=exhibitor)
    make.published_booth(exhibitor, title="Wafer line")
    page = client.get(f"/organizer/exhibitors/{exhibitor.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "ann@acme.example" in html
    assert "never" in html  # no sign-in yet
    assert "Wafer line" in html
    assert "Published" in html
    assert "booth.approve" in html or "submission.approve" in html
    assert client.get("/organizer/exhibitors/999999").status_code == 404


def test_only_organizers_onboard(client, make, auth, catalogue):
    make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    assert client.get("/organizer/exhibitors/invite-all").status_code == 403
    assert _send_all(client).status_code == 403
    assert _invitations() == []
