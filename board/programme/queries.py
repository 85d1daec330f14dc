"""What the programme sees of its coalitions in a period: figures counted in SQL per coalition
(one query per kind of figure, however many coalitions), never what is confidential.

Never read here: what was said in intervision, learning points not shared with the programme,
pulse figures of groups under 3, names of anyone.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, func, select

from board import clock
from board.activities import queries as activity_queries
from board.activities import recurrence
from board.extensions import db
from board.models import (
    Coalition,
    Column,
    Event,
    Idea,
    Initiative,
    IntervisionParticipant,
    IntervisionSession,
    LearningPoint,
    Membership,
    PulseWave,
    Rsvp,
    Vote,
    VotingRound,
)
from board.programme import tally
from board.pulse import queries as pulse_queries
from board.pulse.items import MIN_GROUP

PERIODS = {"quarter": 3, "half": 6, "year": 12}  # months
DECIDED = ("idea.chosen", "idea.became_initiative")  # decisions on ideas leave only events


@dataclass
class Period:
    """The months from the first of the period's first month until now (Dutch time)."""

    key: str
    months: list[tuple[date, datetime, datetime]]  # (first day, start, end) per month

    @property
    def start(self) -> datetime:
        """The period's first moment."""
        return self.months[0][1]

    @property
    def end(self) -> datetime:
        """The period's end: now."""
        return self.months[-1][2]

    @property
    def first_day(self) -> date:
        """The period's first day."""
        return self.months[0][0]


def period(key: str, now: datetime | None = None) -> Period:
    """The period named key (a quarter by default): whole months back from this one."""
    key = key if key in PERIODS else "quarter"
    now = now or clock.now()
    today = clock.to_local(now).date()
    firsts = []
    year, month = today.year, today.month
    for _ in range(PERIODS[key]):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    months = []
    for index, first in enumerate(firsts):
        start = clock.wall_moment(first, time())
        end = clock.wall_moment(firsts[index + 1], time()) if index + 1 < len(firsts) else now
        months.append((first, start, end))
    return Period(key, months)


def _bucket(moment_column, when: Period):
    """The month of the period a moment falls in, as a number (SQL, the same on every
    database): 0 for the first month."""
    return case(
        *((moment_column < end, index) for index, (_, _, end) in enumerate(when.months[:-1])),
        else_=len(when.months) - 1,
    )


@dataclass
class Figures:
    """One coalition's figures in the period."""

    coalition: Coalition
    columns: list[tuple[str, int]] = field(default_factory=list)  # cards per column now
    overdue: int = 0
    started: list[int] = field(default_factory=list)  # per month
    finished: list[int] = field(default_factory=list)  # per month: into the last column
    held: int = 0  # activity dates held
    came: dict[str, int] = field(default_factory=dict)  # by side: "yes" to dates held
    ideas: dict[str, int] = field(default_factory=dict)  # proposed, chosen, initiative
    rounds: int = 0
    voters: int = 0
    seats: int = 0  # members asked in those rounds (members now, per round)
    sessions: int = 0
    safe: float | None = None
    useful: float | None = None
    points: list = field(default_factory=list)  # learning points shared with the programme
    pulse: object = None  # the last closed wave's WaveResult in the period, or None
    members: dict[str, int] = field(default_factory=dict)  # by side, now

    @property
    def cards(self) -> int:
        """The cards on the board now."""
        return sum(count for _, count in self.columns)

    @property
    def turnout(self) -> float | None:
        """Of the members asked in the rounds, the share who voted."""
        return self.voters / self.seats if self.seats else None


# ---- which coalitions ---------------------------------------------------------------------------


def all_coalitions() -> list[Coalition]:
    """Every coalition, by name."""
    return list(db.session.scalars(select(Coalition).order_by(Coalition.name, Coalition.id)))


def _last_columns():
    """Per coalition the position of its last open column (where finished cards go)."""
    return (
        select(Column.coalition_id, func.max(Column.position).label("position"))
        .where(Column.archived_at.is_(None))
        .group_by(Column.coalition_id)
        .subquery()
    )


def _grouped(inner, *keys):
    """Count the rows of inner (a select with a "month" column) per keys and month: grouping
    on a column of a subquery, so every database sees one and the same month expression."""
    rows = inner.subquery()
    columns = [rows.c[key] for key in keys] + [rows.c.month]
    return db.session.execute(select(*columns, func.count()).group_by(*columns)).all()


