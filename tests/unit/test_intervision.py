"""Intervision: planning, the phases and the clock, writing and revealing, closing, what is
kept and for whom."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from board import clock
from board.errors import Conflict, Forbidden, Invalid
from board.extensions import db
from board.intervision import actions, queries
from board.intervision.inputs import ClosingInput, NoteInput, PlanInput
from board.intervision.methods import METHODS
from board.models import (
    Activity,
    Event,
    IntervisionKeepsake,
    IntervisionNote,
    IntervisionParticipant,
    LearningPoint,
)
from tests.conftest import attached

INCIDENT = METHODS["incident"]
START = datetime(2026, 12, 1, 18, 30, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, monkeypatch, at=START):
        self.at = at
        monkeypatch.setattr(clock, "now", lambda: self.at)

    def forward(self, **delta):
        self.at += timedelta(**delta)


@pytest.fixture
def group(world, app_ctx):
    """Voorst with a facilitator and five members, residents and professionals."""
    coalition = attached(world.coalition("voorst", "Voorst", sites=("Leernetwerk",)))
    facilitator = attached(world.person(coalition, "facilitator", "professional", name="Wouter"))
    people = [
        attached(world.person(coalition, "member", side, name=name))
        for name, side in (
            ("Dinie", "resident"),
            ("Hennie", "resident"),
            ("Ilse", "professional"),
            ("Jan", "resident"),
            ("Karin", "professional"),
        )
    ]
    return coalition, facilitator, people


def plan(group, **fields):
    """The facilitator plans an incident-method session with the first four members."""
    coalition, facilitator, people = group
    values = {
        "method": "incident",
        "day": "2026-12-01",
        "start_time": "19:30",
        "end_time": "21:00",
        "participant_ids": [str(p.id) for p in people[:4]],
        "minutes": [str(phase.minutes) for phase in INCIDENT.phases],
        **fields,
    }
    return actions.plan_session(coalition, facilitator, PlanInput(**values))


def live(group, monkeypatch, inbrenger=0):
    """A planned session everyone came into, started by the facilitator: (session, clock)."""
    coalition, facilitator, people = group
    session = plan(group, inbrenger_id=str(people[inbrenger].id))
    for person in [facilitator, *people[:4]]:
        actions.agree(coalition, person, session)
    time = Clock(monkeypatch)
    actions.open_session(coalition, facilitator, session, session.version)
    return session, time


def move(group, session, what, value=""):
    coalition, facilitator, _ = group
    return actions.steer(coalition, facilitator, session, what, session.version, value)


# ---- planning -----------------------------------------------------------------------------------


def test_planning_puts_the_session_in_the_agenda_with_who_is_invited(group):
    coalition, facilitator, people = group
    session = plan(group, inbrenger_id=str(people[1].id), skip=["0"])
    activity = db.session.get(Activity, session.activity_id)
    assert activity.kind == "intervision" and activity.title == "Intervisie: Incidentmethode"
    invited = {p.user_id: p.side for p in queries.participants(session)}
    assert set(invited) == {facilitator.id, *(p.id for p in people[:4])}
    assert invited[people[0].id] == "resident" and invited[people[2].id] == "professional"
    assert session.plan[0]["skipped"] and session.phase == 1  # the first phase left out
    assert session.inbrenger_id == people[1].id
    event = db.session.scalars(select(Event).where(Event.verb == "session.planned")).one()
    assert event.payload == {"method": "Incidentmethode"}


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"method": "gezellig"}, "method"),
        ({"minutes": ["0", "15", "3", "15", "10", "10", "10"]}, "minutes"),
        ({"minutes": ["5", "15", "3", "15", "10", "10", "121"]}, "minutes"),
        ({"skip": [str(i) for i in range(7)]}, "skip"),
        ({"participant_ids": []}, "participant_ids"),
        ({"day": "1999-01-01"}, "day"),
    ],
)
def test_a_plan_that_breaks_a_rule_is_refused_and_plans_nothing(group, fields, field):
    with pytest.raises(Invalid) as refused:
        plan(group, **fields)
    assert field in refused.value.errors
    assert db.session.scalar(select(func.count(Activity.id))) == 0


def test_three_to_eight_invited_and_the_inbrenger_among_them(group, world):
    coalition, facilitator, people = group
    with pytest.raises(Invalid) as refused:
        plan(group, participant_ids=[str(p.id) for p in people[:2]] + [str(facilitator.id)])
    assert "participant_ids" in refused.value.errors
    with pytest.raises(Invalid) as refused:
        plan(group, inbrenger_id=str(people[4].id))
    assert "inbrenger_id" in refused.value.errors
    outsider = world.person(world.coalition("utrecht", "Utrecht"))
    with pytest.raises(Invalid) as refused:
        plan(group, participant_ids=[str(p.id) for p in people[:3]] + [str(outsider.id)])
    assert "participant_ids" in refused.value.errors


def test_an_intervision_activity_of_the_agenda_becomes_a_session(group):
    from board.activities.actions import plan_activity
    from board.activities.inputs import ActivityInput

    coalition, facilitator, people = group
    activity = plan_activity(
        coalition,
        facilitator,
        ActivityInput(
            title="Intervisie leernetwerk",
            kind="intervision",
            day="2026-12-10",
            start_time="19:30",
            end_time="21:30",
            organiser_ids=[str(facilitator.id)],
        ),
    )
    session = plan(group, activity_id=str(activity.id), day="")
    assert session.activity_id == activity.id
    assert db.session.scalar(select(func.count(Activity.id))) == 1
    with pytest.raises(Invalid) as refused:
        plan(group, activity_id=str(activity.id))
    assert "activity_id" in refused.value.errors


# ---- the phases and the clock -------------------------------------------------------------------


def test_the_facilitator_moves_through_the_phases_skipping_what_was_left_out(group, monkeypatch):
    coalition, facilitator, people = group
    session = plan(group, skip=["2"])
    actions.agree(coalition, facilitator, session)
    Clock(monkeypatch)
    actions.open_session(coalition, facilitator, session, session.version)
    assert (session.state, session.phase) == ("live", 0)
    move(group, session, "next")
    move(group, session, "next")
    assert session.phase == 3  # phase 2 (silent questions) was skipped
    move(group, session, "back")
    assert session.phase == 1
    move(group, session, "back")
    with pytest.raises(Invalid):
        move(group, session, "back")
    assert session.phase == 0
    for _ in range(5):
        move(group, session, "next")
    assert session.phase == 6
    with pytest.raises(Invalid):
        move(group, session, "next")


def test_only_the_facilitator_moves_and_only_from_the_page_as_it_is(group, monkeypatch):
    coalition, facilitator, people = group
    session, _ = live(group, monkeypatch)
    with pytest.raises(Forbidden):
        actions.steer(coalition, people[0], session, "next", session.version)
    old = session.version
    move(group, session, "next")
    with pytest.raises(Conflict):
        actions.steer(coalition, facilitator, session, "next", old)
    assert session.phase == 1


def test_the_countdown_comes_from_the_server_clock_and_never_moves_the_session(group, monkeypatch):
    session, time = live(group, monkeypatch)
    assert queries.remaining_seconds(session, time.at) == 5 * 60
    time.forward(minutes=2)
    assert queries.remaining_seconds(session, time.at) == 3 * 60
    move(group, session, "pause")
    time.forward(minutes=10)
    assert queries.remaining_seconds(session, time.at) == 3 * 60  # paused: time stands still
    move(group, session, "resume")
    move(group, session, "more", "2")
    time.forward(minutes=1)
    assert queries.remaining_seconds(session, time.at) == 4 * 60
    time.forward(minutes=30)
    assert queries.remaining_seconds(session, time.at) == -26 * 60  # over time, still phase 0
    assert session.phase == 0
    move(group, session, "next")
    assert session.actual_seconds == {"0": 33 * 60}
    assert queries.remaining_seconds(session, time.at) == 15 * 60


# ---- writing and revealing ----------------------------------------------------------------------


def write(group, session, person, kind, body, phase=None):
    coalition = group[0]
    typed = NoteInput(phase=str(session.phase if phase is None else phase), kind=kind, body=body)
    return actions.write_note(coalition, person, session, typed)


def test_written_input_stays_private_until_the_facilitator_reveals_it(group, monkeypatch):
    coalition, facilitator, people = group
    session, time = live(group, monkeypatch, inbrenger=0)
    move(group, session, "next")
    move(group, session, "next")  # silent questions
    write(group, session, people[1], "question", "Wie belde er als eerste?")
    write(group, session, people[2], "question", "Was de buurvrouw alleen thuis?")
    others = queries.live_view(session, people[3], time.at)
    assert [n.body for n in others.notes] == []
    assert others.written == {2: 2}
    mine = queries.live_view(session, people[1], time.at)
    assert [n.body for n in mine.notes] == ["Wie belde er als eerste?"]
    move(group, session, "reveal")
    revealed = queries.live_view(session, people[3], time.at)
    assert {n.body for n in revealed.notes} == {
        "Wie belde er als eerste?",
        "Was de buurvrouw alleen thuis?",
    }


def test_who_may_write_what_and_when(group, monkeypatch):
    coalition, facilitator, people = group
    session, time = live(group, monkeypatch, inbrenger=0)
    with pytest.raises(Invalid):  # phase 0 asks for nothing
        write(group, session, people[1], "question", "Vraag")
    with pytest.raises(Invalid):  # a phase not reached yet
        write(group, session, people[1], "question", "Vraag", phase=2)
    with pytest.raises(Invalid):  # out of range
        write(group, session, people[1], "question", "Vraag", phase=99)
    for _ in range(5):
        move(group, session, "next")  # advice; the inbrenger only listens
    with pytest.raises(Invalid):
        write(group, session, facilitator, "advice", "De gespreksleider is neutraal")
    with pytest.raises(Invalid):
        write(group, session, people[0], "advice", "Het advies aan mezelf")
    note = write(group, session, people[0], "notepad", "Mijn eigen aantekening")
    write(group, session, people[1], "advice", "Bel de wijkagent")
    # A slow facilitator blocks nobody: a question of the phase before still counts.
    write(group, session, people[2], "question", "Nog een vraag", phase=2)
    with pytest.raises(Invalid):
        write(group, session, people[2], "advice", " ")
    with pytest.raises(Invalid):
        write(group, session, people[2], "advice", "x" * 2001)
    move(group, session, "reveal")
    seen = queries.live_view(session, people[1], time.at)
    assert note.id not in {n.id for n in seen.notes}  # a notepad is never shown to others


def test_the_inbrenger_keeps_useful_advice_and_the_next_step_and_the_rest_is_deleted(
    group, monkeypatch
):
    coalition, facilitator, people = group
    session, time = live(group, monkeypatch, inbrenger=0)
    move(group, session, "next")
    write(group, session, people[0], "case", "Mevrouw op nummer 12 opent de deur niet meer")
    for _ in range(4):
        move(group, session, "next")
    write(group, session, people[0], "notepad", "Ik voel me schuldig")
    useful = write(group, session, people[1], "advice", "Ga samen met de huisarts langs")
    write(group, session, people[2], "advice", "Laat het los")
    with pytest.raises(Invalid):  # not revealed yet
        actions.mark_useful(coalition, people[0], session, useful.id, True)
    move(group, session, "reveal")
    with pytest.raises(Forbidden):  # only the inbrenger marks
        actions.mark_useful(coalition, people[1], session, useful.id, True)
    actions.mark_useful(coalition, people[0], session, useful.id, True)
    move(group, session, "next")
    write(group, session, people[0], "next_step", "Donderdag bel ik de huisarts")
    actions.close_session(coalition, facilitator, session, session.version)
    assert db.session.scalar(select(func.count(IntervisionNote.id))) == 0
    keepsake = db.session.scalars(select(IntervisionKeepsake)).one()
    assert keepsake.owner_id == people[0].id
    assert keepsake.advice == ["Ga samen met de huisarts langs"]
    assert keepsake.next_step == "Donderdag bel ik de huisarts"
    assert keepsake.expires_at == time.at + timedelta(days=90)
    text = everything_stored()
    for secret in ("nummer 12", "Ik voel me schuldig", "Laat het los"):
        assert secret not in text


def everything_stored() -> str:
    """Every value of every row of every table, as one text."""
    rows = []
    for table in db.metadata.sorted_tables:
        rows += [repr(tuple(row)) for row in db.session.execute(table.select())]
    return "\n".join(rows)


def test_a_keepsake_lasts_until_the_next_session_or_90_days(group, monkeypatch):
    coalition, facilitator, people = group
    session, time = live(group, monkeypatch, inbrenger=0)
    for _ in range(6):
        move(group, session, "next")
    write(group, session, people[0], "next_step", "Ik bel de huisarts")
    actions.close_session(coalition, facilitator, session, session.version)
    owner = people[0]
    time.forward(days=89)
    assert [k.next_step for k in queries.keepsakes_of(owner)] == ["Ik bel de huisarts"]
    time.forward(days=2)
    assert queries.keepsakes_of(owner) == []
    assert db.session.scalar(select(func.count(IntervisionKeepsake.id))) == 0
    # ... or until the next session the owner takes part in begins.
    second, _ = live(group, monkeypatch, inbrenger=0)
    for _ in range(6):
        move(group, second, "next")
    write(group, second, people[0], "next_step", "Ik vraag hulp")
    actions.close_session(coalition, facilitator, second, second.version)
    assert len(queries.keepsakes_of(owner)) == 1
    third = plan(group)
    actions.agree(coalition, facilitator, third)
    actions.open_session(coalition, facilitator, third, third.version)
    assert db.session.scalar(select(func.count(IntervisionKeepsake.id))) == 0


# ---- closing and learning points ----------------------------------------------------------------


def test_closing_keeps_ratings_and_learning_points_at_the_level_chosen(group, monkeypatch):
    coalition, facilitator, people = group
    session, time = live(group, monkeypatch)
    with pytest.raises(Invalid):  # not closed yet
        actions.close_for_me(coalition, people[1], session, ClosingInput(safe="4", useful="4"))
    actions.close_session(coalition, facilitator, session, session.version)
    for person, point, level in (
        (people[1], "Ik vraag eerst door", "me"),
        (people[2], "Bewoners zien meer dan wij", "group"),
        (people[3], "Samen kijken werkt", "programme"),
    ):
        typed = ClosingInput(learning_point=point, visibility=level, safe="4", useful="5")
        actions.close_for_me(coalition, person, session, typed)
    with pytest.raises(Invalid) as refused:
        actions.close_for_me(coalition, people[0], session, ClosingInput(safe="0", useful="6"))
    assert set(refused.value.errors) == {"safe", "useful"}
    ratings = db.session.execute(
        select(IntervisionParticipant.safe_rating, IntervisionParticipant.useful_rating).where(
            IntervisionParticipant.user_id == people[2].id
        )
    ).one()
    assert tuple(ratings) == (4, 5)

    def readable(person):
        return {p.body for p in queries.learning_points_for(coalition, person)}

    assert readable(people[1]) == {
        "Ik vraag eerst door",
        "Bewoners zien meer dan wij",
        "Samen kijken werkt",
    }
    assert readable(people[2]) == {"Bewoners zien meer dan wij", "Samen kijken werkt"}
    assert readable(people[4]) == set()  # not invited: nothing of this group
    shared = queries.overview(coalition, facilitator).shared
    assert {p.body for p in shared} == {"Bewoners zien meer dan wij", "Samen kijken werkt"}
    assert queries.overview(coalition, people[4]).shared == []  # not in this group
    assert db.session.scalar(select(func.count(LearningPoint.id))) == 3


def test_the_overview_counts_sessions_methods_attendance_and_ratings(group, monkeypatch):
    coalition, facilitator, people = group
    session, _ = live(group, monkeypatch)
    actions.close_session(coalition, facilitator, session, session.version)
    for person, safe in ((people[0], "5"), (people[1], "3")):
        actions.close_for_me(coalition, person, session, ClosingInput(safe=safe, useful="4"))
    view = queries.overview(coalition, facilitator)
    [held] = view.held
    assert held.came == {"resident": 3, "professional": 2}  # facilitator Wouter is one of them
    assert (held.safe, held.useful) == (4.0, 4.0)
    assert view.methods == {"incident": 1}
