"""the programme's months, counted as they happen

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 04:00:00.000000

The programme's page summed its months (cards started and finished, ideas proposed, sessions
held) from the rows of every coalition, which cost more the more coalitions there were. They
are now counted as they happen, one row per month and series. This counts what there is: cards
and ideas by when they were made, cards moved into what is now their coalition's last open
column, sessions by when they closed, each in its month in Dutch time.
"""
from collections import Counter
from datetime import timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

ZONE = ZoneInfo('Europe/Amsterdam')

# Moves, with the column that is now their coalition's last open one.
MOVES = sa.text(
    "SELECT events.created_at, events.payload, board_columns.id, board_columns.name "
    "FROM events "
    "JOIN board_columns ON board_columns.coalition_id = events.coalition_id "
    "AND board_columns.archived_at IS NULL "
    "JOIN (SELECT coalition_id, max(position) AS position FROM board_columns "
    "WHERE archived_at IS NULL GROUP BY coalition_id) AS last "
    "ON last.coalition_id = board_columns.coalition_id "
    "AND board_columns.position = last.position "
    "WHERE events.verb = 'initiative.moved'"
).columns(created_at=sa.DateTime(timezone=True), payload=sa.JSON())


def _month(moment):
    """The first day of the month, in Dutch time, of a stored moment (UTC; naive on SQLite)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(ZONE).date().replace(day=1)


def _moments(statement):
    return sa.text(statement).columns(moment=sa.DateTime(timezone=True))


def upgrade():
    months = op.create_table(
        'programme_months',
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('series', sa.String(length=20), nullable=False),
        sa.Column('count', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('month', 'series', name=op.f('pk_programme_months')),
    )
    bind = op.get_bind()
    counts = Counter()
    sources = {
        'started': _moments('SELECT created_at AS moment FROM initiatives'),
        'proposed': _moments('SELECT created_at AS moment FROM ideas'),
        'sessions': _moments(
            "SELECT closed_at AS moment FROM intervision_sessions "
            "WHERE state = 'closed' AND closed_at IS NOT NULL"
        ),
    }
    for series, statement in sources.items():
        for (moment,) in bind.execute(statement):
            counts[_month(moment), series] += 1
    for moment, payload, column_id, name in bind.execute(MOVES):
        into = payload.get('column_id')
        if into == column_id or (into is None and payload.get('column') == name):
            counts[_month(moment), 'finished'] += 1
    if counts:
        op.bulk_insert(
            months,
            [{'month': m, 'series': s, 'count': n} for (m, s), n in sorted(counts.items())],
        )


def downgrade():
    op.drop_table('programme_months')
