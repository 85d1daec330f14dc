"""Reading intervision: sessions, who takes part, the live state each person may see, the
clock, keepsakes, learning points and the facilitator's overview.

What was typed while live is shown only to those who take part, and of that only what is
theirs or has been revealed; nothing here is asked on behalf of anyone else.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import joinedload

from board import clock, events
from board.coalitions.queries import one
from board.extensions import db
from board.intervision.methods import METHODS, Method, Phase
from board.models import (
    Activity,
    IntervisionKeepsake,
    IntervisionNote,
    IntervisionParticipant,
    IntervisionSession,
    LearningPoint,
    User,
)
from board.parsing import parse_id

# ---- the plan and the clock --------------------------------------------------------------------


def method_of(session: IntervisionSession) -> Method:
    """The session's method."""
    return METHODS[session.method]


def planned_phases(session: IntervisionSession) -> list[tuple[int, Phase, int]]:
    """(index, phase, minutes) of the phases that are not skipped, in order."""
    phases = method_of(session).phases
    return [
        (index, phases[index], step["minutes"])
        for index, step in enumerate(session.plan)
        if not step["skipped"]
    ]


def phase_of(session: IntervisionSession) -> Phase:
    """The phase the session is in now."""
    return method_of(session).phases[session.phase]


def elapsed_seconds(session: IntervisionSession, at: datetime) -> int:
    """How long the phase now has run at at, pauses left out."""
    if session.phase_started_at is None:
        return 0
    paused = session.paused_seconds
    if session.paused_at is not None:
        paused += (at - session.paused_at).total_seconds()
    return int((at - session.phase_started_at).total_seconds() - paused)


def remaining_seconds(session: IntervisionSession, at: datetime) -> int:
    """Seconds left in the phase now (negative when over time). Only the server's own clock
    counts, so a reload or a lost connection always shows the right time."""
    planned = session.plan[session.phase]["minutes"] * 60 + session.extra_seconds
    return planned - elapsed_seconds(session, at)


def kinds_for(session: IntervisionSession, user: User, index: int) -> set[str]:
    """The kinds of note user may write in phase index: the facilitator none; the inbrenger
    their case, a notepad while they only listen, and their next step; the others what the
    phase asks for."""
    phase = method_of(session).phases[index]
    if user.id == session.facilitator_id:
        return set()
    if user.id == session.inbrenger_id:
        kinds = {"notepad"} if phase.inbrenger_listens else set()
        if phase.next_step:
            kinds.add("next_step")
        if phase.writes == "case":
            kinds.add("case")
        return kinds
    return {phase.writes} if phase.writes and not phase.next_step else set()


# ---- sessions and who takes part ----------------------------------------------------------------


def load_session(coalition, session_id) -> IntervisionSession:
    """One session of this coalition with its activity and people, or NotFound."""
    return one(
        coalition,
        IntervisionSession,
        session_id,
        joinedload(IntervisionSession.activity),
        joinedload(IntervisionSession.facilitator),
        joinedload(IntervisionSession.inbrenger),
    )


def participants(session: IntervisionSession) -> list[IntervisionParticipant]:
    """Everyone invited (the facilitator too), by name, people loaded."""
    rows = db.session.scalars(
        select(IntervisionParticipant)
        .options(joinedload(IntervisionParticipant.user))
        .where(IntervisionParticipant.session_id == session.id)
    )
    return sorted(rows, key=lambda p: p.user.display_name.lower())


def participant(session: IntervisionSession, user: User) -> IntervisionParticipant | None:
    """The person's invitation to the session, if they have one."""
    return db.session.scalar(
        select(IntervisionParticipant).where(
            IntervisionParticipant.session_id == session.id,
            IntervisionParticipant.user_id == user.id,
        )
    )


@dataclass(frozen=True)
class ActivitySession:
    """What an intervision activity's page says of its session."""

    session_id: int | None  # None: the activity is no session yet
    invited: bool


