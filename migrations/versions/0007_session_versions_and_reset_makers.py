"""session versions, and who made each password link

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), server_default='1', nullable=False)
        )

    # Links made before this migration have no maker and stop working (they last a few days).
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_password_resets_created_by_id_users'), 'users', ['created_by_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_password_resets_created_by_id_users'), type_='foreignkey'
        )
        batch_op.drop_column('created_by_id')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
