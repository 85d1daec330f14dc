"""What happens in intervision: planning a session, coming in, the facilitator moving through
the phases, writing, and closing, when everything typed is deleted.

Moves of the live session are quiet changes: they take the coalition's lock (so two clicks on
"next" at once advance one phase) but leave the board's version alone, and record no event:
what happens inside a session is nobody else's business.
"""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from board import clock, events
from board.activities.actions import checked_times, plan_activity
from board.activities.inputs import ActivityInput
from board.coalitions.queries import check_members, one
from board.errors import Forbidden, Invalid
from board.extensions import db
from board.inputs import checked_text, every_problem
from board.intervision import queries
from board.intervision.inputs import ClosingInput, NoteInput, PlanInput
from board.intervision.methods import METHODS
from board.models import (
    Activity,
    Coalition,
    IntervisionKeepsake,
    IntervisionNote,
    IntervisionParticipant,
    IntervisionSession,
    LearningPoint,
    Membership,
    User,
)
from board.models.intervision import VISIBILITIES
from board.parsing import parse_count, parse_id, parse_index

GROUP = (3, 8)  # invited members, the facilitator not counted
MINUTES_MAX = 120
NOTE_MAX = 2000
POINT_MAX = 1000
KEEP_DAYS = 90
EXTRA_MINUTES = (1, 2, 5)


# ---- planning -----------------------------------------------------------------------------------


def _checked_plan(method, typed: PlanInput) -> list[dict]:
    """The phases' minutes and skips as stored; Invalid when a number is off or all are skipped."""
    skipped = {parse_index(value, len(method.phases)) for value in typed.skip} - {None}
    plan = []
    for index, phase in enumerate(method.phases):
        raw = typed.minutes[index] if index < len(typed.minutes) else str(phase.minutes)
        minutes = parse_count(raw, 10**6)
        if minutes is None or not 1 <= minutes <= MINUTES_MAX:
            raise Invalid({"minutes": _("Give each phase from 1 to 120 minutes.")})
        plan.append({"minutes": minutes, "skipped": index in skipped})
    if all(step["skipped"] for step in plan):
        raise Invalid({"skip": _("Keep at least one phase.")})
    return plan


def _checked_people(coalition: Coalition, facilitator: User, typed: PlanInput) -> dict:
    """The invited members (3 to 8, the facilitator not among them) and the inbrenger, if any."""
    invited = check_members(coalition, typed.participant_ids, "participant_ids")
    invited = [user_id for user_id in invited if user_id != facilitator.id]
    if not GROUP[0] <= len(invited) <= GROUP[1]:
        raise Invalid({"participant_ids": _("Invite 3 to 8 members (not counting yourself).")})
    inbrenger = parse_id(typed.inbrenger_id) if typed.inbrenger_id else None
    if typed.inbrenger_id and inbrenger not in invited:
        raise Invalid({"inbrenger_id": _("Choose the inbrenger from the people you invite.")})
    return {"invited": invited, "inbrenger": inbrenger}


def _intervision_activity(coalition: Coalition, activity_id) -> Activity:
    """An intervision activity of the agenda that is no session yet, or Invalid."""
    activity = db.session.scalar(
        select(Activity).where(
            Activity.id == (parse_id(activity_id) or 0),
            Activity.coalition_id == coalition.id,
            Activity.kind == "intervision",
            Activity.cancelled_at.is_(None),
        )
    )
    taken = activity is not None and db.session.scalar(
        select(IntervisionSession.id).where(IntervisionSession.activity_id == activity.id)
    )
    if activity is None or taken:
        raise Invalid({"activity_id": _("Choose an intervision activity that has no session yet.")})
    return activity


