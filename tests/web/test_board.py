"""The board over HTTP: pages and fragments, creating, moving, editing, bad input, conflicts."""

import json
import re

import pytest
from sqlalchemy import update

from board import events
from board.coalitions.queries import active_sites
from board.extensions import db
from board.kanban import actions, queries
from board.kanban.inputs import CardInput
from board.models import Initiative
from tests.conftest import attached, steady_query_count
from tests.web.conftest import card_state


def ids_in_column(html: str, column_id: int) -> list[int]:
    """The card ids in a column of a rendered board, top to bottom."""
    section = re.search(
        rf'<ol class="cards" id="column-{column_id}-cards".*?</ol>', html, re.S
    ).group(0)
    return [int(n) for n in re.findall(r'<li class="card[^"]*" id="initiative-(\d+)"', section)]


def test_board_page_and_filtered_fragment(client, team, make_card):
    make_card("Buurtkamer")
    client.login(team.resident)
    page = client.get("/c/utrecht/board")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<html" in html and "Buurtkamer" in html
    assert "Burennetwerk" in html  # the work-site filter
    fragment = client.get("/c/utrecht/board?q=buurt", htmx=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="board-body"' in body and "Buurtkamer" in body
    assert "HX-Request" in fragment.headers["Vary"]
    nothing = client.get("/c/utrecht/board?q=zwembad", htmx=True).get_data(as_text=True)
    assert "Buurtkamer" not in nothing


def test_a_search_finds_descriptions_and_the_counts_say_how_many_of_how_many(
    client, team, make_card, app
):
    make_card("Buurtkamer")
    make_card("Moestuin")
    soup = make_card("Soepfestival")
    with app.app_context():
        card = db.session.get(Initiative, soup)
        card.description = "Met verse groenten uit de buurt."
        db.session.commit()
    client.login(team.resident)
    everything = client.get("/c/utrecht/board").get_data(as_text=True)
    assert 'data-announce="Alle 3 kaarten staan er."' in everything
    body = client.get("/c/utrecht/board?q=buurt", htmx=True).get_data(as_text=True)
    assert "Buurtkamer" in body and "Soepfestival" in body and "Moestuin" not in body
    assert "2 kaarten passen, van de 3." in body
    assert re.search(r"Kaarten: </span>2 van 3", body)  # the first column: 2 of its 3
    none = client.get("/c/utrecht/board?q=zwembad", htmx=True).get_data(as_text=True)
    assert "Geen enkele kaart past bij deze filters." in none
    assert re.search(r"Kaarten: </span>0 van 3", none)


def test_unknown_site_filter_shows_everything(client, team, make_card):
    make_card("Buurtkamer")
    client.login(team.resident)
    response = client.get("/c/utrecht/board?site=bestaat-niet&mine=&q=")
    assert response.status_code == 200
    assert "Buurtkamer" in response.get_data(as_text=True)


def test_create_card_plain_and_htmx(client, team, app):
    client.login(team.resident)
    response = client.post(
        "/c/utrecht/initiatives", {"column_id": team.columns[0], "title": "Koffieochtend"}
    )
    assert response.status_code == 303
    assert response.location.startswith("/c/utrecht/board#initiative-")

    response = client.post(
        "/c/utrecht/initiatives", {"column_id": team.columns[0], "title": "Buurtkamer"}, htmx=True
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<li class="card"') and "Buurtkamer" in body
    assert f'id="column-{team.columns[0]}-count" hx-swap-oob="true"' in body
    assert re.search(rf'id="column-{team.columns[0]}-count"[^>]*>.*?2\s', body, re.S)


def test_create_card_without_title_is_422_and_adds_nothing(client, team, app):
    client.login(team.resident)
    response = client.post("/c/utrecht/initiatives", {"column_id": team.columns[0], "title": " "})
    assert response.status_code == 422
    assert "<html" in response.get_data(as_text=True)
    response = client.post(
        "/c/utrecht/initiatives", {"column_id": team.columns[0], "title": ""}, htmx=True
    )
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == f"#column-{team.columns[0]}-add"
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Initiative.id))) == 0


