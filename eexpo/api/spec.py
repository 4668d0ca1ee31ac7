"""The API's typed contract: SpecTree checks each request against its pydantic models and
generates the OpenAPI document from the same models, so the two cannot drift.

Bodies are parsed here before any model sees them: a body that is not a JSON object is refused
with 400, a NUL character with 422 (`inputs.check_json`); a model's refusal becomes the usual
error body, naming the field, in the reader's language.
"""

from __future__ import annotations

import copy
from typing import Any

import sqlalchemy as sa
from flask import Request, current_app
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree
from spectree.models import InType, SecureType

from eexpo.api.schemas.common import ErrorBody
from eexpo.catalogue.rows import countries
from eexpo.errors import DomainError, Invalid
from eexpo.extensions import db
from eexpo.inputs import check_json
from eexpo.models import Sector

# Who may call an operation, as OpenAPI says it: anyone, with or without credentials; nobody
# needs any (signing in); or a bearer token or the browser session (the default).
ANYONE: list[dict[str, list[str]]] = [{}, {"bearer": []}, {"session": []}]
NO_CREDENTIALS: dict[str, list[str]] = {}

# What any operation may answer besides its own outcomes.
_COMMON = {
    "HTTP_400": "A malformed address or query, a body that is not a JSON object, or a browser "
    "write without its CSRF token",
    "HTTP_401": "A bearer token that is invalid, expired or revoked",
    "HTTP_500": "An unexpected failure; quote the request_id",
}
_WITH_BODY = {
    "HTTP_413": "A body larger than the app takes (MAX_CONTENT_LENGTH)",
    "HTTP_422": "A field that is missing or not valid: `fields` names it",
}


class UnfaithfulResponse(RuntimeError):
    """A view answered something its own schema does not describe: a bug, logged as one."""


def _read_body(req: Request) -> None:
    """Refuse, before validation, a body that is not one JSON object (the models would see an
    empty one), then one holding a NUL character."""
    if req.method in ("GET", "HEAD", "DELETE", "OPTIONS") or not req.get_data(cache=True):
        return
    if not req.is_json:
        raise DomainError(_("Send a JSON object with Content-Type: application/json."))
    data = req.get_json(silent=True)
    if not isinstance(data, dict):
        raise DomainError(_("The body is not a valid JSON object."))
    check_json(data)


def _field(location: tuple[int | str, ...], body: Any) -> str:
    """`blocks[0].media_id` for pydantic's ("blocks", 0, "photo", "media_id"): indexes in
    brackets, and without the tag pydantic adds where a tagged union chose its member (a part
    naming no key of the object there, but one of its values)."""
    name, node = "", body
    for part in location:
        if isinstance(part, int):
            name += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
        elif isinstance(node, dict) and part not in node and part in node.values():
            continue
        else:
            name += f".{part}" if name else part
            node = node.get(part) if isinstance(node, dict) else None
    return name or "body"


def _refusal(name: str, error: ErrorDetails) -> tuple[str, str]:
    """One pydantic error about field `name` as our field code (required, too_long, invalid)
    and words a person can act on, in their language."""
    kind = error["type"]
    context = error.get("ctx") or {}
    value = error.get("input")
    blank = kind == "string_pattern_mismatch" and isinstance(value, str) and not value.strip()
    if kind == "refused":  # a model's own words (schemas raise them translated)
        return "invalid", error["msg"]
    if kind in ("missing", "union_tag_not_found") or blank:
        return "required", _("'%(name)s' is required.", name=name)
    if kind == "string_too_long":
        n = context["max_length"]
        return "too_long", _("'%(name)s' may have at most %(n)d characters.", name=name, n=n)
    if kind == "too_long":
        n = context["max_length"]
        return "too_long", _("'%(name)s' may have at most %(n)d items.", name=name, n=n)
    if kind == "greater_than_equal":
        return "invalid", _("'%(name)s' must be at least %(n)s.", name=name, n=context["ge"])
    if kind == "less_than_equal":
        return "invalid", _("'%(name)s' must be at most %(n)s.", name=name, n=context["le"])
    if kind in ("literal_error", "union_tag_invalid"):
        expected = context.get("expected") or context.get("expected_tags")
        return "invalid", _("'%(name)s' must be one of: %(choices)s.", name=name, choices=expected)
    if kind.startswith("int"):
        return "invalid", _("'%(name)s' must be a whole number.", name=name)
    if kind.startswith("string"):
        return "invalid", _("'%(name)s' must be text without control characters.", name=name)
    if kind == "list_type":
        return "invalid", _("'%(name)s' must be a list.", name=name)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "invalid", _("'%(name)s' must be an object.", name=name)
    if kind == "bool_type":
        return "invalid", _("'%(name)s' must be true or false.", name=name)
    return "invalid", _("'%(name)s' is not valid.", name=name)


