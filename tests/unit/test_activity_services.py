"""Activities: planning and changing (checked input, summer time, stale forms), moving and
cancelling occurrences, answers, things to bring (also two people claiming at once), the agenda."""

import threading
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from board.activities import actions, queries
from board.activities.inputs import ActivityInput, TimesInput
from board.clock import now, to_local
from board.database import writing
from board.errors import Conflict, Invalid, NotFound
from board.extensions import db
from board.kanban.actions import create_initiative
from board.kanban.queries import active_columns
from board.models import (
    Activity,
    ActivityItem,
    ActivityOrganiser,
    Coalition,
    ItemClaim,
    Membership,
    OccurrenceChange,
    Rsvp,
    User,
    WorkSite,
)
from board.permissions import Access
from tests.conftest import attached, steady_query_count


@pytest.fixture
def team(world, app_ctx):
    """A coalition with its coordinator and two members, and another coalition with a member."""
    coalition = attached(world.coalition())
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@utrecht.test"))
    anna = attached(world.person(coalition, name="Anna de Vries"))
    bram = attached(world.person(coalition, side="professional", name="Bram Jansen"))
    other = attached(world.coalition("voorst", "Voorst", sites=("Leernetwerk",)))
    outsider = attached(world.person(other, name="Olga Buiten"))
    return SimpleNamespace(
        coalition=coalition,
        coordinator=coordinator,
        anna=anna,
        bram=bram,
        other=other,
        outsider=outsider,
    )


def next_week(days=7) -> str:
    """A local date some days ahead, as the form sends it."""
    return (to_local(now()) + timedelta(days=days)).date().isoformat()


def form(team, **values) -> ActivityInput:
    """A filled-in activity form: next week 19:00–21:00, organised by Anna."""
    defaults = dict(
        title="Kernteamoverleg",
        kind="meeting",
        day=next_week(),
        start_time="19:00",
        end_time="21:00",
        place="Buurtkamer",
        organiser_ids=[str(team.anna.id)],
    )
    defaults.update(values)
    return ActivityInput(**defaults)


def plan(team, **values) -> Activity:
    """Plan an activity as Anna with the form's defaults and values."""
    return actions.plan_activity(team.coalition, team.anna, form(team, **values))


def save(team, actor, activity, version, **values) -> Activity:
    """Save the activity form (the defaults and values) as it showed version."""
    return actions.update_activity(
        team.coalition, actor, activity, form(team, version=str(version), **values)
    )


def move(team, activity, key, day, start_time, end_time):
    """Move one date of a series, as Anna."""
    times = TimesInput(day=day, start_time=start_time, end_time=end_time)
    return actions.move_occurrence(team.coalition, team.anna, activity, key, times)


def access_of(team, user) -> Access:
    """What user may do in the team's coalition (their membership decides)."""
    membership = db.session.scalar(
        select(Membership).where(
            Membership.coalition_id == team.coalition.id, Membership.user_id == user.id
        )
    )
    return Access(user, team.coalition, membership)


def may_change(team, activity, user) -> bool:
    """Whether user may change the activity, as its page decides."""
    return access_of(team, user).may_change_activity(queries.organisers(activity))


def organises(activity, user) -> bool:
    """Whether user is one of the activity's organisers."""
    return user.id in {organiser.id for organiser in queries.organisers(activity)}


