"""events by coalition, kind and time, for counting what happened in a period

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 20:05:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(
            'ix_events_coalition_id_verb_created_at',
            ['coalition_id', 'verb', 'created_at'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_coalition_id_verb_created_at')
