"""Template helpers that keep pages cheap to render without caching what they show.

A page's labels, links and form chrome depend only on the language, the address the site is
served at and whether someone is signed in. Rendering them anew (forty translated strings and a
dozen URL builds through Jinja's call machinery) cost more than a booth's content, so they are
rendered once per such combination. What a page shows of the expo is always rendered afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, MutableMapping
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask import url_for as flask_url_for
from flask.templating import Environment
from flask_login import current_user
from jinja2 import Template, Undefined, nodes, pass_eval_context
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context, Macro
from markupsafe import Markup, escape

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
    template variable: looking it up in each block (the language, the site address, the user,
    each through Flask's context proxies) cost more than the block's lookup in the memo."""
    if not has_request_context():
        return {"constant_key": None}
    key = (current_locale_code(), _site(), current_user.is_authenticated)
    return {"constant_key": key}


def _site() -> tuple[str, ...]:
    """The address the site is served at, as the parts of the request that make it: read raw,
    since Werkzeug's `root_url` decodes them into an IRI first (a fiftieth of a page). Two
    spellings of one address are two keys, which costs a memo entry, never a wrong page."""
    environ = request._get_current_object().environ  # each use of a proxy costs 0.6 µs
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
    `current_user.is_authenticated`, and nothing else that varies.

    A block compiles to a lookup and, only when that misses, the rendering of its body: Jinja's
    call blocks build their body's macro on every pass, which cost more than the lookup."""

    tags = {"constant"}

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.memo: dict[Hashable, Any] = {}

    def parse(self, parser: Parser) -> list[nodes.Node]:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endconstant",), drop_needle=True)
        args = [nodes.Const(f"{parser.name}:{lineno}"), nodes.Name("constant_key", "load")]
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
    def _key(where: str, per: Any) -> Hashable | None:
        if isinstance(per, Undefined):  # in a macro imported without context: find it here
            per = _constant_key()["constant_key"]
        return None if per is None else (where, per)

    def _recall(self, where: str, per: Any) -> Markup | None:
        key = self._key(where, per)
        return None if key is None else self.memo.get(key)

    def _render(self, where: str, per: Any, caller: Callable[[], Markup]) -> Markup:
        key = self._key(where, per)
        if key is None:
            return caller()
        return _remember(self.memo, key, caller)


# Callables whose `jinja_pass_arg` (set by `pass_context` and its kin) is on the object itself,
# or on the function a bound method reads it from.
_PLAIN_CALLABLES = frozenset({FunctionType, MethodType, BuiltinFunctionType, Macro})
_EVAL_CONTEXT = pass_eval_context(lambda: None).jinja_pass_arg


class TemplateContext(Context):
    """Jinja's context, calling plain functions, methods and macros directly (and handing those
    that ask for it the evaluation context): for every call in a template (a URL, a translation,
    a card's exhibitor) Jinja looked for a `jinja_pass_arg` on the callable and on its
    `__call__`, which cost more than most of the calls themselves."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if type(__obj) not in _PLAIN_CALLABLES:
            return super().call(__obj, *args, **kwargs)
        passing = getattr(__obj, "jinja_pass_arg", None)
        if passing is _EVAL_CONTEXT:  # the translations
            args = (__self.eval_ctx, *args)
        elif passing is not None:
            return super().call(__obj, *args, **kwargs)
        if kwargs:  # what Jinja hands to context functions only
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja answers it
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


def _escape(value: Any) -> Markup:
    """MarkupSafe's `escape` for what templates output, passing markup through as it is and an
    integer as its digits, which need no escaping; anything else, plain strings included, goes
    to `escape` itself (a test checks the two agree)."""
    kind = type(value)
    if kind is Markup:
        return value
    if kind is int:
        return str.__new__(Markup, str(value))
    return escape(value)


class TemplateCode(Template):
    """A compiled template whose outputs are escaped by `_escape`: Jinja's generated code calls
    the `escape` of its module, which the template's functions share as their globals."""

    @classmethod
    def from_code(cls, *args: Any, **kwargs: Any) -> Template:
        template = super().from_code(*args, **kwargs)
        template.root_render_func.__globals__["escape"] = _escape
        return template


class TemplateEnvironment(Environment):
    """Flask's Jinja environment with each template's globals as one plain dict: Jinja chains
    them over the environment's, and every render (and include) copied the two dozen of them
    through the chain, key by key. Jinja allows changing the environment's globals only before
    templates are loaded, which `create_app` does. Its contexts and templates are this module's."""

    context_class = TemplateContext
    template_class = TemplateCode

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def remembered_url_for() -> Callable[..., str]:
    """Flask's `url_for`, remembered per site address: a URL depends on nothing else here (the
    app has no URL defaults, and templates name endpoints in full), and listings build one
    per card."""
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


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension(ConstantExtension)
    app.jinja_env.globals["url_for"] = remembered_url_for()
    app.jinja_env.globals["host_url"] = host_url
    app.jinja_env.globals["external_url"] = links.external_url
    app.context_processor(_constant_key)
