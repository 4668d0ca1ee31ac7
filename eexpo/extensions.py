"""Flask extensions, created here unbound and bound to the app in create_app."""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

import orjson
import sqlalchemy as sa
from flask import Flask, Request, Response, current_app, g, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from eexpo.orm import Base

log = logging.getLogger("eexpo")

# orjson reads JSON columns (media variants, one per card of a listing) three times faster.
db = SQLAlchemy(model_class=Base, engine_options={"json_deserializer": orjson.loads})
migrate = Migrate()


class VisitorLogins(LoginManager):
    """Flask-Login, minus its work for visitors who cannot be signed in: with no session or
    remember cookie and no bearer token, it still sent a signal, checked the session's
    protection and hashed the client's address and browser before settling on anonymous."""

    def _load_user(self) -> None:
        # Each use of a proxy costs 0.6 µs: the request is looked up once.
        this, config = request._get_current_object(), current_app.config
        cookies = this.cookies
        if (
            "Authorization" in this.headers
            or config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE) in cookies
            or config["SESSION_COOKIE_NAME"] in cookies
        ):
            return super()._load_user()
        session.accessed = True  # the page depends on there being no cookie: Vary: Cookie
        return self._update_request_context_with_user()


login_manager = VisitorLogins()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)

_READS = "_eexpo_reads"


def reads() -> sa.Connection:
    """A plain connection for public pages' reads, one per app context and closed with it: the
    ORM session's transaction bookkeeping around it cost as much as a booth page's queries."""
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


def for_writes_only(app: Flask, init: Callable[[], Any]) -> None:
    """Run `init` (an extension's `init_app`, say) and have the request hooks it adds skip reads.
    CSRF checks, rate limits and the form decoding check concern forms and API writes only, yet
    before each GET they looked up their settings, worked out the view's limits and parsed the
    body's content type, and after it looked for deductions and headers to add."""
    registries = (
        (app.before_request_funcs, False),
        (app.after_request_funcs, True),
        (app.teardown_request_funcs, False),
    )
    counts = [len(registry.get(None, ())) for registry, _passing in registries]
    init()
    for (registry, passing), count in zip(registries, counts, strict=True):
        hooks = registry.get(None, [])
        hooks[count:] = [_on_writes(hook, passing=passing) for hook in hooks[count:]]


def _on_writes(hook: Callable[..., Any], *, passing: bool = False) -> Callable[..., Any]:
    """`hook` for requests other than reads; with `passing`, a read's response passes through."""

    @wraps(hook)
    def on_writes(*args: Any) -> Any:
        if request._get_current_object().method not in ("GET", "HEAD"):
            return hook(*args)
        return args[0] if passing else None

    return on_writes


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
