"""mail settings per person, notices that batch, rounds and late cards told once

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 22:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_settings', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('digest_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_digest_due_at'), ['digest_due_at'], unique=False)
    op.execute("UPDATE users SET mail_settings = '{}'")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('mail_settings', existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('thing', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('notice', sa.JSON(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outbox_user_id_users'), 'users', ['user_id'], ['id'])
        batch_op.create_index('ix_outbox_user_id_kind_thing', ['user_id', 'kind', 'thing'], unique=False)
    op.execute("UPDATE outbox SET thing = '', notice = '{}'")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('thing', existing_type=sa.String(length=60), nullable=False)
        batch_op.alter_column('notice', existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table('voting_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opening_told', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('closing_told', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overdue_told_for', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.drop_column('overdue_told_for')

    with op.batch_alter_table('voting_rounds', schema=None) as batch_op:
        batch_op.drop_column('closing_told')
        batch_op.drop_column('opening_told')

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_user_id_kind_thing')
        batch_op.drop_constraint(batch_op.f('fk_outbox_user_id_users'), type_='foreignkey')
        batch_op.drop_column('notice')
        batch_op.drop_column('thing')
        batch_op.drop_column('user_id')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_digest_due_at'))
        batch_op.drop_column('digest_due_at')
        batch_op.drop_column('mail_settings')