def plan_session(coalition: Coalition, actor: User, typed: PlanInput) -> IntervisionSession:
    """A facilitator plans a session: method, phases, who comes; it goes into the agenda."""
    with events.change(coalition) as change:
        method = METHODS.get(typed.method)
        checks = {
            "method": lambda: method or _refuse("method", _("Choose a method.")),
            "minutes": lambda: _checked_plan(method, typed) if method else [],
            "participant_ids": lambda: _checked_people(coalition, actor, typed),
        }
        if typed.activity_id:
            checks["activity_id"] = lambda: _intervision_activity(coalition, typed.activity_id)
        else:
            checks["day"] = lambda: checked_times(typed.day, typed.start_time, typed.end_time)
        values = every_problem(checks)
        activity = values.get("activity_id") or plan_activity(
            coalition,
            actor,
            ActivityInput(
                title=_("Intervision: %(method)s", method=method.name),
                kind="intervision",
                day=typed.day,
                start_time=typed.start_time,
                end_time=typed.end_time,
                place=typed.place,
                address=typed.address,
                organiser_ids=[str(actor.id)],
            ),
        )
        people = values["participant_ids"]
        session = IntervisionSession(
            coalition_id=coalition.id,
            activity_id=activity.id,
            method=method.key,
            facilitator_id=actor.id,
            inbrenger_id=people["inbrenger"],
            plan=values["minutes"],
            phase=next(i for i, step in enumerate(values["minutes"]) if not step["skipped"]),
        )
        db.session.add(session)
        db.session.flush()
        sides = dict(
            db.session.execute(
                select(Membership.user_id, Membership.side).where(
                    Membership.coalition_id == coalition.id,
                    Membership.user_id.in_([actor.id, *people["invited"]]),
                )
            ).all()
        )
        for user_id in [actor.id, *people["invited"]]:
            db.session.add(
                IntervisionParticipant(
                    coalition_id=coalition.id,
                    session_id=session.id,
                    user_id=user_id,
                    side=sides.get(user_id, "professional"),
                )
            )
        change.record(actor, "session.planned", session, method=str(method.name))
    return session


def _refuse(field: str, message: str):
    """Raise Invalid for one field (for use inside a check)."""
    raise Invalid({field: message})


# ---- coming in ----------------------------------------------------------------------------------


def _invitation(session: IntervisionSession, user: User) -> IntervisionParticipant:
    """The person's invitation, read under the lock; Forbidden without one."""
    invited = queries.participant(session, user)
    if invited is None:
        raise Forbidden()
    return invited


def _touch(session: IntervisionSession) -> None:
    """What participants see has changed: open pages fetch it."""
    session.updates += 1


def agree(coalition: Coalition, user: User, session: IntervisionSession) -> None:
    """An invited member agrees to the rules and comes in."""
    with events.change(coalition, session, quiet=True):
        invited = _invitation(session, user)
        if session.state == "closed":
            raise Invalid({"": _("This session has closed.")})
        if invited.agreed_at is None:
            invited.agreed_at = clock.now()
            _touch(session)


# ---- the facilitator's moves ------------------------------------------------------------------


def _leading(session: IntervisionSession, actor: User, version) -> None:
    """Forbidden unless actor leads the session; Conflict when their page is out of date."""
    if session.facilitator_id != actor.id:
        raise Forbidden()
    events.check_version(session, version)


def _moved(session: IntervisionSession) -> None:
    """The facilitator moved: pages holding the older state are out of date."""
    session.version += 1
    _touch(session)


def open_session(coalition: Coalition, actor: User, session: IntervisionSession, version):
    """The facilitator starts the session: its first phase begins now. The people taking part
    start their next session, so what they kept from an earlier one is deleted."""
    with events.change(coalition, session) as change:
        _leading(session, actor, version)
        if session.state != "planned":
            raise Invalid({"": _("This session has already started.")})
        at = clock.now()
        session.state, session.started_at, session.phase_started_at = "live", at, at
        people = [p.user_id for p in queries.participants(session)]
        queries.purge_keepsakes(people, at, keeping_session=session.id)
        _moved(session)
        change.record(actor, "session.opened", session, method=str(queries.method_of(session).name))
    return session


