"""Deleting one's own account: the password first, a last coordinator or the only admin hands
over first; afterwards nothing names the person, what they wrote and counted in stays under
the former-member word, and nobody else's data changes."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from board import clock
from board.account import actions as account_actions
from board.account.deletion import blockers, delete_account, former_member
from board.account.inputs import DeletionInput, EmailInput
from board.activities import actions as activity_actions
from board.activities.inputs import ActivityInput
from board.auth import actions as accounts
from board.auth.inputs import LoginInput
from board.auth.queries import authenticate
from board.coalitions import actions as coalition_actions
from board.coalitions.inputs import InviteInput, MemberInput
from board.errors import Invalid
from board.events import unit_of_work
from board.extensions import db
from board.ideas import actions as idea_actions
from board.ideas import decisions, queries
from board.ideas.inputs import IdeaInput, RoundInput
from board.intervision import actions as intervision_actions
from board.intervision.inputs import ClosingInput
from board.kanban import actions as kanban_actions
from board.kanban.queries import active_columns
from board.mail.outbox import queue
from board.models import (
    Activity,
    ActivityOrganiser,
    Comment,
    Event,
    Idea,
    IdeaComment,
    Initiative,
    IntervisionKeepsake,
    ItemClaim,
    LearningPoint,
    Membership,
    OutboxMail,
    Rsvp,
    Support,
    User,
    Vote,
    VotingRound,
)
from tests.conftest import PASSWORD, attached
from tests.scan import rows_holding
from tests.unit.test_intervision import group, live, move, write  # noqa: F401 (group: fixture)

NAME, ADDRESS = "Zwaantje Oosterhuis-Vermeulen", "zwaantje.ov@zwaanweide.example"
NEW_ADDRESS = "zwaantje.nieuw@zwaanweide.example"  # an address change she asked for
# Everything that would lead back to her: her name, its parts, her addresses and their parts.
TRACES = [NAME, "Zwaantje", "Oosterhuis", "Vermeulen", ADDRESS, NEW_ADDRESS]
TRACES += ["zwaantje.ov", "zwaantje.nieuw", "zwaanweide"]


@pytest.fixture
def town(world, app_ctx):
    """Utrecht with its coordinator, Zwaantje, Anna and Bram; a card and an idea of Anna's."""
    coalition = attached(world.coalition())
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@utrecht.test"))
    zwaantje = attached(world.person(coalition, email=ADDRESS, name=NAME))
    anna = attached(world.person(coalition, name="Anna de Vries"))
    bram = attached(world.person(coalition, side="professional", name="Bram Jansen"))
    column = active_columns(coalition)[0].id
    card = kanban_actions.create_initiative(coalition, anna, column, "Buurtkamer")
    idea = idea_actions.propose_idea(coalition, anna, "resident", IdeaInput(title="Moestuin"))
    return coalition, coordinator, zwaantje, anna, bram, card, idea


def confirmed(password=PASSWORD) -> DeletionInput:
    """The deletion form with password typed."""
    return DeletionInput(password=password)


def mail(user, _link_row) -> tuple[str, str, str]:
    """A mail naming the person, as the real ones do."""
    return "Buurtbord", f"Hallo {user.display_name}", f"<p>Hallo {user.display_name}</p>"


def closed_round(coalition, coordinator, voters: dict) -> VotingRound:
    """A voting round over a shortlisted idea, each voter's dots on it, closed now."""
    idea = idea_actions.propose_idea(coalition, coordinator, "resident", IdeaInput(title="Bank"))
    idea_actions.change_status(coalition, coordinator, idea, "shortlist")
    now = clock.now()
    voting = decisions.create_round(
        coalition,
        coordinator,
        RoundInput(
            title="Ronde",
            dots_per_member="3",
            allow_stacking=True,
            opens_at=clock.local_input(now - timedelta(minutes=5)),
            closes_at=clock.local_input(now + timedelta(days=1)),
            idea_ids=[str(idea.id)],
        ),
    )
    for voter, dots in voters.items():
        decisions.cast_ballot(coalition, voter, voting, {idea.id: dots})
    voting.closes_at = clock.now() - timedelta(seconds=1)
    db.session.commit()
    return voting


