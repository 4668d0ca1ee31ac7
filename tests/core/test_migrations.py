"""Upgrading an empty database through every migration yields exactly the models' schema."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from eexpo import create_app
from eexpo.extensions import db
from eexpo.search import described_by_models


@pytest.fixture
def empty_database_url(database_url: str, tmp_path) -> Iterator[str]:
    """A brand-new, empty database on the same server as the suite's database."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    url = sa.make_url(database_url)
    name = f"eexpo_migrations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _diff(app) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                "include_name": described_by_models,
            },
        )
        return compare_metadata(context, db.metadata)


def test_migrations_build_the_models_schema(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with app.app_context():
        upgrade()
        assert _diff(app) == []
        db.engine.dispose()


def test_migrations_downgrade_to_an_empty_database(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()


def test_the_pipeline_migration_files_earlier_leads_and_meetings(empty_database_url):
    """Leads and meetings made before the pipeline existed each join it: one prospect per
    exhibitor and address (in any case), at "meeting" for whoever asked to meet."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with app.app_context():
        upgrade(revision="e06fec6279cd")
        now = sa.func.now() if db.engine.dialect.name == "postgresql" else sa.text("'2026-11-15'")
        tables = sa.MetaData()
        tables.reflect(db.engine)
        t = tables.tables
        with db.engine.begin() as c:

            def add(table: str, **values) -> int:
                return c.execute(
                    t[table].insert().returning(t[table].c.id).values(**values)
                ).scalar_one()

            stamps = {"created_at": now, "updated_at": now}
            acme = add("exhibitor", name="Acme", status="approved", **stamps)
            booth = add("booth", exhibitor_id=acme, slug="acme", status="published",
                        is_featured=False, **stamps)  # fmt: skip
            accounts = (("host@acme.example", "Host", "exhibitor", acme),
                        ("Li@Buyer.example", "Li", "visitor", None))  # fmt: skip
            people = [add("user_account", email=email, name=name, role=role, is_active=True,
                          session_version=0, exhibitor_id=org, **stamps)
                      for email, name, role, org in accounts]  # fmt: skip
            for email in ("li@buyer.example", "other@buyer.example"):
                add("lead", booth_id=booth, name="Li", email=email, message="Hi", consent_at=now,
                    created_at=now)  # fmt: skip
            slot = add("meeting_slot", exhibitor_id=acme, host_id=people[0], starts_at=now,
                       ends_at=now, place="stand", created_at=now)  # fmt: skip
            add("meeting", slot_id=slot, requester_id=people[1], status="requested",
                message="Meet?", created_at=now)  # fmt: skip
        upgrade()
        with db.engine.connect() as c:
            prospects = c.execute(sa.text("SELECT email, stage FROM prospect ORDER BY email")).all()
            unfiled = c.execute(sa.text(
                "SELECT (SELECT count(*) FROM lead WHERE prospect_id IS NULL)"
                " + (SELECT count(*) FROM meeting WHERE prospect_id IS NULL)"
            )).scalar_one()  # fmt: skip
        assert [tuple(p) for p in prospects] == [
            ("li@buyer.example", "meeting"), ("other@buyer.example", "new")
        ]  # fmt: skip
        assert unfiled == 0
        db.engine.dispose()


def _people_and_a_slot(c, t, at):
    """An exhibitor with a host, a visitor, and the host's 20-minute slot at `at`."""

    def add(table: str, **values) -> int:
        return c.execute(t[table].insert().returning(t[table].c.id).values(**values)).scalar_one()

    stamps = {"created_at": at, "updated_at": at}
    acme = add("exhibitor", name="Acme", status="approved", **stamps)
    people = [
        add("user_account", email=email, name=email, role=role, is_active=True,
            session_version=0, exhibitor_id=org, **stamps)
        for email, role, org in (("host@acme.example", "exhibitor", acme),
                                 ("li@buyer.example", "visitor", None),
                                 ("wu@buyer.example", "visitor", None))
    ]  # fmt: skip
    talk = add("programme_session", title="Business talk", kind="business_talk", starts_at=at,
               ends_at=at + timedelta(hours=2), tables=4, slot_minutes=20)  # fmt: skip
    slots = [
        add("meeting_slot", exhibitor_id=acme, host_id=people[0], starts_at=start,
            ends_at=start + timedelta(minutes=20), place="table", session_id=talk, created_at=at)
        for start in (at, at + timedelta(minutes=30))
    ]  # fmt: skip
    return add, people, talk, slots


def _holds(c) -> tuple[list[tuple], list[tuple]]:
    meeting_holds = c.execute(sa.text(
        "SELECT meeting_id, user_id, count(*) FROM meeting_hold"
        " GROUP BY meeting_id, user_id ORDER BY meeting_id, user_id"
    )).all()  # fmt: skip
    table_holds = c.execute(sa.text("SELECT meeting_id, table_number FROM table_hold")).all()
    return [tuple(r) for r in meeting_holds], [tuple(r) for r in table_holds]


def test_rebuilding_a_table_keeps_the_rows_that_refer_to_it(empty_database_url):
    """SQLite's batch mode copies a table and drops the old one: with foreign keys enforced,
    the pipeline migration's copy of `meeting` deleted every meeting's holds."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    with app.app_context():
        upgrade(revision="e06fec6279cd")
        tables = sa.MetaData()
        tables.reflect(db.engine)
        t = tables.tables
        with db.engine.begin() as c:
            add, people, _talk, slots = _people_and_a_slot(c, t, at)
            meeting = add("meeting", slot_id=slots[0], requester_id=people[1],
                          status="requested", message="Meet?", created_at=at)  # fmt: skip
            c.execute(t["meeting_hold"].insert(), [
                {"user_id": person, "at": at + timedelta(minutes=m), "meeting_id": meeting}
                for person in people[:2] for m in (0, 5, 10, 15)
            ])  # fmt: skip
        upgrade(revision="3764e22151ae")  # through the pipeline's rebuild, before the repair
        with db.engine.connect() as c:
            assert _holds(c) == ([(meeting, people[0], 4), (meeting, people[1], 4)], [])
            if c.dialect.name == "sqlite":  # the app's connections enforce them again
                assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def test_the_repair_puts_back_the_holds_of_open_meetings(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    with app.app_context():
        upgrade(revision="3764e22151ae")
        tables = sa.MetaData()
        tables.reflect(db.engine)
        t = tables.tables
        with db.engine.begin() as c:
            add, people, _talk, slots = _people_and_a_slot(c, t, at)
            asked = add("meeting", slot_id=slots[0], requester_id=people[1], status="requested",
                        message="Meet?", created_at=at)  # fmt: skip
            seated = add("meeting", slot_id=slots[1], requester_id=people[2], status="accepted",
                         message="Meet?", table_number=3, created_at=at)  # fmt: skip
            add("meeting", slot_id=slots[0], requester_id=people[2], status="cancelled",
                message="Meet?", created_at=at)  # fmt: skip
        upgrade()
        with db.engine.connect() as c:
            assert _holds(c) == (
                [(asked, people[0], 4), (asked, people[1], 4),
                 (seated, people[0], 4), (seated, people[2], 4)],
                [(seated, 3)],
            )  # fmt: skip
        db.engine.dispose()