def session_of_activity(activity, user: User) -> ActivitySession:
    """Whether the intervision activity is a session, and whether user is invited: one query."""
    row = db.session.execute(
        select(IntervisionSession.id, IntervisionParticipant.id)
        .outerjoin(
            IntervisionParticipant,
            and_(
                IntervisionParticipant.session_id == IntervisionSession.id,
                IntervisionParticipant.user_id == user.id,
            ),
        )
        .where(IntervisionSession.activity_id == activity.id)
    ).first()
    return (
        ActivitySession(None, False) if row is None else ActivitySession(row[0], row[1] is not None)
    )


@dataclass
class SessionRow:
    """A session as the list shows it."""

    session: IntervisionSession
    invited: int = 0
    came: int = 0
    mine: bool = False
    leads: bool = False


def sessions(coalition, user: User) -> list[SessionRow]:
    """The coalition's sessions, the coming and live ones first: two queries."""
    found = db.session.scalars(
        select(IntervisionSession)
        .options(
            joinedload(IntervisionSession.activity), joinedload(IntervisionSession.facilitator)
        )
        .join(Activity, Activity.id == IntervisionSession.activity_id)
        .where(IntervisionSession.coalition_id == coalition.id)
        .order_by(Activity.starts_at.desc())
    ).all()
    rows = {
        session.id: SessionRow(session, leads=session.facilitator_id == user.id)
        for session in found
    }
    for session_id, user_id, agreed in db.session.execute(
        select(
            IntervisionParticipant.session_id,
            IntervisionParticipant.user_id,
            IntervisionParticipant.agreed_at.is_not(None),
        ).where(IntervisionParticipant.coalition_id == coalition.id)
    ):
        row = rows.get(session_id)
        if row is not None:
            row.invited += 1
            row.came += bool(agreed)
            row.mine = row.mine or user_id == user.id
    return sorted(rows.values(), key=lambda row: row.session.state == "closed")


# ---- what one person sees of a live session -----------------------------------------------------


@dataclass
class LiveView:
    """Everything a session's page shows one participant: three queries, however many take
    part or write."""

    session: IntervisionSession
    people: list[IntervisionParticipant]
    me: IntervisionParticipant | None
    remaining: int
    notes: list[IntervisionNote] = field(default_factory=list)  # what this person may read
    written: dict = field(default_factory=dict)  # phase → number of notes written by anyone
    learning_point: LearningPoint | None = None

    @property
    def leads(self) -> bool:
        """This person is the facilitator."""
        return self.me is not None and self.me.user_id == self.session.facilitator_id

    @property
    def is_inbrenger(self) -> bool:
        """This person brings the case."""
        return self.me is not None and self.me.user_id == self.session.inbrenger_id

    @property
    def taking_turns(self) -> list[IntervisionParticipant]:
        """Who takes turns in a round: those who came in, but the facilitator and inbrenger."""
        left_out = {self.session.facilitator_id, self.session.inbrenger_id}
        return [p for p in self.people if p.agreed_at and p.user_id not in left_out]

    @property
    def turn(self) -> IntervisionParticipant | None:
        """Whose turn it is in a round, if anyone's."""
        taking = self.taking_turns
        return taking[self.session.turn % len(taking)] if taking else None

    @property
    def others(self) -> list[IntervisionParticipant]:
        """Who came in, the facilitator apart: those the facilitator waits for."""
        return [p for p in self.came_in if p.user_id != self.session.facilitator_id]

    @property
    def done(self) -> list[IntervisionParticipant]:
        """Who said they are ready with this phase."""
        return [p for p in self.others if p.done_phase == self.session.phase]

    @property
    def came_in(self) -> list[IntervisionParticipant]:
        """Who agreed to the rules and came in."""
        return [p for p in self.people if p.agreed_at]

    @property
    def steps(self) -> list[tuple[int, Phase, int]]:
        """(index, phase, minutes) of the phases planned, in order."""
        return planned_phases(self.session)

    @property
    def step_number(self) -> int:
        """Which of the planned phases this is, counting from 1."""
        return 1 + [index for index, _phase, _minutes in self.steps].index(self.session.phase)

    @property
    def phase(self) -> Phase:
        """The phase now."""
        return phase_of(self.session)

    @property
    def following(self) -> Phase | None:
        """The phase after this one, or None in the last."""
        steps = self.steps
        return steps[self.step_number][1] if self.step_number < len(steps) else None

    @property
    def kinds(self) -> set[str]:
        """What this person may write in the phase now."""
        if self.me is None or self.session.state != "live":
            return set()
        return kinds_for(self.session, self.me.user, self.session.phase)

    @property
    def mine_unshared(self) -> list[IntervisionNote]:
        """What this person wrote that nobody else has read yet (their notepad apart)."""
        return [
            n
            for n in self.notes
            if self.me
            and n.author_id == self.me.user_id
            and n.kind not in ("notepad", "next_step")
            and n.phase not in self.session.revealed
        ]

    @property
    def notepad(self) -> list[IntervisionNote]:
        """This person's private notes."""
        return [n for n in self.notes if n.kind == "notepad"]

    @property
    def shared(self) -> list[tuple[Phase, list[IntervisionNote]]]:
        """The revealed input, by phase, in the order of the method."""
        phases = method_of(self.session).phases
        by_phase: dict[int, list] = defaultdict(list)
        for note in self.notes:
            if note.phase in self.session.revealed and note.kind not in ("notepad", "next_step"):
                by_phase[note.phase].append(note)
        return [(phases[index], by_phase[index]) for index in sorted(by_phase)]

    @property
    def next_steps(self) -> list[IntervisionNote]:
        """The inbrenger's next step, which everyone taking part reads."""
        return [n for n in self.notes if n.kind == "next_step"]


