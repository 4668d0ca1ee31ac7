"""API bearer tokens: the raw value is shown once; only its hash is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from eexpo.extensions import db
from eexpo.models import ApiToken, User, utcnow
from eexpo.orm import rowcount


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_api_token(user: User, *, name: str | None = None) -> tuple[str, ApiToken]:
    """A new bearer token; the raw value is returned once and only its hash is kept."""
    raw = "eexpo_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        token_hash=_token_hash(raw),
        name=name,
        expires_at=utcnow() + timedelta(seconds=current_app.config["API_TOKEN_MAX_AGE"]),
    )
    db.session.add(token)
    db.session.flush()
    return raw, token


def user_for_api_token(raw: str, *, now: datetime | None = None) -> User | None:
    """The active user behind a bearer token; None if unknown, expired, revoked or deactivated."""
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == _token_hash(raw)))
    now = now or utcnow()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    if not token.user.is_active:
        return None
    return token.user


def revoke_api_tokens(user: User) -> int:
    """End every API token of the user at once; returns how many were still live."""
    revoked = db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return rowcount(revoked)
