"""How the app talks to its database: SQLite tuned for many readers and one writer at a time.

PostgreSQL needs nothing here. On SQLite a transaction that reads first and writes later can
find that someone else wrote in between and fail; so a transaction that will write takes the
write lock when it begins (BEGIN IMMEDIATE). Requests that change data (POST) and work marked
with writing() begin that way; reading requests begin deferred and never block each other.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

WRITE_INTENT: ContextVar[bool] = ContextVar("write_intent", default=False)


@contextmanager
def writing():
    """Mark work outside a writing request (commands, threads, a GET that must write) as
    writing: transactions that begin inside it take SQLite's write lock at once."""
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
    """On SQLite, begin a writing transaction IMMEDIATE, others deferred."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if WRITE_INTENT.get() else "BEGIN")


def init_app(app):
    """Requests that change data write; the mark ends with the request."""
    from flask import request

    @app.before_request
    def _note_write_intent():
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            WRITE_INTENT.set(True)

    @app.teardown_request
    def _forget_write_intent(error=None):
        WRITE_INTENT.set(False)