def test_a_last_coordinator_and_the_only_admin_hand_over_first(town, world):
    coalition, coordinator, zwaantje, anna, *_ = town
    assert not blockers(zwaantje)
    found = blockers(coordinator)
    assert [c.slug for c in found.coalitions] == ["utrecht"] and not found.only_admin
    with pytest.raises(Invalid) as refused:
        delete_account(coordinator, confirmed())
    assert "Utrecht Zuilen" in refused.value.errors[""]
    assert db.session.scalar(select(func.count(Membership.id))) == 4
    # A second coordinator takes over; alone in a coalition nobody is left to run, nothing stops.
    coalition_actions.add_member(coalition, anna, "coordinator", "resident")
    assert not blockers(coordinator)
    world.coalition("voorst", "Voorst")  # its coordinator is its only member
    alone = db.session.scalar(select(User).where(User.email == "coordinator@voorst.test"))
    assert not blockers(alone)
    admin = accounts.create_user("admin@utrecht.test", "Beheer", PASSWORD, is_admin=True)
    assert blockers(admin).only_admin
    with pytest.raises(Invalid):
        delete_account(admin, confirmed())
    accounts.create_user("admin2@utrecht.test", "Beheer twee", PASSWORD, is_admin=True)
    assert not blockers(admin)


@pytest.mark.parametrize("typed", ["", "fout wachtwoord"])
def test_without_the_right_password_nothing_changes(town, typed):
    _coalition, _coordinator, zwaantje, *_ = town
    before = (zwaantje.display_name, zwaantje.email, zwaantje.password_hash)
    with pytest.raises(Invalid) as refused:
        delete_account(zwaantje, confirmed(typed))
    assert set(refused.value.errors) == {"password"}
    db.session.rollback()
    stored = db.session.get(User, zwaantje.id, populate_existing=True)
    assert (stored.display_name, stored.email, stored.password_hash) == before
    assert db.session.scalar(select(Membership.id).where(Membership.user_id == zwaantje.id))


def test_what_she_wrote_and_counted_in_stays_under_the_former_member_word(town):
    coalition, coordinator, zwaantje, anna, bram, card, idea = town
    comment = kanban_actions.add_comment(coalition, zwaantje, card, "Ik neem de sleutel mee.")
    own_idea = idea_actions.propose_idea(
        coalition, zwaantje, "resident", IdeaInput(title="Buurtfeest")
    )
    idea_actions.add_comment(coalition, zwaantje, idea, "Goed plan.")
    idea_actions.set_support(coalition, zwaantje, idea, True)
    anna_comment = kanban_actions.add_comment(coalition, anna, card, "Fijn!")
    voting = closed_round(coalition, coordinator, {zwaantje: 3, anna: 1, bram: 2})
    led = kanban_actions.create_initiative(coalition, anna, active_columns(coalition)[0].id, "Tuin")
    db.session.execute(
        update(Initiative).where(Initiative.id == led.id).values(resident_lead_id=zwaantje.id)
    )
    db.session.commit()
    old_version = db.session.get(Initiative, led.id, populate_existing=True).version
    old_session = zwaantje.session_version

    delete_account(zwaantje, confirmed())

    word = former_member()
    stored = db.session.get(User, zwaantje.id, populate_existing=True)
    assert stored.display_name == word and stored.session_version == old_session + 1
    assert not stored.check_password(PASSWORD) and stored.calendar_token is None
    with pytest.raises(Invalid):
        authenticate(LoginInput(email=ADDRESS, password=PASSWORD))
    assert db.session.scalar(select(Membership.id).where(Membership.user_id == zwaantje.id)) is None
    # Her comment, idea, idea comment and support stay, by the former member.
    assert db.session.get(Comment, comment.id).author_id == zwaantje.id
    assert db.session.get(Idea, own_idea.id).proposer_id == zwaantje.id
    written = db.session.scalars(select(IdeaComment).where(IdeaComment.idea_id == idea.id)).one()
    assert written.body == "Goed plan." and written.author_id == zwaantje.id
    assert db.session.scalar(select(func.count(Support.id)).where(Support.idea_id == idea.id)) == 1
    # Her dots still count; she is still one of the voters.
    results = queries.results_of(voting)
    assert results.rows[0].dots == 6 and results.voters == 3
    # A card she led has no resident lead now (and a new version, so open forms see it).
    card_now = db.session.get(Initiative, led.id, populate_existing=True)
    assert card_now.resident_lead_id is None and card_now.version == old_version + 1
    # The coalition hears she left, under the former member word.
    left = db.session.scalars(select(Event).where(Event.verb == "member.left")).one()
    assert left.actor_id == zwaantje.id and left.payload == {}
    # Nobody else's data changed.
    assert db.session.get(Comment, anna_comment.id).body == "Fijn!"
    assert db.session.get(User, anna.id).display_name == "Anna de Vries"
    assert db.session.scalar(select(func.count(Membership.id))) == 3
    assert db.session.scalar(select(func.count(Vote.id))) == 3