def _finished(when: Period, ids: list[int]):
    """(coalition, month, count) of cards moved into their coalition's last column."""
    last = _last_columns()
    inner = (
        select(Event.coalition_id, _bucket(Event.created_at, when).label("month"))
        .join(Column, and_(Column.coalition_id == Event.coalition_id, Column.archived_at.is_(None)))
        .join(last, last.c.coalition_id == Column.coalition_id)
        .where(
            Event.verb == "initiative.moved",
            Event.created_at >= when.start,
            Column.position == last.c.position,
            Column.name == Event.payload["column"].as_string(),
        )
    )
    return _grouped(inner.where(Event.coalition_id.in_(ids)), "coalition_id")


def _counted(when: Period, ids: list[int], verbs=DECIDED):
    """(coalition, verb, month, count) of the events the programme counts."""
    inner = select(
        Event.coalition_id, Event.verb, _bucket(Event.created_at, when).label("month")
    ).where(Event.verb.in_(verbs), Event.created_at >= when.start)
    return _grouped(inner.where(Event.coalition_id.in_(ids)), "coalition_id", "verb")


def _made(model, when: Period, ids: list[int]):
    """(coalition, month, count) of the rows of model (cards, ideas) made in the period."""
    inner = select(model.coalition_id, _bucket(model.created_at, when).label("month")).where(
        model.created_at >= when.start
    )
    return _grouped(inner.where(model.coalition_id.in_(ids)), "coalition_id")


def _sessions_held(when: Period, ids: list[int]):
    """(coalition, month, sessions) of intervision sessions closed in the period."""
    inner = select(
        IntervisionSession.coalition_id,
        _bucket(IntervisionSession.closed_at, when).label("month"),
    ).where(IntervisionSession.state == "closed", IntervisionSession.closed_at >= when.start)
    return _grouped(inner.where(IntervisionSession.coalition_id.in_(ids)), "coalition_id")


# ---- across the programme -----------------------------------------------------------------------


def programme_months(when: Period) -> dict[str, list[int]]:
    """Per month, over every coalition: cards started and finished, ideas proposed, intervision
    sessions held; counted as they happened (board/programme/tally.py), one query."""
    return tally.programme_months([first for first, _start, _end in when.months])


def coalition_count() -> int:
    """How many coalitions the programme has."""
    return db.session.scalar(select(func.count(Coalition.id)))


# ---- per coalition ------------------------------------------------------------------------------


def figures(coalitions: list[Coalition], when: Period) -> list[Figures]:
    """The figures of each coalition in the period, in the order given: a fixed number of
    queries however many coalitions, cards, events or answers there are."""
    found = {c.id: Figures(c) for c in coalitions}
    ids = list(found)
    if not ids:
        return []
    months = len(when.months)
    for row in found.values():
        row.started, row.finished = [0] * months, [0] * months
        row.ideas = {"proposed": 0, "chosen": 0, "initiative": 0}
    _board_now(found, ids)
    for coalition_id, month, count in _made(Initiative, when, ids):
        found[coalition_id].started[month] += count
    for coalition_id, _month, count in _made(Idea, when, ids):
        found[coalition_id].ideas["proposed"] += count
    for coalition_id, verb, _month, count in _counted(when, ids):
        found[coalition_id].ideas["chosen" if verb == "idea.chosen" else "initiative"] += count
    for coalition_id, month, count in _finished(when, ids):
        found[coalition_id].finished[month] += count
    for coalition_id, side, count in db.session.execute(
        select(Membership.coalition_id, Membership.side, func.count())
        .where(Membership.coalition_id.in_(ids))
        .group_by(Membership.coalition_id, Membership.side)
    ):
        found[coalition_id].members[side] = count
    _activities(found, ids, when)
    _rounds(found, ids, when)
    _intervision(found, ids, when)
    _pulse(found, ids, when)
    return [found[c.id] for c in coalitions]


def _board_now(found: dict, ids: list[int]) -> None:
    """Cards per open column now, and the cards past their date outside the last column."""
    rows = db.session.execute(
        select(Column.coalition_id, Column.id, Column.name, func.count(Initiative.id))
        .outerjoin(
            Initiative,
            and_(Initiative.column_id == Column.id, Initiative.archived_at.is_(None)),
        )
        .where(Column.coalition_id.in_(ids), Column.archived_at.is_(None))
        .group_by(Column.coalition_id, Column.id, Column.name, Column.position)
        .order_by(Column.coalition_id, Column.position, Column.id)
    )
    last = {}
    for coalition_id, column_id, name, count in rows:
        found[coalition_id].columns.append((name, count))
        last[coalition_id] = column_id
    today = clock.today()
    overdue = db.session.execute(
        select(Initiative.coalition_id, func.count())
        .where(
            Initiative.coalition_id.in_(ids),
            Initiative.archived_at.is_(None),
            Initiative.due_date < today,
            Initiative.column_id.not_in(list(last.values()) or [0]),
        )
        .group_by(Initiative.coalition_id)
    )
    for coalition_id, count in overdue:
        found[coalition_id].overdue = count


