"""The unit of work and the registry of event verbs."""

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select, update

from board import events
from board.database import writing
from board.errors import Conflict, Invalid
from board.extensions import db
from board.kanban import actions
from board.kanban.queries import active_columns
from board.models import Coalition, Event, Initiative
from board.verbs import VERBS
from tests.conftest import attached


@pytest.fixture
def coalition(world, app_ctx):
    """A coalition with its coordinator, attached to this test's session."""
    return attached(world.coalition())


def _events() -> int:
    return db.session.scalar(select(func.count(Event.id)))


WORDS = {
    "actor": "Anna",
    "title": "Buurtkamer",
    "column": "Uitvoeren",
    "item": "Koffie",
    "name": "Bram",
    "site": "Burennetwerk",
    "old": "Buren",
    "organisation": "Dock",
    "into": "Koffieochtend",
    "day": "3 maart",
    "method": "Incidentmethode",
}


@pytest.mark.parametrize("name", sorted(VERBS))
def test_every_verb_has_both_sentences_in_dutch_and_english(app_ctx, name):
    verb = VERBS[name]
    for sentence in (verb.home, verb.own):
        with force_locale("en"):
            english = str(sentence) % WORDS
        with force_locale("nl"):
            dutch = str(sentence) % WORDS
        assert english.strip() and "%(" not in english and "%(" not in dutch
        assert dutch != english, f"{name}: no Dutch for {english!r}"


def test_an_unknown_verb_is_refused_and_nothing_is_written(coalition):
    before = _events()
    with pytest.raises(ValueError, match="declare it in board/verbs.py"):
        with events.change(coalition) as change:
            change.record(None, "initiative.teleported", coalition)
    assert _events() == before


def test_a_change_commits_once_and_rolls_back_everything_on_an_error(coalition, world):
    person = attached(world.person(coalition))
    column = active_columns(coalition)[0]
    seq = coalition.event_seq
    with pytest.raises(Invalid):
        with events.change(coalition) as change:
            card = actions.create_initiative(coalition, person, column.id, "Eerste")
            change.record(person, "initiative.updated", card, title="Eerste")
            raise Invalid({"title": "Nee"})
    assert db.session.scalar(select(func.count(Initiative.id))) == 0
    assert db.session.get(Coalition, coalition.id).event_seq == seq
    with events.change(coalition):
        actions.create_initiative(coalition, person, column.id, "Tweede")
        actions.create_initiative(coalition, person, column.id, "Derde")
    # The nested changes joined the outer one: one change number for both cards.
    seqs = set(db.session.scalars(select(Event.seq).where(Event.verb == "initiative.created")))
    assert len(seqs) == 1


def test_an_update_of_a_row_someone_else_changed_is_a_conflict(coalition, world):
    person = attached(world.person(coalition))
    card = actions.create_initiative(coalition, person, active_columns(coalition)[0].id, "Kaart")
    with writing():
        # The card is saved behind this session's back: its loaded copy is now stale.
        db.session.execute(
            update(Initiative)
            .where(Initiative.id == card.id)
            .values(version=Initiative.version + 1)
            .execution_options(synchronize_session=False)
        )
        with pytest.raises(Conflict):
            with events.change(coalition):
                card.title = "Mijn titel"
    assert db.session.get(Initiative, card.id).title == "Kaart"


def test_reread_objects_are_read_again_after_the_lock(coalition, world):
    person = attached(world.person(coalition))
    card = actions.create_initiative(coalition, person, active_columns(coalition)[0].id, "Kaart")
    with writing():
        db.session.execute(
            update(Initiative)
            .where(Initiative.id == card.id)
            .values(title="Nieuwer")
            .execution_options(synchronize_session=False)
        )
        assert card.title == "Kaart"
        with events.change(coalition, card):
            assert card.title == "Nieuwer"


def test_events_tell_what_happened_in_dutch(coalition, world):
    person = attached(world.person(coalition, name="Anna de Vries"))
    card = actions.create_initiative(coalition, person, active_columns(coalition)[0].id, "Kaart")
    actions.add_comment(coalition, person, card, "Mooi")
    told = [events.describe(event) for event in events.recent(coalition.id)]
    own = [events.describe_own(event) for event in events.recent(coalition.id, subject=card)]
    assert told[0] == "Anna de Vries reageerde op ‘Kaart’"
    assert own[0] == "Anna de Vries reageerde"
    assert all(not re.search(r"veranderde iets", sentence) for sentence in told + own)


def test_pruning_deletes_only_the_events_made_before_the_moment(app, coalition, world, monkeypatch):
    from datetime import timedelta

    from board import clock

    person = attached(world.person(coalition))
    column = active_columns(coalition)[0]
    monkeypatch.setattr(events, "PRUNE_BATCH", 3)  # several batches
    long_ago = clock.now() - timedelta(days=800)
    with clock.pretending(long_ago):
        for number in range(7):
            actions.create_initiative(coalition, person, column.id, f"Oud {number}")
    actions.create_initiative(coalition, person, column.id, "Nieuw")
    before = db.session.scalar(select(func.count(Event.id)))
    assert events.prune(clock.now() - timedelta(days=400)) == 7
    left = db.session.scalars(select(Event.payload)).all()
    assert len(left) == before - 7 and all("Oud" not in p.get("title", "") for p in left)
    assert events.recent(coalition.id)[0].payload["title"] == "Nieuw"
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["prune-events", "--months", "6"])
    assert refused.exit_code != 0 and "13 months" in refused.output
    assert "Deleted 0 events" in runner.invoke(args=["prune-events"]).output
