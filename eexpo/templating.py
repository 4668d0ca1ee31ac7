"""Template helpers that keep pages cheap to render without caching what they show.

A page's labels, links and form chrome depend only on the language, the address the site is
served at and whether someone is signed in, so `{% constant %}` blocks render them once per such
combination, and URLs are remembered per site address. What a page shows of the expo is always
rendered afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from flask import Flask, current_app, has_request_context, request
from flask import url_for as flask_url_for
from flask.templating import Environment
from flask_login import current_user
from jinja2 import TemplateRuntimeError, Undefined, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

from eexpo import links
from eexpo.i18n import current_locale_code

# Both memos are keyed partly by the request's Host header, which anyone can vary: bounded.
_MEMO_LIMIT = 4096


def _remember(memo: dict[Hashable, Any], key: Hashable, make: Callable[[], Any]) -> Any:
    found = memo.get(key)
    if found is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[key] = found = make()
    return found


def _constant_key() -> dict[str, Any]:
    """What constant blocks are rendered per, found once per rendering and handed to them as a
    template variable, rather than by each block."""
    if not has_request_context():
        return {"constant_key": None}
    key = (current_locale_code(), _site(), current_user.is_authenticated)
    return {"constant_key": key}


def _site() -> tuple[str, ...]:
    """The address the site is served at, as the parts of the request that make it, read raw
    rather than through Werkzeug's `root_url`, which decodes them into an IRI first. Two
    spellings of one address are two keys, which costs a memo entry, never a wrong page."""
    environ = request.environ
    return (
        environ["wsgi.url_scheme"],
        environ.get("HTTP_HOST", ""),
        environ.get("SERVER_NAME", ""),
        environ.get("SERVER_PORT", ""),
        environ.get("SCRIPT_NAME", ""),
    )


class ConstantExtension(Extension):
    """`{% constant %}…{% endconstant %}`: a part of a template rendered once per language, site
    address and signed-in state. It may use translations, `url_for` with fixed arguments and
    `current_user.is_authenticated`, and nothing else that varies: a test renders every block
    for users of each role and compares.

    Blocks are known by their template's file and their place in it, so only templates loaded
    from a file may have them. A block compiles to a lookup and, only when that misses, the
    rendering of its body (a call block builds its body's macro on every pass)."""

    tags = {"constant"}

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.memo: dict[Hashable, Any] = {}
        self._counts: WeakKeyDictionary[Parser, int] = WeakKeyDictionary()

    def parse(self, parser: Parser) -> list[nodes.Node]:
        lineno = next(parser.stream).lineno
        ordinal = self._counts[parser] = self._counts.get(parser, 0) + 1
        body = parser.parse_statements(("name:endconstant",), drop_needle=True)
        # A template from a string is refused when it renders (Babel parses them to extract).
        where = None if parser.filename is None else f"{parser.filename}#{ordinal}"
        args = [nodes.Const(where), nodes.Name("constant_key", "load")]
        found = parser.free_identifier(lineno)
        return [
            nodes.Assign(found, self.call_method("_recall", args)).set_lineno(lineno),
            nodes.If(
                nodes.Test(found, "none", [], [], None, None),
                [nodes.CallBlock(self.call_method("_render", args), [], [], body)],
                [],
                [nodes.Output([found])],
            ).set_lineno(lineno),
        ]

    @staticmethod
    def _key(where: str | None, per: Any) -> Hashable | None:
        if where is None:
            raise TemplateRuntimeError("{% constant %} needs a template loaded from a file")
        if isinstance(per, Undefined):  # in a macro imported without context: find it here
            per = _constant_key()["constant_key"]
        return None if per is None else (where, per)

    def _recall(self, where: str | None, per: Any) -> Markup | None:
        key = self._key(where, per)
        return None if key is None else self.memo.get(key)

    def _render(self, where: str | None, per: Any, caller: Callable[[], Markup]) -> Markup:
        key = self._key(where, per)
        if key is None:
            return caller()
        return _remember(self.memo, key, caller)


def remembered_url_for() -> Callable[..., str]:
    """Flask's `url_for`, remembered per site address, for listings that build one per card.
    A URL depends on nothing else here while the app has no URL defaults or value preprocessors,
    which `check_remembered_urls` asserts at start-up; relative endpoints are built each time."""
    memo: dict[Hashable, Any] = {}

    def url_for(endpoint: str, **values: Any) -> str:
        if endpoint.startswith("."):
            return flask_url_for(endpoint, **values)
        try:
            site = _site()
        except RuntimeError:  # no request: nothing to key it by
            return flask_url_for(endpoint, **values)
        # A call site passes its arguments in one order, so their tuple is key enough.
        key = (endpoint, site, *values.items())
        try:
            found = memo.get(key)
        except TypeError:  # an unhashable value: build it as usual
            return flask_url_for(endpoint, **values)
        return found or _remember(memo, key, lambda: flask_url_for(endpoint, **values))

    return url_for


_HOSTS: dict[Hashable, Any] = {}


def host_url() -> str:
    """The site's public address (`https://expo.example`), for absolute links to what is served
    beside the app, such as media; without `EEXPO_PUBLIC_URL`, the request's, remembered per site
    address, since Werkzeug builds it as an IRI."""
    return current_app.config["PUBLIC_URL"] or _remember(_HOSTS, _site(), links.public_base)


@lru_cache(maxsize=256)
def _static_version(folder: str, filename: str) -> str:
    """A digest of the file's bytes: its URL changes when it does, so it may be cached for good."""
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:12]


def static_urls(url_for: Callable[..., str]) -> Callable[[str], str]:
    """`static_url(filename)` for templates: the URL of a file under static/, versioned by its
    content (`?v=`), which the nginx site in deploy/ serves with a year's `immutable` cache."""

    def static_url(filename: str) -> str:
        version = _static_version(current_app.static_folder or "", filename)
        return url_for("static", filename=filename, v=version)

    return static_url


def check_remembered_urls(app: Flask) -> None:
    """Refuse to start once URL defaults or value preprocessors exist: URLs they change could not
    be remembered per site address alone."""
    if any(app.url_default_functions.values()) or any(app.url_value_preprocessors.values()):
        raise RuntimeError(
            "templating.remembered_url_for assumes no URL defaults or value preprocessors"
        )


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension(ConstantExtension)
    url_for = remembered_url_for()
    app.jinja_env.globals["url_for"] = url_for
    app.jinja_env.globals["host_url"] = host_url
    app.jinja_env.globals["static_url"] = static_urls(url_for)
    app.jinja_env.globals["external_url"] = links.external_url
    app.context_processor(_constant_key)
