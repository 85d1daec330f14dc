"""The Buurtbord benchmark: `make bench`. Not part of the tests.

Starts the app under gunicorn (2 workers) on SQLite and then on PostgreSQL, seeds boards of
20, 500 and 2,000 cards, drives them from a second process (wrk for throughput, a plain HTTP
client for single-request timings), counts the SQL queries of each request in-process, and
prints one table of medians plus the ratios the product aims for.

Then the programme's page (/programme, /programme.csv) in-process, on the five demo coalitions
and on a generated installation of 1,000 coalitions with a year of history each (bench/large.py);
`--programme-only` runs just that part.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import inprocess  # noqa: E402 - after the project is on the path

SIZES = (20, 500, 2000)
LARGE = 1000  # coalitions of the generated installation the programme's page is timed on
PASSWORD = "benchmark-wachtwoord"
USER_AGENT = "buurtbord-bench"  # the session cookie is bound to it (session protection)
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/buurtbord_bench"
)


# ---- the database ------------------------------------------------------------------------------


def fresh_database(backend: str, tmp: Path, name: str = "") -> str:
    """An empty database URL for backend ('sqlite' or 'postgresql'); name tells apart
    databases that are used side by side."""
    if backend == "sqlite":
        return f"sqlite:///{tmp / f'bench{name}.sqlite'}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL)
    url = url.set(database=f"{url.database}{name}")
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    server.dispose()
    return url.render_as_string(hide_password=False)


def make_app(database_url: str):
    """The app on database_url, configured as in production but for the benchmark's secret."""
    from board import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench-secret",
            "LOGIN_RATE_LIMIT": "100000 per minute",
        }
    )


def seed(app, sizes=SIZES) -> dict[int, dict]:
    """A coalition per board size with its cards; returns per size the slug and column ids."""
    from flask_migrate import upgrade

    from board.auth.actions import create_user
    from board.coalitions.actions import add_member, add_site, create_coalition
    from board.extensions import db
    from board.kanban import actions, queries
    from board.kanban.inputs import CardInput

    boards = {}
    with app.app_context():
        upgrade()
        user = create_user("bench@example.nl", "Bench Bewoner", PASSWORD)
        pro = create_user("bench-pro@example.nl", "Bench Professional", PASSWORD)
        db.session.commit()
        for size in sizes:
            coalition = create_coalition(f"bench-{size}", f"Bench {size}", "", "werkplaats")
            add_member(coalition, user, "member", "resident")
            add_member(coalition, pro, "member", "professional")
            site = add_site(coalition, user, "Buurthuis")
            columns = [c.id for c in queries.active_columns(coalition)]
            for n in range(size):
                card = actions.create_initiative(coalition, user, columns[n % 4], f"Kaart {n}")
                if n % 3 == 0:
                    actions.update_initiative(
                        coalition,
                        user,
                        card,
                        CardInput(
                            title=card.title,
                            work_site_id=str(site.id),
                            resident_lead_id=str(user.id),
                            professional_lead_id=str(pro.id),
                            version=str(card.version),
                        ),
                    )
                if n % 5 == 0:
                    actions.add_checklist_item(coalition, user, card, "Stap één")
                    actions.add_comment(coalition, user, card, "Goed plan")
            boards[size] = {"slug": coalition.slug, "columns": columns}
    return boards


# ---- the server and a client -------------------------------------------------------------------


