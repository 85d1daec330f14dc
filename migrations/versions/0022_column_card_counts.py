"""the active cards of each column, counted on the column

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 04:05:00.000000

The board showed how many cards each column holds by counting the coalition's cards on every
look, which cost more the fuller the board. The count is now kept on the column as cards come,
move and go; this fills it in for the columns there are.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('board_columns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card_count', sa.Integer(), server_default='0', nullable=False))
    op.execute(
        'UPDATE board_columns SET card_count = (SELECT count(*) FROM initiatives '
        'WHERE initiatives.column_id = board_columns.id AND initiatives.archived_at IS NULL)'
    )


def downgrade():
    # Without recreating the table (SQLite drops a column itself since 3.35): rows that refer
    # to it stay where they are.
    op.drop_column('board_columns', 'card_count')
