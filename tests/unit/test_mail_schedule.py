"""Mail that time brings: the digest of "Voor jou" (only when something waits, at a fixed cost),
the reminder the day before, voting rounds opening and closing (results only by link), late
cards, and an intervision invitation that says nothing of what is said; each told once, also
with two workers at once."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from board import clock
from board.account.inputs import MailInput
from board.activities import actions as activity_actions
from board.activities.inputs import ActivityInput
from board.extensions import db
from board.ideas import actions as idea_actions
from board.ideas import decisions
from board.ideas.inputs import IdeaInput, RoundInput
from board.intervision import actions as intervision
from board.intervision.inputs import PlanInput
from board.intervision.methods import METHODS
from board.kanban import actions as kanban
from board.kanban.queries import active_columns
from board.mail import kinds, schedule
from board.mail.settings import save_settings
from board.models import Initiative, OutboxMail, User, VotingRound
from tests.conftest import attached, count_queries, together


def mails(kind=None, user=None) -> list[OutboxMail]:
    query = select(OutboxMail).order_by(OutboxMail.id)
    if kind:
        query = query.where(OutboxMail.kind == kind)
    if user is not None:
        query = query.where(OutboxMail.user_id == user.id)
    return list(db.session.scalars(query))


def coordinator_of(coalition) -> User:
    return db.session.scalar(select(User).where(User.email == f"coordinator@{coalition.slug}.test"))


def local(day, hour, minute=0) -> datetime:
    """A Dutch wall-clock moment as the UTC moment the app keeps."""
    return clock.wall_moment(day, datetime.min.time().replace(hour=hour, minute=minute))


# ---- settings -----------------------------------------------------------------------------------


def test_a_digest_is_due_at_seven_the_next_morning_or_the_next_monday():
    thursday_noon = local(datetime(2026, 12, 3).date(), 12)
    assert (
        clock.to_local(kinds.next_digest("daily", thursday_noon))
        .isoformat()
        .startswith("2026-12-04T07:00")
    )
    weekly = clock.to_local(kinds.next_digest("weekly", thursday_noon))
    assert weekly.isoformat().startswith("2026-12-07T07:00") and weekly.weekday() == 0
    assert kinds.next_digest("off", thursday_noon) is None


def test_settings_refuse_what_is_not_offered_and_change_nothing(app_ctx, world):
    from board.errors import Invalid

    coalition = world.coalition()
    anna = attached(world.person(coalition, name="Anna"))
    assert kinds.wants(anna, "cards") and not kinds.wants(anna, "digest")
    for typed in (MailInput(digest="hourly"), MailInput(digest="off", kinds=["spam"])):
        with pytest.raises(Invalid):
            save_settings(anna, typed)
    db.session.refresh(anna)
    assert anna.mail_settings == {} and anna.digest_due_at is None
    save_settings(anna, MailInput(digest="weekly", kinds=["reminder"]))
    db.session.refresh(anna)
    assert kinds.wants(anna, "reminder") and not kinds.wants(anna, "cards")
    assert clock.to_local(anna.digest_due_at).weekday() == 0


# ---- the digest ---------------------------------------------------------------------------------


def _round(coalition, coordinator, ideas, title="Najaarsronde", opens=None, closes=None):
    now = clock.now()
    return decisions.create_round(
        coalition,
        coordinator,
        RoundInput(
            title=title,
            dots_per_member="3",
            opens_at=clock.local_input(opens or now - timedelta(minutes=5)),
            closes_at=clock.local_input(closes or now + timedelta(days=2)),
            idea_ids=[str(i.id) for i in ideas],
        ),
    )


def _shortlisted(coalition, coordinator, title):
    idea = idea_actions.propose_idea(coalition, coordinator, "resident", IdeaInput(title=title))
    idea_actions.change_status(coalition, coordinator, idea, "shortlist")
    return idea


def test_the_digest_lists_what_waits_and_is_not_sent_when_nothing_does(app_ctx, world):
    coalition = attached(world.coalition())
    coordinator = coordinator_of(coalition)
    anna = attached(world.person(coalition, name="Anna", email="anna@utrecht.test"))
    save_settings(anna, MailInput(digest="daily", kinds=[]))
    due = attached(anna).digest_due_at

    # Nothing waits: no mail, and the next digest is due a day later.
    assert schedule.run_due(due + timedelta(minutes=1))["digests"] == 0
    assert mails("digest") == []
    db.session.refresh(anna)
    assert anna.digest_due_at == due + timedelta(days=1)

    idea = _shortlisted(coalition, coordinator, "Moestuin")
    with clock.pretending(due + timedelta(hours=1)):
        _round(coalition, coordinator, [idea])
    assert schedule.run_due(due + timedelta(days=1, minutes=1))["digests"] == 1
    [digest] = mails("digest")
    assert digest.to_address == "anna@utrecht.test" and "Voor jou" in digest.subject
    assert "Najaarsronde" in digest.text_body and "Utrecht" in digest.text_body
    assert "http://" in digest.text_body and "/mail/off/" in digest.headers["List-Unsubscribe"]
    # Run again at once: nothing is due, nothing more is sent.
    assert schedule.run_due(due + timedelta(days=1, minutes=2))["digests"] == 0
    assert len(mails("digest")) == 1


def test_a_digest_costs_the_same_however_much_waits(app, app_ctx, world):
    coalition = attached(world.coalition())
    coordinator = coordinator_of(coalition)
    anna = attached(world.person(coalition, name="Anna"))

    def cost(extra_rounds: int) -> int:
        for number in range(extra_rounds):
            idea = _shortlisted(
                coalition, coordinator, f"Idee {len(mails()) + number}-{extra_rounds}"
            )
            _round(coalition, coordinator, [idea], title=f"Ronde {number}-{extra_rounds}")
        person = attached(anna)
        with count_queries(app) as counter:
            assert schedule.queue_digest(person, clock.now()) is not None
        db.session.rollback()
        return counter[0]

    assert cost(1) == cost(4)


# ---- rounds -------------------------------------------------------------------------------------


def test_members_hear_once_that_a_round_opened_and_closed_and_never_the_counts(app_ctx, world):
    coalition = attached(world.coalition())
    coordinator = coordinator_of(coalition)
    anna = attached(world.person(coalition, name="Anna"))
    bram = attached(world.person(coalition, name="Bram"))
    idea = _shortlisted(coalition, coordinator, "Moestuin")
    later = clock.now() + timedelta(hours=2)
    voting = _round(coalition, coordinator, [idea], opens=later, closes=later + timedelta(days=2))

    assert schedule.run_due()["rounds"] == 0  # not open yet
    assert schedule.run_due(later + timedelta(minutes=1))["rounds"] == 3
    assert schedule.run_due(later + timedelta(minutes=2))["rounds"] == 0
    opened = mails("rounds", anna)
    assert len(opened) == 1 and "Najaarsronde" in opened[0].subject
    assert "open tot" in opened[0].text_body

    with clock.pretending(later + timedelta(minutes=10)):
        decisions.cast_ballot(coalition, bram, db.session.get(VotingRound, voting.id), {idea.id: 3})
    closed_at = later + timedelta(days=2, minutes=1)
    # The closing joins nothing that was sent: a new mail, a day after the first.
    assert schedule.run_due(closed_at)["rounds"] == 3
    closing = mails("rounds", anna)[-1]
    assert "uitslag" in closing.text_body and f"/ideas/rounds/{voting.id}" in closing.text_body
    assert "3 stippen" not in closing.text_body and "Moestuin" not in closing.text_body
    assert schedule.run_due(closed_at + timedelta(minutes=5))["rounds"] == 0


def test_a_round_that_closed_long_ago_is_not_told(app_ctx, world):
    coalition = attached(world.coalition())
    coordinator = coordinator_of(coalition)
    world.person(coalition, name="Anna")
    idea = _shortlisted(coalition, coordinator, "Moestuin")
    _round(coalition, coordinator, [idea])
    assert schedule.run_due(clock.now() + timedelta(days=5))["rounds"] == 0
    assert mails("rounds") == []


# ---- late cards ---------------------------------------------------------------------------------


def test_the_leads_hear_once_per_date_that_a_card_is_late(app_ctx, world):
    coalition = attached(world.coalition())
    coordinator = coordinator_of(coalition)
    anna = attached(world.person(coalition, name="Anna"))
    card = kanban.create_initiative(
        coalition, coordinator, active_columns(coalition)[0].id, "Buurtkamer"
    )
    card.resident_lead_id, card.professional_lead_id = anna.id, coordinator.id
    card.due_date = clock.today() - timedelta(days=1)
    db.session.commit()

    assert schedule.run_due()["late"] == 2
    assert schedule.run_due()["late"] == 0
    [late] = mails("cards", anna)
    assert "te laat" in late.text_body and "Buurtkamer" in late.subject

    card = db.session.get(Initiative, card.id)
    card.due_date = clock.today() - timedelta(days=2)  # a new date, also passed
    db.session.commit()
    assert schedule.run_due()["late"] == 2
    # Long past dates are not told any more.
    card.due_date, card.overdue_told_for = clock.today() - timedelta(days=30), None
    db.session.commit()
    assert schedule.run_due()["late"] == 0


# ---- the day before -----------------------------------------------------------------------------


def test_the_day_before_yes_and_maybe_get_a_reminder_with_what_they_bring(app_ctx, world):
    coalition = attached(world.coalition())
    coordinator = coordinator_of(coalition)
    anna = attached(world.person(coalition, name="Anna", email="anna@utrecht.test"))
    bram = attached(world.person(coalition, name="Bram", email="bram@utrecht.test"))
    carla = attached(world.person(coalition, name="Carla", email="carla@utrecht.test"))
    tomorrow = clock.today() + timedelta(days=1)
    activity = activity_actions.plan_activity(
        coalition,
        coordinator,
        ActivityInput(
            title="Koffieochtend",
            kind="meeting",
            day=tomorrow.isoformat(),
            start_time="10:00",
            end_time="11:30",
            place="Buurtkamer De Linde",
            items="Koffie\nKoekjes",
            organiser_ids=[str(coordinator.id)],
        ),
    )
    for person, answer in ((anna, "yes"), (bram, "maybe"), (carla, "no")):
        activity_actions.set_rsvp(coalition, person, activity, "", answer)
    [coffee, _biscuits] = sorted(activity_actions_items(activity), key=lambda item: item.position)
    activity_actions.claim_item(coalition, anna, activity, coffee, "")

    today = clock.today()
    assert schedule.run_due(local(today, 9, 30))["reminders"] == 0  # not before ten
    assert schedule.run_due(local(today, 10, 5))["reminders"] == 2
    assert schedule.run_due(local(today, 16, 0))["reminders"] == 0  # once
    sent = {mail.to_address: mail for mail in mails("reminder")}
    assert set(sent) == {"anna@utrecht.test", "bram@utrecht.test"}
    assert "Morgen: Koffieochtend" == sent["anna@utrecht.test"].subject
    assert "Buurtkamer De Linde" in sent["anna@utrecht.test"].text_body
    assert "Jij neemt mee: Koffie" in sent["anna@utrecht.test"].text_body
    assert "misschien" in sent["bram@utrecht.test"].text_body
    assert "neemt mee" not in sent["bram@utrecht.test"].text_body


def activity_actions_items(activity):
    from board.models import ActivityItem

    return db.session.scalars(select(ActivityItem).where(ActivityItem.activity_id == activity.id))


# ---- intervision --------------------------------------------------------------------------------


def test_an_intervision_invitation_names_method_date_and_place_only(app_ctx, world):
    coalition = attached(world.coalition("voorst", "Voorst"))
    facilitator = attached(world.person(coalition, "facilitator", "professional", name="Wouter"))
    people = [attached(world.person(coalition, name=f"Lid {n}")) for n in range(4)]
    method = METHODS["incident"]
    session = intervision.plan_session(
        coalition,
        facilitator,
        PlanInput(
            method="incident",
            day=(clock.today() + timedelta(days=7)).isoformat(),
            start_time="19:30",
            end_time="21:00",
            place="Dorpshuis",
            participant_ids=[str(p.id) for p in people],
            minutes=[str(phase.minutes) for phase in method.phases],
        ),
    )
    invited = mails("intervision")
    assert sorted(m.user_id for m in invited) == sorted(p.id for p in people)
    body = invited[0].text_body
    assert str(method.name) in invited[0].subject or "Incident" in invited[0].subject
    assert "Dorpshuis" in body and "19:30" in body and "Wouter" in body
    assert f"/intervision/{session.id}" in body


# ---- two workers -------------------------------------------------------------------------------


def test_two_workers_at_once_queue_each_digest_and_reminder_once(app, world):
    with app.app_context():
        coalition = attached(world.coalition())
        coordinator = coordinator_of(coalition)
        people = [attached(world.person(coalition, name=f"Lid {n}")) for n in range(6)]
        for person in people:
            save_settings(person, MailInput(digest="daily", kinds=[]))
        idea = _shortlisted(coalition, coordinator, "Moestuin")
        _round(coalition, coordinator, [idea])
        moment = clock.now() + timedelta(days=1, hours=1)

    def worker():
        with app.app_context():
            return schedule.run_due(moment)

    first, second = together(worker, worker)
    with app.app_context():
        digests = db.session.scalar(
            select(func.count(OutboxMail.id)).where(OutboxMail.kind == "digest")
        )
        assert digests == len(people)  # those with the digest on, each once
    assert first["digests"] + second["digests"] == len(people)
