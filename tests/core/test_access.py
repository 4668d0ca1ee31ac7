"""Every route declares who may call it, and every protected route refuses everyone else."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from eexpo import create_app, permissions
from eexpo.access import PUBLIC, SIGNED_IN
from eexpo.models import Role
from tests.conftest import csrf_token

ROLES = [None, Role.VISITOR, Role.EXHIBITOR, Role.ORGANIZER]
SAMPLE_ARGS = {"int": 1}
# A rule's placeholders, as its text spells them: <int:booth_id>, <any(svg, png):kind>, <token>.
PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def _routes():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        method = "GET" if "GET" in methods else methods[0]
        args = {}
        for converter, options, name in PLACEHOLDER.findall(rule.rule):
            if converter == "any":
                args[name] = options.split(",")[0].strip()
            else:
                args[name] = SAMPLE_ARGS.get(converter, "x")
        path = rule.build(args, append_unknown=False)[1]
        yield rule.endpoint, method, path, getattr(view, "access", None)


ROUTES = list(_routes())


# (route, caller) pairs that must be refused: anonymous for every protected route, and each
# signed-in role that a role-restricted route does not name.
def _caller(role: Role | None) -> SimpleNamespace:
    return SimpleNamespace(is_authenticated=role is not None, role=role)


REFUSED = [
    (*route, role)
    for route in ROUTES
    if route[3] not in (PUBLIC, None)
    for role in ROLES
    if role is None
    or (route[3] != SIGNED_IN and not permissions.has_role(_caller(role), *route[3]))
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


def test_every_access_rule_is_used():
    """No rule sits in permissions.py while the code decides the same question elsewhere."""
    root = Path(__file__).resolve().parents[2]
    code = "\n".join(
        path.read_text() for path in (root / "eexpo").rglob("*.py") if path.name != "permissions.py"
    )
    templates = "\n".join(path.read_text() for path in (root / "templates").rglob("*.html"))
    rules = [name for name in vars(permissions) if name.startswith(("can_", "has_"))]
    unused = [
        name for name in rules
        if f"permissions.{name}" not in code and f"can.{name.removeprefix('can_')}" not in templates
    ]  # fmt: skip
    assert len(rules) > 10
    assert unused == []
