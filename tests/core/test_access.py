"""Every route declares who may call it, and every protected route refuses everyone else."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from eexpo import create_app
from eexpo.access import PUBLIC, SIGNED_IN
from eexpo.models import Role
from tests.conftest import csrf_token

ROLES = [None, Role.VISITOR, Role.EXHIBITOR, Role.ORGANIZER]
SAMPLE_ARGS = {"integer": 1}


def _routes():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        method = "GET" if "GET" in methods else methods[0]
        args = {}
        for name, converter in rule._converters.items():
            kind = (
                "integer"
                if isinstance(converter, IntegerConverter)
                else type(converter).__name__.removesuffix("Converter").lower()
            )
            args[name] = (
                next(iter(converter.items)) if kind == "any" else SAMPLE_ARGS.get(kind, "x")
            )
        path = rule.build(args, append_unknown=False)[1]
        yield rule.endpoint, method, path, getattr(view, "access", None)


ROUTES = list(_routes())
# (route, caller) pairs that must be refused: anonymous for every protected route, and each
# signed-in role that a role-restricted route does not name.
REFUSED = [
    (*route, role)
    for route in ROUTES
    if route[3] not in (PUBLIC, None)
    for role in ROLES
    if role is None or (route[3] != SIGNED_IN and role not in route[3])
]


@pytest.mark.parametrize(
    ("endpoint", "method", "path", "access"), ROUTES, ids=[r[0] for r in ROUTES]
)
def test_every_route_declares_its_access(endpoint, method, path, access):
    # A new route without a declaration fails here, so the matrix below cannot miss it.
    assert access is not None, f"{endpoint} needs @public, @signed_in or @role_required"


@pytest.mark.parametrize(
    ("endpoint", "method", "path", "access", "role"),
    REFUSED,
    ids=[f"{r[0]}-{r[4].value if r[4] else 'anonymous'}" for r in REFUSED],
)
def test_protected_route_refuses_callers_without_the_role(
    client, make, auth, endpoint, method, path, access, role
):
    if role is not None:
        make.user(role, email="caller@example.com")
        auth.login("caller@example.com")
    data = {"csrf_token": csrf_token(client)} if method != "GET" else None
    response = client.open(path, method=method, data=data)
    if role is None and endpoint.startswith("api."):
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"
    elif role is None:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == 403
