"""Dot-voting rounds and consent: frozen rules, the dot budget (also concurrently), hidden
results, the split by side, and an idea becoming an initiative."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from board import clock
from board.database import writing
from board.errors import Invalid, NotFound
from board.extensions import db
from board.ideas import actions, decisions, queries
from board.ideas.inputs import IdeaInput, RoundInput
from board.kanban.queries import active_columns
from board.models import Coalition, Initiative, User, Vote, VotingRound
from tests.conftest import attached


@pytest.fixture
def setting(world, app_ctx):
    """A coalition, a coordinator, members of both sides and two shortlisted ideas."""
    coalition = attached(world.coalition())
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@utrecht.test"))
    residents = [attached(world.person(coalition, side="resident")) for _ in range(3)]
    pros = [attached(world.person(coalition, side="professional")) for _ in range(3)]
    ideas = []
    for title in ("Moestuin", "Buurtkrant"):
        idea = actions.propose_idea(coalition, residents[0], "resident", IdeaInput(title=title))
        actions.change_status(coalition, coordinator, idea, "shortlist")
        ideas.append(idea)
    return coalition, coordinator, residents, pros, ideas


def open_round(coalition, coordinator, ideas, dots=3, stacking=True, opens=None, closes=None):
    """A round over ideas, open now unless other dates are given."""
    now = clock.now()
    return decisions.create_round(
        coalition,
        coordinator,
        RoundInput(
            title="Najaarsronde",
            dots_per_member=str(dots),
            allow_stacking=stacking,
            opens_at=clock.local_input(opens or now - timedelta(minutes=5)),
            closes_at=clock.local_input(closes or now + timedelta(days=1)),
            idea_ids=[str(idea.id) for idea in ideas],
        ),
    )


def close(voting_round):
    """Let time pass: the round's closing moment is now behind us."""
    voting_round.closes_at = clock.now() - timedelta(seconds=1)
    voting_round.opens_at = min(voting_round.opens_at, voting_round.closes_at - timedelta(hours=1))
    db.session.commit()


def test_round_rules_are_checked_and_frozen_once_open(setting):
    coalition, coordinator, residents, _, ideas = setting
    with pytest.raises(Invalid) as error:
        decisions.create_round(
            coalition,
            coordinator,
            RoundInput(title="", dots_per_member="0", opens_at="x", closes_at="", idea_ids=[]),
        )
    assert set(error.value.errors) == {
        "title",
        "dots_per_member",
        "opens_at",
        "closes_at",
        "idea_ids",
    }
    db.session.rollback()
    later = clock.now() + timedelta(days=2)
    upcoming = open_round(
        coalition, coordinator, ideas, opens=later, closes=later + timedelta(days=1)
    )
    rules = RoundInput(
        title="Andere titel",
        dots_per_member="5",
        opens_at=clock.local_input(later),
        closes_at=clock.local_input(later + timedelta(days=2)),
        idea_ids=[str(ideas[0].id)],
    )
    decisions.change_round(coalition, coordinator, upcoming, rules)
    assert upcoming.dots_per_member == 5 and [i.title for i in queries.ideas_in(upcoming)] == [
        "Moestuin"
    ]
    running = open_round(coalition, coordinator, ideas)
    with pytest.raises(Invalid):
        decisions.change_round(coalition, coordinator, running, rules)


def test_ballots_respect_the_budget_stacking_and_dates(setting):
    coalition, coordinator, residents, _, ideas = setting
    anna = residents[0]
    voting_round = open_round(coalition, coordinator, ideas, dots=3, stacking=True)
    assert decisions.cast_ballot(
        coalition, anna, voting_round, {ideas[0].id: 2, ideas[1].id: 1}
    ) == {
        ideas[0].id: 2,
        ideas[1].id: 1,
    }
    with pytest.raises(Invalid):
        decisions.cast_ballot(coalition, anna, voting_round, {ideas[0].id: 3, ideas[1].id: 1})
    db.session.rollback()
    assert queries.ballot_of(voting_round, anna) == {ideas[0].id: 2, ideas[1].id: 1}
    decisions.cast_ballot(coalition, anna, voting_round, {ideas[0].id: 0, ideas[1].id: 3})
    assert queries.ballot_of(voting_round, anna) == {ideas[1].id: 3}  # a changed ballot replaces
    with pytest.raises(Invalid):
        decisions.cast_ballot(coalition, anna, voting_round, {999: 1})
    db.session.rollback()
    # While it is open, the same ideas cannot be on a second round.
    with pytest.raises(Invalid) as error:
        open_round(coalition, coordinator, ideas, dots=2, stacking=False)
    assert "één ronde tegelijk" in error.value.errors["idea_ids"]
    db.session.rollback()
    close(voting_round)
    with pytest.raises(Invalid) as error:
        decisions.cast_ballot(coalition, anna, voting_round, {ideas[0].id: 1})
    assert "gesloten" in error.value.errors[""]
    db.session.rollback()
    voting_round.closes_at = clock.now() - timedelta(minutes=10)  # well before the next opens
    db.session.commit()
    single = open_round(coalition, coordinator, ideas, dots=2, stacking=False)
    with pytest.raises(Invalid):
        decisions.cast_ballot(coalition, anna, single, {ideas[0].id: 2})


