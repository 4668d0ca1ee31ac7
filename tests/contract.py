"""Every API response a test receives, checked against the OpenAPI document the app serves:
a status it does not list, a body its schema does not describe, fail the test that got it."""

from __future__ import annotations

import re
from typing import Any

import schemathesis
from flask import Flask
from werkzeug.test import TestResponse

from eexpo.api.spec import document

_loaded: list[Any] = []
_ARGUMENT = re.compile(r"<(?:[^:>]+:)?([^>]+)>")


def path_template(rule: str) -> str:
    """The document's path for a Flask rule: `/booths/<int:booth_id>` as `/booths/{booth_id}`."""
    return _ARGUMENT.sub(r"{\1}", rule)


def _schema(app: Flask) -> Any:
    # One document for the whole run: responses do not depend on the settings it fills in.
    if not _loaded:
        with app.test_request_context():
            _loaded.append(schemathesis.openapi.from_dict(document()))
    return _loaded[0]


def check(app: Flask, response: TestResponse) -> None:
    """Raise AssertionError when an API response is not what the document promises."""
    request = response.request
    if not request.path.startswith("/api/v1/") or request.method in ("HEAD", "OPTIONS"):
        return
    operation = _schema(app).find_operation_by_path(request.method, request.path)
    if operation is None:  # no such operation: a 404 or 405 the router gave
        return
    documented = operation.definition.raw["responses"]
    assert str(response.status_code) in documented, (
        f"{request.method} {request.path} answered {response.status_code}, "
        f"which its operation does not document ({', '.join(documented)})"
    )
    operation.validate_response(response)
