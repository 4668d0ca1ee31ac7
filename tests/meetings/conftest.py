"""An expo two days from now, an exhibitor with a stand and a booth, and a visitor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eexpo.extensions import db
from eexpo.models import Event, Hall, Role, Stand
from tests.meetings.helpers import OPENS


@pytest.fixture
def expo(app, make):
    db.session.add(Event(name="Expo", starts_on=OPENS, ends_on=OPENS + timedelta(days=3)))
    db.session.commit()


@pytest.fixture
def host(expo, make, api_as):
    exhibitor = make.exhibitor(name="Sensors Inc")
    booth = make.published_booth(exhibitor=exhibitor)
    hall = Hall(name="Hall 1")
    db.session.add(hall)
    db.session.flush()
    db.session.add(Stand(hall_id=hall.id, code="A12", exhibitor_id=exhibitor.id))
    db.session.commit()
    caller = api_as(make.user(Role.EXHIBITOR, exhibitor=exhibitor, name="Hana Host"))
    caller.booth = booth
    return caller


@pytest.fixture
def visitor(make, api_as):
    return api_as(make.user(Role.VISITOR, name="Vera Visitor"))
