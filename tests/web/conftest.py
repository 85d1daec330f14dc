"""Fixtures for request tests: a coalition with people of every role, and cards."""

from dataclasses import dataclass

import pytest

from board.extensions import db
from board.kanban import actions, queries
from board.models import Coalition, Initiative, User
from tests.conftest import attached


@dataclass
class Team:
    """A coalition with a coordinator, a resident, a professional and its column ids."""

    coalition: Coalition
    coordinator: User
    resident: User
    professional: User
    columns: list[int]


@pytest.fixture
def team(world, app):
    """Utrecht with its people; columns listed by id in board order."""
    coalition = world.coalition()
    resident = world.person(
        coalition, side="resident", name="Anna de Vries", email="bewoner@utrecht.test"
    )
    professional = world.person(
        coalition, side="professional", name="Bram Jansen", email="professional@utrecht.test"
    )
    with app.app_context():
        coordinator = db.session.scalar(
            db.select(User).where(User.email == "coordinator@utrecht.test")
        )
        db.session.expunge(coordinator)
        columns = [c.id for c in queries.active_columns(attached(coalition))]
    return Team(coalition, coordinator, resident, professional, columns)


@pytest.fixture
def make_card(app, team):
    """Create a card in a column (the first by default) as the team's resident; returns its id."""

    def make(title="Buurtkamer", column=0):
        with app.app_context():
            card = actions.create_initiative(
                attached(team.coalition),
                attached(team.resident),
                team.columns[column],
                title,
            )
            return card.id

    return make


def card_state(app, card_id) -> Initiative:
    """The card as stored now, detached."""
    with app.app_context():
        card = db.session.get(Initiative, card_id)
        db.session.expunge(card)
        return card
