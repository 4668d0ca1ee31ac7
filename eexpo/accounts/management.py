"""What organizers do to accounts: decide applications, deactivate and reactivate users, change
roles. Each change is audited in the caller's transaction."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from eexpo import audit, permissions
from eexpo.accounts.tokens import revoke_api_tokens
from eexpo.errors import Conflict, Forbidden, Invalid
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.mail import send_mail
from eexpo.models import Exhibitor, ExhibitorStatus, Role, User, utcnow
from eexpo.orm import rowcount


def deactivate_user(user: User, *, actor: User | None) -> None:
    """Block the account: its sessions and API tokens stop working from the next request on."""
    if actor is not None and not permissions.can_manage_user(actor, user):
        raise Forbidden(_("You cannot deactivate your own account."))
    user.is_active = False
    user.session_version += 1
    revoked = revoke_api_tokens(user)
    audit.record(actor, "user.deactivate", "user", user.id, tokens_revoked=revoked)


def reactivate_user(user: User, *, actor: User | None) -> None:
    if actor is not None and not permissions.can_manage_user(actor, user):
        raise Forbidden()
    user.is_active = True
    audit.record(actor, "user.reactivate", "user", user.id)


def change_role(user: User, role: Role, *, exhibitor: Exhibitor | None, actor: User) -> User:
    """Give the user another role. An exhibitor belongs to an organization; other roles to none.
    The new rights apply from the user's next request, as rules read the role each time."""
    if not permissions.can_manage_user(actor, user):
        raise Forbidden(_("You cannot change your own role."))
    if role == Role.EXHIBITOR:
        exhibitor = exhibitor or user.exhibitor
        if exhibitor is None:
            raise Invalid(
                _("Choose the organization this exhibitor belongs to."),
                fields={"exhibitor": "required"},
            )
    else:
        exhibitor = None
    before = (user.role.value, user.exhibitor_id)
    if before == (role.value, exhibitor.id if exhibitor else None):
        return user
    user.role = role
    user.exhibitor = exhibitor
    audit.record(
        actor,
        "user.role",
        "user",
        user.id,
        **{"from": before[0], "to": role.value, "exhibitor": exhibitor.name if exhibitor else None},
    )
    return user


def decide_application(exhibitor: Exhibitor, *, approve: bool, actor: User) -> None:
    """An organizer approves or rejects a pending organization (claimed with a guarded UPDATE, so
    of two organizers deciding at once one wins); its users are told by mail."""
    if not permissions.can_manage_exhibitors(actor):
        raise Forbidden()
    status = ExhibitorStatus.APPROVED if approve else ExhibitorStatus.REJECTED
    claimed = db.session.execute(
        sa.update(Exhibitor)
        .where(Exhibitor.id == exhibitor.id, Exhibitor.status == ExhibitorStatus.PENDING)
        .values(status=status, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if rowcount(claimed) != 1:
        raise Conflict(_("This application has already been decided."))
    db.session.refresh(exhibitor)
    action = "exhibitor.approve" if approve else "exhibitor.reject"
    audit.record(actor, action, "exhibitor", exhibitor.id)
    for user in exhibitor.users:
        with force_locale(user.locale or "en"):
            subject = (
                _("Your exhibitor application was approved")
                if approve
                else _("Your exhibitor application was not accepted")
            )
            send_mail(user.email, subject, subject + "\n")
