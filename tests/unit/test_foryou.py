"""What waits for a person, and that it stops waiting once done: a ballot cast, a consent
given, a date answered, a thing claimed, an activity called off, a session held."""

from datetime import timedelta

from sqlalchemy import select

from board import clock
from board.activities import actions as activity_actions
from board.activities.inputs import ActivityInput
from board.extensions import db
from board.foryou import for_you
from board.ideas import actions as idea_actions
from board.ideas import decisions
from board.ideas import queries as idea_queries
from board.ideas.inputs import IdeaInput
from board.models import Coalition, Idea, IntervisionSession, User
from board.pulse import actions as pulse_actions
from board.pulse.items import SCALE_KEYS


def _voorst():
    coalition = db.session.scalar(select(Coalition).where(Coalition.slug == "voorst"))
    people = {
        name: db.session.scalar(select(User).where(User.email == f"{name}@voorst.example"))
        for name in ("bewoner", "coordinator", "facilitator")
    }
    return coalition, people


def test_each_thing_stops_waiting_once_it_is_done(app_ctx, demo):
    coalition, people = _voorst()
    gerda, bert = people["bewoner"], people["coordinator"]
    found = for_you([coalition], gerda, clock.now())
    assert found.sessions and found.pulses and found.rounds and found.answers and found.bring
    assert found.count == len(found.sessions) + len(found.pulses) + len(found.rounds) + len(
        found.answers
    ) + sum(len(free) for _, free in found.bring) + len(found.consents) + len(found.overdue)

    # The pulse waits until it is answered.
    wave = found.pulses[0]
    answers = {key: "3" for key in SCALE_KEYS} | {"trend": "same"}
    pulse_actions.send(coalition, gerda, "resident", wave, answers)
    assert for_you([coalition], gerda, clock.now()).pulses == []

    # Vote: the round no longer waits.
    voting = found.rounds[0]
    first = idea_queries.ideas_in(voting)[0]
    decisions.cast_ballot(coalition, gerda, voting, {first.id: 1})
    assert voting.id not in [r.id for r in for_you([coalition], gerda, clock.now()).rounds]

    # A consent question waits until it is answered.
    idea = idea_actions.propose_idea(coalition, bert, "resident", IdeaInput(title="Buurtbus"))
    idea_actions.change_status(coalition, bert, idea, "choose")
    decisions.start_consent(coalition, bert, idea)
    assert [i.id for i in for_you([coalition], gerda, clock.now()).consents] == [idea.id]
    decisions.answer_consent(coalition, gerda, db.session.get(Idea, idea.id), False, "")
    assert for_you([coalition], gerda, clock.now()).consents == []

    # A date answered no longer asks; a thing claimed is no longer free.
    found = for_you([coalition], gerda, clock.now())
    occurrence = found.answers[0]
    activity = occurrence.activity
    activity_actions.set_rsvp(coalition, gerda, activity, occurrence.key, "no")
    left = for_you([coalition], gerda, clock.now())
    assert (activity.id, occurrence.key) not in [(o.activity.id, o.key) for o in left.answers]
    coming, free = left.bring[0]
    activity_actions.claim_item(coalition, gerda, coming.activity, free[0], coming.key)
    after = for_you([coalition], gerda, clock.now())
    still = [i.id for o, items in after.bring if o.key == coming.key for i in items]
    assert free[0].id not in still

    # An activity called off asks nothing; a session held is no invitation any more.
    wouter = people["facilitator"]
    plan = ActivityInput(
        title="Extra overleg",
        kind="meeting",
        day=(clock.today() + timedelta(days=3)).isoformat(),
        start_time="10:00",
        end_time="11:00",
        organiser_ids=[str(wouter.id)],
    )
    extra = activity_actions.plan_activity(coalition, wouter, plan)
    asked = for_you([coalition], gerda, clock.now()).answers
    assert extra.id in [o.activity.id for o in asked]
    activity_actions.cancel_activity(coalition, wouter, extra)
    assert extra.id not in [o.activity.id for o in for_you([coalition], gerda, clock.now()).answers]
    session = db.session.get(IntervisionSession, found.sessions[0].id)
    session.state = "closed"
    db.session.commit()
    assert for_you([coalition], gerda, clock.now()).sessions == []


def test_only_the_next_two_weeks_ask_for_an_answer(app_ctx, demo):
    coalition, people = _voorst()
    now = clock.now()
    for occurrence in for_you([coalition], people["bewoner"], now).answers:
        assert now < occurrence.ends_at and occurrence.starts_at < now + timedelta(days=14)
    assert for_you([], people["bewoner"], now).count == 0
