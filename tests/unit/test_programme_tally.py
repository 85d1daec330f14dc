"""The programme's months are counted as things happen (board/programme/tally.py), in the month
they happen in; the migration that brought them counts what was there the same way."""

from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from board.demo.history import then
from board.extensions import db
from board.ideas import actions as idea_actions
from board.ideas.inputs import IdeaInput
from board.kanban import actions, queries
from board.kanban.inputs import MoveInput
from board.models import ProgrammeMonth
from board.programme import queries as programme
from board.programme.tally import month_of
from tests.conftest import attached


def counted() -> dict:
    """(month, series) → count, as stored."""
    rows = db.session.execute(
        select(ProgrammeMonth.month, ProgrammeMonth.series, ProgrammeMonth.count)
    )
    return {(month, series): count for month, series, count in rows}


def test_cards_ideas_and_finished_cards_are_counted_in_their_month(world, app_ctx):
    coalition = attached(world.coalition())
    resident = attached(world.person(coalition, side="resident"))
    columns = queries.active_columns(coalition)
    october = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)  # 1 November in Dutch time
    with then(october):
        first = actions.create_initiative(coalition, resident, columns[0].id, "Buurtkamer")
        actions.create_initiative(coalition, resident, columns[0].id, "Moestuin")
        idea_actions.propose_idea(coalition, resident, "resident", IdeaInput(title="Bankje"))
    actions.move_initiative(coalition, resident, first, MoveInput(column_id=str(columns[1].id)))
    assert not any(series == "finished" for _month, series in counted())  # not the last
    actions.move_initiative(coalition, resident, first, MoveInput(column_id=str(columns[-1].id)))
    november = month_of(october)
    this_month = month_of(datetime.now(UTC))
    assert november.month == 11
    assert counted() == {
        (november, "started"): 2,
        (november, "proposed"): 1,
        (this_month, "finished"): 1,
    }
    months = programme.programme_months(programme.period("year"))
    assert sum(months["started"]) == 2 and sum(months["finished"]) == 1
    assert sum(months["proposed"]) == 1 and sum(months["sessions"]) == 0


def test_the_migration_counts_what_was_there_as_the_months_counted_it(app, demo):
    with app.app_context():
        live = counted()
        db.session.commit()
        db.session.remove()
        downgrade(revision="0020")
        upgrade()
        recounted = counted()
    # The demo's history: a year of cards, ideas, finished cards and intervision sessions.
    assert {series for _month, series in live} == {"started", "finished", "proposed", "sessions"}
    assert recounted == live
