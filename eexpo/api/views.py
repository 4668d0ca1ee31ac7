"""API handlers for tokens, the caller, sectors and the OpenAPI document itself."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo import limits
from eexpo.access import public, signed_in
from eexpo.accounts import services as accounts
from eexpo.accounts import tokens
from eexpo.api import bp
from eexpo.api.schemas.booths import (
    CalendarKey,
    Credentials,
    Me,
    OwnExhibitor,
    SectorSummary,
    Token,
)
from eexpo.api.spec import ANYONE, NO_CREDENTIALS, answers, api, document
from eexpo.extensions import db
from eexpo.meetings import calendar
from eexpo.visit import services as visit


@bp.post("/tokens")
@limits.sign_in
@public
@api.validate(
    security=NO_CREDENTIALS,
    resp=answers(
        body=True,
        HTTP_201=(Token, "The token: keep it, it is shown once"),
        HTTP_401="Wrong email or password",
        HTTP_403="The account is deactivated",
        HTTP_429="Too many attempts",
    ),
)
def create_token(json: Credentials) -> tuple[Token, int]:
    """Exchange an email and password for a bearer token"""
    user = accounts.authenticate(json.email, json.password)
    raw, token = tokens.issue_api_token(user, name=json.name or None)
    db.session.commit()
    return Token(token=raw, expires_at=token.expires_at.isoformat()), 201


@bp.get("/me")
@signed_in
@api.validate(resp=answers(HTTP_200=(Me, "The caller's account")))
def me() -> Me:
    """The authenticated caller"""
    user = current_user
    exhibitor = user.exhibitor
    return Me(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role.value,
        locale=user.locale,
        exhibitor=None
        if exhibitor is None
        else OwnExhibitor(id=exhibitor.id, name=exhibitor.name, status=exhibitor.status.value),
        calendar_key=calendar.key_of(user),
    )


@bp.post("/me/calendar-key")
@signed_in
@api.validate(resp=answers(HTTP_200=(CalendarKey, "The new key; the old one works no more")))
def renew_calendar_key() -> CalendarKey:
    """Renew the key of the caller's meetings feed"""
    key = calendar.renew(current_user)
    db.session.commit()
    return CalendarKey(calendar_key=key)


@bp.get("/sectors")
@public
@api.validate(security=ANYONE, resp=answers(HTTP_200=(list[SectorSummary], "The sectors")))
def sectors() -> list[SectorSummary]:
    """Industry sectors with their booth and exhibitor counts"""
    return [
        SectorSummary(
            slug=s.sector.slug,
            name=s.sector.name,
            name_zh=s.sector.name_zh,
            group=s.sector.group,
            booth_count=s.booth_count,
            exhibitor_count=s.exhibitor_count,
        )
        for s in visit.sector_summaries()
    ]


@bp.get("/openapi.json")
@public
@api.validate(security=NO_CREDENTIALS, resp=answers(HTTP_200=(None, "The OpenAPI document")))
def openapi() -> Response:
    """This API's OpenAPI document, generated from the models above and beside."""
    return jsonify(document())
