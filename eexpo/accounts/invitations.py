"""Invitations: organizers invite exhibitors, exhibitors their colleagues; a signed link opens
the invitation and accepting it creates the account (and, for a new exhibitor, its
organization)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eexpo import permissions
from eexpo.accounts.services import (
    InvalidLink,
    create_user,
    ensure_email_free,
    get_or_create_exhibitor,
    link_serializer,
    load_link,
    normalize_email,
)
from eexpo.errors import Forbidden
from eexpo.extensions import db
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
from eexpo.orm import rowcount


def _send_invitation(invitation: Invitation) -> str:
    token = link_serializer("invitation").dumps({"invitation": invitation.id})
    link = external_url("accounts.accept_invitation", token=token)
    inviter = invitation.invited_by.name if invitation.invited_by else "eexpo"
    organization = invitation.organization_name or (
        invitation.exhibitor.name if invitation.exhibitor else ""
    )
    send_mail(
        invitation.email,
        _("You are invited to exhibit at eexpo"),
        _(
            "%(inviter)s invites you to join %(organization)s on eexpo.\n\n"
            "Open this link to create your account (it works once, for %(days)d days):\n%(link)s\n",
            inviter=inviter,
            organization=organization,
            days=current_app.config["INVITATION_MAX_AGE"] // 86400,
            link=link,
        ),
    )
    return token


def invite_exhibitor(email: str, organization_name: str, *, actor: User) -> tuple[Invitation, str]:
    """An organizer invites a new exhibitor; accepting creates the account and the organization."""
    if not permissions.can_manage_exhibitors(actor):
        raise Forbidden()
    return _invite(email, Role.EXHIBITOR, actor, organization_name=organization_name)


def invite_colleague(email: str, *, actor: User) -> tuple[Invitation, str]:
    """An exhibitor invites a colleague into its own (approved) organization."""
    if not permissions.can_invite_colleague(actor):
        raise Forbidden(_("Your organization must be approved before you can invite colleagues."))
    return _invite(email, Role.EXHIBITOR, actor, exhibitor=actor.exhibitor)


def _invite(
    email: str,
    role: Role,
    actor: User,
    *,
    organization_name: str | None = None,
    exhibitor: Exhibitor | None = None,
) -> tuple[Invitation, str]:
    ensure_email_free(email)
    invitation = Invitation(
        email=normalize_email(email),
        role=role,
        organization_name=organization_name.strip() if organization_name else None,
        exhibitor=exhibitor,
        invited_by=actor,
        expires_at=utcnow() + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"]),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, _send_invitation(invitation)


def open_invitation(token: str) -> Invitation:
    """The invitation behind a link; raises InvalidLink when tampered, expired or already used."""
    data = load_link("invitation", token, current_app.config["INVITATION_MAX_AGE"])
    invitation = db.session.get(Invitation, data.get("invitation"))
    if invitation is None:
        raise InvalidLink(_("This link is not valid. Check that it was copied whole."))
    if invitation.accepted_at is not None:
        raise InvalidLink(_("This invitation has already been used. Sign in instead."))
    if invitation.expires_at <= utcnow():
        raise InvalidLink(_("This link has expired. Ask for a new one."))
    return invitation


def accept_invitation(token: str, *, name: str, password: str, locale: str | None) -> User:
    """Create the invited account (and its organization); the link cannot be used again."""
    invitation = open_invitation(token)
    # Mark it used first, guarded by the row itself, so two simultaneous accepts cannot both win.
    claimed = db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
        .values(accepted_at=utcnow())
    )
    if rowcount(claimed) != 1:
        raise InvalidLink(_("This invitation has already been used. Sign in instead."))
    exhibitor = invitation.exhibitor
    if exhibitor is None and invitation.organization_name:
        exhibitor = get_or_create_exhibitor(invitation.organization_name)
        exhibitor.status = ExhibitorStatus.APPROVED
        exhibitor.decided_at = utcnow()
    return create_user(
        invitation.email,
        password,
        role=invitation.role,
        name=name,
        exhibitor=exhibitor,
        locale=locale,
    )