def _end_phase(session: IntervisionSession, at) -> None:
    """Add the time the phase now really took to the record."""
    seconds = dict(session.actual_seconds or {})
    key = str(session.phase)
    seconds[key] = seconds.get(key, 0) + max(0, queries.elapsed_seconds(session, at))
    session.actual_seconds = seconds


def _go_to(session: IntervisionSession, index: int, at) -> None:
    """Start phase index now (its clock from zero, nobody ready yet, the first turn)."""
    _end_phase(session, at)
    session.phase, session.phase_started_at = index, at
    session.paused_at, session.paused_seconds, session.extra_seconds = None, 0, 0
    session.turn = 0


def steer(
    coalition: Coalition, actor: User, session: IntervisionSession, move: str, version, value=""
) -> IntervisionSession:
    """One move of the facilitator: next, back, pause, resume, more (value minutes), reveal,
    turn (the next person in a round), or inbrenger (value: a participant's user id)."""
    with events.change(coalition, session, quiet=True):
        _leading(session, actor, version)
        if session.state != "live":
            raise Invalid({"": _("This session is not live.")})
        at = clock.now()
        order = [index for index, _phase, _minutes in queries.planned_phases(session)]
        place = order.index(session.phase)
        if move == "next":
            if place + 1 >= len(order):
                raise Invalid(
                    {"": _("This is the last phase: close the session when you are done.")}
                )
            _go_to(session, order[place + 1], at)
        elif move == "back":
            if place == 0:
                raise Invalid({"": _("This is the first phase.")})
            _go_to(session, order[place - 1], at)
        elif move == "pause" and session.paused_at is None:
            session.paused_at = at
        elif move == "resume" and session.paused_at is not None:
            session.paused_seconds += int((at - session.paused_at).total_seconds())
            session.paused_at = None
        elif move == "more" and parse_id(value) in EXTRA_MINUTES:
            session.extra_seconds += parse_id(value) * 60
        elif move == "reveal":
            session.revealed = sorted({*session.revealed, session.phase})
        elif move == "turn":
            session.turn += 1
        elif move == "inbrenger":
            _choose_inbrenger(session, value)
        else:
            raise Invalid({"": _("That is not a move the facilitator can make now.")})
        _moved(session)
    return session


def _choose_inbrenger(session: IntervisionSession, value) -> None:
    """The participant who brings the case (chosen in the first phase, or changed)."""
    chosen = parse_id(value)
    people = {p.user_id for p in queries.participants(session)} - {session.facilitator_id}
    if chosen not in people:
        raise Invalid({"inbrenger_id": _("Choose the inbrenger from the people taking part.")})
    session.inbrenger_id = chosen


# ---- what participants do -----------------------------------------------------------------------


def _taking_part(session: IntervisionSession, user: User) -> IntervisionParticipant:
    """The participant's invitation once they came in, in a live session; else refused."""
    invited = _invitation(session, user)
    if invited.agreed_at is None:
        raise Forbidden()
    if session.state != "live":
        raise Invalid({"": _("This session is not live.")})
    return invited


def ready(coalition: Coalition, user: User, session: IntervisionSession) -> None:
    """A participant says "Ik ben klaar" for the phase now."""
    with events.change(coalition, session, quiet=True):
        invited = _taking_part(session, user)
        if invited.done_phase != session.phase:
            invited.done_phase = session.phase
            _touch(session)


def write_note(
    coalition: Coalition, user: User, session: IntervisionSession, typed: NoteInput
) -> IntervisionNote:
    """A participant writes input for a phase (this one, or one the facilitator already left:
    nobody waits for the facilitator, and nothing typed is lost)."""
    body = checked_text(typed.body, "body", NOTE_MAX, required=_("Write something first."))
    with events.change(coalition, session, quiet=True):
        _taking_part(session, user)
        index = parse_index(typed.phase, session.phase + 1)
        if index is None or session.plan[index]["skipped"]:
            raise Invalid({"phase": _("This phase does not ask for anything to write.")})
        if typed.kind not in queries.kinds_for(session, user, index):
            raise Invalid({"kind": _("You cannot write this here.")})
        note = IntervisionNote(
            coalition_id=coalition.id,
            session_id=session.id,
            author_id=user.id,
            phase=index,
            kind=typed.kind,
            body=body,
        )
        db.session.add(note)
        _touch(session)
    return note


