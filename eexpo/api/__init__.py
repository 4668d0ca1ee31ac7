"""The JSON API under /api/v1: bearer or session authentication, one error format, OpenAPI."""

from __future__ import annotations

from flask import Blueprint, Request, request
from flask_babel import gettext as _
from flask_login import current_user

from eexpo.accounts.tokens import user_for_api_token
from eexpo.errors import Unauthorized
from eexpo.extensions import csrf, login_manager
from eexpo.models import User

bp = Blueprint("api", __name__)


def _bearer_token(req: Request) -> str | None:
    scheme, _sep, value = req.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


@login_manager.request_loader
def _load_user_from_bearer(req: Request) -> User | None:
    if req.blueprint != "api":
        return None
    token = _bearer_token(req)
    return user_for_api_token(token) if token else None


@bp.before_request
def _authenticate() -> None:
    """A bearer token must be valid; a browser session must prove its writes with a CSRF token."""
    if "Authorization" in request.headers:
        if _bearer_token(request) is None or not current_user.is_authenticated:
            raise Unauthorized(_("The token is missing, invalid, expired or revoked."))
    elif request.method not in ("GET", "HEAD", "OPTIONS") and current_user.is_authenticated:
        csrf.protect()


from eexpo.api import (  # noqa: E402, F401
    booths,
    exhibits,
    media,
    meetings,
    moderation,
    people,
    pipeline,
    views,
    visit,
)
