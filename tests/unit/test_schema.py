"""Every change of the models is a migration: the migrated database and the models agree."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from board.coalitions.queries import coalitions_named
from board.extensions import db

# Indexes a migration makes on PostgreSQL alone, for a way of looking up that the models do not
# express (0019: names found by a part of them, along pg_trgm's trigrams).
DATABASE_ONLY = {"ix_coalitions_name_trigrams"}


def _compared(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name in DATABASE_ONLY)


def test_the_migrated_database_and_the_models_agree(app_ctx):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": _compared})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_finding_a_coalition_by_part_of_its_name_can_take_the_trigram_index(app_ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a trigram index is PostgreSQL's (PostgreSQL run)")
    counted = select(func.count()).select_from(coalitions_named("Buurt_kracht").subquery())
    compiled = counted.compile(db.engine)
    with db.engine.connect() as connection:
        # Thousands of coalitions (undone at the end), so reading every name would cost more.
        connection.exec_driver_sql(
            "INSERT INTO coalitions (slug, name, aim, site_kind, event_seq, created_at) "
            "SELECT 'wijk-' || n, 'Wijkteam ' || md5(n::text), '', 'werkplaats', 0, now() "
            "FROM generate_series(1, 5000) AS n"
        )
        # What autovacuum does soon after: the index's pending entries merged, statistics.
        connection.exec_driver_sql("SELECT gin_clean_pending_list('ix_coalitions_name_trigrams')")
        connection.exec_driver_sql("ANALYZE coalitions")
        plan = connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).scalars().all()
        connection.rollback()
    assert any("ix_coalitions_name_trigrams" in line for line in plan), plan