def test_answers_and_things_to_bring_still_to_come_go_and_past_ones_stay(town):
    coalition, _coordinator, zwaantje, anna, *_ = town
    day = (clock.today() + timedelta(days=7)).isoformat()
    typed = ActivityInput(
        title="Koffieochtend",
        kind="meeting",
        day=day,
        start_time="10:00",
        end_time="11:00",
        organiser_ids=[str(zwaantje.id)],
        items="Koffie\nThee",
    )
    coming = activity_actions.plan_activity(coalition, anna, typed)
    typed.title = "Voorjaarsschoonmaak"
    held = activity_actions.plan_activity(coalition, anna, typed)
    for activity in (coming, held):
        activity_actions.set_rsvp(coalition, zwaantje, activity, "", "yes")
        activity_actions.set_rsvp(coalition, anna, activity, "", "yes")
        item = activity_actions.add_item(coalition, anna, activity, "Koekjes")
        activity_actions.claim_item(coalition, zwaantje, activity, item, "")
    past = clock.now() - timedelta(days=3)
    db.session.execute(
        update(Activity)
        .where(Activity.id == held.id)
        .values(starts_at=past, ends_at=past + timedelta(hours=1))
    )
    db.session.commit()

    delete_account(zwaantje, confirmed())

    answers = db.session.execute(select(Rsvp.activity_id, Rsvp.user_id)).all()
    assert sorted(answers) == sorted(
        [(coming.id, anna.id), (held.id, anna.id), (held.id, zwaantje.id)]
    )
    claims = db.session.execute(select(ItemClaim.activity_id, ItemClaim.user_id)).all()
    assert claims == [(held.id, zwaantje.id)]
    assert db.session.scalar(select(func.count(ActivityOrganiser.id))) == 0


def test_her_own_learning_points_and_keepsakes_go_and_shared_ones_stay(group, monkeypatch):  # noqa: F811
    coalition, facilitator, people = group
    her = people[0]
    for level, inbrenger in (("group", 1), ("me", 0)):  # her keepsake: of the last one
        session, _time = live(group, monkeypatch, inbrenger=inbrenger)
        for _ in range(6):
            move(group, session, "next")
        write(group, session, people[inbrenger], "next_step", "Ik bel de huisarts")
        intervision_actions.close_session(coalition, facilitator, session, session.version)
        closing = ClosingInput(
            learning_point=f"Punt {level}", visibility=level, safe="4", useful="4"
        )
        intervision_actions.close_for_me(coalition, her, session, closing)
    assert db.session.scalar(
        select(func.count(IntervisionKeepsake.id)).where(IntervisionKeepsake.owner_id == her.id)
    )

    delete_account(her, confirmed())

    points = db.session.execute(select(LearningPoint.body, LearningPoint.author_id)).all()
    assert points == [("Punt group", her.id)]
    owners = db.session.scalars(select(IntervisionKeepsake.owner_id)).all()
    assert her.id not in owners