def test_results_stay_hidden_until_close_and_split_by_side_from_three(setting):
    coalition, coordinator, residents, pros, ideas = setting
    voting_round = open_round(coalition, coordinator, ideas)
    for person in residents:
        decisions.cast_ballot(coalition, person, voting_round, {ideas[0].id: 3})
    for person in pros[:2]:
        decisions.cast_ballot(coalition, person, voting_round, {ideas[1].id: 2, ideas[0].id: 1})
    with pytest.raises(NotFound):
        queries.results_of(voting_round)
    close(voting_round)
    results = queries.results_of(voting_round)
    assert [(r.idea.title, r.dots, r.voters) for r in results.rows] == [
        ("Moestuin", 11, 5),
        ("Buurtkrant", 4, 2),
    ]
    assert results.voters == 5 and results.sides_shown == []  # only 2 professionals voted
    voting_round.closes_at = clock.now() + timedelta(days=1)
    db.session.commit()
    decisions.cast_ballot(coalition, pros[2], voting_round, {ideas[1].id: 1})
    close(voting_round)
    results = queries.results_of(voting_round)
    assert results.sides_shown == ["resident", "professional"]
    assert results.rows[0].by_side == {"resident": 9, "professional": 2}


def test_concurrent_ballots_never_exceed_the_budget(app, setting):
    coalition, coordinator, residents, _, ideas = setting
    voting_round = open_round(coalition, coordinator, ideas, dots=3)
    ids = (coalition.id, residents[0].id, voting_round.id, ideas[0].id, ideas[1].id)
    failures = []

    def submit(first, second):
        with writing(), app.app_context():
            try:
                decisions.cast_ballot(
                    db.session.get(Coalition, ids[0]),
                    db.session.get(User, ids[1]),
                    db.session.get(VotingRound, ids[2]),
                    {ids[3]: first, ids[4]: second},
                )
            except Invalid:
                db.session.rollback()
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                failures.append(repr(error))

    threads = [threading.Thread(target=submit, args=(n % 4, 3 - n % 4)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()
    assert failures == []
    total = db.session.scalar(
        select(func.sum(Vote.dots)).where(Vote.round_id == voting_round.id, Vote.user_id == ids[1])
    )
    assert total == 3


def test_consent_then_initiative_with_leads_and_links(setting):
    coalition, coordinator, residents, pros, ideas = setting
    idea = ideas[0]
    with pytest.raises(Invalid):
        decisions.start_consent(coalition, coordinator, idea)  # not chosen yet
    db.session.rollback()
    actions.change_status(coalition, coordinator, idea, "choose")
    decisions.start_consent(coalition, coordinator, idea)
    with pytest.raises(Invalid) as error:
        decisions.answer_consent(coalition, residents[1], idea, True, "")
    assert "reason" in error.value.errors
    db.session.rollback()
    decisions.answer_consent(coalition, residents[1], idea, True, "Wie geeft de planten water?")
    with pytest.raises(Invalid):
        decisions.make_initiative(coalition, coordinator, idea, residents[0].id, pros[0].id)
    db.session.rollback()
    decisions.answer_consent(coalition, residents[1], idea, False, "")
    decisions.answer_consent(coalition, pros[0], idea, False, "")
    with pytest.raises(Invalid) as error:
        decisions.make_initiative(coalition, coordinator, idea, pros[0].id, pros[0].id)
    assert "resident_lead_id" in error.value.errors
    db.session.rollback()
    card = decisions.make_initiative(coalition, coordinator, idea, residents[0].id, pros[0].id)
    stored = db.session.get(Initiative, card.id)
    assert stored.idea_id == idea.id and stored.title == "Moestuin"
    first = active_columns(coalition)[0]
    assert stored.column_id == first.id and first.card_count == 1  # the column counts it
    assert (stored.resident_lead_id, stored.professional_lead_id) == (residents[0].id, pros[0].id)
    assert queries.load_idea(coalition, idea.id).status == "initiative"
