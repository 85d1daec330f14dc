"""The demo intervision: a past session per coalition, played through the services phase by
phase on its own day and hour, and a session planned from an intervision activity of the agenda.

A past session is planned two weeks ahead; its people come in during the ten minutes before
the start; each phase takes its planned minutes; advice is written, revealed and marked useful
by the inbrenger, who writes a next step; the facilitator closes (what was typed is deleted,
the inbrenger's keepsake stays) and each participant leaves a rating and a learning point.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from board import clock
from board.demo.activities import activity_day
from board.demo.history import then
from board.extensions import db
from board.intervision import actions, queries
from board.intervision.inputs import ClosingInput, NoteInput, PlanInput
from board.intervision.methods import METHODS, Phase
from board.models import Activity, Coalition, IntervisionNote, IntervisionSession, User

PLANNED_AHEAD = timedelta(days=14)
COMING_IN = timedelta(minutes=10)
MINUTE = timedelta(minutes=1)


def _plan_input(spec: dict, people: dict[str, User], **fields) -> PlanInput:
    """The planning form of a demo session: method, who is invited, phases left out."""
    return PlanInput(
        method=spec["method"],
        participant_ids=[str(people[name].id) for name in spec["participants"]],
        skip=[str(index) for index in spec.get("skip", [])],
        **fields,
    )


def _plan_from_activity(coalition: Coalition, spec: dict, people: dict[str, User]) -> bool:
    """Turn the intervision activity of the agenda with this title into a planned session;
    False when the coalition has no such activity (renamed or called off)."""
    activity_id = db.session.scalar(
        select(Activity.id).where(
            Activity.coalition_id == coalition.id,
            Activity.title == spec["activity"],
            Activity.kind == "intervision",
            Activity.cancelled_at.is_(None),
        )
    )
    if activity_id is None:
        return False
    typed = _plan_input(spec, people, activity_id=str(activity_id))
    actions.plan_session(coalition, people[spec["facilitator"]], typed)
    return True


class _Playing:
    """One past session as it happened: who does what, and the moment it is."""

    def __init__(self, coalition: Coalition, spec: dict, people: dict[str, User], at: datetime):
        self.coalition, self.spec, self.people, self.at = coalition, spec, people, at
        self.facilitator = people[spec["facilitator"]]
        self.inbrenger = people[spec["inbrenger"]]
        self.session: IntervisionSession | None = None
        self.advice: list[tuple[IntervisionNote, bool]] = []

    def steer(self, move: str, value: str = "", after: timedelta = timedelta()) -> None:
        """The facilitator makes a move, after some time in the phase."""
        with then(self.at + after):
            actions.steer(
                self.coalition, self.facilitator, self.session, move, self.session.version, value
            )

    def write(self, person: User, index: int, kind: str, body: str, after: timedelta):
        """A participant writes a note in phase index, after some time in the phase."""
        with then(self.at + after):
            typed = NoteInput(phase=str(index), kind=kind, body=body)
            return actions.write_note(self.coalition, person, self.session, typed)

    def plan(self, day: date) -> None:
        """The facilitator plans the session two weeks before its day (naming the inbrenger
        only when no phase is left to choose them in)."""
        choosing = any(
            phase.choose_inbrenger and index not in self.spec.get("skip", [])
            for index, phase in enumerate(METHODS[self.spec["method"]].phases)
        )
        with then(self.at - PLANNED_AHEAD):
            self.session = actions.plan_session(
                self.coalition,
                self.facilitator,
                _plan_input(
                    self.spec,
                    self.people,
                    day=day.isoformat(),
                    start_time=self.spec["start"],
                    end_time=self.spec["end"],
                    place=self.spec.get("place", ""),
                    address=self.spec.get("address", ""),
                    inbrenger_id="" if choosing else str(self.inbrenger.id),
                ),
            )

    def come_in(self) -> None:
        """The facilitator, then everyone who came, agree to the rules before the start."""
        absent = set(self.spec.get("absent", []))
        came = [self.people[name] for name in self.spec["participants"] if name not in absent]
        for number, person in enumerate([self.facilitator, *came]):
            with then(self.at - COMING_IN + number * MINUTE):
                actions.agree(self.coalition, person, self.session)

    def phase(self, index: int, phase: Phase, minutes: int) -> None:
        """What happens in one phase, from its start (self.at) to its end."""
        if phase.choose_inbrenger:
            self.steer("inbrenger", str(self.inbrenger.id), after=MINUTE)
        if phase.writes == "advice":
            for number, advice in enumerate(self.spec.get("advice", []), start=1):
                author = self.people[advice["author"]]
                note = self.write(author, index, "advice", advice["text"], after=number * MINUTE)
                self.advice.append((note, advice.get("useful", False)))
        if phase.writes and phase.writes != "case":
            self.steer("reveal", after=(minutes - 1) * MINUTE)
        if phase.next_step:
            for number, (note, useful) in enumerate(self.advice, start=1):
                if useful:
                    with then(self.at + number * MINUTE):
                        actions.mark_useful(
                            self.coalition, self.inbrenger, self.session, note.id, True
                        )
            if self.spec.get("next_step"):
                after = (minutes - 2) * MINUTE
                self.write(self.inbrenger, index, "next_step", self.spec["next_step"], after)

    def run(self) -> None:
        """Open, every planned phase for its minutes, and close."""
        with then(self.at):
            actions.open_session(
                self.coalition, self.facilitator, self.session, self.session.version
            )
        for number, (index, phase, minutes) in enumerate(queries.planned_phases(self.session)):
            if number:
                self.steer("next")
            self.phase(index, phase, minutes)
            self.at += minutes * MINUTE
        with then(self.at):
            actions.close_session(
                self.coalition, self.facilitator, self.session, self.session.version
            )

    def close_for_each(self) -> None:
        """Everyone who rated closes for themselves, with their learning point if they wrote one."""
        points = {point["author"]: point for point in self.spec.get("learning_points", [])}
        for number, (name, (safe, useful)) in enumerate(self.spec["ratings"].items(), start=2):
            point = points.get(name, {})
            typed = ClosingInput(
                learning_point=point.get("text", ""),
                visibility=point.get("level", "me"),
                safe=str(safe),
                useful=str(useful),
            )
            with then(self.at + number * MINUTE):
                actions.close_for_me(self.coalition, self.people[name], self.session, typed)


def _play_past(coalition: Coalition, spec: dict, people: dict[str, User]) -> None:
    """Plan a session on its past day, and play it from coming in to everyone's closing."""
    day = activity_day(clock.today(), spec)
    playing = _Playing(
        coalition, spec, people, clock.wall_moment(day, clock.parse_time(spec["start"]))
    )
    playing.plan(day)
    playing.come_in()
    playing.run()
    playing.close_for_each()


def load_intervision(coalition: Coalition, data: dict, people: dict[str, User]) -> int:
    """Play in the coalition's demo sessions unless it has sessions already; return how many."""
    if db.session.scalar(
        select(IntervisionSession.id)
        .where(IntervisionSession.coalition_id == coalition.id)
        .limit(1)
    ):
        return 0
    created = 0
    for spec in data.get("intervision", []):
        if "activity" in spec:
            created += _plan_from_activity(coalition, spec, people)
        else:
            _play_past(coalition, spec, people)
            created += 1
    return created
