"""Live updates: the changes endpoint, long columns loaded on demand, the open-card notice."""

import json
import re

import pytest

from board import events
from board.extensions import db
from board.kanban import actions, queries
from tests.conftest import attached, count_queries, steady_query_count
from tests.web.conftest import card_state


def board_version(client) -> int:
    """The version the board page was rendered at."""
    page = client.get("/c/utrecht/board").get_data(as_text=True)
    return int(re.search(r'data-version="(\d+)"', page).group(1))


def test_nothing_changed_is_204_with_one_query_after_the_session(client, team, make_card, app):
    make_card()
    client.login(team.resident)
    version = board_version(client)
    response = client.get(f"/c/utrecht/board/changes?since={version}", htmx=True)
    assert response.status_code == 204
    assert response.get_data() == b""
    queries = steady_query_count(
        app, lambda: client.get(f"/c/utrecht/board/changes?since={version}", htmx=True)
    )
    assert queries == 1  # user, coalition, membership and version together


def test_a_move_by_someone_else_arrives_as_the_card_and_counters(client, team, make_card, app):
    first, second = make_card("Eerste"), make_card("Tweede")
    client.login(team.resident)
    version = board_version(client)
    other = type(client)(app)
    other.login(team.professional)
    other.post(f"/c/utrecht/initiatives/{second}/move", {"column_id": team.columns[2]})
    response = client.get(f"/c/utrecht/board/changes?since={version}", htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'hx-swap-oob="beforeend:#incoming-cards"' in body
    assert f'id="initiative-{second}"' in body and f'id="initiative-{first}"' not in body
    assert f'id="column-{team.columns[2]}-count" hx-swap-oob="true"' in body
    detail = json.loads(response.headers["HX-Trigger-After-Settle"])["board-changed"]
    assert detail["placed"] == [
        {"card": f"initiative-{second}", "column": f"column-{team.columns[2]}", "position": 0}
    ]
    assert detail["version"] > version and detail["removed"] == []
    again = client.get(f"/c/utrecht/board/changes?since={detail['version']}", htmx=True)
    assert again.status_code == 204


def test_my_own_move_and_new_card_tell_the_page_their_change_number(client, team, make_card, app):
    card = make_card("Eigen kaart")
    client.login(team.resident)
    version = board_version(client)
    moved = client.post(
        f"/c/utrecht/initiatives/{card}/move", {"column_id": team.columns[1]}, htmx=True
    )
    told = json.loads(moved.headers["HX-Trigger-After-Settle"])["own-change"]
    assert told == {"version": version + 1}
    added = client.post(
        "/c/utrecht/initiatives", {"column_id": team.columns[0], "title": "Nog een"}, htmx=True
    )
    assert json.loads(added.headers["HX-Trigger-After-Settle"])["own-change"] == {
        "version": version + 2
    }
    # The page took both as seen: its next poll finds nothing new.
    assert client.get(f"/c/utrecht/board/changes?since={version + 2}", htmx=True).status_code == 204
    # Without htmx, and for a request that changed nothing, nothing is told.
    plain = client.post(f"/c/utrecht/initiatives/{card}/move", {"column_id": team.columns[2]})
    assert plain.status_code == 303 and "HX-Trigger-After-Settle" not in plain.headers
    refused = client.post("/c/utrecht/initiatives", {"column_id": team.columns[0]}, htmx=True)
    assert refused.status_code == 422
    assert "own-change" not in refused.headers.get("HX-Trigger-After-Settle", "")


def test_archived_and_filtered_out_cards_are_removed(client, team, make_card, app):
    card = make_card("Weg ermee")
    client.login(team.resident)
    version = board_version(client)
    client.post(f"/c/utrecht/initiatives/{card}/archive")
    detail = json.loads(
        client.get(f"/c/utrecht/board/changes?since={version}").headers["HX-Trigger-After-Settle"]
    )["board-changed"]
    assert detail["removed"] == [f"initiative-{card}"]
    client.post(f"/c/utrecht/initiatives/{card}/restore")
    response = client.get(f"/c/utrecht/board/changes?since={version}&q=zwembad")
    detail = json.loads(response.headers["HX-Trigger-After-Settle"])["board-changed"]
    assert detail["removed"] == [f"initiative-{card}"] and detail["placed"] == []


def test_column_changes_ask_to_reload(client, team):
    client.login(team.coordinator)
    version = board_version(client)
    client.post(f"/c/utrecht/columns/{team.columns[0]}", {"name": "Ideeën", "wip_limit": ""})
    response = client.get(f"/c/utrecht/board/changes?since={version}")
    assert json.loads(response.headers["HX-Trigger-After-Settle"])["board-changed"]["reload"]
    assert "Laad het bord opnieuw" in response.get_data(as_text=True)


@pytest.mark.parametrize("since", ["", "abc", "-1x"])
def test_bad_since_is_422(client, team, since):
    client.login(team.resident)
    assert client.get(f"/c/utrecht/board/changes?since={since}").status_code == 422


def test_changes_of_another_coalition_are_404(client, world, team):
    outsider = world.person(world.coalition("voorst", "Voorst", sites=()))
    client.login(outsider)
    assert client.get("/c/utrecht/board/changes?since=0").status_code == 404


def test_long_columns_load_the_rest_on_demand(client, team, app):
    with app.app_context():
        coalition = attached(team.coalition)
        actor = attached(team.resident)
        with events.unit_of_work():
            for n in range(120):
                actions.create_initiative(coalition, actor, team.columns[0], f"Kaart {n:03}")
    client.login(team.resident)
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    assert "Kaart 049" in board and "Kaart 050" not in board
    more = re.search(r'<li class="more-cards">\s*<a href="([^"]+)"', board).group(1)
    more = more.replace("&amp;", "&")
    fragment = client.get(more, htmx=True).get_data(as_text=True)
    assert "<html" not in fragment
    assert "Kaart 050" in fragment and "Kaart 099" in fragment and "Kaart 100" not in fragment
    page = client.get(more).get_data(as_text=True)
    assert "<html" in page and "Kaart 050" in page
    last = re.search(r'<li class="more-cards">\s*<a href="([^"]+)"', fragment).group(1)
    final = client.get(last.replace("&amp;", "&"), htmx=True).get_data(as_text=True)
    assert "Kaart 119" in final and "more-cards" not in final


def test_open_card_shows_a_notice_when_someone_else_changes_it(client, team, make_card, app):
    card = make_card()
    client.login(team.resident)
    page = client.get(f"/c/utrecht/initiatives/{card}").get_data(as_text=True)
    since = int(re.search(r'id="card-notice"[^>]*data-version="(\d+)"', page, re.S).group(1))
    client.post(f"/c/utrecht/initiatives/{card}/comments", {"body": "Mijn eigen reactie"})
    assert client.get(f"/c/utrecht/initiatives/{card}/changes?since={since}").status_code == 204
    other = type(client)(app)
    other.login(team.professional)
    other.post(f"/c/utrecht/initiatives/{card}", {"title": "Nieuwe titel", "version": 1})
    response = client.get(f"/c/utrecht/initiatives/{card}/changes?since={since}", htmx=True)
    assert response.status_code == 200
    assert "Bram Jansen heeft deze kaart net veranderd." in response.get_data(as_text=True)
    assert card_state(app, card).title == "Nieuwe titel"


def _grow(app, team, count):
    """Add cards until the board holds count of them, spread over the columns."""
    with app.app_context():
        coalition = attached(team.coalition)
        actor = attached(team.resident)
        have = db.session.scalar(db.select(db.func.count()).select_from(queries.Initiative))
        with events.unit_of_work():  # one transaction for all of them: the test stays quick
            for n in range(have, count):
                card = actions.create_initiative(coalition, actor, team.columns[n % 4], f"K{n}")
                if n % 10 == 0:
                    actions.add_checklist_item(coalition, actor, card, "Stap")
                    actions.add_comment(coalition, actor, card, "Goed")


def test_board_changes_and_move_have_fixed_query_counts_at_20_500_2000(client, team, app):
    """Each is measured twice per size and the smaller count kept: a one-off query of a fresh
    session (such as reloading the logged-in user) is not a cost that grows with the board."""
    client.login(team.resident)
    other = type(client)(app)
    other.login(team.professional)
    counts = []
    for size in (20, 500, 2000):
        _grow(app, team, size)
        version = board_version(client)
        with app.app_context():
            cards = db.session.scalars(
                db.select(queries.Initiative.id)
                .where(queries.Initiative.column_id == team.columns[0])
                .limit(2)
            ).all()
        board, move, changes = [], [], []
        for card in cards:
            with count_queries(app) as n:
                client.get("/c/utrecht/board")
            board.append(n[0])
            with count_queries(app) as n:
                response = client.post(
                    f"/c/utrecht/initiatives/{card}/move",
                    {"column_id": team.columns[1], "position": "3"},
                    htmx=True,
                )
            move.append(n[0])
            assert response.status_code == 200
            assert len(response.get_data()) < 3000
            other.post(f"/c/utrecht/initiatives/{card}/move", {"column_id": team.columns[2]})
            with count_queries(app) as n:
                assert client.get(f"/c/utrecht/board/changes?since={version}").status_code == 200
            changes.append(n[0])
        counts.append((min(board), min(move), min(changes)))
    assert counts[0] == counts[1] == counts[2], counts
