"""Which language a request is served in: the user's choice, then the browser's Accept-Language."""

from __future__ import annotations

from collections.abc import Container, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

import flask_babel
from babel import Locale
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LOCALE_COOKIE = "eexpo_locale"
# Accept-Language tags are matched on their language; every Chinese tag gets Simplified Chinese.
_LANGUAGE_OF_TAG = {"en": "en", "zh": "zh_Hans"}


def select_locale() -> Locale:
    """Flask-Babel's locale selector. It answers with a parsed `Locale`, kept per code: Flask-Babel
    parses a code anew on every request, which cost a sixtieth of a page."""
    return _parsed(_select_locale())


@cache
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def _select_locale() -> str:
    config = current_app.config
    supported = config["LANGUAGES"]
    if not has_request_context():
        return config["BABEL_DEFAULT_LOCALE"]
    user = current_user._get_current_object()  # each use of a proxy costs 0.6 µs
    if user.is_authenticated and user.locale in supported:
        return user.locale
    this = request._get_current_object()
    return anonymous_locale(
        this.cookies.get(LOCALE_COOKIE),
        this.headers.get("Accept-Language"),
        supported,
        config["BABEL_DEFAULT_LOCALE"],
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
    return _language()[0]


def html_lang() -> str:
    """The BCP 47 tag for <html lang>."""
    return "zh-Hans" if current_locale_code() == "zh_Hans" else "en"


def translations() -> NullTranslations:
    """The current locale's catalogue, for templates."""
    return _language()[1]


_LANGUAGE = "_eexpo_language"


def _language() -> tuple[str, NullTranslations]:
    """The language's code and catalogue, found once per request (or app context) and kept in
    `g`. Flask-Babel finds them anew on every call, which on a page of forty strings took longer
    than rendering them. `force_locale` below keeps this in step when the language changes."""
    try:
        app_globals = g._get_current_object()  # each use of a proxy costs 0.6 µs
    except RuntimeError:  # no app context: Flask-Babel has no locale either
        return "en", NullTranslations()
    found = app_globals.get(_LANGUAGE)
    if found is None:
        locale = get_locale()
        code = "zh_Hans" if locale is not None and locale.language == "zh" else "en"
        # The app keeps each language's pair: Flask-Babel looked the catalogue up through its
        # context and domain on every request, a fortieth of a booth page.
        languages = current_app.extensions.setdefault(_LANGUAGE, {})
        found = languages.get(code)
        if found is None:
            found = languages[code] = (code, get_translations())
        setattr(app_globals, _LANGUAGE, found)
    return found


@contextmanager
def force_locale(locale: str) -> Iterator[None]:
    """Flask-Babel's `force_locale` (mails in their reader's language), also switching what
    `_language` has kept. Ruff bans importing Flask-Babel's own."""
    saved = g.pop(_LANGUAGE, None)
    # Flask-Babel forces nothing while `g` is empty, as it is in a job's fresh app context.
    g.eexpo_forced_locale = locale
    try:
        with flask_babel.force_locale(locale):  # noqa: TID251 - the one allowed use
            yield
    finally:
        g.pop(_LANGUAGE, None)
        g.pop("eexpo_forced_locale", None)
        if saved is not None:
            setattr(g, _LANGUAGE, saved)


def _formatted(eval_ctx: EvalContext, text: str, variables: dict[str, Any]) -> str:
    """Jinja's "newstyle" rule: the translation is always %-formatted, escaping the values."""
    if not variables and "%" not in text:  # nothing to format: skip it (a third of the cost)
        return Markup(text) if eval_ctx.autoescape else text  # noqa: S704 - see below
    if eval_ctx.autoescape:
        # What `Markup(text) % variables` does, without a wrapper object per value and lookup.
        escaped = {name: _escaped(value) for name, value in variables.items()}
        return Markup(text % escaped)  # noqa: S704 - our catalogue, as Jinja itself does
    return text % variables


def _escaped(value: Any) -> Any:
    """A value for a translation's placeholder: numbers as they are (for `%(num)d`), anything
    else escaped unless it is markup already."""
    return value if isinstance(value, int | float) else escape(value)


@pass_eval_context
def _gettext(eval_ctx: EvalContext, string: str, **variables: Any) -> str:
    return _formatted(eval_ctx, translations().gettext(string), variables)


@pass_eval_context
def _ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _formatted(eval_ctx, translations().ngettext(singular, plural, num), variables)


@pass_eval_context
def _pgettext(eval_ctx: EvalContext, context: str, string: str, **variables: Any) -> str:
    return _formatted(eval_ctx, translations().pgettext(context, string), variables)


@pass_eval_context
def _npgettext(
    eval_ctx: EvalContext, context: str, singular: str, plural: str, num: int, **variables: Any
) -> str:
    variables.setdefault("num", num)
    text = translations().npgettext(context, singular, plural, num)
    return _formatted(eval_ctx, text, variables)


def install_template_gettext(app: Flask) -> None:
    """Templates' `_`, `gettext`, `ngettext` and the rest: Jinja's newstyle gettext, called
    directly (Jinja's own goes through three calls of its call machinery for each string) and
    reading the catalogue through `translations`."""
    app.jinja_env.globals.update(
        _=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext
    )
