"""Buurtbord: a collaboration board for coalitions of residents and welfare organisations."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, request
from flask_babel import get_locale
from jinja2 import StrictUndefined
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from board import config
from board.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def select_locale() -> str:
    """The language chosen with the switch (a cookie), Dutch otherwise."""
    from flask import current_app, has_request_context

    chosen = request.cookies.get("lang") if has_request_context() else None
    return chosen if chosen in current_app.config["LANGUAGES"] else "nl"


# Set for requests that change data (POST): on SQLite their transactions take the write lock
# when they begin, so a request never reads, then fails to upgrade to a writer under load.
WRITE_INTENT: ContextVar[bool] = ContextVar("write_intent", default=False)


@contextmanager
def writing():
    """Mark work outside a request (commands, threads) as writing, like a POST request."""
    token = WRITE_INTENT.set(True)
    try:
        yield
    finally:
        WRITE_INTENT.reset(token)


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record):
    """WAL, foreign keys and a busy timeout for every SQLite connection; we issue BEGIN."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    """On SQLite, begin a writing request's transaction IMMEDIATE, others deferred."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if WRITE_INTENT.get() else "BEGIN")


def today_local() -> date:
    """Today's date in the Netherlands, where every coalition works."""
    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application; test_config overrides the configuration."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.defaults(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    limiter.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=app.config["TRUSTED_PROXIES"]
        )

    from board import (
        activities,
        admin,
        auth,
        cli,
        coalitions,
        core,
        errorhandlers,
        ideas,
        kanban,
        labels,
        security,
    )

    for module in (core, auth, coalitions, kanban, ideas, activities, admin):
        app.register_blueprint(module.views.bp)
    app.register_blueprint(activities.views.feeds)
    auth.views.init_login(app)
    errorhandlers.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    labels.init_app(app)

    from board.htmx import dom_id

    app.jinja_env.globals.update(
        dom_id=dom_id, current_locale=lambda: str(get_locale()), today=today_local
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    if app.testing:
        # A misspelt or missing template variable fails the test instead of printing nothing.
        app.jinja_env.undefined = StrictUndefined

    @app.before_request
    def _note_write_intent():
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            WRITE_INTENT.set(True)

    @app.teardown_request
    def _forget_write_intent(error=None):
        WRITE_INTENT.set(False)

    return app
