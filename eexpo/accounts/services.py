"""Accounts: users, sign-in, invitations, exhibitor applications, password reset, profiles.

Services flush and never commit; the caller (a view, the CLI, the demo) commits once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from eexpo import tasks
from eexpo.accounts.tokens import revoke_api_tokens
from eexpo.errors import Conflict, Forbidden, Invalid, Unauthorized
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.links import external_url
from eexpo.mail import send_mail
from eexpo.models import (
    Exhibitor,
    ExhibitorStatus,
    Role,
    User,
    utcnow,
)

MIN_PASSWORD_LENGTH = 10


class InvalidLink(Invalid):
    """A mailed link that cannot be used (tampered, expired, used, withdrawn): a bad request."""

    status = 400
    code = "invalid_link"


class EmailTaken(Conflict):
    code = "email_taken"
    default_message = _l("An account with this email address already exists.")


@dataclass
class ExhibitorApplication:
    email: str
    password: str
    name: str
    organization_name: str
    organization_name_zh: str | None = None
    country: str | None = None
    region: str | None = None
    delegation: str | None = None
    website: str | None = None
    contact_phone: str | None = None


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            _("Choose a password of at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            fields={"password": "too_short"},
        )
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


def ensure_email_free(email: str) -> None:
    if get_user_by_email(email) is not None:
        raise EmailTaken(fields={"email": "taken"})


def create_user(
    email: str,
    password: str | None,
    *,
    role: Role,
    name: str = "",
    exhibitor: Exhibitor | None = None,
    locale: str | None = None,
) -> User:
    """Create an account; raises EmailTaken (case-insensitive) or Invalid (short password)."""
    ensure_email_free(email)
    if role == Role.EXHIBITOR and exhibitor is None:
        raise Invalid(_("An exhibitor account belongs to an exhibitor organization."))
    user = User(
        email=normalize_email(email),
        name=name.strip() or normalize_email(email).split("@")[0],
        role=role,
        exhibitor=exhibitor,
        password_hash=_hash_password(password) if password is not None else None,
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def get_or_create_exhibitor(name: str) -> Exhibitor:
    exhibitor = db.session.scalar(sa.select(Exhibitor).where(Exhibitor.name == name.strip()))
    if exhibitor is None:
        exhibitor = Exhibitor(name=name.strip())
        db.session.add(exhibitor)
        db.session.flush()
    return exhibitor


@cache
def _dummy_hash(method: str) -> str:
    """A hash made as real ones are, to check against when the email is unknown: both answers
    then take as long, and the time reveals no account's existence."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(email: str, password: str) -> User:
    """The user with these credentials; raises Unauthorized with the same message, after the
    same work, for a wrong password and an unknown email."""
    user = get_user_by_email(email)
    if user is None or user.password_hash is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        raise Unauthorized(_("The email address or password is incorrect."))
    if not check_password_hash(user.password_hash, password):
        raise Unauthorized(_("The email address or password is incorrect."))
    if not user.is_active:
        raise Forbidden(_("This account has been deactivated. Contact the organizers."))
    user.last_login_at = utcnow()
    return user


def load_session_user(session_id: str) -> User | None:
    """The user behind a session id `<id>:<session_version>`; None once deactivated or rotated."""
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def change_password(user: User, password: str) -> None:
    """Set a new password and end everything the old one opened: every session of the user
    (their ids carry the session version) and every API token."""
    user.password_hash = _hash_password(password)
    user.session_version += 1
    revoke_api_tokens(user)


# --- signed links -------------------------------------------------------------------------------


def link_serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"eexpo.{purpose}")


def load_link(purpose: str, token: str, max_age: int) -> dict:
    try:
        return link_serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise InvalidLink(_("This link has expired. Ask for a new one.")) from None
    except BadSignature:
        raise InvalidLink(_("This link is not valid. Check that it was copied whole.")) from None


APPLICATION_MAIL_JOB = "eexpo.accounts.services:mail_application"


