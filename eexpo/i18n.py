"""Which language a request is served in: the user's choice, then the browser's Accept-Language."""

from __future__ import annotations

from collections.abc import Container
from functools import lru_cache

from babel import Locale
from babel.support import NullTranslations
from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale, get_translations
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LOCALE_COOKIE = "eexpo_locale"
# Accept-Language tags are matched on their language; every Chinese tag gets Simplified Chinese.
_LANGUAGE_OF_TAG = {"en": "en", "zh": "zh_Hans"}


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    return anonymous_locale(
        request.cookies.get(LOCALE_COOKIE),
        request.headers.get("Accept-Language"),
        supported,
        current_app.config["BABEL_DEFAULT_LOCALE"],
    )


def anonymous_locale(
    chosen: str | None, accept_language: str | None, supported: Container[str], default: str
) -> str:
    """The language of someone not signed in: the switcher's cookie, then the browser's
    preference. The page cache keys pages by it, so it depends on these two headers only."""
    if chosen in supported:
        return chosen  # type: ignore[return-value]
    return _browser_language(accept_language or "") or default


@lru_cache(maxsize=1024)
def _browser_language(accept_language: str) -> str | None:
    best = parse_accept_header(accept_language, LanguageAccept).best_match(list(_LANGUAGE_OF_TAG))
    return _LANGUAGE_OF_TAG.get(best or "")


def current_locale_code() -> str:
    """The locale as this app names it (`en`, `zh_Hans`), for templates and mails."""
    locale = get_locale()
    if locale is None or locale.language != "zh":
        return "en"
    return "zh_Hans"


def html_lang() -> str:
    """The BCP 47 tag for <html lang>."""
    return "zh-Hans" if current_locale_code() == "zh_Hans" else "en"


def translations() -> NullTranslations:
    """The current locale's catalogue. Flask-Babel finds it anew on every call (three context
    lookups and a locale-to-string conversion), which on a page of forty strings took longer than
    rendering them. Keyed by the Locale itself, so `force_locale` is still obeyed."""
    locale = get_locale()
    catalogues = _catalogues()
    try:
        return catalogues[locale]
    except KeyError:
        catalogues[locale] = found = get_translations()
        return found


def _catalogues() -> dict[Locale | None, NullTranslations]:
    return current_app.extensions["eexpo_catalogues"]


def install_template_gettext(app: Flask) -> None:
    """Templates' `_`, `gettext` and `ngettext`, as Flask-Babel's but through `translations`."""
    app.extensions["eexpo_catalogues"] = {}
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda string: translations().gettext(string),
        ngettext=lambda singular, plural, n: translations().ngettext(singular, plural, n),
        pgettext=lambda context, string: translations().pgettext(context, string),
        npgettext=lambda context, singular, plural, n: translations().npgettext(
            context, singular, plural, n
        ),
        newstyle=True,
    )
