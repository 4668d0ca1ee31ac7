"""Domain errors and how every failure becomes a status and a human message, in HTML or JSON."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, SecurityError

from eexpo.extensions import db
from eexpo.ops import request_id
from eexpo.security import is_safe_next
from eexpo.storage import StorageUnavailable

log = logging.getLogger("eexpo.errors")
F = TypeVar("F", bound=Callable[..., Any])
# Plain English: the last resort must not depend on the language lookup that may have failed.
_LAST_RESORT_MESSAGE = "Something went wrong on our side. Please try again later."


class DomainError(Exception):
    """A refusal with a status, a stable machine code and a message a person can act on."""

    status = 400
    code = "bad_request"
    default_message: Any = _l("The request could not be understood.")

    def __init__(self, message: Any = None, *, fields: dict[str, str] | None = None) -> None:
        self.message = str(message if message is not None else self.default_message)
        self.fields = fields or {}
        super().__init__(self.message)


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    default_message = _l("Please sign in to continue.")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = _l("You are not allowed to do this.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _l("Nothing was found at this address.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _l("This conflicts with the current state; reload and try again.")


class Invalid(DomainError):
    status = 422
    code = "invalid"
    default_message = _l("Some of the data is not valid.")


# Codes for werkzeug's HTTP errors, so API clients get the same shape for every failure.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    503: "unavailable",
}

_HTTP_MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You are not allowed to do this."),
    404: _l("Nothing was found at this address."),
    405: _l("This address does not accept that kind of request."),
    413: _l("What you sent is too large."),
    429: _l("Too many attempts. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. Please try again later."),
}


def wants_json() -> bool:
    """API clients and the uploader (which talks to the media endpoints) get JSON errors."""
    return request.blueprint in ("api", "media_files") or request.path.startswith(
        ("/api/", "/media-files/")
    )


def error_response(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> Response:
    """Render one failure as JSON for the API or as an HTML page for people."""
    if wants_json():
        body: dict[str, Any] = {"error": {"code": code, "message": message}}
        if fields:
            body["error"]["fields"] = fields
        body["error"]["request_id"] = request_id()
        response = jsonify(body)
    else:
        page = render_template(
            "errors/error.html", status=status, message=message, request_id=request_id()
        )
        response = Response(page, mimetype="text/html")
    response.status_code = status
    return response


def _roll_back() -> None:
    try:
        db.session.rollback()
    except Exception:  # a dropped connection: the session is discarded with the request
        log.exception("rolling back a failed request")


def _last_resort(status: int, code: str, message: str) -> Response:
    """An error answer that needs neither templates, the database nor the user: for when
    rendering the usual one failed too."""
    if wants_json():
        error = {"code": code, "message": message, "request_id": request_id()}
        return Response(json.dumps({"error": error}), status, mimetype="application/json")
    text = f"{message}\n\n{request_id() or ''}\n"
    return Response(text, status, mimetype="text/plain")


def _login_redirect() -> ResponseReturnValue:
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("accounts.login", next=target if is_safe_next(target) else None))


def _handler(handle: F) -> F:
    """An error handler that first rolls back the failed request's transaction (the page's own
    lookups, the user and the language, must not run on a session a failed flush left
    unusable) and, should it fail itself, answers a plain 500 instead."""

    @wraps(handle)
    def handler(error: Exception) -> Response:
        _roll_back()
        try:
            return handle(error)
        except Exception:
            log.exception("rendering the error page failed")
            return _last_resort(500, "server_error", _LAST_RESORT_MESSAGE)

    return handler  # type: ignore[return-value]


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    @_handler
    def _domain_error(error: DomainError):
        if isinstance(error, Unauthorized) and not wants_json():
            return _login_redirect()
        return error_response(error.status, error.code, error.message, error.fields)

    @app.errorhandler(StorageUnavailable)
    @_handler
    def _storage_unavailable(error: StorageUnavailable):
        log.warning("the store is unreachable: %s", error)
        message = str(
            _l(
                "The media storage cannot be reached right now. Nothing was lost; "
                "try again in a minute."
            )
        )
        response = error_response(503, "storage_unavailable", message)
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(CSRFError)
    @_handler
    def _csrf_error(error: CSRFError):
        message = str(
            _l("Your form expired or was sent from elsewhere. Reload the page and try again.")
        )
        return error_response(400, "csrf_failed", message)

    @app.errorhandler(HTTPException)
    @_handler
    def _http_error(error: HTTPException):
        status = error.code or 500
        if status == 401 and not wants_json():
            return _login_redirect()
        limit = getattr(error, "limit", None)  # Flask-Limiter's, when the limit has its words
        if limit is not None and limit.error_message:
            message = str(error.description)
        else:
            message = str(_HTTP_MESSAGES.get(status) or error.description)
        if isinstance(error, SecurityError):  # an untrusted Host: no URL can be built for it
            return _last_resort(status, "bad_request", message)
        response = error_response(status, _HTTP_CODES.get(status, "error"), message)
        if status == 405 and isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return response

    @app.errorhandler(500)
    @_handler
    def _server_error(error: Exception):
        return error_response(500, "server_error", str(_HTTP_MESSAGES[500]))


class TooMany(DomainError):
    status = 429
    code = "rate_limited"
    default_message = _l("Too many attempts. Please wait a minute and try again.")
