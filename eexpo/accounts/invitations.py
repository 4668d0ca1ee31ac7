"""Invitations: organizers invite exhibitors, exhibitors their colleagues; a signed link opens
the invitation and accepting it creates the account (and, for a new exhibitor, its
organization)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eexpo import audit, permissions, tasks
from eexpo.accounts.services import (
    InvalidLink,
    create_user,
    ensure_email_free,
    get_or_create_exhibitor,
    link_serializer,
    load_link,
    normalize_email,
)
from eexpo.errors import Conflict, Forbidden
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.links import external_url
from eexpo.mail import send_mail
from eexpo.models import (
    Exhibitor,
    ExhibitorStatus,
    Invitation,
    Role,
    User,
    utcnow,
)
from eexpo.orm import rowcount, upsert

MAIL_JOB = "eexpo.accounts.invitations:mail_invitation"


class AlreadyInvited(Conflict):
    code = "already_invited"
    default_message = _l("This address has an open invitation already; resend it instead.")


def is_open(invitation: Invitation) -> bool:
    """Neither accepted nor revoked (it may have expired: a resend renews it)."""
    return invitation.accepted_at is None and invitation.revoked_at is None


def mail_invitation(invitation_id: int) -> None:
    """Mail one invitation's link in its language (a job, after the commit); an invitation
    accepted or revoked meanwhile is not sent."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not is_open(invitation):
        return
    token = link_serializer("invitation").dumps({"invitation": invitation.id})
    link = external_url("accounts.accept_invitation", token=token)
    inviter = invitation.invited_by.name if invitation.invited_by else "eexpo"
    organization = invitation.organization_name or (
        invitation.exhibitor.name if invitation.exhibitor else ""
    )
    with force_locale(invitation.locale or "en"):
        subject = _("You are invited to exhibit at eexpo")
        body = _(
            "%(inviter)s invites you to join %(organization)s on eexpo.\n\n"
            "Open this link to create your account (it works once, for %(days)d days):\n%(link)s\n",
            inviter=inviter,
            organization=organization,
            days=current_app.config["INVITATION_MAX_AGE"] // 86400,
            link=link,
        )
    send_mail(invitation.email, subject, body)


def invite_exhibitor(email: str, organization_name: str, *, actor: User) -> Invitation:
    """An organizer invites a new exhibitor; accepting creates the account and the organization."""
    if not permissions.can_manage_exhibitors(actor):
        raise Forbidden()
    return invite(email, actor, organization_name=organization_name, locale=actor.locale)


def invite_colleague(email: str, *, actor: User) -> Invitation:
    """An exhibitor invites a colleague into its own (approved) organization."""
    if not permissions.can_invite_colleague(actor):
        raise Forbidden(_("Your organization must be approved before you can invite colleagues."))
    return invite(email, actor, exhibitor=actor.exhibitor, locale=actor.locale)


def invite(
    email: str,
    actor: User | None,
    *,
    organization_name: str | None = None,
    exhibitor: Exhibitor | None = None,
    locale: str | None = None,
) -> Invitation:
    """Record an invitation and queue its mail. Refused when the address has an account
    (EmailTaken) or an open invitation (AlreadyInvited, also when another request invited it a
    moment before: the unique index decides, with no savepoint, which SQLite's driver lacks)."""
    ensure_email_free(email)
    address = normalize_email(email)
    now = utcnow()
    open_only = sa.and_(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
    inserted = db.session.scalar(
        upsert(Invitation, db.engine.dialect)
        .values(
            email=address,
            role=Role.EXHIBITOR,
            organization_name=organization_name.strip() if organization_name else None,
            exhibitor_id=exhibitor.id if exhibitor else None,
            invited_by_id=actor.id if actor else None,
            locale=locale,
            created_at=now,
            last_sent_at=now,
            expires_at=now + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"]),
        )
        .on_conflict_do_nothing(index_elements=[Invitation.email], index_where=open_only)
        .returning(Invitation.id)
    )
    if inserted is None:
        raise AlreadyInvited(fields={"email": "taken"})
    invitation = db.session.get_one(Invitation, inserted)
    audit.record(actor, "invitation.send", "invitation", invitation.id, email=address)
    tasks.enqueue(MAIL_JOB, invitation.id)
    return invitation


def resend(invitation: Invitation, *, actor: User | None) -> None:
    """Send an open invitation again, valid for a full period from now (`actor` None: the
    command line)."""
    if actor is not None and not permissions.can_manage_exhibitors(actor):
        raise Forbidden()
    if not is_open(invitation):
        raise Conflict(_("This invitation was accepted or withdrawn; it cannot be sent again."))
    now = utcnow()
    invitation.last_sent_at = now
    invitation.expires_at = now + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"])
    audit.record(actor, "invitation.resend", "invitation", invitation.id, email=invitation.email)
    tasks.enqueue(MAIL_JOB, invitation.id)


def revoke(invitation: Invitation, *, actor: User) -> None:
    """Withdraw an open invitation: its link stops working at once."""
    if not permissions.can_manage_exhibitors(actor):
        raise Forbidden()
    if not is_open(invitation):
        raise Conflict(_("This invitation was accepted or withdrawn already."))
    invitation.revoked_at = utcnow()
    audit.record(actor, "invitation.revoke", "invitation", invitation.id, email=invitation.email)


def open_invitation(token: str) -> Invitation:
    """The invitation behind a link; raises InvalidLink when tampered, expired or already used."""
    data = load_link("invitation", token, current_app.config["INVITATION_MAX_AGE"])
    invitation = db.session.get(Invitation, data.get("invitation"))
    if invitation is None:
        raise InvalidLink(_("This link is not valid. Check that it was copied whole."))
    if invitation.accepted_at is not None:
        raise InvalidLink(_("This invitation has already been used. Sign in instead."))
    if invitation.revoked_at is not None:
        raise InvalidLink(
            _("The organizers withdrew this invitation. Ask them for a new one if in doubt.")
        )
    if invitation.expires_at <= utcnow():
        raise InvalidLink(_("This link has expired. Ask for a new one."))
    return invitation


def accept_invitation(token: str, *, name: str, password: str, locale: str | None) -> User:
    """Create the invited account (and its organization); the link cannot be used again."""
    invitation = open_invitation(token)
    # Mark it used first, guarded by the row itself, so two simultaneous accepts cannot both win.
    claimed = db.session.execute(
        sa.update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(accepted_at=utcnow())
    )
    if rowcount(claimed) != 1:
        raise InvalidLink(_("This invitation has already been used. Sign in instead."))
    exhibitor = invitation.exhibitor
    if exhibitor is None and invitation.organization_name:
        exhibitor = get_or_create_exhibitor(invitation.organization_name)
    if exhibitor is not None and not exhibitor.is_approved:  # the organizers invited it
        exhibitor.status = ExhibitorStatus.APPROVED
        exhibitor.decided_at = utcnow()
    user = create_user(
        invitation.email,
        password,
        role=invitation.role,
        name=name,
        exhibitor=exhibitor,
        locale=locale,
    )
    audit.record(user, "invitation.accept", "invitation", invitation.id, email=invitation.email)
    return user
