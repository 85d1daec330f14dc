"""As large as a country: `make bench-large`, or `python bench/scale.py [--coalitions 10000]
[--backends postgresql,sqlite]`.

Times the pages people use, in-process, on the five demo coalitions alone and on the same five
among a generated installation of many more (bench/large.py: a year of history each), each on
a database of its own, asked in turns request by request; prints per page the two medians,
their ratio (the goal: at most 1.2) and the queries.
Then the capacity of one worker process (open boards it keeps live at one poll every 3 s, from
the time of an unchanged poll), and the plans PostgreSQL picks for the login lookup and for
the events a poll reads.
"""

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import fresh_database, make_app, recording_statements  # noqa: E402

RUNS = 41
POLL_SECONDS = 3.0  # an open board asks what changed every 3 s
GOAL = 1.2
MEMBER = ("coordinator@utrecht.example", "samenwerken")  # board/demo/data/accounts.toml
VIEWER = ("programma@buurtbord.example", "samenwerken")
ADMIN = ("admin@buurtbord.example", "samenwerken")


def _client(app, email: str, password: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert answer.status_code == 303, (email, answer.status_code)
    return client


def _pages(app) -> dict[str, tuple]:
    """Name → (who, path, htmx) of every page timed, in the demo coalition Utrecht."""
    from sqlalchemy import select

    from board.extensions import db
    from board.models import Activity, Coalition, Idea, Initiative

    with app.app_context():
        utrecht = db.session.scalar(select(Coalition).where(Coalition.slug == "utrecht"))
        first = {
            model: db.session.scalar(
                select(model.id).where(model.coalition_id == utrecht.id).order_by(model.id)
            )
            for model in (Initiative, Idea, Activity)
        }
        seq = utrecht.event_seq
    base = "/c/utrecht"
    return {
        "coalition home": (MEMBER, f"{base}/", False),
        "board (kept)": (MEMBER, f"{base}/board", False),
        "board, nothing kept": (MEMBER, f"{base}/board", False),
        "unchanged poll (204)": (MEMBER, f"{base}/board/changes?since={seq}", True),
        "card": (MEMBER, f"{base}/initiatives/{first[Initiative]}", False),
        "ideas": (MEMBER, f"{base}/ideas", False),
        "idea": (MEMBER, f"{base}/ideas/{first[Idea]}", False),
        "agenda": (MEMBER, f"{base}/activities", False),
        "activity": (MEMBER, f"{base}/activities/{first[Activity]}", False),
        "intervision": (MEMBER, f"{base}/intervision", False),
        "pulse": (MEMBER, f"{base}/pulse", False),
        "members": (MEMBER, f"{base}/members", False),
        "account": (MEMBER, "/account", False),
        "start page, programme viewer": (VIEWER, "/", False),
        "start page, admin": (ADMIN, "/", False),
        "admin's coalitions": (ADMIN, "/admin/coalitions", False),
        "start page, found by name": (VIEWER, "/?q=utrecht", False),
        # The programme's months over every coalition, with the same coalition's figures below.
        "programme, a year, found by name": (VIEWER, "/programme?period=year&q=utrecht", False),
    }


def _time_in_turns(installations: list[tuple]) -> list[dict]:
    """Median ms, queries and SQL ms of each page in each installation (app, clients, pages),
    the installations asked in turns, request by request, so that the machine's drift (or
    the database settling after a load) falls on all of them alike."""
    found: list[dict] = [{} for _ in installations]

    def ask(number: int, name: str):
        app, clients, pages = installations[number]
        who, path, htmx = pages[name]
        # A board is kept until its coalition changes (board/kept.py); with nothing kept, it
        # is at most what the first person to look after a change or a restart meets.
        if "nothing kept" in name:
            app.extensions["kept_pieces"].clear()
        started = time.perf_counter()
        answer = clients[who].get(path, headers={"HX-Request": "true"} if htmx else {})
        elapsed = time.perf_counter() - started
        assert answer.status_code in (200, 204), (name, path, answer.status_code)
        return elapsed

    for name in installations[0][2]:
        for number in range(len(installations)):
            for _ in range(3):
                ask(number, name)
        timings: list[list[float]] = [[] for _ in installations]
        for _ in range(RUNS):
            for number in range(len(installations)):
                timings[number].append(ask(number, name))
        for number, (app, _clients, _pages) in enumerate(installations):
            with recording_statements(app) as seen:
                ask(number, name)
            found[number][name] = {
                "ms": statistics.median(timings[number]) * 1000,
                "queries": len(seen),
                "sql_ms": sum(s for s, _, _ in seen) * 1000,
            }
    lookups = _login_lookups([app for app, _clients, _pages in installations])
    for number, lookup in enumerate(lookups):
        found[number]["login lookup"] = lookup
    return found


def _login_lookups(apps: list) -> list[dict]:
    """The statement that finds a person by address, timed on its own in each app, in turns."""
    from board.auth.queries import find_user
    from board.extensions import db

    timings: list[list[float]] = [[] for _ in apps]
    for _ in range(RUNS):
        for number, app in enumerate(apps):
            with app.app_context():
                started = time.perf_counter()
                find_user("Coordinator@Utrecht.example")
                timings[number].append(time.perf_counter() - started)
                db.session.rollback()
    return [
        {"ms": statistics.median(found) * 1000, "queries": 1, "sql_ms": 0.0} for found in timings
    ]


def _plans(app) -> dict[str, list[str]]:
    """EXPLAIN (ANALYZE) of the login lookup and of the events a poll reads."""
    from sqlalchemy import select, text

    from board.extensions import db
    from board.models import Coalition

    with app.app_context():
        connection = db.session.connection()
        if connection.dialect.name != "postgresql":
            return {}
        utrecht = db.session.scalar(select(Coalition).where(Coalition.slug == "utrecht"))
        statements = {
            "login lookup": (
                "SELECT users.id FROM users WHERE users.email = :email",
                {"email": "coordinator@utrecht.example"},
            ),
            "events a poll reads": (
                "SELECT events.subject_type, events.subject_id, events.verb FROM events "
                "WHERE events.coalition_id = :coalition AND events.seq > :since LIMIT 201",
                {"coalition": utrecht.id, "since": utrecht.event_seq - 3},
            ),
        }
        plans = {}
        for name, (sql, values) in statements.items():
            rows = connection.execute(text(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}"), values)
            plans[name] = [row[0] for row in rows]
        db.session.rollback()
        return plans


def installation(backend: str, coalitions: int, tmp: Path) -> tuple:
    """The five demo coalitions, among `coalitions` generated ones when that is not 0: (the
    app on a database of its own, what is known of it so far)."""
    from flask_migrate import upgrade

    from bench.large import generate
    from board.demo.loader import seed_demo
    from board.extensions import db

    folder = tmp / f"{backend}-{coalitions}"
    folder.mkdir()
    app = make_app(fresh_database(backend, folder, name=f"_{coalitions}"))
    result = {"coalitions": coalitions + 5}
    if coalitions:
        print(f"generating {coalitions:,} coalitions on {backend} …", file=sys.stderr)
        made = generate(app, coalitions, log=lambda line: print(line, file=sys.stderr, flush=True))
        result["generated_seconds"] = made["seconds"]
    with app.app_context():
        upgrade()
        seed_demo()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does soon after a load this size: the visibility map set (so
            # counting along an index reads no table), indexes' pending entries merged, fresh
            # planner statistics; then the load written out, so no checkpoint falls in the
            # timings.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
                conn.exec_driver_sql("CHECKPOINT")
    return app, result


def measure(small_app, small: dict, large_app, large: dict) -> None:
    """Time the pages of both installations in turns; add the figures, and the large one's
    plans and table sizes."""
    from bench.large import table_sizes
    from board.extensions import db

    installations = []
    for app in (small_app, large_app):
        clients = {who: _client(app, *who) for who in (MEMBER, VIEWER, ADMIN)}
        installations.append((app, clients, _pages(app)))
    small["pages"], large["pages"] = _time_in_turns(installations)
    large["plans"] = _plans(large_app)
    large["sizes"] = table_sizes(large_app)
    for app in (small_app, large_app):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def report(backend: str, small: dict, large: dict) -> str:
    """One table per backend, the capacity and the plans."""
    lines = [
        f"### {backend}: the five demo coalitions alone, and among {large['coalitions']:,}",
        "",
        f"| page | ms, {small['coalitions']} | ms, {large['coalitions']:,} | ratio (≤ {GOAL}) "
        "| queries | SQL ms, large |",
        "|---|---|---|---|---|---|",
    ]
    for name, figures in small["pages"].items():
        big = large["pages"][name]
        ratio = big["ms"] / figures["ms"]
        met = "met" if ratio <= GOAL else "missed"
        queries = f"{figures['queries']} / {big['queries']}"
        lines.append(
            f"| {name} | {figures['ms']:.2f} | {big['ms']:.2f} | {ratio:.2f} ({met}) | {queries} "
            f"| {big['sql_ms']:.2f} |"
        )
    poll = large["pages"]["unchanged poll (204)"]["ms"]
    lines += [
        "",
        f"Capacity of one worker process at {large['coalitions']:,} coalitions: an unchanged "
        f"poll takes {poll:.2f} ms, so one process keeps about "
        f"{POLL_SECONDS * 1000 / poll:,.0f} open boards live at one poll every "
        f"{POLL_SECONDS:.0f} s (a core each; the database shares the machine).",
    ]
    if "generated_seconds" in large:
        biggest = ", ".join(f"{n} {c:,}" for n, c in list(large["sizes"].items())[:6])
        lines.append(f"Generated in {large['generated_seconds']:.0f} s; biggest tables: {biggest}.")
    for name, plan in large["plans"].items():
        lines += ["", f"EXPLAIN ANALYZE, {name}:", "```", *plan, "```"]
    return "\n".join(lines)


def main() -> None:
    """Both installations per backend, and the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coalitions", type=int, default=10_000)
    parser.add_argument("--backends", default="postgresql")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="buurtbord-scale-"))
    try:
        for backend in args.backends.split(","):
            small_app, small = installation(backend, 0, tmp)
            large_app, large = installation(backend, args.coalitions, tmp)
            measure(small_app, small, large_app, large)
            print(report(backend, small, large))
            print()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
