"""API handlers: parse JSON, call a service, answer JSON."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo import limits
from eexpo.access import public, signed_in
from eexpo.accounts import services as accounts
from eexpo.accounts import tokens
from eexpo.api import bp
from eexpo.api.openapi import document
from eexpo.errors import DomainError, Invalid
from eexpo.extensions import db
from eexpo.inputs import check_json
from eexpo.visit import services as visit


def json_body() -> dict[str, Any]:
    """The request's JSON object; a clear 400 when it is not one, 422 for a NUL in a string or
    a number past the database's range."""
    if not request.is_json:
        raise DomainError(_("Send a JSON object with Content-Type: application/json."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise DomainError(_("The body is not a valid JSON object."))
    check_json(data)
    return data


def require_string(data: dict[str, Any], name: str, max_length: int) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise Invalid(_("'%(name)s' is required.", name=name), fields={name: "required"})
    if len(value) > max_length:
        raise Invalid(
            _("'%(name)s' may have at most %(n)d characters.", name=name, n=max_length),
            fields={name: "too_long"},
        )
    return value


@bp.post("/tokens")
@limits.sign_in
@public
def create_token() -> tuple[Response, int]:
    data = json_body()
    user = accounts.authenticate(
        require_string(data, "email", 254), require_string(data, "password", 200)
    )
    raw, token = tokens.issue_api_token(user, name=data.get("name") or None)
    db.session.commit()
    return jsonify(token=raw, expires_at=token.expires_at.isoformat()), 201


@bp.get("/me")
@signed_in
def me() -> Response:
    user = current_user
    exhibitor = user.exhibitor
    return jsonify(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role.value,
        locale=user.locale,
        exhibitor=None
        if exhibitor is None
        else {"id": exhibitor.id, "name": exhibitor.name, "status": exhibitor.status.value},
    )


@bp.get("/sectors")
@public
def sectors() -> Response:
    return jsonify(
        [
            {
                "slug": s.sector.slug,
                "name": s.sector.name,
                "name_zh": s.sector.name_zh,
                "group": s.sector.group,
                "booth_count": s.booth_count,
                "exhibitor_count": s.exhibitor_count,
            }
            for s in visit.sector_summaries()
        ]
    )


@bp.get("/openapi.json")
@public
def openapi() -> Response:
    return jsonify(document())