@contextmanager
def gunicorn(database_url: str, port: int):
    """gunicorn with 2 workers serving the app on port."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-secret",
        "LOGIN_RATE_LIMIT": "100000 per minute",
    }
    binary = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [binary, "--workers", "2", "--bind", f"127.0.0.1:{port}", "board:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


class Session:
    """One logged-in person: cookie, CSRF token, timed requests."""

    def __init__(self, base: str):
        self.base = base
        self.cookie = ""
        self.token = ""

    def request(self, path: str, data: dict | None = None, htmx: bool = False):
        """(status, body bytes, seconds) of one GET, or POST when data is given."""
        headers = {"User-Agent": USER_AGENT, "Cookie": self.cookie}
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrf_token": self.token, **data}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                content = response.read()
                status = response.status
                cookie = response.headers.get("Set-Cookie")
        except urllib.error.HTTPError as error:
            content, status, cookie = error.read(), error.code, error.headers.get("Set-Cookie")
        elapsed = time.perf_counter() - started
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return status, content, elapsed

    def login(self, email: str) -> None:
        """Log in through the form (the redirect after it is not followed)."""
        opener = urllib.request.build_opener(NoRedirect())
        urllib.request.install_opener(opener)
        _, page, _ = self.request("/login")
        self.token = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()
        status, _, _ = self.request("/login", {"email": email, "password": PASSWORD})
        assert status == 303, status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report redirects instead of following them."""

    def redirect_request(self, *args, **kwargs):
        return None


def wrk(url: str, headers: dict, seconds: int) -> float:
    """Requests per second that wrk measured for url."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


# ---- query counts, in-process --------------------------------------------------------------------


def query_counts(app, boards) -> dict:
    """SQL statements per request of each kind, per board size."""
    from sqlalchemy import event

    from board.extensions import db

    counts: dict = {}
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"email": "bench@example.nl", "password": PASSWORD, "csrf_token": token}
    )
    with app.app_context():
        engine = db.engine
    seen = [0]

    def count(conn, cursor, statement, *args):
        if not statement.startswith("BEGIN"):
            seen[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:

        def measure(call, *args, **kwargs):
            seen[0] = 0
            call(*args, **kwargs)
            return seen[0]

        htmx = {"HX-Request": "true"}
        counts["healthz"] = measure(client.get, "/healthz")
        for size, board in boards.items():
            slug = board["slug"]
            html = client.get(f"/c/{slug}/board").get_data(as_text=True)
            version = re.search(r'data-version="(\d+)"', html).group(1)
            card = re.search(r'id="initiative-(\d+)"', html).group(1)
            counts[("board", size)] = measure(client.get, f"/c/{slug}/board")
            app.extensions["kept_pieces"].clear()
            counts[("written", size)] = measure(client.get, f"/c/{slug}/board")
            counts[("poll", size)] = measure(
                client.get, f"/c/{slug}/board/changes?since={version}", headers=htmx
            )
            move = {"column_id": board["columns"][1], "position": 2, "csrf_token": token}
            counts[("move", size)] = measure(
                client.post, f"/c/{slug}/initiatives/{card}/move", data=move, headers=htmx
            )
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counts


# ---- one backend ---------------------------------------------------------------------------------


def bench_backend(backend: str, runs: int, seconds: int, port: int) -> dict:
    """All measurements for one database backend."""
    tmp = Path(tempfile.mkdtemp(prefix="buurtbord-bench-"))
    try:
        url = fresh_database(backend, tmp)
        app = make_app(url)
        boards = seed(app, (*SIZES, 0, inprocess.CARDS))
        timed = {size: boards[size] for size in SIZES}
        result = {"queries": query_counts(app, timed)}
        result["inprocess"] = inprocess.measure(
            app, boards, "bench@example.nl", PASSWORD, USER_AGENT
        )
        with app.app_context():
            from board.extensions import db

            db.engine.dispose()
        with gunicorn(url, port) as base:
            person = Session(base)
            person.login("bench@example.nl")
            headers = {"User-Agent": USER_AGENT, "Cookie": person.cookie}
            result["healthz_rps"] = statistics.median(
                wrk(base + "/healthz", {}, seconds) for _ in range(runs)
            )
            slug = boards[SIZES[0]]["slug"]
            _, page, _ = person.request(f"/c/{slug}/board")
            version = re.search(rb'data-version="(\d+)"', page).group(1).decode()
            poll = f"/c/{slug}/board/changes?since={version}"
            status, body, _ = person.request(poll, htmx=True)
            assert status == 204, status
            result["poll_bytes"] = len(body)
            result["poll_rps"] = statistics.median(
                wrk(base + poll, {**headers, "HX-Request": "true"}, seconds) for _ in range(runs)
            )
            # /healthz in turns with the boards, so the machine's drift falls on both alike.
            healthz = []
            for size, board in timed.items():
                slug = board["slug"]
                timings, sizes = [], []
                for _ in range(max(15, runs * 10)):
                    healthz.append(person.request("/healthz")[2])
                    status, body, elapsed = person.request(f"/c/{slug}/board")
                    assert status == 200, status
                    timings.append(elapsed)
                    sizes.append(len(body))
                result[("board_ms", size)] = statistics.median(timings) * 1000
                result["healthz_ms"] = statistics.median(healthz) * 1000
                result[("board_bytes", size)] = statistics.median(sizes)
                cards = re.findall(rb'id="initiative-(\d+)"', body)
                moves, move_sizes = [], []
                for n in range(40):
                    card = cards[n % len(cards)].decode()
                    column = board["columns"][n % 4]
                    status, reply, elapsed = person.request(
                        f"/c/{slug}/initiatives/{card}/move",
                        {"column_id": column, "position": n % 7},
                        htmx=True,
                    )
                    assert status == 200, (status, reply[:200])
                    moves.append(elapsed * 1000)
                    move_sizes.append(len(reply))
                moves.sort()
                result[("move_p50", size)] = statistics.median(moves)
                result[("move_p95", size)] = moves[int(len(moves) * 0.95) - 1]
                result[("move_bytes", size)] = statistics.median(move_sizes)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---- the programme's page at scale ---------------------------------------------------------------

PROGRAMME_PAGES = {"page": "/programme?period=year", "csv": "/programme.csv?period=year"}
DEMO_VIEWER = ("programma@buurtbord.example", "samenwerken")  # board/demo/data/accounts.toml
LARGE_VIEWER = "programma@bench.example"


def logged_in_client(app, email: str, password: str):
    """A test client logged in through the login form (its CSRF token read from the page)."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.status_code
    return client


