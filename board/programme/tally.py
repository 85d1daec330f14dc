"""The programme's months, counted as they happen: cards started and finished, ideas proposed
and intervision sessions held across every coalition, one row per month and series
(ProgrammeMonth). Summing them from the cards, ideas, sessions and events of every coalition
cost more the more coalitions there were; the programme's page now reads a dozen rows.

Every change that records one of these events adds to its month's count in the same
transaction (a follower of events.change), so a count is never ahead of or behind what it
counts. Changes of different coalitions may add to one count at once: each adds with one
INSERT … ON CONFLICT DO UPDATE, which the database runs one after the other.
"""

from collections import Counter
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from board import clock
from board.extensions import db
from board.kanban.queries import last_column_id
from board.models import ProgrammeMonth

SERIES = ("started", "finished", "proposed", "sessions")


def month_of(moment: datetime) -> date:
    """The first day of the month (Dutch time) a moment falls in."""
    return clock.to_local(moment).date().replace(day=1)


def _series(change, event) -> str | None:
    """The series an event adds to, if any: a card moved counts as finished when it went
    into the coalition's last open column."""
    verb = event.verb
    if verb == "initiative.created":
        return "started"
    if verb == "idea.proposed":
        return "proposed"
    if verb == "session.closed":
        return "sessions"
    if verb == "initiative.moved":
        if event.payload.get("column_id") == last_column_id(change.coalition_id):
            return "finished"
    return None


def follow(change) -> None:
    """Add what the change recorded to this month's counts."""
    counts = Counter(_series(change, event) for event, _subject, _actor in change.recorded)
    counts.pop(None, None)
    month = month_of(clock.now())
    for series in sorted(counts):  # always in one order: two changes never wait on each other
        add(month, series, counts[series])


def add(month: date, series: str, count: int) -> None:
    """Add count to a month's series, the row made when it is the month's first."""
    table = ProgrammeMonth.__table__
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(table)
        .values(month=month, series=series, count=count)
        .on_conflict_do_update(
            index_elements=[table.c.month, table.c.series],
            set_={"count": table.c["count"] + count},
        )
    )


def programme_months(months: list[date]) -> dict[str, list[int]]:
    """Per series, the counts of the months given (their first days, in order)."""
    series = {name: [0] * len(months) for name in SERIES}
    index = {first: number for number, first in enumerate(months)}
    rows = db.session.execute(
        select(ProgrammeMonth.month, ProgrammeMonth.series, ProgrammeMonth.count).where(
            ProgrammeMonth.month >= months[0], ProgrammeMonth.month <= months[-1]
        )
    )
    for month, name, count in rows:
        if month in index and name in series:
            series[name][index[month]] = count
    return series
