"""No input makes a server error: every route, as anonymous, exhibitor and organizer, with ids past
the database's range and NUL characters in its path, query and body, answers 4xx."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eexpo import create_app
from eexpo.extensions import db
from eexpo.models import Role
from tests.conftest import csrf_token

HUGE = 99_999_999_999
_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
# Values that are not ids, for the other kinds of path argument.
_TEXT = "a\x00b"


def _rules():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        kinds = {name: kind or "default" for kind, name in _ARGUMENT.findall(rule.rule)}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, kinds


RULES = list(_rules())


def _paths(rule, kinds):
    """The rule's path with every id too large, then with every text argument holding a NUL
    (an `any` argument takes its first choice)."""
    for id_value, text_value in ((HUGE, "x"), (1, _TEXT)):
        values = {}
        for name, kind in kinds.items():
            if kind == "any":
                values[name] = _any_choices(rule, name)[0]
            else:
                values[name] = id_value if kind == "int" else text_value
        yield rule.build(values, append_unknown=False)[1]


def _any_choices(rule, name):
    match = re.search(rf"<any\(([^)]*)\):{name}>", rule.rule)
    return [item.strip().strip("'\"") for item in match.group(1).split(",")]


BODY = {
    "id": HUGE,
    "booth_id": HUGE,
    "media_id": HUGE,
    "version": HUGE,
    "title": _TEXT,
    "summary": _TEXT,
    "sector": _TEXT,
    "reason": _TEXT,
    "email": _TEXT,
    "password": _TEXT,
    "message": _TEXT,
    "name": _TEXT,
    "kind": "image",
    "filename": _TEXT,
    "content_type": "image/jpeg",
    "size": HUGE,
    "part_numbers": [HUGE],
    "parts": [{"part_number": HUGE, "etag": _TEXT}],
    "blocks": [{"type": "photo", "media_id": HUGE, "alt": _TEXT}],
}
FORM = {key: (str(value) if not isinstance(value, str) else value) for key, value in BODY.items()}


@pytest.fixture
def world(make):
    """Something behind each kind of id, so that requests reach their bodies' checks."""
    exhibitor = make.exhibitor(name="Owner Org")
    booth = make.published_booth(exhibitor)
    make.submission(exhibitor, title="Pending")
    return booth


@pytest.mark.parametrize("role", [None, Role.EXHIBITOR, Role.ORGANIZER], ids=lambda r: str(r))
def test_no_route_answers_a_server_error_to_bad_ids_or_nul_characters(
    client, make, auth, world, role
):
    if role is not None:
        exhibitor = world.exhibitor if role == Role.EXHIBITOR else None
        make.user(role, email="caller@example.com", exhibitor=exhibitor)
        auth.login("caller@example.com")
    token = csrf_token(client)
    failures = []
    for rule, method, kinds in RULES:
        for path in _paths(rule, kinds):
            for query in ("", "?page=99999999999&q=%00&country=%00&sector=%00&by=%00"):
                url = path + query
                if method == "GET":
                    response = client.get(url)
                elif rule.endpoint.startswith("api."):
                    response = client.open(
                        url, method=method, json=BODY, headers={"X-CSRFToken": token}
                    )
                else:
                    response = client.open(url, method=method, data={**FORM, "csrf_token": token})
                if response.status_code >= 500:
                    failures.append(f"{method} {url}: {response.status_code}")
                db.session.rollback()
    assert failures == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.table("booth"))) >= 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/booths?country=%00",
        "/sectors/iot?country=%00",
        "/booths/%00",
        "/search?q=%00",
    ],
)
def test_a_nul_in_a_path_or_query_is_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "NUL" in response.get_data(as_text=True)


def test_a_nul_in_a_json_body_is_422_naming_the_field(client, make):
    make.user(email="a@example.com")
    response = client.post("/api/v1/tokens", json={"email": "a\x00@example.com", "password": "x"})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"email": "invalid"}


@pytest.mark.parametrize("url", ["/booths/99999999999", "/api/v1/booths/99999999999"])
def test_an_id_past_the_database_range_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_an_id_past_the_range_is_404_whatever_the_method(client, make, auth):
    make.user(email="a@example.com")
    auth.login("a@example.com")
    token = {"X-CSRFToken": csrf_token(client)}
    # Another method's rule has the same path: the id must still name nothing, not refuse a verb.
    assert client.delete(f"/api/v1/favourites/{2**31}", headers=token).status_code == 404
    assert client.put(f"/api/v1/favourites/{2**31}", headers=token).status_code == 404


def test_an_id_past_the_range_inside_a_body_is_422(client, make, auth):
    exhibitor = make.exhibitor()
    booth = make.draft_booth(exhibitor)
    make.user(Role.EXHIBITOR, email="a@example.com", exhibitor=exhibitor)
    auth.login("a@example.com")
    response = client.patch(
        f"/api/v1/booths/{booth.id}/draft",
        json={"version": 0, "blocks": [{"type": "photo", "media_id": HUGE}]},
        headers={"X-CSRFToken": csrf_token(client)},
    )
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"blocks[0].media_id": "invalid"}
