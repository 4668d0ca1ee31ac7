"""Which language a request is served in: the user's choice, then the browser's Accept-Language.

The languages are the keys of `LANGUAGES` in the configuration (Babel locale codes, each with a
catalogue under `eexpo/translations`); templates translate through Flask-Babel's Jinja i18n
(`_()`, `ngettext()`, `{% trans %}`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from functools import lru_cache

import flask_babel
from babel import Locale
from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LOCALE_COOKIE = "eexpo_locale"


def select_locale() -> str:
    """Flask-Babel's locale selector: a signed-in user's language, else `anonymous_locale`."""
    config = current_app.config
    supported = config["LANGUAGES"]
    if not has_request_context():
        return config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    return anonymous_locale(
        request.cookies.get(LOCALE_COOKIE),
        request.headers.get("Accept-Language"),
        supported,
        config["BABEL_DEFAULT_LOCALE"],
    )


def anonymous_locale(
    chosen: str | None, accept_language: str | None, supported: Collection[str], default: str
) -> str:
    """The language of someone not signed in: the switcher's cookie, then the browser's
    preference. The page cache keys pages by it, so it depends on these two headers only."""
    if chosen is not None and chosen in supported:
        return chosen
    return _browser_language(accept_language or "", tuple(supported)) or default


@lru_cache(maxsize=1024)
def _browser_language(accept_language: str, supported: tuple[str, ...]) -> str | None:
    """The supported locale whose language the browser prefers most: tags are matched on their
    language alone, so every Chinese tag (zh-CN, zh-TW, zh-Hant) gets the Chinese catalogue."""
    by_language: dict[str, str] = {}
    for code in supported:
        by_language.setdefault(Locale.parse(code).language, code)
    best = parse_accept_header(accept_language, LanguageAccept).best_match(list(by_language))
    return by_language.get(best or "")


def current_locale_code() -> str:
    """The locale as the configuration names it (`en`, `zh_Hans`), for templates and mails."""
    locale = get_locale() if has_app_context() else None
    if locale is None:
        return current_app.config["BABEL_DEFAULT_LOCALE"] if has_app_context() else "en"
    return str(locale)


def html_lang() -> str:
    """The BCP 47 tag for <html lang> (`zh-Hans`)."""
    return current_locale_code().replace("_", "-")


@contextmanager
def force_locale(locale: str) -> Iterator[None]:
    """Flask-Babel's `force_locale` (mails in their reader's language), which ruff bans
    elsewhere: Flask-Babel forces nothing while `g` is empty, as it is in a job's fresh app
    context, so this marks `g` first."""
    g.eexpo_forced_locale = locale
    try:
        with flask_babel.force_locale(locale):  # noqa: TID251 - the one allowed use
            yield
    finally:
        g.pop("eexpo_forced_locale", None)


def country_name(code: str | None) -> str:
    """An ISO 3166 code as the reader's language names it ("DE" -> "Germany", "德国")."""
    if not code:
        return ""
    return _territories(current_locale_code()).get(code, code)


@lru_cache(maxsize=8)
def _territories(locale: str) -> dict[str, str]:
    """Every territory's name in a language: parsing the locale once, not once per country (a
    page of search facets names dozens)."""
    return {code: str(name) for code, name in Locale.parse(locale).territories.items()}
