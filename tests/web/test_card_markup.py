"""A card's markup, whatever renders it: every variant (a site or none, one lead or two, a date
to come or past, archived, checklist progress, comments, editable or not, text that needs
escaping, Dutch and English) gives exactly the markup recorded in card_markup.json, up to
runs of white space. The record was made from the Jinja macro the board used before cards
were written in Python (board/kanban/cards.py)."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from flask import render_template_string
from flask_babel import force_locale

from board.kanban.rows import CardRow
from board.models import Coalition, Initiative, User, WorkSite

RECORD = Path(__file__).with_name("card_markup.json")
TODAY = date(2026, 12, 7)


def _person(number: int, name: str) -> User:
    return User(id=number, display_name=name, email=f"p{number}@example.nl")


def row_of(card: Initiative, steps: int = 0, done: int = 0, comments: int = 0) -> CardRow:
    """The CardRow of a model object (its work site and leads set) with the counts given."""
    return CardRow(
        card.id,
        card.version,
        card.title,
        card.due_date,
        card.archived_at,
        card.column_id,
        card.rank,
        card.work_site.name if card.work_site else None,
        card.resident_lead.display_name if card.resident_lead else None,
        card.professional_lead.display_name if card.professional_lead else None,
        steps,
        done,
        comments,
    )


def variants() -> dict[str, tuple]:
    """Name → (card, can_edit): every branch of a card's markup, the card as a CardRow made
    from a model object and its counts (steps, done, comments)."""
    site = WorkSite(id=3, name="Buurthuis <De Linde> & co")
    anna, bram = _person(7, "Anna de Vries"), _person(8, "Bram 'O' Jansen")

    def card(number, **fields):
        made = Initiative(id=number, version=fields.pop("version", 1), title=f"Kaart {number}")
        made.work_site = fields.pop("work_site", None)
        made.resident_lead = fields.pop("resident_lead", None)
        made.professional_lead = fields.pop("professional_lead", None)
        for name, value in fields.items():
            setattr(made, name, value)
        made.archived_at = fields.get("archived_at")
        made.due_date = fields.get("due_date")
        return made

    made = {
        "bare": (card(1), (), False),
        "bare, editable": (card(2), (), True),
        "everything": (
            card(
                3,
                version=4,
                title='Koffie & "thee" <voor> iedereen',
                work_site=site,
                resident_lead=anna,
                professional_lead=bram,
                due_date=date(2026, 12, 24),
            ),
            (5, 2, 3),
            True,
        ),
        "one lead, overdue": (
            card(4, professional_lead=bram, due_date=date(2026, 11, 30)),
            (2, 2, 1),
            True,
        ),
        "resident lead, due today": (
            card(5, resident_lead=anna, due_date=TODAY),
            (0, 0, 2),
            False,
        ),
        "archived, past date": (
            card(6, work_site=site, due_date=date(2026, 1, 5), archived_at=_moment()),
            (1, 0, 0),
            True,
        ),
    }
    return {name: (row_of(model, *counts), edit) for name, (model, counts, edit) in made.items()}


def _moment():
    from datetime import UTC, datetime

    return datetime(2026, 2, 1, 12, tzinfo=UTC)


def squeezed(html: str) -> str:
    """The markup with every run of white space made one space."""
    return re.sub(r"\s+", " ", html).strip()


def render_all(app, renderer: str) -> dict[str, str]:
    """Each variant in both languages, rendered by renderer (a template source with
    card, coalition, can_edit and today)."""
    coalition = Coalition(id=1, slug="utrecht", name="Utrecht", site_kind="werkplaats")
    found = {}
    for language in ("nl", "en"):  # one request per language, as pages are
        with app.test_request_context("/c/utrecht/board"), force_locale(language):
            for name, (card, can_edit) in variants().items():
                html = render_template_string(
                    renderer,
                    card=card,
                    coalition=coalition,
                    can_edit=can_edit,
                    today=TODAY,
                )
                found[f"{language}: {name}"] = squeezed(html)
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_card_variant_keeps_its_markup(app, language):
    recorded = json.loads(RECORD.read_text())
    rendered = render_all(app, "{{ card_html(card, coalition, can_edit, today) }}")
    for name, html in rendered.items():
        if name.startswith(language):
            assert html == recorded[name], name


def test_a_card_on_the_board_is_the_card_its_model_makes(client, team, make_card, app):
    """The board reads cards as plain values, counting checklist steps and comments in SQL
    (CardRow); the card made from the model object and its steps and comments as loaded is
    the same card."""
    from board.extensions import db
    from board.kanban import actions, queries
    from board.kanban.cards import card_html
    from tests.conftest import attached

    card_id = make_card("Koffie & thee")
    with app.app_context():
        coalition = attached(team.coalition)
        card = db.session.get(Initiative, card_id)
        card.resident_lead_id, card.professional_lead_id = team.resident.id, team.professional.id
        card.due_date = date(2026, 1, 2)
        db.session.commit()
        actions.add_checklist_item(coalition, attached(team.resident), card, "Stap")
        actions.add_comment(coalition, attached(team.resident), card, "Goed")
    client.login(team.resident)
    page = client.get("/c/utrecht/board").get_data(as_text=True)
    shown = re.search(rf'<li class="card[^"]*" id="initiative-{card_id}".*?</li>', page, re.S)
    with app.test_request_context("/c/utrecht/board"):
        coalition = attached(team.coalition)
        model = queries.load_card(coalition, card_id)
        steps, comments = queries.checklist_of(model), queries.comments_of(model)
        counts = len(steps), sum(step.done for step in steps), len(comments)
        written = card_html(row_of(model, *counts), coalition, True, TODAY)
    assert "Aanspreekpunt bewoners: Anna de Vries" in shown.group(0)
    assert squeezed(shown.group(0)) == squeezed(str(written))
