"""The organizer the console's tests act as, signed in through the form."""

from __future__ import annotations

import pytest

from eexpo.models import Role


@pytest.fixture
def organizer(make, auth):
    user = make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")
    return user