def mark_useful(
    coalition: Coalition, user: User, session: IntervisionSession, note_id, useful: bool
) -> None:
    """The inbrenger marks revealed advice as useful to them (or not)."""
    with events.change(coalition, session, quiet=True):
        _taking_part(session, user)
        if user.id != session.inbrenger_id:
            raise Forbidden()
        note = one(coalition, IntervisionNote, note_id)
        if note.session_id != session.id or note.phase not in session.revealed:
            raise Invalid({"": _("Only advice everyone has read can be marked.")})
        note.useful = useful
        _touch(session)


# ---- closing ------------------------------------------------------------------------------------


def close_session(coalition: Coalition, actor: User, session: IntervisionSession, version):
    """The facilitator closes the session: everything typed in it is deleted. The inbrenger
    keeps the advice they marked useful and their next step, for 90 days at most."""
    with events.change(coalition, session) as change:
        _leading(session, actor, version)
        if session.state != "live":
            raise Invalid({"": _("This session is not live.")})
        at = clock.now()
        _end_phase(session, at)
        notes = db.session.scalars(
            select(IntervisionNote).where(IntervisionNote.session_id == session.id)
        ).all()
        advice = [n.body for n in notes if n.useful]
        steps = [
            n.body for n in notes if n.kind == "next_step" and n.author_id == session.inbrenger_id
        ]
        if session.inbrenger_id and (advice or steps):
            db.session.add(
                IntervisionKeepsake(
                    coalition_id=coalition.id,
                    session_id=session.id,
                    owner_id=session.inbrenger_id,
                    advice=advice,
                    next_step="\n".join(steps),
                    expires_at=at + timedelta(days=KEEP_DAYS),
                )
            )
        db.session.execute(
            delete(IntervisionNote)
            .where(IntervisionNote.session_id == session.id)
            .execution_options(synchronize_session=False)
        )
        session.state, session.closed_at = "closed", at
        session.paused_at = None
        _moved(session)
        change.record(actor, "session.closed", session, method=str(queries.method_of(session).name))
    return session


def close_for_me(
    coalition: Coalition, user: User, session: IntervisionSession, typed: ClosingInput
) -> None:
    """A participant's closing: a learning point (optional) at the level they choose, and how
    safe and how useful the session was (1 to 5)."""
    with events.change(coalition, session, quiet=True):
        invited = _invitation(session, user)
        if session.state != "closed" or invited.agreed_at is None:
            raise Invalid({"": _("You can close once the session has closed.")})
        values = every_problem(
            {
                "learning_point": lambda: checked_text(
                    typed.learning_point, "learning_point", POINT_MAX
                ),
                "visibility": lambda: (
                    typed.visibility
                    if typed.visibility in VISIBILITIES
                    else _refuse("visibility", _("Choose who may read it."))
                ),
                "safe": lambda: _rating(typed.safe, "safe"),
                "useful": lambda: _rating(typed.useful, "useful"),
            }
        )
        invited.safe_rating, invited.useful_rating = values["safe"], values["useful"]
        invited.closed_at = clock.now()
        db.session.execute(
            delete(LearningPoint)
            .where(LearningPoint.session_id == session.id, LearningPoint.author_id == user.id)
            .execution_options(synchronize_session=False)
        )
        if values["learning_point"]:
            db.session.add(
                LearningPoint(
                    coalition_id=coalition.id,
                    session_id=session.id,
                    author_id=user.id,
                    body=values["learning_point"],
                    visibility=values["visibility"],
                )
            )


def _rating(value, field: str) -> int:
    """A rating from 1 to 5, or Invalid."""
    rating = parse_id(value)
    if rating is None or not 1 <= rating <= 5:
        raise Invalid({field: _("Choose from 1 to 5.")})
    return rating