def apply_as_exhibitor(application: ExhibitorApplication, *, locale: str | None) -> None:
    """Create an exhibitor account whose organization waits, pending, for an organizer, and
    mail the applicant. For an address that has an account already, nothing is created and its
    owner is mailed instead: the caller answers alike, after the same work, either way, so the
    form reveals no account's existence."""
    name = application.organization_name.strip()
    if db.session.scalar(sa.select(Exhibitor.id).where(Exhibitor.name == name)) is not None:
        raise Conflict(
            _("An organization of this name is already registered. Ask a colleague to invite you."),
            fields={"organization_name": "taken"},
        )
    existing = get_user_by_email(application.email)
    if existing is not None:
        _hash_password(application.password)  # what creating the account would have cost
        tasks.enqueue(APPLICATION_MAIL_JOB, existing.id, False)
        return
    exhibitor = Exhibitor(
        name=name,
        name_zh=application.organization_name_zh or None,
        country=(application.country or "").upper() or None,
        region=application.region or None,
        delegation=application.delegation or None,
        website=application.website or None,
        contact_email=normalize_email(application.email),
        contact_phone=application.contact_phone or None,
        status=ExhibitorStatus.PENDING,
    )
    db.session.add(exhibitor)
    user = create_user(
        application.email,
        application.password,
        role=Role.EXHIBITOR,
        name=application.name,
        exhibitor=exhibitor,
        locale=locale,
    )
    tasks.enqueue(APPLICATION_MAIL_JOB, user.id, True)


def mail_application(user_id: int, created: bool) -> None:
    """The job: tell an applicant their application arrived, or tell an account's owner that
    someone applied with their address."""
    user = db.session.get(User, user_id)
    if user is None:
        return
    with force_locale(user.locale or "en"):
        if created:
            subject = _("Your exhibitor application was received")
            body = _(
                "Thank you for applying for %(organization)s. The organizers will review your "
                "application and write to you. Sign in to follow it:\n%(link)s\n",
                organization=user.exhibitor.name if user.exhibitor else "",
                link=external_url("accounts.login"),
            )
        else:
            subject = _("Someone applied with your address")
            body = _(
                "Someone, perhaps you, applied as an exhibitor with this address, which already "
                "has an eexpo account. Sign in:\n%(link)s\n\nForgot your password? Choose a new "
                "one:\n%(reset)s\n\nIf it was not you, ignore this mail.",
                link=external_url("accounts.login"),
                reset=external_url("accounts.forgot_password"),
            )
        send_mail(user.email, subject, body)


# --- password reset -----------------------------------------------------------------------------


def _password_fingerprint(user: User) -> str:
    # Binding the link to the current hash makes it single-use: a new password voids it.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


RESET_MAIL_JOB = "eexpo.accounts.services:mail_password_reset"


def request_password_reset(email: str) -> None:
    """Queue a reset link for the account, if it exists, once the caller commits. The mail is
    written and sent off the request, so an existing and a missing account answer alike."""
    user = get_user_by_email(email)
    if user is not None and user.is_active:
        tasks.enqueue(RESET_MAIL_JOB, user.id)


def mail_password_reset(user_id: int) -> None:
    """The job: mail the user a single-use reset link, in their language."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        return
    token = link_serializer("reset").dumps({"user": user.id, "fp": _password_fingerprint(user)})
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(user.locale or "en"):
        send_mail(
            user.email,
            _("Reset your eexpo password"),
            _(
                "Open this link to choose a new password (it works once, for %(minutes)d "
                "minutes):\n%(link)s\n\nIf you did not ask for this, ignore this mail.",
                minutes=minutes,
                link=external_url("accounts.reset_password", token=token),
            ),
        )


def open_password_reset(token: str) -> User:
    data = load_link("reset", token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, data.get("user"))
    if user is None or not user.is_active:
        raise InvalidLink(_("This link is not valid. Check that it was copied whole."))
    if not hmac.compare_digest(str(data.get("fp", "")), _password_fingerprint(user)):
        raise InvalidLink(_("This link has already been used. Ask for a new one."))
    return user


def reset_password(token: str, password: str) -> User:
    user = open_password_reset(token)
    change_password(user, password)
    return user