def release(team, actor, activity, item, key=""):
    """Give an item back as actor, who may free it as the activity's page allows."""
    organisers = queries.organisers(activity)
    actions.release_item(
        team.coalition,
        actor,
        activity,
        item,
        key,
        lambda claim: access_of(team, actor).may_release(claim, organisers),
    )


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def utc(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# ---- planning --------------------------------------------------------------------------------


def test_planning_stores_the_activity_its_organisers_and_things_to_bring(team):
    activity = plan(
        team,
        title="  Kernteam   overleg ",
        day="2026-12-01",
        recurrence="fortnightly",
        repeat_until="2027-03-01",
        organiser_ids=[str(team.anna.id), str(team.bram.id)],
        items="koffie\n\n  sleutel   van de buurtkamer \n",
    )
    stored = db.session.get(Activity, activity.id)
    assert stored.title == "Kernteam overleg"
    assert (stored.starts_at, stored.ends_at) == (utc(2026, 12, 1, 18), utc(2026, 12, 1, 20))
    assert stored.recurrence == "fortnightly" and stored.repeat_until == date(2027, 3, 1)
    assert stored.uid and stored.version == 1 and stored.created_by_id == team.anna.id
    organisers = db.session.scalars(
        select(ActivityOrganiser.user_id).where(ActivityOrganiser.activity_id == activity.id)
    )
    assert sorted(organisers) == sorted([team.anna.id, team.bram.id])
    items = db.session.scalars(
        select(ActivityItem.text)
        .where(ActivityItem.activity_id == activity.id)
        .order_by(ActivityItem.position)
    )
    assert list(items) == ["koffie", "sleutel van de buurtkamer"]
    assert may_change(team, activity, team.bram)
    assert not organises(activity, team.coordinator)
    assert may_change(team, activity, team.coordinator)


def test_every_activity_gets_its_own_uid(team):
    first, second = plan(team), plan(team)
    assert first.uid != second.uid


def test_a_one_off_activity_forgets_a_last_date(team):
    activity = plan(team, recurrence="none", repeat_until="2027-01-01")
    assert activity.repeat_until is None and not activity.repeats


def test_form_of_an_activity_shows_local_times(team):
    activity = plan(team, day="2026-12-01", recurrence="monthly", items="koffie")
    shown = ActivityInput.of(activity, [team.anna.id])
    assert (shown.day, shown.start_time, shown.end_time) == ("2026-12-01", "19:00", "21:00")
    assert shown.recurrence == "monthly" and shown.organiser_ids == [str(team.anna.id)]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "feest"}, "kind"),
        ({"start_time": "21:00", "end_time": "19:00"}, "end_time"),
        ({"start_time": "19:00", "end_time": "19:00"}, "end_time"),
        ({"day": "2026-02-30"}, "day"),
        ({"day": "morgen"}, "day"),
        ({"day": ""}, "day"),
        ({"start_time": "25:00"}, "start_time"),
        ({"start_time": "half acht"}, "start_time"),
        ({"end_time": ""}, "end_time"),
        ({"recurrence": "daily"}, "recurrence"),
        (
            {"recurrence": "weekly", "repeat_until": "2026-11-30", "day": "2026-12-01"},
            "repeat_until",
        ),
        ({"recurrence": "weekly", "repeat_until": "volgend jaar"}, "repeat_until"),
        ({"organiser_ids": []}, "organiser_ids"),
        ({"organiser_ids": ["abc"]}, "organiser_ids"),
        ({"place": "p" * 201}, "place"),
        ({"items": "k" * 101}, "items"),
        ({"items": "\n".join(f"ding {n}" for n in range(31))}, "items"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_is_stored(team, values, field):
    with pytest.raises(Invalid) as error:
        plan(team, **values)
    assert field in error.value.errors
    db.session.rollback()
    assert count(Activity) == 0 and count(ActivityOrganiser) == 0 and count(ActivityItem) == 0


def test_every_problem_is_reported_at_once(team):
    with pytest.raises(Invalid) as error:
        plan(team, title="", kind="x", day="", start_time="", end_time="", organiser_ids=[])
    assert set(error.value.errors) >= {
        "title",
        "kind",
        "day",
        "start_time",
        "end_time",
        "organiser_ids",
    }


def test_organisers_must_be_members_of_the_coalition(team):
    with pytest.raises(Invalid) as error:
        plan(team, organiser_ids=[str(team.anna.id), str(team.outsider.id)])
    assert "organiser_ids" in error.value.errors
    db.session.rollback()
    with pytest.raises(Invalid) as error:
        plan(team, organiser_ids=["999999"])
    assert "organiser_ids" in error.value.errors
    db.session.rollback()
    assert count(Activity) == 0


def test_work_site_and_initiative_must_be_of_the_coalition(team):
    own_site = db.session.scalar(
        select(WorkSite.id).where(WorkSite.coalition_id == team.coalition.id)
    )
    foreign_site = db.session.scalar(
        select(WorkSite.id).where(WorkSite.coalition_id == team.other.id)
    )
    foreign_card = create_initiative(
        team.other, team.outsider, active_columns(team.other)[0].id, "Buurtmoestuin"
    )
    own_card = create_initiative(
        team.coalition, team.anna, active_columns(team.coalition)[0].id, "Taalcafé"
    )
    for values, field in (
        ({"work_site_id": str(foreign_site)}, "work_site_id"),
        ({"work_site_id": "999999"}, "work_site_id"),
        ({"initiative_id": str(foreign_card.id)}, "initiative_id"),
        ({"initiative_id": "nope"}, "initiative_id"),
    ):
        with pytest.raises(Invalid) as error:
            plan(team, **values)
        assert field in error.value.errors, values
        db.session.rollback()
    assert count(Activity) == 0
    activity = plan(team, work_site_id=str(own_site), initiative_id=str(own_card.id))
    assert (activity.work_site_id, activity.initiative_id) == (own_site, own_card.id)


# ---- summer time in the form -------------------------------------------------------------------


def test_a_start_in_the_skipped_hour_is_refused(app_ctx):
    with pytest.raises(Invalid) as error:
        actions.checked_times("2026-03-29", "02:30", "04:00")
    assert set(error.value.errors) == {"start_time"}
    with pytest.raises(Invalid) as error:
        actions.checked_times("2026-03-29", "01:00", "02:15")
    assert set(error.value.errors) == {"end_time"}
    assert actions.checked_times("2026-03-29", "03:00", "04:00") == (
        utc(2026, 3, 29, 1),
        utc(2026, 3, 29, 2),
    )


def test_a_start_in_the_doubled_hour_means_the_first_one(app_ctx):
    begin, end = actions.checked_times("2026-10-25", "02:30", "03:30")
    assert begin == utc(2026, 10, 25, 0, 30)  # still summer time
    assert end == utc(2026, 10, 25, 2, 30)  # 03:30 exists once, in winter time


def test_planning_in_the_skipped_hour_stores_nothing(team):
    with pytest.raises(Invalid) as error:
        plan(team, day="2026-03-29", start_time="02:30", end_time="04:00")
    assert "start_time" in error.value.errors
    db.session.rollback()
    assert count(Activity) == 0
    activity = plan(team, day="2026-10-25", start_time="02:30", end_time="03:30")
    assert db.session.get(Activity, activity.id).starts_at == utc(2026, 10, 25, 0, 30)


def test_times_around_the_change_are_stored_in_utc(team):
    before = plan(team, day="2026-03-24")
    after = plan(team, day="2026-03-31")
    assert before.starts_at == utc(2026, 3, 24, 18)
    assert after.starts_at == utc(2026, 3, 31, 17)


# ---- changing ----------------------------------------------------------------------------------


def test_update_changes_fields_and_organisers_and_raises_the_version(team):
    activity = plan(team, recurrence="weekly")
    changed = form(
        team,
        title="Kernteam (nieuw)",
        start_time="19:30",
        end_time="21:30",
        organiser_ids=[str(team.bram.id)],
    )
    changed.version = "1"
    actions.update_activity(team.coalition, team.coordinator, activity, changed)
    stored = queries.load_activity(team.coalition, activity.id)
    assert stored.title == "Kernteam (nieuw)" and stored.version == 2
    assert to_local(stored.starts_at).strftime("%H:%M") == "19:30"
    assert not may_change(team, activity, team.anna)
    assert may_change(team, activity, team.bram)


def test_update_with_a_stale_version_is_a_conflict_and_changes_nothing(team):
    activity = plan(team, organiser_ids=[str(team.anna.id)])
    save(team, team.anna, activity, 1, title="Eerst")
    with pytest.raises(Conflict):
        save(team, team.bram, activity, 1, title="Later", organiser_ids=[str(team.bram.id)])
    db.session.rollback()
    stored = queries.load_activity(team.coalition, activity.id)
    assert stored.title == "Eerst" and stored.version == 2
    assert may_change(team, activity, team.anna)
    assert not may_change(team, activity, team.bram)


def test_update_with_bad_input_changes_nothing(team):
    activity = plan(team)
    with pytest.raises(Invalid) as error:
        save(team, team.anna, activity, 1, title="", end_time="18:00")
    assert {"title", "end_time"} <= set(error.value.errors)
    db.session.rollback()
    stored = queries.load_activity(team.coalition, activity.id)
    assert stored.title == "Kernteamoverleg" and stored.version == 1


def test_update_without_a_version_is_refused(team):
    activity = plan(team)
    with pytest.raises(Invalid) as error:
        save(team, team.anna, activity, "")
    assert "version" in error.value.errors


def test_load_activity_only_finds_the_coalitions_own(team):
    activity = plan(team)
    assert queries.load_activity(team.coalition, str(activity.id)).id == activity.id
    for coalition, activity_id in ((team.other, activity.id), (team.coalition, "x")):
        with pytest.raises(NotFound):
            queries.load_activity(coalition, activity_id)


# ---- occurrences -------------------------------------------------------------------------------


def test_move_cancel_and_restore_occurrences(team):
    activity = plan(team, day="2026-03-17", recurrence="fortnightly", repeat_until="2026-05-31")
    move(team, activity, "2026-03-31", "2026-04-02", "20:00", "22:00")
    actions.cancel_occurrence(team.coalition, team.anna, activity, "2026-04-14")
    assert activity.version == 3
    moved = queries.find_occurrence(activity, "2026-03-31")
    assert moved.moved and moved.starts_at == utc(2026, 4, 2, 18)
    assert queries.find_occurrence(activity, "2026-04-14").cancelled
    assert not queries.find_occurrence(activity, "2026-04-28").moved
    actions.restore_occurrence(team.coalition, team.anna, activity, "2026-03-31")
    restored = queries.find_occurrence(activity, "2026-03-31")
    assert not restored.moved and restored.starts_at == utc(2026, 3, 31, 17)
    assert activity.version == 4
    assert db.session.scalars(select(OccurrenceChange.occurrence)).all() == ["2026-04-14"]


def test_moving_back_to_the_planned_time_removes_the_change(team):
    activity = plan(team, day="2026-03-17", recurrence="weekly")
    move(team, activity, "2026-03-24", "2026-03-24", "20:00", "22:00")
    assert count(OccurrenceChange) == 1
    move(team, activity, "2026-03-24", "2026-03-24", "19:00", "21:00")
    assert count(OccurrenceChange) == 0


def test_moving_refuses_bad_times_and_unknown_occurrences(team):
    series = plan(team, day="2026-03-17", recurrence="weekly")
    with pytest.raises(Invalid) as error:
        move(team, series, "2026-03-24", "2026-03-29", "02:30", "04:00")
    assert "start_time" in error.value.errors
    db.session.rollback()
    for key in ("2026-03-25", "", "gisteren"):
        with pytest.raises(NotFound):
            move(team, series, key, "2026-03-26", "19:00", "21:00")
        db.session.rollback()
    once = plan(team, day="2026-03-17")
    with pytest.raises(NotFound):
        actions.cancel_occurrence(team.coalition, team.anna, once, "")
    db.session.rollback()
    assert count(OccurrenceChange) == 0


# ---- answers -----------------------------------------------------------------------------------


def rsvp_of(activity, user, key) -> Rsvp | None:
    return db.session.scalar(
        select(Rsvp).where(
            Rsvp.activity_id == activity.id, Rsvp.occurrence == key, Rsvp.user_id == user.id
        )
    )


def test_answering_changing_and_answering_the_same_again(team):
    activity = plan(team)
    actions.set_rsvp(team.coalition, team.bram, activity, "", "yes")
    assert (rsvp_of(activity, team.bram, "").answer, rsvp_of(activity, team.bram, "").revision) == (
        "yes",
        1,
    )
    actions.set_rsvp(team.coalition, team.bram, activity, "", "yes")  # a double tap
    assert rsvp_of(activity, team.bram, "").revision == 1
    actions.set_rsvp(team.coalition, team.bram, activity, "", "maybe")
    actions.set_rsvp(team.coalition, team.bram, activity, "", "no")
    assert (rsvp_of(activity, team.bram, "").answer, rsvp_of(activity, team.bram, "").revision) == (
        "no",
        3,
    )
    assert count(Rsvp) == 1


def test_answers_are_per_occurrence_of_a_series(team):
    activity = plan(team, recurrence="weekly")
    first = queries.default_occurrence(activity, now()).key
    second = (date.fromisoformat(first) + timedelta(weeks=1)).isoformat()
    actions.set_rsvp(team.coalition, team.bram, activity, first, "yes")
    actions.set_rsvp(team.coalition, team.bram, activity, second, "no")
    assert rsvp_of(activity, team.bram, first).answer == "yes"
    assert rsvp_of(activity, team.bram, second).answer == "no"
    with pytest.raises(NotFound):
        actions.set_rsvp(team.coalition, team.bram, activity, "", "yes")


@pytest.mark.parametrize("answer", ["ja", "", None, "YES"])
def test_an_unknown_answer_is_refused(team, answer):
    activity = plan(team)
    with pytest.raises(Invalid) as error:
        actions.set_rsvp(team.coalition, team.bram, activity, "", answer)
    assert "answer" in error.value.errors
    db.session.rollback()
    assert count(Rsvp) == 0


def test_no_answers_for_a_cancelled_occurrence_or_activity(team):
    series = plan(team, recurrence="weekly")
    key = queries.default_occurrence(series, now()).key
    actions.cancel_occurrence(team.coalition, team.anna, series, key)
    with pytest.raises(Invalid):
        actions.set_rsvp(team.coalition, team.bram, series, key, "yes")
    db.session.rollback()
    once = plan(team)
    actions.cancel_activity(team.coalition, team.anna, once)
    with pytest.raises(Invalid):
        actions.set_rsvp(team.coalition, team.bram, once, "", "yes")
    db.session.rollback()
    assert count(Rsvp) == 0
    actions.restore_activity(team.coalition, team.anna, once)
    actions.set_rsvp(team.coalition, team.bram, once, "", "yes")
    assert count(Rsvp) == 1


def test_no_answers_once_an_occurrence_is_over(team):
    past = plan(team, day=next_week(-3), recurrence="weekly")
    last_week = to_local(past.starts_at).date().isoformat()
    with pytest.raises(Invalid):
        actions.set_rsvp(team.coalition, team.bram, past, last_week, "yes")
    db.session.rollback()
    assert count(Rsvp) == 0
    coming = queries.default_occurrence(past, now())
    assert coming.key != last_week and coming.starts_at > now()
    actions.set_rsvp(team.coalition, team.bram, past, coming.key, "maybe")
    assert rsvp_of(past, team.bram, coming.key).answer == "maybe"


# ---- things to bring ---------------------------------------------------------------------------


def item_named(activity, text) -> ActivityItem:
    return db.session.scalar(
        select(ActivityItem).where(
            ActivityItem.activity_id == activity.id, ActivityItem.text == text
        )
    )


def claims_of(item) -> list[tuple[str, int]]:
    return sorted(
        db.session.execute(
            select(ItemClaim.occurrence, ItemClaim.user_id).where(ItemClaim.item_id == item.id)
        ).all()
    )


def test_adding_items_is_checked(team):
    activity = plan(team, items="koffie")
    added = actions.add_item(team.coalition, team.bram, activity, "  taart   voor na afloop ")
    assert added.text == "taart voor na afloop" and added.position == 1
    for text in ("", "   ", "x" * 101):
        with pytest.raises(Invalid) as error:
            actions.add_item(team.coalition, team.bram, activity, text)
        assert "text" in error.value.errors
        db.session.rollback()
    assert count(ActivityItem) == 2
    for n in range(actions.ITEMS_PER_ACTIVITY - 2):
        actions.add_item(team.coalition, team.bram, activity, f"ding {n}")
    with pytest.raises(Invalid) as error:
        actions.add_item(team.coalition, team.bram, activity, "één te veel")
    assert "text" in error.value.errors
    db.session.rollback()
    assert count(ActivityItem) == actions.ITEMS_PER_ACTIVITY


def test_claiming_and_releasing_an_item(team):
    activity = plan(team, items="koffie\nsleutel")
    coffee = item_named(activity, "koffie")
    claim = actions.claim_item(team.coalition, team.anna, activity, coffee, "")
    assert claim.user_id == team.anna.id
    again = actions.claim_item(team.coalition, team.anna, activity, coffee, "")  # double tap
    assert again.id == claim.id and claims_of(coffee) == [("", team.anna.id)]
    with pytest.raises(actions.Taken) as error:
        actions.claim_item(team.coalition, team.bram, activity, coffee, "")
    assert isinstance(error.value, Conflict)
    assert "Anna de Vries" in error.value.message
    assert error.value.holder.id == team.anna.id
    assert claims_of(coffee) == [("", team.anna.id)]
    with pytest.raises(Invalid):
        release(team, team.bram, activity, coffee)
    assert claims_of(coffee) == [("", team.anna.id)]
    release(team, team.anna, activity, coffee)
    assert claims_of(coffee) == []
    release(team, team.anna, activity, coffee)  # no-op
    actions.claim_item(team.coalition, team.bram, activity, coffee, "")
    assert claims_of(coffee) == [("", team.bram.id)]


def test_an_organiser_may_release_someone_elses_claim(team):
    activity = plan(team, items="koffie")
    coffee = item_named(activity, "koffie")
    actions.claim_item(team.coalition, team.bram, activity, coffee, "")
    release(team, team.anna, activity, coffee)
    assert claims_of(coffee) == []


def test_claims_are_per_occurrence_and_refused_when_called_off_or_over(team):
    series = plan(team, day=next_week(-3), recurrence="weekly", items="koffie")
    coffee = item_named(series, "koffie")
    past = to_local(series.starts_at).date().isoformat()
    coming = queries.default_occurrence(series, now()).key
    later = (date.fromisoformat(coming) + timedelta(weeks=1)).isoformat()
    actions.claim_item(team.coalition, team.anna, series, coffee, coming)
    actions.claim_item(team.coalition, team.bram, series, coffee, later)
    assert claims_of(coffee) == sorted([(coming, team.anna.id), (later, team.bram.id)])
    with pytest.raises(Invalid):
        actions.claim_item(team.coalition, team.bram, series, coffee, past)
    db.session.rollback()
    actions.cancel_occurrence(team.coalition, team.anna, series, later)
    with pytest.raises(Invalid):
        actions.claim_item(team.coalition, team.anna, series, coffee, later)
    db.session.rollback()
    assert len(claims_of(coffee)) == 2


def test_removing_an_item_removes_its_claims(team):
    series = plan(team, recurrence="weekly", items="koffie\nsleutel")
    coffee, key = item_named(series, "koffie"), item_named(series, "sleutel")
    first = queries.default_occurrence(series, now()).key
    second = (date.fromisoformat(first) + timedelta(weeks=1)).isoformat()
    actions.claim_item(team.coalition, team.anna, series, coffee, first)
    actions.claim_item(team.coalition, team.bram, series, coffee, second)
    actions.claim_item(team.coalition, team.bram, series, key, first)
    actions.remove_item(team.coalition, team.anna, series, coffee)
    assert item_named(series, "koffie") is None
    assert db.session.scalars(select(ItemClaim.item_id)).all() == [key.id]
    with pytest.raises(NotFound):
        queries.load_item(series, coffee.id)


def test_load_item_only_finds_the_activitys_own(team):
    first, second = plan(team, items="koffie"), plan(team, items="thee")
    tea = item_named(second, "thee")
    assert queries.load_item(second, str(tea.id)).id == tea.id
    with pytest.raises(NotFound):
        queries.load_item(first, tea.id)


def test_two_members_claiming_at_the_same_moment_one_wins(app, team):
    activity = plan(team, items="sleutel van de buurtkamer")
    item = item_named(activity, "sleutel van de buurtkamer")
    ids = (team.coalition.id, activity.id, item.id)
    people = (team.anna.id, team.bram.id)
    db.session.rollback()
    start = threading.Barrier(len(people))
    outcome, failures = {}, []

    def claim(person_id):
        start.wait()
        with writing(), app.app_context():
            try:
                actions.claim_item(
                    db.session.get(Coalition, ids[0]),
                    db.session.get(User, person_id),
                    db.session.get(Activity, ids[1]),
                    db.session.get(ActivityItem, ids[2]),
                    "",
                )
                outcome[person_id] = "won"
            except actions.Taken as error:
                db.session.rollback()
                outcome[person_id] = ("taken", error.holder.id)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                failures.append(repr(error))

    threads = [threading.Thread(target=claim, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()
    assert failures == []
    winners = [person for person, result in outcome.items() if result == "won"]
    assert len(winners) == 1
    [loser] = [person for person in people if person not in winners]
    assert outcome[loser] == ("taken", winners[0])
    assert claims_of(item) == [("", winners[0])]


# ---- the agenda --------------------------------------------------------------------------------


def test_agenda_rows_in_time_order_with_answers_and_open_items(team):
    today = to_local(now()).date()
    later = plan(team, title="Buurtfeest", kind="neighbourhood", day=next_week(9), items="taart")
    series = plan(
        team,
        title="Kernteam",
        day=next_week(2),
        start_time="20:00",
        end_time="21:00",
        recurrence="weekly",
        items="koffie\nsleutel",
    )
    soon = plan(team, title="Intervisie", kind="intervision", day=next_week(2), start_time="10:00")
    first = queries.default_occurrence(series, now()).key
    second = (date.fromisoformat(first) + timedelta(weeks=1)).isoformat()
    actions.set_rsvp(team.coalition, team.anna, series, first, "yes")
    actions.set_rsvp(team.coalition, team.bram, series, first, "yes")
    actions.set_rsvp(team.coalition, team.coordinator, series, first, "no")
    actions.set_rsvp(team.coalition, team.bram, series, second, "maybe")
    actions.set_rsvp(team.coalition, team.bram, later, "", "no")
    actions.claim_item(team.coalition, team.anna, series, item_named(series, "koffie"), first)
    actions.cancel_occurrence(team.coalition, team.anna, series, second)
    rows = queries.agenda(team.coalition, team.bram, today, today + timedelta(days=15))
    shown = [
        (r.activity.title, r.occurrence.key, r.occurrence.cancelled, r.my_answer, r.counts)
        for r in rows
    ]
    assert shown == [
        ("Intervisie", "", False, None, {"yes": 0, "maybe": 0, "no": 0}),
        ("Kernteam", first, False, "yes", {"yes": 2, "maybe": 0, "no": 1}),
        ("Buurtfeest", "", False, "no", {"yes": 0, "maybe": 0, "no": 1}),
        ("Kernteam", second, True, "maybe", {"yes": 0, "maybe": 1, "no": 0}),
    ]
    assert [r.occurrence.starts_at for r in rows] == sorted(r.occurrence.starts_at for r in rows)
    assert [(r.items, r.open_items) for r in rows] == [(0, 0), (2, 1), (1, 1), (2, 2)]
    assert soon.id in {r.activity.id for r in rows}
    mine = queries.agenda(team.coalition, team.anna, today, today + timedelta(days=15))
    assert [r.my_answer for r in mine][:2] == [None, "yes"]


def test_agenda_shows_only_the_coalitions_own_and_only_the_window(team):
    plan(team, title="Ver weg", day=next_week(60))
    actions.plan_activity(
        team.other,
        team.outsider,
        form(team, title="Voorst overleg", organiser_ids=[str(team.outsider.id)]),
    )
    plan(team, title="Dichtbij")
    today = to_local(now()).date()
    rows = queries.agenda(team.coalition, team.anna, today, today + timedelta(days=14))
    assert [r.activity.title for r in rows] == ["Dichtbij"]


def test_agenda_needs_the_same_number_of_queries_for_3_or_30_activities(app, team):
    today = to_local(now()).date()
    people = [team.anna, team.bram, team.coordinator]

    def fill(n):
        for number in range(n):
            activity = plan(
                team,
                title=f"Activiteit {number}",
                day=next_week(1 + number % 10),
                recurrence="weekly" if number % 2 else "none",
                items="koffie\nthee",
            )
            key = queries.default_occurrence(activity, now()).key
            for person in people[: 1 + number % 3]:
                actions.set_rsvp(team.coalition, person, activity, key, "yes")
            coffee = item_named(activity, "koffie")
            actions.claim_item(team.coalition, team.anna, activity, coffee, key)

    def measure():
        user = db.session.get(User, team.bram.id)
        coalition = db.session.get(Coalition, team.coalition.id)
        return steady_query_count(
            app,
            lambda: [
                (r.counts, r.my_answer, r.items, r.open_items, r.activity.title)
                for r in queries.agenda(coalition, user, today, today + timedelta(days=31))
            ],
        )

    fill(3)
    few = measure()
    assert len(queries.agenda(team.coalition, team.bram, today, today + timedelta(days=31))) >= 3
    fill(27)
    many = measure()
    rows = queries.agenda(team.coalition, team.bram, today, today + timedelta(days=31))
    assert len(rows) > 30
    assert many == few


def test_answers_and_claims_follow_a_one_off_that_becomes_a_series_and_back(team):
    activity = plan(team, items="koffie")
    coffee = item_named(activity, "koffie")
    actions.set_rsvp(team.coalition, team.bram, activity, "", "yes")
    actions.claim_item(team.coalition, team.bram, activity, coffee, "")
    first = to_local(activity.starts_at).date().isoformat()

    save(team, team.anna, activity, activity.version, recurrence="weekly")
    assert rsvp_of(activity, team.bram, first).answer == "yes"
    assert claims_of(coffee) == [(first, team.bram.id)]
    later = (date.fromisoformat(first) + timedelta(days=7)).isoformat()
    actions.cancel_occurrence(team.coalition, team.anna, activity, later)

    save(team, team.anna, activity, activity.version, recurrence="none")
    assert rsvp_of(activity, team.bram, "").answer == "yes"
    assert claims_of(coffee) == [("", team.bram.id)]
    assert count(OccurrenceChange) == 0
