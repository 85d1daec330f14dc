"""The rank algorithm: a sparse order in which a move writes one card."""

import pytest
from sqlalchemy import select

from board.extensions import db
from board.kanban import actions, ranks
from board.kanban.queries import active_columns
from board.kanban.ranks import RANK_GAP, rank_between
from board.models import Initiative
from tests.conftest import attached


@pytest.mark.parametrize(
    "before, after, expected",
    [
        (None, None, 0),
        (None, 0, -RANK_GAP),
        (0, None, RANK_GAP),
        (0, RANK_GAP, RANK_GAP // 2),
        (-5, 5, 0),
        (10, 12, 11),
        (10, 11, None),  # no room: the column needs spacing out
        (10, 10, None),
    ],
)
def test_a_rank_lies_strictly_between_its_neighbours(before, after, expected):
    assert rank_between(before, after) == expected


def test_halving_a_gap_runs_out_after_sixteen_moves_not_sooner():
    before, after = 0, RANK_GAP
    moves = 0
    while (rank := rank_between(before, after)) is not None:
        after = rank
        moves += 1
    assert moves == 16


@pytest.fixture
def column(world, app_ctx):
    """The first column of a coalition, and a member to add cards."""
    coalition = attached(world.coalition())
    person = attached(world.person(coalition))
    return coalition, person, active_columns(coalition)[0]


def _ranks(column) -> list[int]:
    return list(
        db.session.scalars(
            select(Initiative.rank)
            .where(Initiative.column_id == column.id, Initiative.archived_at.is_(None))
            .order_by(Initiative.rank)
        )
    )


def test_new_cards_go_one_gap_below_the_last(column):
    coalition, person, first = column
    for title in ("A", "B", "C"):
        actions.create_initiative(coalition, person, first.id, title)
    assert _ranks(first) == [0, RANK_GAP, 2 * RANK_GAP]
    assert ranks.bottom_rank(first) == 3 * RANK_GAP


def test_neighbours_leave_the_moving_card_out(column):
    coalition, person, first = column
    a, b, c = (actions.create_initiative(coalition, person, first.id, t) for t in "ABC")
    assert ranks.neighbours(first, 0, c.id) == (None, a.rank)
    assert ranks.neighbours(first, 1, c.id) == (a.rank, b.rank)
    assert ranks.neighbours(first, 2, c.id) == (b.rank, None)
    assert ranks.neighbours(first, 9, c.id) == (b.rank, None)


def test_a_used_up_gap_spaces_the_column_out_and_keeps_the_order(column):
    coalition, person, first = column
    a, b, c = (actions.create_initiative(coalition, person, first.id, t) for t in "ABC")
    a.rank, b.rank = 10, 11  # no room left between A and B
    db.session.commit()
    rank = ranks.rank_at(first, 1, c.id)
    stored = dict(db.session.execute(select(Initiative.title, Initiative.rank)).all())
    assert stored["A"] < rank < stored["B"]
    assert stored["B"] - stored["A"] >= 2
    assert len(set(_ranks(first))) == 3
