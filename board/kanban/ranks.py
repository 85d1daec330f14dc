"""Where a card sits in its column: a sparse rank, so a move writes one row, not the column.

Cards of a column are ordered by rank. A new card goes RANK_GAP below the last one; a card
moved between two neighbours takes the rank halfway between them. Only when two neighbours
have no room left between them is the column spaced out again. Ranks are unique per column
among active cards (a unique index), so two moves into one gap can never both succeed.
"""

from sqlalchemy import func, select, update

from board.extensions import db
from board.models import Column, Initiative

RANK_GAP = 1 << 16


def rank_between(before: int | None, after: int | None) -> int | None:
    """A rank strictly between two neighbours (None: no neighbour there), or None when they
    leave no room."""
    if before is None and after is None:
        return 0
    if before is None:
        return after - RANK_GAP
    if after is None:
        return before + RANK_GAP
    if after - before < 2:
        return None
    return (before + after) // 2


def _active_in(column: Column, leaving_out: int | None = None):
    """The condition for the active cards of column, the moving card left out."""
    condition = (Initiative.column_id == column.id) & Initiative.archived_at.is_(None)
    if leaving_out is not None:
        condition &= Initiative.id != leaving_out
    return condition


def last_rank(column: Column, leaving_out: int | None = None) -> int | None:
    """The highest rank of an active card in column (not counting leaving_out), or None."""
    return db.session.scalar(
        select(func.max(Initiative.rank)).where(_active_in(column, leaving_out))
    )


def bottom_rank(column: Column) -> int:
    """The rank for a new card at the bottom of column."""
    last = last_rank(column)
    return 0 if last is None else last + RANK_GAP


def neighbours(column: Column, position: int, moving_id: int) -> tuple[int | None, int | None]:
    """The ranks just before and at position (0-based) in column, not counting the moving card."""
    query = select(Initiative.rank).where(_active_in(column, moving_id)).order_by(Initiative.rank)
    if position == 0:
        return None, db.session.scalar(query.limit(1))
    ranks = list(db.session.scalars(query.offset(position - 1).limit(2)))
    if not ranks:
        return last_rank(column, moving_id), None
    if len(ranks) == 1:
        return ranks[0], None
    return ranks[0], ranks[1]


def respace(column: Column) -> None:
    """Spread the ranks of a column evenly again; needed only when a gap is used up.

    Ranks are unique per column and checked row by row, so the cards first step aside to
    negative ranks below every current one, then take their new places.
    """
    rows = db.session.execute(
        select(Initiative.id, Initiative.rank).where(_active_in(column)).order_by(Initiative.rank)
    ).all()
    if not rows:
        return
    aside = min(rows[0].rank, 0) - len(rows) - 1
    for new_ranks in (
        [aside + i for i in range(len(rows))],
        [i * RANK_GAP for i in range(len(rows))],
    ):
        for (initiative_id, _), rank in zip(rows, new_ranks, strict=True):
            db.session.execute(
                update(Initiative)
                .where(Initiative.id == initiative_id)
                .values(rank=rank)
                .execution_options(synchronize_session=False)
            )
    db.session.expire_all()


def rank_at(column: Column, position: int | None, moving_id: int) -> int:
    """The rank that puts the moving card at position in column (None: at the bottom),
    spacing the column out first when there is no room there."""
    if position is None:
        before, after = last_rank(column, moving_id), None
    else:
        before, after = neighbours(column, position, moving_id)
    rank = rank_between(before, after)
    if rank is None:
        respace(column)
        before, after = neighbours(column, position, moving_id)
        rank = rank_between(before, after)
    return rank