def test_move_by_htmx_returns_card_counters_and_announcement(client, team, make_card):
    first, second = make_card("Eerste"), make_card("Tweede")
    client.login(team.resident)
    response = client.post(
        f"/c/utrecht/initiatives/{second}/move",
        {"column_id": team.columns[2], "position": 0, "version": 1},
        htmx=True,
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<li class="card" id="initiative-{second}"')
    assert "Eerste" not in body  # only the moved card, not the board
    for column in (team.columns[0], team.columns[2]):
        assert f'id="column-{column}-count" hx-swap-oob="true"' in body
    placed = json.loads(response.headers["HX-Trigger-After-Settle"])["card-placed"]
    assert placed["column"] == f"column-{team.columns[2]}" and placed["position"] == 0
    assert "Tweede" in placed["message"]
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    assert ids_in_column(board, team.columns[0]) == [first]
    assert ids_in_column(board, team.columns[2]) == [second]


def test_move_form_without_javascript_redirects_to_the_board(client, team, make_card):
    cards = [make_card(f"Kaart {i}") for i in range(3)]
    client.login(team.resident)
    # 'place' is the human, 1-based field of the Verplaats form.
    response = client.post(
        f"/c/utrecht/initiatives/{cards[2]}/move", {"column_id": team.columns[0], "place": "1"}
    )
    assert response.status_code == 303
    assert response.location.endswith(f"#initiative-{cards[2]}")
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    assert ids_in_column(board, team.columns[0]) == [cards[2], cards[0], cards[1]]
    client.post(
        f"/c/utrecht/initiatives/{cards[2]}/move", {"column_id": team.columns[0], "place": ""}
    )
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    assert ids_in_column(board, team.columns[0]) == [cards[0], cards[1], cards[2]]


def test_stale_move_is_409_and_shows_where_the_card_is(client, team, make_card):
    card = make_card()
    client.login(team.resident)
    client.post(
        f"/c/utrecht/initiatives/{card}/move",
        {"column_id": team.columns[1], "position": 0, "version": 1},
    )
    response = client.post(
        f"/c/utrecht/initiatives/{card}/move",
        {"column_id": team.columns[3], "position": 0, "version": 1},
        htmx=True,
    )
    assert response.status_code == 409
    placed = json.loads(response.headers["HX-Trigger-After-Settle"])["card-placed"]
    assert placed["column"] == f"column-{team.columns[1]}"
    assert card_state(client.app, card).column_id == team.columns[1]


@pytest.mark.parametrize(
    "data",
    [
        {"column_id": "abc", "position": "0"},
        {"column_id": "999999", "position": "0"},
        {"column_id": "{col}", "position": "x", "version": "zz"},
        {},
    ],
)
def test_bad_move_input_is_refused_without_500(client, team, make_card, data):
    card = make_card()
    client.login(team.resident)
    data = {k: v.format(col=team.columns[1]) for k, v in data.items()}
    response = client.post(f"/c/utrecht/initiatives/{card}/move", data, htmx=True)
    assert response.status_code == 422
    assert card_state(client.app, card).column_id == team.columns[0]
    assert client.post("/c/utrecht/initiatives/abc/move", data).status_code == 404


def test_edit_card_saves_and_history_tells_it(client, team, make_card):
    card = make_card()
    client.login(team.resident)
    response = client.post(
        f"/c/utrecht/initiatives/{card}",
        {
            "title": "Buurtkamer in de bibliotheek",
            "description": "Elke woensdag open.",
            "work_site_id": "",
            "resident_lead_id": team.resident.id,
            "professional_lead_id": team.professional.id,
            "due_date": "2030-05-01",
            "version": 1,
        },
    )
    assert response.status_code == 303
    saved = card_state(client.app, card)
    assert saved.title == "Buurtkamer in de bibliotheek"
    assert saved.professional_lead_id == team.professional.id and saved.version == 2
    page = client.get(f"/c/utrecht/initiatives/{card}").get_data(as_text=True)
    assert "Buurtkamer in de bibliotheek" in page
    assert page.count("Anna de Vries") >= 2  # lead select and the history
    history = page[page.index('id="history-title"') :]
    # The card's history says what happened without repeating the card's own title.
    assert "Anna de Vries bewerkte de kaart" in history
    assert "Anna de Vries zette de kaart in Verkennen" in history
    assert "Buurtkamer" not in history


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", ""),
        ("due_date", "31-31-2024"),
        ("resident_lead_id", "{professional}"),
        ("professional_lead_id", "999999"),
        ("work_site_id", "nonsense"),
    ],
)
def test_bad_card_input_is_422_in_the_form_and_changes_nothing(
    client, team, make_card, field, value
):
    card = make_card()
    client.login(team.resident)
    data = {
        "title": "Nieuwe titel",
        "version": 1,
        field: value.format(professional=team.professional.id),
    }
    response = client.post(f"/c/utrecht/initiatives/{card}", data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="field-error"' in html
    assert card_state(client.app, card).title == "Buurtkamer"


def test_stale_save_is_409_with_both_versions_and_keeps_my_text(client, team, make_card):
    card = make_card()
    client.login(team.professional)
    client.post(f"/c/utrecht/initiatives/{card}", {"title": "Hun titel", "version": 1})
    response = client.post(
        f"/c/utrecht/initiatives/{card}",
        {"title": "Mijn titel", "description": "Mijn lange verhaal", "version": 1},
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Hun titel" in html and "Mijn lange verhaal" in html
    assert re.search(r'name="title"[^>]*value="Mijn titel"', html)
    assert re.search(r'name="version"[^>]*value="2"', html)
    assert card_state(client.app, card).title == "Hun titel"


def test_checklist_tick_and_comment_by_htmx(client, team, make_card, app):
    card = make_card()
    client.login(team.resident)
    response = client.post(
        f"/c/utrecht/initiatives/{card}/checklist", {"text": "Flyers"}, htmx=True
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section class="checklist" id="checklist"')
    item = int(re.search(r'id="checklistitem-(\d+)"', body).group(1))
    body = client.post(f"/c/utrecht/checklist/{item}", {"done": "1"}, htmx=True).get_data(
        as_text=True
    )
    assert 'aria-checked="true"' in body
    # Posting the same state again changes nothing (no toggle back).
    body = client.post(f"/c/utrecht/checklist/{item}", {"done": "1"}, htmx=True).get_data(
        as_text=True
    )
    assert 'aria-checked="true"' in body
    empty = client.post(f"/c/utrecht/initiatives/{card}/checklist", {"text": ""}, htmx=True)
    assert empty.status_code == 422
    response = client.post(
        f"/c/utrecht/initiatives/{card}/comments", {"body": "Ik neem koffie mee"}, htmx=True
    )
    assert "Ik neem koffie mee" in response.get_data(as_text=True)
    assert client.post(f"/c/utrecht/initiatives/{card}/comments", {"body": ""}).status_code == 422
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    assert re.search(r"1\s*(of|van)\s*1", board)


def test_archive_and_restore_over_http(client, team, make_card):
    card = make_card("Oud plan")
    client.login(team.resident)
    assert client.post(f"/c/utrecht/initiatives/{card}/archive").status_code == 303
    assert f'id="initiative-{card}"' not in client.get("/c/utrecht/board").get_data(as_text=True)
    assert f'id="initiative-{card}"' in client.get("/c/utrecht/archive").get_data(as_text=True)
    assert client.post(f"/c/utrecht/initiatives/{card}/restore").status_code == 303
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    assert ids_in_column(board, team.columns[0]) == [card]


@pytest.fixture
def saved_meanwhile(monkeypatch):
    """Someone else saves each card right after the request read it (its copy is then stale)."""
    read = queries.load_card

    def read_then_someone_saves(coalition, initiative_id):
        card = read(coalition, initiative_id)
        db.session.execute(
            update(Initiative)
            .where(Initiative.id == card.id)
            .values(version=Initiative.version + 1)
            .execution_options(synchronize_session=False)
        )
        return card

    monkeypatch.setattr(queries, "load_card", read_then_someone_saves)


def test_archive_and_restore_of_a_card_someone_just_saved_still_work(
    client, team, make_card, app, saved_meanwhile
):
    """Archiving does not depend on what the other person saved: it is no conflict (it was a
    500 when the stale copy was written)."""
    card = make_card("Oud plan")
    client.login(team.resident)
    response = client.post(f"/c/utrecht/initiatives/{card}/archive")
    assert response.status_code == 303
    assert card_state(app, card).archived_at is not None
    response = client.post(f"/c/utrecht/initiatives/{card}/restore")
    assert response.status_code == 303
    assert card_state(app, card).archived_at is None


def _fill_board(app, team, count):
    """Give the board count cards spread over the columns, each with a checklist and a comment."""
    with app.app_context():
        coalition = attached(team.coalition)
        actor = attached(team.resident)
        site = active_sites(coalition)[0]
        with events.unit_of_work():  # one transaction for all: the test stays quick
            for n in range(count):
                card = actions.create_initiative(
                    coalition, actor, team.columns[n % 4], f"Kaart {n}"
                )
                actions.update_initiative(
                    coalition,
                    actor,
                    card,
                    CardInput(
                        title=card.title,
                        resident_lead_id=str(team.resident.id),
                        professional_lead_id=str(team.professional.id),
                        work_site_id=str(site.id),
                        version=str(card.version),
                    ),
                )
                actions.add_checklist_item(coalition, actor, card, "Stap")
                actions.add_comment(coalition, actor, card, "Goed idee")


def test_board_query_count_does_not_grow_with_cards(client, team, app):
    def written_afresh():
        app.extensions["kept_pieces"].clear()
        client.get("/c/utrecht/board")

    client.login(team.resident)
    _fill_board(app, team, 10)
    small = steady_query_count(app, written_afresh)
    _fill_board(app, team, 490)
    big = steady_query_count(app, written_afresh)
    # Once written, the board is kept until the coalition changes: only the person, the
    # coalition and the membership are read then.
    kept = steady_query_count(app, lambda: client.get("/c/utrecht/board"))
    assert kept == 1, kept
    response = client.get("/c/utrecht/board")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('<li class="card') == 4 * 50  # each column shows its first 50 cards
    assert html.count('class="more-cards"') == 4
    assert small == big, (small, big)
    # The person with the coalition and membership, the columns with their counts, the
    # columns' first cards, the work sites.
    assert big == 4, big


def test_huge_or_odd_numbers_never_cause_a_500(client, team, make_card, app):
    card = make_card()
    client.login(team.resident)
    huge = "9" * 30
    assert client.get(f"/c/utrecht/initiatives/{huge}").status_code == 404
    assert client.post(f"/c/utrecht/checklist/{huge}", {"done": "1"}).status_code == 404
    for data, status in (
        ({"column_id": huge, "position": "0"}, 422),
        ({"column_id": team.columns[1], "position": huge, "version": huge}, 409),
        ({"column_id": team.columns[1], "place": "-5"}, 200),
    ):
        response = client.post(f"/c/utrecht/initiatives/{card}/move", data, htmx=True)
        assert response.status_code == status, (data, response.status_code)
    assert card_state(app, card).column_id == team.columns[1]
    response = client.post(
        f"/c/utrecht/initiatives/{card}",
        {"title": "X", "version": huge, "work_site_id": huge, "resident_lead_id": huge},
    )
    assert response.status_code == 409


def test_conflict_can_be_combined_field_by_field(client, team, make_card):
    card = make_card()
    client.login(team.professional)
    client.post(f"/c/utrecht/initiatives/{card}", {"title": "Hun titel", "version": 1})
    mine = {"title": "Mijn titel", "description": "Mijn verhaal", "version": 1}
    first = client.post(f"/c/utrecht/initiatives/{card}", mine)
    assert first.status_code == 409
    assert 'name="use_theirs" value="title"' in first.get_data(as_text=True)
    combined = client.post(
        f"/c/utrecht/initiatives/{card}", {**mine, "version": 2, "use_theirs": "title"}
    )
    assert combined.status_code == 409
    html = combined.get_data(as_text=True)
    assert re.search(r'name="title"[^>]*value="Hun titel"', html)
    assert "Mijn verhaal</textarea>" in html
    assert 'name="use_theirs" value="title"' not in html  # that field no longer differs
    assert card_state(client.app, card).description == ""  # nothing saved yet
    saved = client.post(
        f"/c/utrecht/initiatives/{card}",
        {"title": "Hun titel", "description": "Mijn verhaal", "version": 2},
    )
    assert saved.status_code == 303
    stored = card_state(client.app, card)
    assert (stored.title, stored.description) == ("Hun titel", "Mijn verhaal")


def test_moving_an_archived_card_whose_column_was_archived_is_refused_not_a_500(
    client, team, make_card, app
):
    """The answer to a refused move counted the card's column among the active ones (a
    StopIteration when that column had been archived)."""
    card = make_card("Oud plan", column=3)
    client.login(team.coordinator)
    assert client.post(f"/c/utrecht/initiatives/{card}/archive").status_code == 303
    column = team.columns[3]
    assert client.post(f"/c/utrecht/columns/{column}/archive").status_code == 303
    response = client.post(
        f"/c/utrecht/initiatives/{card}/move",
        {"column_id": team.columns[0], "position": "0"},
        htmx=True,
    )
    assert response.status_code == 422
    placed = json.loads(response.headers["HX-Trigger-After-Settle"])["card-placed"]
    assert placed["message"].startswith("Zet het initiatief eerst terug uit het archief.")
    assert card_state(app, card).column_id == column


def test_a_card_opens_to_read_with_its_form_folded_under_change(client, team, make_card):
    card = make_card("Buurtkamer")
    client.login(team.resident)
    page = client.get(f"/c/utrecht/initiatives/{card}").get_data(as_text=True)
    assert '<dl class="facts">' in page  # everyone reads the card first
    assert '<details class="card-edit">' in page and "Wijzig" in page  # folded
    assert f'href="/c/utrecht/initiatives/{card}/move"' in page and "Verplaats naar…" in page
    refused = client.post(f"/c/utrecht/initiatives/{card}", {"title": "", "version": "1"})
    assert refused.status_code == 422
    assert '<details class="card-edit" open>' in refused.get_data(as_text=True)


def test_a_coordinator_changes_a_column_right_from_the_board(client, team):
    client.login(team.resident)
    assert "Kolom aanpassen" not in client.get("/c/utrecht/board").get_data(as_text=True)
    client.login(team.coordinator)
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    first = team.columns[0]
    assert f'href="/c/utrecht/settings#column-{first}"' in board
    settings = client.get("/c/utrecht/settings").get_data(as_text=True)
    assert f'<li id="column-{first}"' in settings  # the link lands on the column's own row
