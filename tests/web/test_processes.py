"""Several app processes on one database: changes, conflicts and login limits; pool health."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browserless:
    """A person's session against one server: cookies, CSRF token, form posts."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )
        self.token = None

    def request(self, path, data=None, headers=None):
        """(status, body) of a GET, or of a POST when data is given."""
        body = None
        if data is not None:
            data = {"csrf_token": self.csrf(), **data}
            body = urllib.parse.urlencode(data).encode()
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self) -> str:
        """The CSRF token of this session, read from the login page."""
        if self.token is None:
            _, page = self.request("/login")
            self.token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        return self.token


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report redirects instead of following them."""

    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def two_servers(app):
    """Two gunicorn processes on two ports, sharing the test database and Redis."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "shared-secret-of-both-processes",
        "REDIS_URL": REDIS_URL,
        "LOGIN_RATE_LIMIT": "3 per minute",
    }
    ports = [free_port(), free_port()]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    processes = [
        subprocess.Popen(
            [gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{port}", "board:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def test_two_processes_share_changes_conflicts_and_login_limits(two_servers, team, make_card):
    card = make_card("Buurtkamer")
    first, second = two_servers
    anna, bram = Browserless(first), Browserless(second)
    assert (
        anna.request("/login", {"email": team.resident.email, "password": "samenwerken"})[0] == 303
    )
    assert (
        bram.request("/login", {"email": team.professional.email, "password": "samenwerken"})[0]
        == 303
    )

    _, board = bram.request("/c/utrecht/board")
    version = int(re.search(r'data-version="(\d+)"', board).group(1))
    status, _ = bram.request(f"/c/utrecht/board/changes?since={version}")
    assert status == 204

    status, _ = anna.request(
        f"/c/utrecht/initiatives/{card}/move", {"column_id": team.columns[2], "version": 1}
    )
    assert status == 303
    status, changes = bram.request(f"/c/utrecht/board/changes?since={version}")
    assert status == 200 and f'id="initiative-{card}"' in changes

    status, page = bram.request(
        f"/c/utrecht/initiatives/{card}", {"title": "Bram zijn titel", "version": 1}
    )
    assert status == 409 and "Bram zijn titel" in page

    # Failed logins count across both processes (the limit lives in Redis): 3 per minute.
    email = f"niemand-{uuid.uuid4().hex[:8]}@example.nl"
    statuses = [
        Browserless(base).request("/login", {"email": email, "password": "fout"})[0]
        for base in (first, second, first, second)
    ]
    assert statuses == [422, 422, 422, 429]


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="the connection pool's health check matters for a database server (PostgreSQL run)",
)
def test_requests_work_after_the_database_drops_every_connection(client, team, app):
    """As after a restart of PostgreSQL: every pooled connection is dead; the next request
    must notice (pre-ping) and reconnect instead of failing."""
    client.login(team.resident)
    assert client.get("/c/utrecht/board").status_code == 200
    outsider = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    with outsider.connect() as connection:
        dropped = connection.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    outsider.dispose()
    assert dropped >= 1
    assert client.get("/c/utrecht/board").status_code == 200
    assert client.get("/healthz").status_code == 200
