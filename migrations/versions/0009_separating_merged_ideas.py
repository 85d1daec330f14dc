"""what separating a merged idea again needs: its earlier status, and which supports came with it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 19:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # Ideas merged before this migration lost their own supports then; separated again, they
    # become open ideas without support.
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_before_merge', sa.String(length=20), nullable=True))

    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_from_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_supports_merged_from_id_ideas'), 'ideas', ['merged_from_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_supports_merged_from_id_ideas'), type_='foreignkey')
        batch_op.drop_column('merged_from_id')

    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_column('status_before_merge')
