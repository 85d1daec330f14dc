"""email addresses stored as they are looked up: without outer spaces, in lower case

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 22:40:00.000000

Logging in then finds a person through the addresses' unique index instead of reading every
account. Addresses were already stored this way by every form; this makes sure of older rows.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    clashes = connection.execute(sa.text(
        "SELECT lower(trim(email)) FROM users GROUP BY lower(trim(email)) HAVING count(*) > 1"
    )).scalars().all()
    if clashes:
        raise RuntimeError(
            "These addresses belong to more than one account when case is ignored; "
            "merge or rename them first: " + ", ".join(clashes)
        )
    op.execute("UPDATE users SET email = lower(trim(email)) WHERE email <> lower(trim(email))")


def downgrade():
    pass  # the addresses stay as they are: lower case is what every form stored anyway