def test_nothing_in_any_table_names_her_afterwards(town, app):
    coalition, coordinator, zwaantje, anna, _bram, card, idea = town
    kanban_actions.add_comment(coalition, zwaantje, card, "Ik neem de sleutel mee.")
    kanban_actions.create_initiative(
        coalition, zwaantje, active_columns(coalition)[0].id, "Speeltuin opknappen"
    )
    idea_actions.propose_idea(coalition, zwaantje, "resident", IdeaInput(title="Buurtfeest"))
    idea_actions.add_comment(coalition, zwaantje, idea, "Goed plan.")
    idea_actions.set_support(coalition, zwaantje, idea, True)
    closed_round(coalition, coordinator, {zwaantje: 2})
    typed = ActivityInput(
        title="Koffieochtend",
        kind="meeting",
        day=(clock.today() + timedelta(days=7)).isoformat(),
        start_time="10:00",
        end_time="11:00",
        organiser_ids=[str(zwaantje.id)],
    )
    activity = activity_actions.plan_activity(coalition, anna, typed)
    activity_actions.set_rsvp(coalition, zwaantje, activity, "", "maybe")
    item = activity_actions.add_item(coalition, anna, activity, "Koffie")
    activity_actions.claim_item(coalition, zwaantje, activity, item, "")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == zwaantje.id))
    coalition_actions.change_member(
        coalition, coordinator, membership, MemberInput(role="member", side="professional")
    )
    accounts.create_invite(
        coalition, coordinator, InviteInput(role="member", side="resident", note=f"Voor {NAME}"), 7
    )
    accounts.create_password_reset(coalition, coordinator, membership, 7)
    accounts.request_password_reset(ADDRESS, mail)
    account_actions.ask_email_change(zwaantje, EmailInput(email=NEW_ADDRESS), mail)
    activity_actions.calendar_token(zwaantje)
    with unit_of_work():
        queue("notice", ADDRESS, f"Voor {NAME}", f"Hallo {NAME}", f"<p>Hallo {NAME}</p>")
        queue("notice", anna.email, f"{NAME} reageerde", f"{NAME} ({ADDRESS}) schreef iets", "")
    holding = {table for table, _word in rows_holding(app, TRACES)}
    assert holding >= {"users", "events", "outbox", "invites", "email_changes"}

    delete_account(zwaantje, confirmed())

    assert rows_holding(app, TRACES) == []
    # Mail to Anna stays (the one above, and the notice that her idea got its first support),
    # with the former-member word for her name.
    to_anna = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == anna.email))
    assert f"{former_member()} reageerde" in [m.subject for m in to_anna]


def test_a_namesake_who_stays_keeps_their_name_in_the_history(town, world):
    coalition, coordinator, *_ = town
    leaving, staying = (attached(world.person(coalition, name="Jan Smit")) for _ in range(2))
    for person in (leaving, staying):
        membership = db.session.scalar(select(Membership).where(Membership.user_id == person.id))
        coalition_actions.change_member(
            coalition, coordinator, membership, MemberInput(role="member", side="professional")
        )

    delete_account(leaving, confirmed())

    changed = db.session.execute(
        select(Event.subject_id, Event.payload).where(Event.verb == "member.changed")
    ).all()
    staying_membership = db.session.scalar(
        select(Membership.id).where(Membership.user_id == staying.id)
    )
    names = {subject == staying_membership: payload["name"] for subject, payload in changed}
    assert names == {True: "Jan Smit", False: former_member()}


# Every column that points at a person, and what deletion does with its rows. A new one must be
# added here, with what becomes of it (and handled in board/account/deletion.py).
POINTING_AT_A_PERSON = {
    # Stay, shown as the former member: what they wrote, made or counted in.
    "activities.created_by_id": "stays",
    "comments.author_id": "stays",
    "consent_responses.user_id": "stays",
    "consent_rounds.started_by_id": "stays",
    "events.actor_id": "stays",
    "idea_comments.author_id": "stays",
    "ideas.proposer_id": "stays",
    "initiatives.created_by_id": "stays",
    "intervision_sessions.facilitator_id": "stays",
    "invites.created_by_id": "stays",
    "password_resets.created_by_id": "stays",  # links for others; they stop working with her role
    "pulse_waves.opened_by_id": "stays",
    "pulse_wordings.created_by_id": "stays",
    "supports.user_id": "stays",
    "votes.user_id": "stays",
    "voting_rounds.created_by_id": "stays",
    # Stay where already over, go where still to come.
    "rsvps.user_id": "to come goes",
    "item_claims.user_id": "to come goes",
    "intervision_participants.user_id": "goes from sessions not begun",
    "intervision_sessions.inbrenger_id": "cleared in sessions not begun",
    "intervision_notes.author_id": "goes from sessions not closed",
    "learning_points.author_id": "goes when kept for themselves",
    # Cleared or gone.
    "initiatives.resident_lead_id": "cleared",
    "initiatives.professional_lead_id": "cleared",
    "memberships.user_id": "goes",
    "activity_organisers.user_id": "goes",
    "password_resets.user_id": "goes",
    "email_changes.user_id": "goes",
    "intervision_keepsakes.owner_id": "goes",
    "pulse_participations.user_id": "goes",
    "outbox.user_id": "goes",
}


def test_every_column_that_points_at_a_person_is_handled(app):
    pointing = {
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table.name == "users"
    }
    assert pointing == set(POINTING_AT_A_PERSON)