@contextmanager
def recording_statements(app):
    """A list that collects (seconds, statement, parameters) of every SQL statement meanwhile
    (BEGIN left out, as query_counts does)."""
    from sqlalchemy import event

    from board.extensions import db

    with app.app_context():
        engine = db.engine
    seen: list = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):
        started = conn.info["bench_started"].pop()
        if not statement.startswith("BEGIN"):
            seen.append((time.perf_counter() - started, statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def time_get(app, client, path: str, runs: int, warmups: int = 2) -> dict:
    """Median ms of GET path after warm-ups, its bytes, and the SQL of one more request."""
    for _ in range(warmups):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        body = response.get_data()
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    with recording_statements(app) as statements:
        started = time.perf_counter()
        client.get(path).get_data()
        once = time.perf_counter() - started
    return {
        "ms": statistics.median(timings) * 1000,
        "bytes": len(body),
        "queries": len(statements),
        "sql_ms": sum(seconds for seconds, _, _ in statements) * 1000,
        "once_ms": once * 1000,
        "statements": statements,
    }


def _dispose(app) -> None:
    """Close the app's database connections (before its database is dropped)."""
    from board.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def programme_scale(backend: str, coalitions: int = LARGE, runs: int = 7) -> dict:
    """The programme's page and CSV for a year, timed in-process: on the five demo coalitions,
    then on a generated installation of `coalitions` coalitions."""
    from flask_migrate import upgrade

    from bench.large import generate, table_sizes
    from board.auth.actions import create_user
    from board.demo.loader import seed_demo

    tmp = Path(tempfile.mkdtemp(prefix="buurtbord-bench-"))
    result: dict = {}
    try:
        (tmp / "demo").mkdir()
        app = make_app(fresh_database(backend, tmp / "demo"))
        with app.app_context():
            upgrade()
            demo = seed_demo()["coalitions"]
        client = logged_in_client(app, *DEMO_VIEWER)
        result["demo"] = {"coalitions": demo}
        for kind, path in PROGRAMME_PAGES.items():
            result["demo"][kind] = time_get(app, client, path, runs)
        _dispose(app)

        (tmp / "large").mkdir()
        app = make_app(fresh_database(backend, tmp / "large"))
        print(f"generating {coalitions:,} coalitions on {backend} …", file=sys.stderr)
        generated = generate(
            app, coalitions, log=lambda line: print(line, file=sys.stderr, flush=True)
        )
        with app.app_context():
            create_user(LARGE_VIEWER, "Programma Bench", PASSWORD, is_programme_viewer=True)
        client = logged_in_client(app, LARGE_VIEWER, PASSWORD)
        result["large"] = {"coalitions": coalitions}
        for kind, path in PROGRAMME_PAGES.items():
            result["large"][kind] = time_get(app, client, path, runs)
        result["generation"] = {"seconds": generated["seconds"], "sizes": table_sizes(app)}
        _dispose(app)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def programme_report(results: dict) -> str:
    """Per backend and installation size: the page and CSV times, queries and sizes; how long
    generating took and the biggest tables."""
    lines = [
        "| backend | coalitions | /programme median ms | queries | SQL ms / ms of one request "
        "| /programme.csv median ms | CSV queries | page KB | CSV KB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for backend, result in results.items():
        for installation in ("demo", "large"):
            figures = result[installation]
            page, csv = figures["page"], figures["csv"]
            lines.append(
                f"| {backend} | {figures['coalitions']:,} | {page['ms']:.0f} | {page['queries']} "
                f"| {page['sql_ms']:.0f} / {page['once_ms']:.0f} "
                f"| {csv['ms']:.0f} | {csv['queries']} "
                f"| {page['bytes'] / 1024:.0f} | {csv['bytes'] / 1024:.0f} |"
            )
        generation = result["generation"]
        biggest = ", ".join(
            f"{name} {count:,}" for name, count in list(generation["sizes"].items())[:8]
        )
        notes.append(
            f"- {backend}: generated in {generation['seconds']:.0f} s; biggest tables: {biggest}"
        )
    return "\n".join(lines + [""] + notes)


def slowest_statements(results: dict, count: int = 5) -> str:
    """The slowest SQL statements of one /programme request on the largest installation."""
    lines = []
    for backend, result in results.items():
        size = result["large"]["coalitions"]
        for kind, path in PROGRAMME_PAGES.items():
            lines.append(f"## {backend}, {size:,} coalitions, {path}")
            statements = result["large"][kind]["statements"]
            slowest = sorted(statements, key=lambda entry: -entry[0])[:count]
            for seconds, statement, _parameters in slowest:
                shown = " ".join(statement.split())
                lines.append(f"- {seconds * 1000:.1f} ms: {shown[:600]}")
    return "\n".join(lines)


# ---- the report ----------------------------------------------------------------------------------


RATIOS = [
    (
        "cost per card on the board, µs (in-process: 200 cards minus none, / 200)",
        "≤ 25",
        lambda r: r["inprocess"]["per_card_us"],
        lambda v: v <= 25,
    ),
    (
        "board page time, 20 cards / `/healthz` (one request each)",
        "≤ 5",
        lambda r: r[("board_ms", 20)] / r["healthz_ms"],
        lambda v: v <= 5,
    ),
    (
        "board page time, 20 cards / `/healthz` (in-process)",
        "≤ 5",
        lambda r: r["inprocess"][("board_ms", 20)] / r["inprocess"]["healthz_ms"],
        lambda v: v <= 5,
    ),
    (
        "board page time, 500 / 20 cards",
        "≤ 1.5",
        lambda r: r[("board_ms", 500)] / r[("board_ms", 20)],
        lambda v: v <= 1.5,
    ),
    (
        "board page time, 2,000 / 20 cards",
        "≤ 1.5",
        lambda r: r[("board_ms", 2000)] / r[("board_ms", 20)],
        lambda v: v <= 1.5,
    ),
    (
        "after a change: board, 20 cards / `/healthz` (in-process)",
        "≤ 5",
        lambda r: r["inprocess"][("written_ms", 20)] / r["inprocess"]["healthz_ms"],
        lambda v: v <= 5,
    ),
    (
        "after a change: board, 500 / 20 cards (in-process)",
        "≤ 1.5",
        lambda r: r["inprocess"][("written_ms", 500)] / r["inprocess"][("written_ms", 20)],
        lambda v: v <= 1.5,
    ),
    (
        "after a change: board, 2,000 / 20 cards (in-process)",
        "≤ 1.5",
        lambda r: r["inprocess"][("written_ms", 2000)] / r["inprocess"][("written_ms", 20)],
        lambda v: v <= 1.5,
    ),
    (
        "first visit of the board at 500 cards, KB compressed (page, styles, scripts)",
        "≤ 40",
        lambda r: r["inprocess"]["first_visit"]["total"] / 1024,
        lambda v: v <= 40,
    ),
    (
        "poll throughput / `/healthz` throughput",
        "≥ 0.5",
        lambda r: r["poll_rps"] / r["healthz_rps"],
        lambda v: v >= 0.5,
    ),
    (
        "move time (p50), 2,000 / 20 cards",
        "≤ 1.5",
        lambda r: r[("move_p50", 2000)] / r[("move_p50", 20)],
        lambda v: v <= 1.5,
    ),
    (
        "move response KB, 20 cards",
        "≤ 3",
        lambda r: r[("move_bytes", 20)] / 1024,
        lambda v: v <= 3,
    ),
    (
        "move bytes / board page bytes, 20 cards (%)",
        "≤ 5",
        lambda r: 100 * r[("move_bytes", 20)] / r[("board_bytes", 20)],
        lambda v: v <= 5,
    ),
]
# PostgreSQL against SQLite, for the time ratios above: at most this much worse.
BACKEND_SPREAD = 1.5


def report(results: dict) -> str:
    """The table and the ratios, as Markdown."""
    backends = list(results)
    rows = [
        ("`/healthz` ms (one request)", lambda r: f"{r['healthz_ms']:.2f}"),
        ("`/healthz` requests/s", lambda r: f"{r['healthz_rps']:.0f}"),
        ("unchanged changes-poll requests/s (204)", lambda r: f"{r['poll_rps']:.0f}"),
        ("unchanged changes-poll body bytes", lambda r: f"{r['poll_bytes']}"),
    ]
    for size in SIZES:
        rows.append(
            (f"board page ms, {size:,} cards", lambda r, n=size: f"{r[('board_ms', n)]:.1f}")
        )
        rows.append(
            (f"board page bytes, {size:,} cards", lambda r, n=size: f"{r[('board_bytes', n)]:.0f}")
        )
    for size in SIZES:
        rows.append(
            (
                f"move ms p50 / p95, {size:,} cards",
                lambda r, n=size: f"{r[('move_p50', n)]:.1f} / {r[('move_p95', n)]:.1f}",
            )
        )
        rows.append(
            (
                f"move response bytes, {size:,} cards",
                lambda r, n=size: f"{r[('move_bytes', n)]:.0f}",
            )
        )
    rows += [
        ("in-process: `/healthz` ms", lambda r: f"{r['inprocess']['healthz_ms']:.2f}"),
        (
            f"in-process: board page ms (kept), 0 / 20 / {inprocess.CARDS} / 500 / 2,000 cards",
            lambda r: " / ".join(
                f"{r['inprocess'][('board_ms', n)]:.2f}"
                for n in (0, 20, inprocess.CARDS, 500, 2000)
            ),
        ),
        (
            f"in-process, after a change: board page ms, 0 / 20 / {inprocess.CARDS} / 500 / 2,000"
            " cards",
            lambda r: " / ".join(
                f"{r['inprocess'][('written_ms', n)]:.2f}"
                for n in (0, 20, inprocess.CARDS, 500, 2000)
            ),
        ),
        (
            "in-process: cost per card (after a change), µs",
            lambda r: f"{r['inprocess']['per_card_us']:.1f}",
        ),
        (
            "first visit at 500 cards: page KB raw / compressed",
            lambda r: (
                f"{r['inprocess']['first_visit']['page_raw'] / 1024:.1f} / "
                f"{r['inprocess']['first_visit']['page'] / 1024:.1f}"
            ),
        ),
        (
            "first visit at 500 cards: page, styles and scripts, KB compressed",
            lambda r: (
                f"{r['inprocess']['first_visit']['total'] / 1024:.1f} "
                f"({r['inprocess']['first_visit']['assets']} files besides the page)"
            ),
        ),
        (
            "then, once a pointer reaches the board: the drag-and-drop library, KB compressed",
            lambda r: f"{r['inprocess']['first_visit']['on_demand'] / 1024:.1f}",
        ),
        (
            "htmx fragment (next cards of a column): bytes raw / compressed",
            lambda r: (
                f"{r['inprocess']['fragment']['raw']} / {r['inprocess']['fragment']['bytes']}"
                f" ({r['inprocess']['fragment']['encoding']})"
            ),
        ),
    ]
    rows.append(("queries: `/healthz`", lambda r: str(r["queries"]["healthz"])))
    kinds = {
        "board": "board (kept)",
        "written": "board written anew (nothing kept)",
        "poll": "unchanged poll",
        "move": "move",
    }
    for kind, named in kinds.items():
        rows.append(
            (
                f"queries: {named} at 20 / 500 / 2,000 cards",
                lambda r, k=kind: " / ".join(str(r["queries"][(k, n)]) for n in SIZES),
            )
        )
    if all("programme" in results[b] for b in backends):

        def programme(r, kind, field):
            return " / ".join(
                f"{r['programme'][size][kind][field]:.0f}" for size in ("demo", "large")
            )

        first = results[backends[0]]["programme"]
        named = " / ".join(f"{first[size]['coalitions']:,}" for size in ("demo", "large"))
        rows += [
            (
                f"`/programme?period=year` ms, {named} coalitions",
                lambda r: programme(r, "page", "ms"),
            ),
            (
                f"queries: `/programme?period=year`, {named} coalitions",
                lambda r: programme(r, "page", "queries"),
            ),
            (
                f"`/programme.csv?period=year` ms, {named} coalitions",
                lambda r: programme(r, "csv", "ms"),
            ),
        ]
    lines = ["| measure | " + " | ".join(backends) + " |", "|---|" + "---|" * len(backends)]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(results[b]) for b in backends) + " |")
    lines += ["", "| ratio | target | " + " | ".join(backends) + " |"]
    lines.append("|---|---|" + "---|" * len(backends))
    for label, target, compute, ok in RATIOS:
        cells = []
        for b in backends:
            value = compute(results[b])
            cells.append(f"{value:.2f} ({'met' if ok(value) else 'missed'})")
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")
    if "sqlite" in results and "postgresql" in results:
        lines += ["", f"PostgreSQL's time ratios against SQLite's (target ≤ {BACKEND_SPREAD}):"]
        for label, _target, compute, _ok in RATIOS[1:8]:
            spread = compute(results["postgresql"]) / compute(results["sqlite"])
            met = "met" if spread <= BACKEND_SPREAD else "missed"
            lines.append(f"- {label}: {spread:.2f} ({met})")
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per throughput figure")
    parser.add_argument("--seconds", type=int, default=4, help="length of one wrk run")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument(
        "--programme-only", action="store_true", help="time only the programme's page"
    )
    parser.add_argument(
        "--no-programme", action="store_true", help="leave the programme's page out"
    )
    parser.add_argument(
        "--coalitions", type=int, default=LARGE, help="coalitions of the large installation"
    )
    parser.add_argument(
        "--programme-runs", type=int, default=7, help="timed requests per programme page"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print the slowest SQL of the programme"
    )
    args = parser.parse_args()
    results, programme = {}, {}
    for backend in args.backends.split(","):
        if not args.programme_only:
            print(f"benchmarking {backend} …", file=sys.stderr)
            results[backend] = bench_backend(backend, args.runs, args.seconds, args.port)
        if not args.no_programme:
            print(f"timing the programme's page on {backend} …", file=sys.stderr)
            programme[backend] = programme_scale(backend, args.coalitions, args.programme_runs)
            if backend in results:
                results[backend]["programme"] = programme[backend]
    if results:
        print(report(results))
        print()
    if programme:
        print(programme_report(programme))
        if args.profile:
            print()
            print(slowest_statements(programme))


if __name__ == "__main__":
    main()
