"""What is worked out once and kept (a card's words and links per request, each date as
written, the translations per language, compressed static files per content) never shows an
old or another person's version: a card's change, the day changing, the language and the
viewer's rights each show at once, request after request."""

import re
from datetime import timedelta

from board import clock
from board.extensions import db
from board.models import Initiative
from tests.conftest import BoardClient


def card_markup(page: str, card_id: int) -> str:
    found = re.search(rf'<li class="card[^"]*" id="initiative-{card_id}".*?</li>', page, re.S)
    assert found, card_id
    return found.group(0)


def board(client) -> str:
    return client.get("/c/utrecht/board").get_data(as_text=True)


def test_a_change_the_day_and_the_language_show_at_once(client, team, make_card, app):
    card_id = make_card("Buurtkamer")
    tomorrow = clock.today() + timedelta(days=1)
    with app.app_context():
        card = db.session.get(Initiative, card_id)
        card.due_date = tomorrow
        db.session.commit()
    client.login(team.resident)
    first = card_markup(board(client), card_id)
    assert "card--overdue" not in first and "Te laat" not in first
    # The next day but one: the same card is now late, in the very next request.
    with clock.pretending(clock.now() + timedelta(days=2)):
        late = card_markup(board(client), card_id)
    assert "card--overdue" in late and "Te laat" in late
    assert "card--overdue" not in card_markup(board(client), card_id)

    # Someone else renames it: the next page shows the new title.
    other = BoardClient(app)
    other.login(team.professional)
    page = other.get(f"/c/utrecht/initiatives/{card_id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    saved = other.post(
        f"/c/utrecht/initiatives/{card_id}",
        {"title": "Buurtkamer open", "version": version, "due_date": tomorrow.isoformat()},
    )
    assert saved.status_code in (200, 303), saved.status_code
    assert "Buurtkamer open" in card_markup(board(client), card_id)

    # English, then Dutch again: each page in its own language.
    client.post("/language", {"language": "en", "next": "/"})
    english = card_markup(board(client), card_id)
    assert 'lang="nl"' in english and "Move" in english and "Verplaats" not in english
    client.post("/language", {"language": "nl", "next": "/"})
    dutch = card_markup(board(client), card_id)
    assert "Verplaats" in dutch and 'lang="nl"' not in dutch


def test_each_viewer_gets_their_own_rights_request_after_request(client, team, make_card, app):
    from board.auth.actions import create_user
    from tests.conftest import PASSWORD

    card_id = make_card("Buurtkamer")
    with app.app_context():
        create_user("kijker@programma.test", "Kijker", PASSWORD, is_programme_viewer=True)
        db.session.commit()
    viewer = BoardClient(app)
    viewer.login("kijker@programma.test")
    client.login(team.resident)
    for _ in range(2):
        assert "move-link" in card_markup(board(client), card_id)
        assert "move-link" not in card_markup(board(viewer), card_id)