def _activities(found: dict, ids: list[int], when: Period) -> None:
    """Activity dates held in the period (not called off), and the people who said they came,
    by side."""
    today = clock.today()
    last_day = today - timedelta(days=1) if clock.now() < when.end else today
    activities = [
        a
        for a in activity_queries.activities_between(ids, when.first_day, last_day)
        if a.cancelled_at is None
    ]
    changes = activity_queries.changes_of([a.id for a in activities])
    held = {}
    now = clock.now()
    for activity in activities:
        for occurrence in recurrence.occurrences(
            activity, changes.get(activity.id, {}), when.first_day, today
        ):
            if not occurrence.cancelled and occurrence.ends_at <= now:
                held[(activity.id, occurrence.key)] = activity.coalition_id
    for coalition_id in held.values():
        found[coalition_id].held += 1
    came = db.session.execute(
        select(Rsvp.activity_id, Rsvp.occurrence, Membership.side, func.count())
        .join(
            Membership,
            and_(Membership.coalition_id == Rsvp.coalition_id, Membership.user_id == Rsvp.user_id),
        )
        .where(
            Rsvp.coalition_id.in_(ids),
            Rsvp.answer == "yes",
            Rsvp.activity_id.in_({activity for activity, _ in held}),
        )
        .group_by(Rsvp.activity_id, Rsvp.occurrence, Membership.side)
    )
    for activity_id, key, side, count in came:
        coalition_id = held.get((activity_id, key))
        if coalition_id is not None:
            row = found[coalition_id]
            row.came[side] = row.came.get(side, 0) + count


def _rounds(found: dict, ids: list[int], when: Period) -> None:
    """Voting rounds closed in the period, with how many voted of the members."""
    rows = db.session.execute(
        select(VotingRound.coalition_id, VotingRound.id, func.count(func.distinct(Vote.user_id)))
        .outerjoin(Vote, Vote.round_id == VotingRound.id)
        .where(
            VotingRound.coalition_id.in_(ids),
            VotingRound.closes_at >= when.start,
            VotingRound.closes_at <= clock.now(),
        )
        .group_by(VotingRound.coalition_id, VotingRound.id)
    )
    for coalition_id, _round, voters in rows:
        row = found[coalition_id]
        row.rounds += 1
        row.voters += voters
        row.seats += sum(row.members.values())


def _intervision(found: dict, ids: list[int], when: Period) -> None:
    """Sessions held in the period with their average ratings (from 3 ratings on), and the
    learning points their authors shared with the programme (their text only)."""
    for coalition_id, _month, count in _sessions_held(when, ids):
        found[coalition_id].sessions += count
    ratings = db.session.execute(
        select(
            IntervisionSession.coalition_id,
            func.avg(IntervisionParticipant.safe_rating),
            func.count(IntervisionParticipant.safe_rating),
            func.avg(IntervisionParticipant.useful_rating),
            func.count(IntervisionParticipant.useful_rating),
        )
        .join(IntervisionParticipant, IntervisionParticipant.session_id == IntervisionSession.id)
        .where(
            IntervisionSession.coalition_id.in_(ids),
            IntervisionSession.state == "closed",
            IntervisionSession.closed_at >= when.start,
        )
        .group_by(IntervisionSession.coalition_id)
    )
    for coalition_id, safe, safe_count, useful, useful_count in ratings:
        row = found[coalition_id]
        row.safe = float(safe) if safe_count >= MIN_GROUP else None
        row.useful = float(useful) if useful_count >= MIN_GROUP else None
    points = db.session.execute(
        select(LearningPoint.coalition_id, LearningPoint.body, LearningPoint.created_at)
        .where(
            LearningPoint.coalition_id.in_(ids),
            LearningPoint.visibility == "programme",
            LearningPoint.created_at >= when.start,
        )
        .order_by(LearningPoint.created_at.desc(), LearningPoint.id.desc())
    )
    for coalition_id, body, created_at in points:
        found[coalition_id].points.append((body, created_at))


def _pulse(found: dict, ids: list[int], when: Period) -> None:
    """The results of each coalition's last pulse wave closed in the period."""
    ends = func.coalesce(PulseWave.closed_early_at, PulseWave.closes_at)
    waves = db.session.scalars(
        select(PulseWave)
        .where(
            PulseWave.coalition_id.in_(ids),
            ends >= when.start,
            ends <= clock.now(),
        )
        .order_by(PulseWave.opens_at, PulseWave.id)
    ).all()
    last = {}
    for wave in waves:
        last[wave.coalition_id] = wave
    results = pulse_queries.results(list(last.values()))
    for coalition_id, wave in last.items():
        found[coalition_id].pulse = results.get(wave.id)
