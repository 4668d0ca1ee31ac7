"""Statements built once (`orm.built_once`) run as lambda statements that never mix."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from eexpo.extensions import db
from eexpo.models import Booth, Exhibitor
from eexpo.orm import built_once


@built_once
def _by_key(by_slug: bool) -> sa.Select[Any]:
    key = Booth.slug if by_slug else Booth.id
    return sa.select(Booth.id).where(key == sa.bindparam("key"))


@built_once
def _exhibitors(by_country: bool, by_delegation: bool, newest: bool) -> sa.Select[Any]:
    query = sa.select(Exhibitor.name)
    if by_country:
        query = query.where(Exhibitor.country == sa.bindparam("country"))
    if by_delegation:
        query = query.where(Exhibitor.delegation == sa.bindparam("delegation"))
    return query.order_by(Exhibitor.id.desc() if newest else Exhibitor.name)


def _run(statement: sa.Executable, **values: Any) -> list[Any]:
    return list(db.session.scalars(statement, values))


def test_built_statements_are_remembered_per_builder_and_arguments(make):
    """Builders of different arities share one lambda; used in either order, each combination
    runs its own SQL (SQLAlchemy fixes what a lambda tracks at its first use)."""
    make.exhibitor("Anhui Chips", country="CN")
    berlin = make.exhibitor("Berlin Sensors", country="DE", delegation="Berlin")
    booth = make.published_booth(berlin)
    values = {"country": "DE", "delegation": "Berlin"}
    for _round in range(2):
        assert _exhibitors(True, False, False) is _exhibitors(True, False, False)
        assert _run(_exhibitors(False, False, False), **values) == ["Anhui Chips", "Berlin Sensors"]
        assert _run(_exhibitors(False, False, True), **values) == ["Berlin Sensors", "Anhui Chips"]
        assert _run(_exhibitors(True, False, False), **values) == ["Berlin Sensors"]
        assert _run(_exhibitors(False, True, True), **values) == ["Berlin Sensors"]
        assert _run(_by_key(False), key=booth.id) == [booth.id]
        assert _run(_by_key(True), key=booth.slug) == [booth.id]
        assert _run(_by_key(True), key=str(booth.id)) == []
