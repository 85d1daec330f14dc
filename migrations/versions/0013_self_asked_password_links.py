"""password links a person asks for themselves: without a coalition

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 20:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.alter_column('coalition_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM password_resets WHERE coalition_id IS NULL")
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.alter_column('coalition_id', existing_type=sa.Integer(), nullable=False)
