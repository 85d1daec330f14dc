"""In-process figures of the board (part of `make bench`): what one card costs to show, the
board's page against `/healthz` measured the same way, and what a first visit transfers.

Timed through Flask's test client, so neither the network nor gunicorn is in the figures:
only what the app itself does for a request. The board is timed twice: kept (as everyone
meets it while nobody changes the coalition: board/kept.py) and after a change (as the first
person to look after a change meets it: the board written anew); the cost per card is the
one after a change.
"""

import re
import statistics
import time

CARDS = 200  # the board with this many cards against the empty one: the cost per card
PAIRS = 150  # requests of each of those two boards, in turns
ROUNDS = 60  # times each page is asked for, in turns with the others


def _in_turns(client, headers: dict, asked: dict, rounds: int) -> dict:
    """The median time in ms of each of asked (name → (path, before)), asked for in turns: one
    of each per round, so the machine's drift falls on all alike. before() (or None) runs
    untimed before its request; two untimed rounds warm up first."""
    timings = {name: [] for name in asked}
    for round_number in range(rounds + 2):
        for name, (path, before) in asked.items():
            if before is not None:
                before()
            started = time.perf_counter()
            response = client.get(path, headers=headers)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (path, response.status_code)
            if round_number >= 2:
                timings[name].append(elapsed)
    return {name: statistics.median(found) * 1000 for name, found in timings.items()}


def login(app, email: str, password: str, user_agent: str):
    """A test client logged in through the form."""
    client = app.test_client()
    headers = {"User-Agent": user_agent}
    page = client.get("/login", headers=headers).get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    answer = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers=headers,
    )
    assert answer.status_code == 303, answer.status_code
    return client, headers


def _per_card_us(client, headers: dict, asked: list, runs: int) -> float:
    """What one card adds to the board written after a change, in µs: the empty board and the
    board of CARDS cards (asked: two (path, before)) in turns, the median of their differences
    divided by CARDS (in turns, so the machine's drift falls on both alike)."""
    differences = []
    for _ in range(runs):
        pair = []
        for path, before in asked:
            before()
            started = time.perf_counter()
            client.get(path, headers=headers)
            pair.append(time.perf_counter() - started)
        differences.append(pair[1] - pair[0])
    return statistics.median(differences) / CARDS * 1e6


def change_of(app, slug: str):
    """What any change to the coalition at slug does to what is kept: its change number moves
    on, so its board is written anew (its menus and add-card forms stay kept)."""
    from sqlalchemy import text

    from board.extensions import db

    def changed() -> None:
        with app.app_context():
            db.session.execute(
                text("UPDATE coalitions SET event_seq = event_seq + 1 WHERE slug = :slug"),
                {"slug": slug},
            )
            db.session.commit()

    return changed


ACCEPT = "gzip, deflate, br"  # what browsers send


def first_visit_bytes(client, headers: dict, path: str) -> dict:
    """What a browser transfers on a first visit to path: the page and every stylesheet and
    script it names (the icons are in the page), compressed as a browser accepts them."""
    packed = {**headers, "Accept-Encoding": ACCEPT}
    page = client.get(path, headers=packed)
    assert page.headers.get("Content-Encoding") == "br", path
    html = client.get(path, headers=headers).get_data(as_text=True)
    assets = re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', html)
    total = len(page.data)
    for asset in assets:
        answer = client.get(asset, headers=packed)
        assert answer.status_code == 200, (asset, answer.status_code)
        assert answer.headers.get("Content-Encoding") == "br", asset
        assert "max-age=31536000" in answer.headers.get("Cache-Control", ""), asset
        total += len(answer.data)
    # What comes later, on demand: the drag-and-drop library, once a pointer reaches the board.
    later = re.findall(r'data-sortable-src="([^"]+)"', html)
    on_demand = sum(len(client.get(url, headers=packed).data) for url in later)
    return {
        "page": len(page.data),
        "page_raw": len(html.encode()),
        "assets": len(assets),
        "total": total,
        "on_demand": on_demand,
    }


def measure(app, boards: dict, email: str, password: str, user_agent: str) -> dict:
    """Per-card cost, board and healthz times, and first-visit bytes; boards maps a number of
    cards (0, CARDS, and the benchmark's sizes) to the board's slug and column ids."""
    client, headers = login(app, email, password, user_agent)
    asked = {"healthz_ms": ("/healthz", None)}
    for size, board in boards.items():
        path = f"/c/{board['slug']}/board"
        # After a change (the board written anew), then kept: the board just written.
        asked[("written_ms", size)] = (path, change_of(app, board["slug"]))
        asked[("board_ms", size)] = (path, None)
    result = _in_turns(client, headers, asked, ROUNDS)
    result["per_card_us"] = _per_card_us(
        client,
        headers,
        [(f"/c/{boards[n]['slug']}/board", change_of(app, boards[n]["slug"])) for n in (0, CARDS)],
        PAIRS,
    )
    result["first_visit"] = first_visit_bytes(client, headers, f"/c/{boards[500]['slug']}/board")
    # The next cards of a column, as htmx asks for them when "Toon meer" comes into view.
    biggest = boards[max(boards)]
    more = f"/c/{biggest['slug']}/board/columns/{biggest['columns'][0]}?after=0"
    fragment = client.get(
        more, headers={**headers, "HX-Request": "true", "Accept-Encoding": ACCEPT}
    )
    assert fragment.status_code == 200, fragment.status_code
    result["fragment"] = {
        "encoding": fragment.headers.get("Content-Encoding") or "none",
        "bytes": len(fragment.data),
        "raw": len(client.get(more, headers={**headers, "HX-Request": "true"}).data),
    }
    return result
