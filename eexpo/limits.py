"""Rate limits that stop abuse without locking others out: sign-in guesses are limited per account
as well as per address (one office behind one address is many people), uploads per user, in
starts and in bytes, searches (the costliest pages to render) per address. Each limit's setting
is in `config.py`; a refusal is a 429 saying which."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user

from eexpo.extensions import limiter

F = TypeVar("F", bound=Callable[..., Any])


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _account_key() -> str:
    """The account a sign-in, token or reset request names, as its form or JSON gives it."""
    email = request.form.get("email")
    if email is None and request.is_json:
        body = request.get_json(silent=True)
        email = body.get("email") if isinstance(body, dict) else None
    return f"account:{str(email or '').strip().lower()[:254]}"


def _user_key() -> str:
    return f"user:{current_user.get_id()}"


def _declared_bytes() -> int:
    """An upload's declared size, what it costs against the hourly byte allowance."""
    body = request.get_json(silent=True)
    size = body.get("size") if isinstance(body, dict) else None
    return size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else 1


def sign_in(view: F) -> F:
    """Sign-in, token and password-reset requests: a per-address limit shared by all three,
    and a tighter one per account, so that guessing one account stops without locking out its
    colleagues behind the same address."""
    by_address = limiter.shared_limit(
        _setting("SIGN_IN_ADDRESS_LIMIT"),
        scope="sign-in-address",
        key_func=get_remote_address,
        methods=["POST"],
    )
    by_account = limiter.shared_limit(
        _setting("LOGIN_RATE_LIMIT"),
        scope="sign-in-account",
        key_func=_account_key,
        methods=["POST"],
        error_message=lambda: str(
            _l("Too many attempts for this account. Please wait a minute and try again.")
        ),
    )
    return cast(F, by_address(by_account(view)))


def uploads(view: F) -> F:
    """Starting an upload: so many per minute, so many bytes per hour, per user."""
    starts = limiter.shared_limit(
        _setting("UPLOAD_START_LIMIT"),
        scope="upload-starts",
        key_func=_user_key,
        error_message=lambda: str(
            _l("You started too many uploads in a row. Wait a minute, then go on.")
        ),
    )
    volume = limiter.shared_limit(
        _setting("UPLOAD_BYTES_LIMIT"),
        scope="upload-bytes",
        key_func=_user_key,
        cost=_declared_bytes,
        error_message=lambda: str(
            _l("You uploaded a lot in the last hour. Wait a while before sending more files.")
        ),
    )
    return cast(F, starts(volume(view)))


def search(view: F) -> F:
    """A search, by page or API, that the page cache did not answer: so many per address."""
    return cast(
        F,
        limiter.shared_limit(
            _setting("SEARCH_RATE_LIMIT"),
            scope="search",
            key_func=get_remote_address,
            exempt_when=lambda: not (request.args.get("q") or "").strip(),
            error_message=lambda: str(
                _l("Too many searches from your network. Please wait a minute and try again.")
            ),
        )(view),
    )