def visible(note: IntervisionNote, session: IntervisionSession, user: User) -> bool:
    """Whether user may read a note: their own, a shared next step, or a revealed phase's
    input; never someone else's notepad."""
    if note.author_id == user.id:
        return True
    if note.kind == "notepad":
        return False
    return note.kind == "next_step" or note.phase in session.revealed


def live_view(session: IntervisionSession, user: User, at: datetime) -> LiveView:
    """What user sees of the session now (they take part: the caller checked)."""
    people = participants(session)
    me = next((p for p in people if p.user_id == user.id), None)
    view = LiveView(session, people, me, remaining_seconds(session, at))
    if session.state == "live":
        written: dict[int, int] = defaultdict(int)
        for note in db.session.scalars(
            select(IntervisionNote)
            .where(IntervisionNote.session_id == session.id)
            .order_by(IntervisionNote.created_at, IntervisionNote.id)
        ):
            if note.kind != "notepad":
                written[note.phase] += 1
            if visible(note, session, user):
                view.notes.append(note)
        view.written = dict(written)
    elif session.state == "closed":
        view.learning_point = db.session.scalar(
            select(LearningPoint).where(
                LearningPoint.session_id == session.id, LearningPoint.author_id == user.id
            )
        )
    return view


def poll_columns(query, session_id):
    """Add the session's update count and the person's invitation to a poll's one query."""
    wanted = parse_id(session_id) or 0
    return (
        query.add_columns(
            IntervisionSession.updates,
            IntervisionSession.coalition_id,
            IntervisionParticipant.agreed_at,
        )
        .outerjoin(IntervisionSession, IntervisionSession.id == wanted)
        .outerjoin(
            IntervisionParticipant,
            and_(
                IntervisionParticipant.session_id == IntervisionSession.id,
                IntervisionParticipant.user_id == User.id,
            ),
        )
    )


# ---- what stays ---------------------------------------------------------------------------------


