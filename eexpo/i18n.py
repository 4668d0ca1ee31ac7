"""Which language a request is served in: the user's choice, then the browser's Accept-Language."""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

LOCALE_COOKIE = "eexpo_locale"
# Accept-Language tags are matched on their language; every Chinese tag gets Simplified Chinese.
_LANGUAGE_OF_TAG = {"en": "en", "zh": "zh_Hans"}


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in supported:
        return chosen
    best = request.accept_languages.best_match(list(_LANGUAGE_OF_TAG))
    return _LANGUAGE_OF_TAG.get(best or "", current_app.config["BABEL_DEFAULT_LOCALE"])


def current_locale_code() -> str:
    """The locale as this app names it (`en`, `zh_Hans`), for templates and mails."""
    locale = get_locale()
    if locale is None or locale.language != "zh":
        return "en"
    return "zh_Hans"


def html_lang() -> str:
    """The BCP 47 tag for <html lang>."""
    return "zh-Hans" if current_locale_code() == "zh_Hans" else "en"
