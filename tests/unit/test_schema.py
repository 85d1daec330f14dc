"""Every change of the models is a migration: the migrated database and the models agree."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from board.extensions import db


def test_the_migrated_database_and_the_models_agree(app_ctx):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []
