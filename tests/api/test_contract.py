"""The OpenAPI document is the contract: generated from the models the views are checked
against, and every API response a test receives is held to it (tests/contract.py)."""

from __future__ import annotations

import json

import pytest
from werkzeug.test import TestResponse

from eexpo.accounts import tokens
from eexpo.extensions import db
from eexpo.models import Role
from tests import contract


def _copy(response: TestResponse, *, status: int | None = None, body: object = None):
    data = response.get_data() if body is None else json.dumps(body).encode()
    return TestResponse(
        [data], status or response.status_code, response.headers, request=response.request
    )


def test_an_undocumented_status_fails_the_test_that_got_it(app, client, make):
    make.sector(slug="robotics")
    answered = client.get("/api/v1/sectors")
    with pytest.raises(AssertionError, match="does not document"):
        contract.check(app, _copy(answered, status=418))


def test_a_body_the_schema_does_not_describe_fails_the_test_that_got_it(app, client, make):
    make.sector(slug="robotics")
    answered = client.get("/api/v1/sectors")
    extra = [dict(answered.json[0], secret="x")]
    with pytest.raises(Exception, match="secret"):
        contract.check(app, _copy(answered, body=extra))
    missing = [{k: v for k, v in answered.json[0].items() if k != "slug"}]
    with pytest.raises(Exception, match="slug"):
        contract.check(app, _copy(answered, body=missing))


def test_limits_the_models_enforce_are_stated(client, app, make):
    make.sector(slug="robotics")
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    assert schemas["NewBooth"]["properties"]["title"]["maxLength"] == 200
    assert schemas["VideoUpload"]["properties"]["size"]["maximum"] == app.config["MAX_VIDEO_BYTES"]
    search = {
        p["name"]: p["schema"] for p in document["paths"]["/api/v1/booths"]["get"]["parameters"]
    }
    assert search["q"]["maxLength"] == 200
    assert search["per_page"]["maximum"] == 100
    assert search["page"]["maximum"] == 100_000
    assert search["sector"]["anyOf"][0]["minLength"] == 1
    assert document["components"]["schemas"]["NewBooth"]["properties"]["sector"]["enum"] == [
        "robotics"
    ]


def test_public_operations_say_credentials_are_optional(client, app):
    document = client.get("/api/v1/openapi.json").json
    public = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            view = app.view_functions[rule.endpoint]
            public[rule.endpoint] = getattr(view, "access", None) == "public"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            endpoint = next(
                rule.endpoint
                for rule in app.url_map.iter_rules()
                if rule.endpoint.startswith("api.") and method.upper() in rule.methods
                and path == contract.path_template(rule.rule)
            )  # fmt: skip
            security = operation.get("security", document["security"])
            if public[endpoint]:
                assert security == [] or {} in security, f"{method} {path}"
            else:
                assert security, f"{method} {path}"
                assert {} not in security, f"{method} {path}"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"title": "   ", "sector": "robotics"}, 422, "title"),
        ({"title": "x" * 201, "sector": "robotics"}, 422, "title"),
        ({"title": "Ok", "sector": ""}, 422, "sector"),
        ({"title": "Ok", "sector": "robotics", "summary": 5}, 422, "summary"),
        ({"title": "Bell\x07", "sector": "robotics"}, 422, "title"),
    ],
)
def test_a_body_the_model_refuses_is_422_naming_the_field(client, make, body, status, field):
    make.sector(slug="robotics")
    raw, _token = tokens.issue_api_token(make.user(Role.EXHIBITOR))
    db.session.commit()
    response = client.post("/api/v1/booths", json=body, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == status
    assert field in response.json["error"]["fields"]
    assert field in response.json["error"]["message"]
