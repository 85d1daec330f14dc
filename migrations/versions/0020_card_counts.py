"""a card's checklist steps, steps done and comments, counted on the card

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 03:30:00.000000

The board showed these counts by counting a card's checklist steps and comments for every card
it read, which cost more the longer a card's conversation grew. The counts are now kept on the
card as steps and comments come and go; this fills them in for the cards there are.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("checklist_total", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("checklist_done", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("comment_count", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        "UPDATE initiatives SET "
        "checklist_total = (SELECT count(*) FROM checklist_items "
        "WHERE checklist_items.initiative_id = initiatives.id), "
        "checklist_done = (SELECT count(*) FROM checklist_items "
        "WHERE checklist_items.initiative_id = initiatives.id AND checklist_items.done), "
        "comment_count = (SELECT count(*) FROM comments "
        "WHERE comments.initiative_id = initiatives.id)"
    )


def downgrade():
    # Without recreating the table (SQLite drops a column itself since 3.35): rows that refer
    # to it stay where they are.
    op.drop_column("initiatives", "comment_count")
    op.drop_column("initiatives", "checklist_done")
    op.drop_column("initiatives", "checklist_total")
