"""Queries, bytes and time of the board page and of a move at 10, 500 and 2,000 cards.

Run: .venv/bin/python bench/board_sizes.py   (a throwaway SQLite database; not part of the tests)
"""

import tempfile
import time

from flask_migrate import upgrade
from sqlalchemy import event

from board import create_app
from board.extensions import db

app = create_app(
    {
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + tempfile.mktemp(suffix=".sqlite"),
        "SECRET_KEY": "x",
        "WTF_CSRF_ENABLED": False,
    }
)
with app.app_context():
    upgrade()
    from board.auth.services import create_user
    from board.coalitions.services import add_member, create_coalition
    from board.kanban import services

    c = create_coalition("utrecht", "Utrecht Zuilen", "aim", "oefenvijver")
    u = create_user("a@x.nl", "Anna de Vries", "samenwerken")
    db.session.commit()
    add_member(c, u, "coordinator", "resident")
    cols = services.active_columns(c)
    engine = db.engine
n = [0]
event.listen(engine, "before_cursor_execute", lambda *a: n.__setitem__(0, n[0] + 1))
cl = app.test_client()
cl.post("/login", data={"email": "a@x.nl", "password": "samenwerken"})
made = 0
for target in (10, 500, 2000):
    with app.app_context():
        c2 = db.session.merge(c)
        u2 = db.session.merge(u)
        for i in range(made, target):
            card = services.create_initiative(c2, u2, cols[i % 4].id, f"Kaart {i}")
            services.add_checklist_item(c2, u2, card, "stap")
        made = target
    cl.get("/c/utrecht/board")
    n[0] = 0
    t = time.perf_counter()
    r = cl.get("/c/utrecht/board")
    dt = time.perf_counter() - t
    q_board = n[0]
    n[0] = 0
    t2 = time.perf_counter()
    r2 = cl.post(
        "/c/utrecht/initiatives/5/move",
        data={"column_id": cols[1].id, "position": "0"},
        headers={"HX-Request": "true"},
    )
    dt2 = time.perf_counter() - t2
    board = f"board {r.status_code} {q_board} queries {len(r.data)} bytes {dt * 1000:.0f} ms"
    move = f"move {r2.status_code} {n[0]} queries {len(r2.data)} bytes {dt2 * 1000:.0f} ms"
    print(f"{target} cards: {board}; {move}")