def purge_keepsakes(owner_ids, at: datetime, keeping_session: int | None = None) -> None:
    """Delete the keepsakes of these people that have expired, or (keeping_session given)
    that come from an earlier session than that one: their next session has begun."""
    if not owner_ids:
        return
    gone = IntervisionKeepsake.expires_at <= at
    if keeping_session is not None:
        gone = or_(gone, IntervisionKeepsake.session_id != keeping_session)
    db.session.execute(
        delete(IntervisionKeepsake)
        .where(IntervisionKeepsake.owner_id.in_(list(owner_ids)), gone)
        .execution_options(synchronize_session=False)
    )


def keepsakes_of(user: User) -> list[IntervisionKeepsake]:
    """The person's own useful advice and next steps that still stand (expired ones are
    deleted first, by this same request)."""
    with events.unit_of_work():
        purge_keepsakes([user.id], clock.now())
    return list(
        db.session.scalars(
            select(IntervisionKeepsake)
            .where(IntervisionKeepsake.owner_id == user.id)
            .order_by(IntervisionKeepsake.expires_at.desc())
        )
    )


def learning_points_for(coalition, user: User) -> list[LearningPoint]:
    """The learning points this person may read in the coalition: their own, and those shared
    with a group they took part in."""
    took_part = select(IntervisionParticipant.session_id).where(
        IntervisionParticipant.user_id == user.id,
        IntervisionParticipant.agreed_at.is_not(None),
    )
    return list(
        db.session.scalars(
            select(LearningPoint)
            .where(
                LearningPoint.coalition_id == coalition.id,
                or_(
                    LearningPoint.author_id == user.id,
                    and_(
                        LearningPoint.visibility.in_(("group", "programme")),
                        LearningPoint.session_id.in_(took_part),
                    ),
                ),
            )
            .order_by(LearningPoint.created_at.desc())
        )
    )


@dataclass
class HeldSession:
    """A closed session in the facilitator's overview."""

    session: IntervisionSession
    came: dict = field(default_factory=lambda: {"resident": 0, "professional": 0})
    safe: float | None = None
    useful: float | None = None
    minutes: int = 0


@dataclass
class Overview:
    """The facilitator's overview: sessions held, methods, attendance, ratings, what was shared."""

    held: list[HeldSession]
    methods: dict
    shared: list[LearningPoint]


def overview(coalition, user: User) -> Overview:
    """Closed sessions of the coalition with attendance by side and average ratings, the
    methods used, and the learning points shared with the group of a session user took part in,
    or with the programme: four queries."""
    closed = db.session.scalars(
        select(IntervisionSession)
        .options(joinedload(IntervisionSession.activity))
        .join(Activity, Activity.id == IntervisionSession.activity_id)
        .where(
            IntervisionSession.coalition_id == coalition.id,
            IntervisionSession.state == "closed",
        )
        .order_by(Activity.starts_at)
    ).all()
    held = {session.id: HeldSession(session) for session in closed}
    came_in = (
        IntervisionParticipant.coalition_id == coalition.id,
        IntervisionParticipant.agreed_at.is_not(None),
    )
    for session_id, side, came in db.session.execute(
        select(
            IntervisionParticipant.session_id,
            IntervisionParticipant.side,
            func.count(IntervisionParticipant.id),
        )
        .where(*came_in)
        .group_by(IntervisionParticipant.session_id, IntervisionParticipant.side)
    ):
        if session_id in held:
            held[session_id].came[side] = came
    for session_id, safe, useful in db.session.execute(
        select(
            IntervisionParticipant.session_id,
            func.avg(IntervisionParticipant.safe_rating),
            func.avg(IntervisionParticipant.useful_rating),
        )
        .where(*came_in)
        .group_by(IntervisionParticipant.session_id)
    ):
        if session_id in held:
            held[session_id].safe = None if safe is None else float(safe)
            held[session_id].useful = None if useful is None else float(useful)
    methods: dict[str, int] = defaultdict(int)
    for row in held.values():
        row.minutes = round(sum(row.session.actual_seconds.values()) / 60)
        methods[row.session.method] += 1
    shared = [
        point
        for point in learning_points_for(coalition, user)
        if point.visibility in ("group", "programme")
    ]
    return Overview(list(held.values()), dict(methods), shared)