def _refuse(req: Request, _resp: Any, error: Exception | None, *_args: Any) -> None:
    """SpecTree's hook before the view (after the caller's access is checked): a body that is
    not a JSON object refused as such, then our error body instead of pydantic's list."""
    _read_body(req)
    if not isinstance(error, ValidationError):
        return
    body = req.get_json(silent=True) if req.is_json else None
    refusals = {}
    for details in error.errors(include_url=False):
        name = _field(details["loc"], body)
        if details["type"] in ("union_tag_invalid", "union_tag_not_found"):
            # pydantic names the union; the field at fault is its tag.
            tag = str(details.get("ctx", {}).get("discriminator", "")).strip("'")
            name = tag if name == "body" else f"{name}.{tag}"
        refusals[name] = _refusal(name, details)
    raise Invalid(
        " ".join(dict.fromkeys(message for _code, message in refusals.values())),
        fields={name: code for name, (code, _message) in refusals.items()},
    )


def _check_answer(_req: Any, _resp: Any, error: Exception | None, *_args: Any) -> None:
    if error is not None:
        raise UnfaithfulResponse(str(error)) from error


api = SpecTree(
    "flask",
    title="eexpo API",
    version="1",
    description='JSON in, JSON out. Errors: `{"error": {"code", "message", "fields", '
    '"request_id"}}`. Something a caller may not see answers 404.',
    mode="strict",
    annotations=True,
    before=_refuse,
    after=_check_answer,
    validation_error_status=422,
    validation_error_model=ErrorBody,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    security_schemes=[
        SecurityScheme(
            name="bearer", data=SecuritySchemeData(type=SecureType.HTTP, scheme="bearer")
        ),
        SecurityScheme(
            name="session",
            data=SecuritySchemeData(
                type=SecureType.API_KEY, field_in=InType.COOKIE, name="session"
            ),
        ),
    ],
    security=[{"bearer": []}, {"session": []}],
)


def answers(*, body: bool = False, **codes: type[BaseModel] | str | tuple[Any, str]) -> Response:
    """The responses of one operation: `HTTP_201=(Model, "what it is")`, an error as just its
    description, a body-less answer as `(None, "what it means")`; with the answers every
    operation (and, with `body`, every operation taking one) may give."""
    described: dict[str, Any] = {}
    for code, answer in {**_COMMON, **(_WITH_BODY if body else {}), **codes}.items():
        described[code] = (ErrorBody, answer) if isinstance(answer, str) else answer
    return Response(**described)


def document() -> dict[str, Any]:
    """The OpenAPI document: SpecTree's, with what depends on this expo filled in (the limits
    that are settings, the sectors there are), and a body whose every field is optional marked
    as one that may be left out (as it may)."""
    generated = copy.deepcopy(api.spec)
    choices = {
        "sectors": db.session.scalars(sa.select(Sector.slug).order_by(Sector.slug)).all(),
        "countries": sorted(countries()),
    }
    pending: list[Any] = [generated]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            setting = node.pop("x-maximum-setting", None)
            if setting is not None:
                node["maximum"] = current_app.config[setting]
            if node.pop("x-not-given", False):
                del node["default"]
            kind = node.pop("x-enum-of", None)
            if kind is not None and choices[kind]:
                node["enum"] = choices[kind]
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    schemas = generated["components"]["schemas"]
    for operations in generated["paths"].values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                schema = schemas[content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]]
                required = "properties" not in schema or bool(schema.get("required"))
                operation["requestBody"]["required"] = required
    return generated
