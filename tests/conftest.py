"""Fixtures shared by unit, web and browser tests: an app on a migrated database, people, logins."""

import os
import re
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import has_app_context
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

import board.models.user as user_model
from board import create_app
from board.auth.actions import create_user
from board.coalitions.actions import add_member, add_site, create_coalition
from board.extensions import db, limiter

PASSWORD = "samenwerken"


def _database_url(tmp_dir: str) -> str:
    """TEST_DATABASE_URL when set (PostgreSQL in CI, created if missing), else a SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(tmp_dir) / 'test.sqlite'}"
    _create_postgres_database(make_url(url))
    return url


def _create_postgres_database(url) -> None:
    """Create the test database on its PostgreSQL server unless it exists."""
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    server.dispose()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes():
    """Test speed only: accounts made by tests hash their password in microseconds, not 30 ms.

    Logging in still goes through the app's own check_password_hash, which reads the method
    from the stored hash; the app itself keeps its PASSWORD_METHOD.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(user_model, "PASSWORD_METHOD", "pbkdf2:sha256:1")
        yield


@pytest.fixture(scope="session")
def app():
    """The application on a database migrated from empty with the real migrations."""
    tmp_dir = tempfile.mkdtemp(prefix="buurtbord-test-")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_dir),
            "SERVER_NAME": None,
            # Browsers in tests ask for changes often, so they wait a fraction of a second.
            "POLL_INTERVAL_MS": 250,
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # Start from an empty schema, whatever an earlier run of any version left there.
            db.session.execute(db.text("DROP SCHEMA public CASCADE"))
            db.session.execute(db.text("CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class _Demo:
    """The demo data a read-only test left in the database for the next one, if any."""

    counts: dict | None = None


def _empty_tables(app) -> None:
    """Delete every row (the schema stays)."""
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    # A new database starts its change numbers again: what was kept belongs to the old one.
    app.extensions["kept_pieces"].clear()
    _Demo.counts = None


@pytest.fixture(autouse=True)
def clean_tables(request, app):
    """Every test starts from empty tables, except consecutive readers of the shared demo."""
    reads_demo = "demo_readonly" in request.fixturenames
    if not reads_demo and _Demo.counts is not None:
        _empty_tables(app)
    yield
    limiter.reset()
    if not reads_demo:
        _empty_tables(app)


@pytest.fixture
def demo(app):
    """The five demo coalitions, freshly seeded for a test that changes them."""
    from board.demo.loader import seed_demo

    with app.app_context():
        return seed_demo()


@pytest.fixture
def demo_readonly(app):
    """The five demo coalitions, seeded once and shared by consecutive tests that only read."""
    if _Demo.counts is None:
        from board.demo.loader import seed_demo

        with app.app_context():
            _Demo.counts = seed_demo()
    return _Demo.counts


@pytest.fixture
def app_ctx(app):
    """An application context, for tests that call services directly."""
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    """A test client; htmx and CSRF helpers are on it."""
    return BoardClient(app)


class BoardClient:
    """Wraps Flask's test client: logs in, sends the CSRF token, speaks htmx when asked."""

    def __init__(self, app):
        self.app = app
        self.raw = app.test_client()
        self._token = None

    def csrf_token(self) -> str:
        """The CSRF token of this client's session, read from a page like a browser would."""
        if self._token is None:
            page = self.raw.get("/login").get_data(as_text=True)
            self._token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        return self._token

    def get(self, url, htmx=False, **kwargs):
        """GET url; with htmx=True as htmx would send it."""
        headers = kwargs.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        return self.raw.get(url, headers=headers, **kwargs)

    def post(self, url, data=None, htmx=False, csrf=True, **kwargs):
        """POST a form to url with the CSRF token (unless csrf=False)."""
        data = dict(data or {})
        headers = kwargs.pop("headers", {})
        if csrf:
            data.setdefault("csrf_token", self.csrf_token())
        if htmx:
            headers["HX-Request"] = "true"
        return self.raw.post(url, data=data, headers=headers, **kwargs)

    def login(self, user_or_email, password=PASSWORD):
        """Log in through the login form."""
        email = getattr(user_or_email, "email", user_or_email)
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)
        self._token = None
        return response


class World:
    """Builds coalitions and people through the services, for one test.

    Inside an app context (unit tests) the objects stay attached to its session; otherwise
    (web tests) they come back detached with their columns loaded.
    """

    def __init__(self, app):
        self.app = app
        self.count = 0

    @contextmanager
    def _context(self):
        """The current app context, or a new one whose objects are handed out detached."""
        if has_app_context():
            yield lambda obj: obj
            return
        with self.app.app_context():

            def detach(obj):
                db.session.refresh(obj)
                db.session.expunge(obj)
                return obj

            yield detach

    def coalition(self, slug="utrecht", name="Utrecht Zuilen", sites=("Burennetwerk",)):
        """A coalition with default columns, work sites and a coordinator."""
        with self._context() as done:
            coalition = create_coalition(slug, name, "Samen sterker in de wijk.", "oefenvijver")
            coordinator = self.person(
                coalition, "coordinator", "resident", f"coordinator@{slug}.test"
            )
            for site in sites:
                add_site(coalition, attached(coordinator), site)
            return done(coalition)

    def person(self, coalition, role="member", side="resident", email=None, name=None):
        """A user who is a member of coalition with role and side."""
        with self._context() as done:
            self.count += 1
            email = email or f"person{self.count}@{coalition.slug}.test"
            user = create_user(email, name or f"Persoon {self.count}", PASSWORD)
            db.session.commit()
            add_member(attached(coalition), user, role, side)
            return done(user)


def attached(obj):
    """obj as stored now, in this context's session (a test's detached copy may be stale:
    merging it would write its old values back)."""
    return db.session.get(type(obj), obj.id)


@pytest.fixture
def world(app):
    """A builder of coalitions and people."""
    return World(app)


def together(*calls) -> list:
    """Run the calls at the same moment, each in a thread of its own released by one barrier;
    what each returned (or raised), in the order given."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(number, call):
        barrier.wait(timeout=20)
        try:
            results[number] = call()
        except Exception as error:  # noqa: BLE001 - handed to the test, which asserts on it
            results[number] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@contextmanager
def count_queries(app):
    """Count the SQL statements run inside the block: `with count_queries(app) as n: ...; n[0]`."""
    counter = [0]
    # Only this thread's statements: the browser tests' live server answers in its own threads
    # (pages left open by them may still poll it) and shares the engine.
    owner = threading.get_ident()

    def before_cursor_execute(conn, cursor, statement, *args):
        # SQLite's BEGIN is issued by us (see board/__init__.py), it reads no data.
        if threading.get_ident() == owner and not statement.startswith("BEGIN"):
            counter[0] += 1
            if os.environ.get("SHOW_QUERIES"):
                print("Q", statement[:150].replace("\n", " "))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    if os.environ.get("SHOW_QUERIES"):
        print("Q ---")
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


def steady_query_count(app, call) -> int:
    """The queries of call(), measured twice, the smaller count kept: a one-off query of a
    fresh session or connection is not a cost that grows with the data."""
    counts = []
    for _ in range(2):
        with count_queries(app) as counter:
            call()
        counts.append(counter[0])
    return min(counts)
