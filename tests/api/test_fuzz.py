"""Schemathesis over the published OpenAPI document, as anonymous, exhibitor and organizer: no
generated request, however odd, makes a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from eexpo.accounts import tokens
from eexpo.extensions import db
from eexpo.models import Role


@pytest.fixture
def api_schema(app, make):
    """The document the app serves, loaded from the app itself, over a small expo: a published
    booth and a submission, so that generated ids sometimes name something."""
    exhibitor = make.exhibitor(name="Fuzzed Org")
    make.published_booth(exhibitor)
    make.submission(exhibitor, title="Pending")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def _bearer(make, role: Role) -> dict[str, str]:
    raw, _token = tokens.issue_api_token(make.user(role))
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("role", [None, Role.EXHIBITOR, Role.ORGANIZER], ids=str)
def test_no_generated_request_makes_a_server_error(app, api_schema, make, role):
    headers = _bearer(make, role) if role else {}
    failures = []
    for found in api_schema.get_all_operations():
        operation = found.ok()
        # Valid requests, and requests breaking the document's own rules (wrong types, values
        # out of bounds, odd strings): both must get a 2xx or 4xx answer.
        cases = st.one_of(operation.as_strategy(mode) for mode in GenerationMode)

        @FUZZ
        @given(case=cases)
        def fuzz(case):
            with app.app_context():  # each request in its own, as in production
                case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            fuzz()
        except Exception as failure:  # noqa: BLE001 - every operation is tried, all failures told
            failures.append(f"{operation.label}: {failure}")
    assert failures == []
