"""The generator of large installations (bench/large.py, for make bench-large) writes rows as
the app would: the programme's months and the cards per column it counts are those the app's
migrations count from the same cards, ideas, moves and sessions."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from bench.large import generate
from board import create_app
from board.extensions import db
from board.models import Column, Initiative, ProgrammeMonth


def test_generated_coalitions_come_with_their_programme_months_and_counts(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'large.sqlite'}",
        }
    )
    generate(app, 6)
    with app.app_context():
        rows = select(ProgrammeMonth.month, ProgrammeMonth.series, ProgrammeMonth.count)
        per_column = select(Column.id, Column.card_count)
        generated = set(db.session.execute(rows).all())
        generated_columns = set(db.session.execute(per_column).all())
        commented = db.session.scalar(select(db.func.sum(Initiative.comment_count)))
        db.session.remove()
        downgrade(revision="0020")
        upgrade()
        recounted = set(db.session.execute(rows).all())
        recounted_columns = set(db.session.execute(per_column).all())
        db.session.remove()
        db.engine.dispose()
    assert {series for _month, series, _count in generated} == {
        "started",
        "finished",
        "proposed",
        "sessions",
    }
    assert generated == recounted
    assert generated_columns == recounted_columns
    assert sum(count for _column, count in generated_columns) > 0
    assert commented > 0
