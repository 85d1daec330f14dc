"""Ideas: proposing, one support per member (also under concurrency), decisions, merging."""

import threading

import pytest
from sqlalchemy import func, select

from board.database import writing
from board.errors import Conflict, Invalid
from board.extensions import db
from board.ideas import actions, queries
from board.ideas.inputs import IdeaInput
from board.models import Event, Idea, Support, WorkSite
from board.permissions import coalition_access
from tests.conftest import attached


@pytest.fixture
def people(world, app_ctx):
    """A coalition and three of its members."""
    coalition = attached(world.coalition())
    members = [
        attached(world.person(coalition, side=side))
        for side in ("resident", "professional", "resident")
    ]
    return coalition, members


def propose(coalition, person, title="Moestuin achter de flat"):
    """An idea proposed by person."""
    typed = IdeaInput(title=title, description="Samen groente kweken.")
    return actions.propose_idea(coalition, person, "resident", typed)


def edit(coalition, person, idea, title, version):
    """Change an idea's title (no description, no work site) from a form that showed version."""
    return actions.edit_idea(coalition, person, idea, IdeaInput(title=title, version=version))


def support_count(idea) -> int:
    """How many supports an idea has in the database."""
    return db.session.scalar(select(func.count(Support.id)).where(Support.idea_id == idea.id))


def supporters(idea) -> set[int]:
    """Who supports an idea, by user id, as stored."""
    return set(db.session.scalars(select(Support.user_id).where(Support.idea_id == idea.id)))


def test_an_idea_needs_a_title_and_a_site_of_the_coalition(people, world):
    coalition, (anna, *_) = people
    with pytest.raises(Invalid) as error:
        actions.propose_idea(coalition, anna, "resident", IdeaInput(title="  "))
    assert "title" in error.value.errors
    other = attached(world.coalition("voorst", "Voorst", sites=("Leernetwerk",)))
    foreign_site = other.id and db.session.scalar(
        select(WorkSite.id).where(WorkSite.coalition_id == other.id)
    )
    db.session.rollback()
    with pytest.raises(Invalid) as error:
        typed = IdeaInput(title="Bankje", work_site_id=str(foreign_site))
        actions.propose_idea(coalition, anna, "resident", typed)
    assert "work_site_id" in error.value.errors
    db.session.rollback()
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_support_is_set_not_toggled(people):
    coalition, (anna, bram, _) = people
    idea = propose(coalition, anna)
    assert actions.set_support(coalition, bram, idea, True) is True
    assert actions.set_support(coalition, bram, idea, True) is False  # a double click
    assert support_count(idea) == 1
    assert actions.set_support(coalition, bram, idea, False) is True
    assert actions.set_support(coalition, bram, idea, False) is False
    assert support_count(idea) == 0


def test_concurrent_supports_leave_exactly_one(app, people):
    coalition, (anna, bram, _) = people
    idea = propose(coalition, anna)
    coalition_id, idea_id, bram_id = coalition.id, idea.id, bram.id
    errors = []

    def click():
        with writing(), app.app_context():
            try:
                from board.models import Coalition, User

                actions.set_support(
                    db.session.get(Coalition, coalition_id),
                    db.session.get(User, bram_id),
                    db.session.get(Idea, idea_id),
                    True,
                )
            except Exception as error:  # noqa: BLE001 - any failure is what the test reports
                errors.append(repr(error))

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()  # see what the threads committed
    assert errors == []
    assert support_count(idea) == 1


def test_list_counts_supports_and_sorts(people):
    coalition, (anna, bram, carla) = people
    first = propose(coalition, anna, "Eerste")
    second = propose(coalition, anna, "Tweede")
    actions.set_support(coalition, bram, first, True)
    actions.set_support(coalition, carla, first, True)
    actions.set_support(coalition, bram, second, True)
    rows = queries.list_ideas(coalition, bram, sort="support")
    assert [(r.idea.title, r.supports, r.supported) for r in rows] == [
        ("Eerste", 2, True),
        ("Tweede", 1, True),
    ]
    assert [r.idea.title for r in queries.list_ideas(coalition, anna)] == ["Tweede", "Eerste"]


