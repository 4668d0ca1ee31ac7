"""Alembic environment for eexpo: runs inside the Flask app, against `db.engine`."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from eexpo.orm import UTCDateTime
from eexpo.search import described_by_models

config = context.config
# Keep loggers configured by the app (and by test runners) alive.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def render_item(type_, obj, autogen_context):
    """Write eexpo's UTC timestamp type as the plain column type it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_db.metadata,
        literal_binds=True,
        render_as_batch=True,
        render_item=render_item,
        include_name=described_by_models,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        # An autogenerate run that finds no change writes no empty migration.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("render_item", render_item)
    conf_args.setdefault("compare_type", True)
    conf_args.setdefault("include_name", described_by_models)

    with target_db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _enforce_sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(
                connection=connection, target_metadata=target_db.metadata, **conf_args
            )
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                _check_sqlite_foreign_keys(connection)
        finally:
            if sqlite:
                _enforce_sqlite_foreign_keys(connection, on=True)


def _enforce_sqlite_foreign_keys(connection, *, on):
    """Batch mode rebuilds a SQLite table by copying it and dropping the old one; while foreign
    keys are enforced, that DROP deletes (or nulls) every row referring to the table: copying
    `meeting` emptied `meeting_hold`. SQLite ignores this pragma inside a transaction, so it is
    set between them; the app's connections have it on, and this one goes back to the pool."""
    connection.rollback()
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    connection.commit()


def _check_sqlite_foreign_keys(connection):
    """With enforcement off, a migration could leave a dangling reference: refuse to finish."""
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    connection.commit()
    if dangling:
        raise RuntimeError(f"the migration left rows referring to nothing: {dangling[:10]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
