"""Flask extensions, created here unbound and bound to the app in create_app."""

import logging

import orjson
import sqlalchemy as sa
from flask import Flask, Request, Response, g
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from eexpo.orm import Base

log = logging.getLogger("eexpo")

# orjson reads JSON columns (media variants, one per card of a listing) faster than json.
db = SQLAlchemy(model_class=Base, engine_options={"json_deserializer": orjson.loads})
migrate = Migrate()


login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)

_READS = "_eexpo_reads"


def reads() -> sa.Connection:
    """A plain connection for public pages' reads, one per app context and closed with it:
    public pages only read, and need none of the ORM session's transaction bookkeeping."""
    connection = g.get(_READS)
    if connection is None:
        connection = db.engine.connect()
        setattr(g, _READS, connection)
    return connection


def close_reads(_error: BaseException | None = None) -> None:
    """Teardown: close the read connection and the ORM session, never raising. A connection the
    database dropped fails as it closes; by then the response is out, and raising would only
    turn it into the server's bare error page."""
    connection = g.pop(_READS, None)
    try:
        if connection is not None:
            connection.close()
    except Exception:
        log.exception("closing the read connection failed")
    try:
        db.session.remove()
    except Exception:
        log.exception("closing the database session failed")


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus their work for visitors who have none: for each such
    page view Flask built the cookie signer and read seven cookie settings only to find nothing
    to load or save."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if session or session.modified:
            super().save_session(app, session, response)
        elif session.accessed and "cookie" not in response.headers.get("Vary", "").lower():
            response.vary.add("Cookie")  # the page still depended on there being none