def test_not_chosen_needs_a_reason_and_closes_support(people):
    coalition, (anna, bram, _) = people
    idea = propose(coalition, anna)
    with pytest.raises(Invalid) as error:
        actions.change_status(coalition, anna, idea, "reject", "")
    assert "reason" in error.value.errors
    db.session.rollback()
    actions.change_status(coalition, anna, idea, "reject", "Past niet in het budget.")
    assert idea.status == "not_chosen" and idea.status_reason == "Past niet in het budget."
    with pytest.raises(Invalid):
        actions.set_support(coalition, bram, idea, True)


def test_merge_moves_supports_without_counting_anyone_twice(people):
    coalition, (anna, bram, carla) = people
    kept = propose(coalition, anna, "Moestuin")
    duplicate = propose(coalition, bram, "Groentetuin")
    actions.set_support(coalition, bram, kept, True)
    actions.set_support(coalition, bram, duplicate, True)  # supports both
    actions.set_support(coalition, carla, duplicate, True)
    actions.merge_ideas(coalition, anna, duplicate, kept.id)
    assert support_count(kept) == 2
    assert duplicate.status == "merged" and duplicate.merged_into_id == kept.id
    assert [r.idea.title for r in queries.list_ideas(coalition, anna)] == ["Moestuin"]
    assert queries.merged_into(kept) == [duplicate]
    with pytest.raises(Invalid):
        actions.merge_ideas(coalition, anna, kept, kept.id)


def test_separating_a_merged_idea_gives_back_exactly_what_each_idea_had(people):
    coalition, (anna, bram, carla) = people
    kept = propose(coalition, anna, "Moestuin")
    duplicate = propose(coalition, bram, "Groentetuin")
    actions.change_status(coalition, anna, duplicate, "shortlist")
    actions.set_support(coalition, bram, kept, True)
    actions.set_support(coalition, bram, duplicate, True)  # supports both
    actions.set_support(coalition, carla, duplicate, True)
    actions.merge_ideas(coalition, anna, duplicate, kept.id)
    actions.set_support(coalition, anna, kept, True)  # support given after the merge stays
    assert support_count(kept) == 3
    assert actions.separate_idea(coalition, anna, duplicate) is True
    assert (duplicate.status, duplicate.merged_into_id) == ("shortlisted", None)
    assert supporters(kept) == {anna.id, bram.id}
    assert supporters(duplicate) == {bram.id, carla.id}
    assert queries.merged_into(kept) == []
    assert {r.idea.title for r in queries.list_ideas(coalition, anna)} == {
        "Moestuin",
        "Groentetuin",
    }
    # A second click changes nothing; the history says who separated them.
    assert actions.separate_idea(coalition, anna, duplicate) is False
    verbs = [e.verb for e in db.session.scalars(select(Event).order_by(Event.id))]
    assert verbs.count("idea.separated") == 1
    # Merged again, a supporter who withdrew from the kept idea meanwhile is not forced back.
    actions.merge_ideas(coalition, anna, duplicate, kept.id)
    actions.set_support(coalition, carla, kept, False)
    actions.separate_idea(coalition, anna, duplicate)
    assert supporters(kept) == {anna.id, bram.id}
    assert supporters(duplicate) == {bram.id, carla.id}


def test_editing_checks_the_version_and_the_status_as_they_are_when_it_saves(people):
    coalition, (anna, bram, _) = people
    idea = propose(coalition, anna)
    assert coalition_access(anna, coalition.slug).may_edit_idea(idea)
    assert not coalition_access(bram, coalition.slug).may_edit_idea(idea)
    edit(coalition, anna, idea, "Moestuin bij De Linde", "1")
    assert (idea.title, idea.version) == ("Moestuin bij De Linde", 2)
    with pytest.raises(Conflict):
        edit(coalition, anna, idea, "Iets anders", "1")
    db.session.rollback()
    # Shortlisted after the form was opened: the save is refused, nothing changes.
    actions.change_status(coalition, bram, idea, "shortlist")
    with pytest.raises(Invalid):
        edit(coalition, anna, idea, "Iets anders", "2")
    db.session.rollback()
    stored = db.session.get(Idea, idea.id)
    assert (stored.title, stored.version, stored.status) == (
        "Moestuin bij De Linde",
        2,
        "shortlisted",
    )
