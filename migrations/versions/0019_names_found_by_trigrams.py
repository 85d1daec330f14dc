"""coalitions found by a part of their name along a trigram index (PostgreSQL)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 00:40:00.000000

"Find a coalition" looks for the typed text anywhere in a name. Without an index that reads
every name; PostgreSQL's pg_trgm finds them along a GIN index of the lowercased names. Where the
extension cannot be created (a database user without the right), searching still works, it just
reads every name. SQLite has no such index and needs none at its sizes.
"""
from alembic import op
from sqlalchemy.exc import DBAPIError


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    try:
        with bind.begin_nested():
            op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    except DBAPIError:
        return
    op.execute(
        'CREATE INDEX ix_coalitions_name_trigrams ON coalitions '
        'USING gin (lower(name) gin_trgm_ops)'
    )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_coalitions_name_trigrams')
