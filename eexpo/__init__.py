"""eexpo: a virtual e-exhibition beside a physical trade fair. `create_app` builds the Flask app."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from eexpo import config, i18n, inputs, ops, pagecache, permissions, security, templating
from eexpo.extensions import (
    CookieSessions,
    babel,
    close_reads,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
)

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("EEXPO_INSTANCE_PATH") or None,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.load(Path(app.instance_path)))
    if test_config:
        app.config.from_mapping(test_config)
    ops.init_logging(app.config["LOG_FORMAT"])

    inputs.init_app(app)  # first of all hooks, and before any route is added
    _init_database(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    templating.init_app(app)
    limiter.init_app(app)
    app.teardown_appcontext(close_reads)
    app.session_interface = CookieSessions()

    from eexpo import accounts, api, errors, organizer, portal, storage, tasks, visit
    from eexpo.booths.exhibits import labels as exhibit_labels
    from eexpo.catalogue import services as catalogue_services
    from eexpo.catalogue import views as catalogue_views
    from eexpo.cli import register_cli
    from eexpo.media import views as media_views
    from eexpo.meetings import views as meetings_views
    from eexpo.people import views as people_views
    from eexpo.storage import views as storage_views
    from eexpo.visit import counting

    app.register_blueprint(visit.bp)
    app.register_blueprint(meetings_views.bp)
    app.register_blueprint(people_views.bp)
    app.register_blueprint(catalogue_views.bp, url_prefix="/catalogue")
    app.register_blueprint(accounts.bp)
    app.register_blueprint(portal.bp, url_prefix="/portal")
    app.register_blueprint(organizer.bp, url_prefix="/organizer")
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    app.register_blueprint(storage_views.bp, url_prefix="/media-files")
    app.register_blueprint(media_views.bp)
    storage.init_app(app)
    tasks.init_app(app)
    csrf.exempt(api.bp)
    errors.register(app)
    security.register(app)
    pagecache.init_app(app)
    counting.init_app(app)
    ops.init_app(app)  # outermost: the proxy's headers, request ids, the ops endpoints
    register_cli(app)

    app.jinja_env.globals.update(
        can=permissions.TEMPLATE_RULES,
        languages=app.config["LANGUAGES"],
        current_locale=i18n.current_locale_code,
        html_lang=i18n.html_lang,
        exhibit_labels=exhibit_labels,
        stand_words=catalogue_services.stand_words,
        local_words=catalogue_services.local_words,
    )
    templating.check_remembered_urls(app)
    return app


def _init_database(app: Flask) -> None:
    """Bind SQLAlchemy; on SQLite, turn on WAL and foreign keys for every connection, and skip
    the ping before each checkout that a server's connections need (a file's do not drop, and
    the ping was a third statement on every page)."""
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    if sqlite:
        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "pool_pre_ping": False}
    db.init_app(app)
    if not sqlite:
        return
    with app.app_context():
        engine = db.engine

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()
