"""indexes for what grows: coalitions by name, a card by the idea it came from

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 23:05:00.000000

With ten thousand coalitions the start page of programme viewers and admins reads them by name
a page at a time, and an idea's page finds the card it became among half a million cards.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('coalitions', schema=None) as batch_op:
        batch_op.create_index('ix_coalitions_name_id', ['name', 'id'], unique=False)
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiatives_idea_id'), ['idea_id'], unique=False)


def downgrade():
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiatives_idea_id'))
    with op.batch_alter_table('coalitions', schema=None) as batch_op:
        batch_op.drop_index('ix_coalitions_name_id')
