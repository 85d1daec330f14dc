"""The demo's activities: past and coming ones in every coalition, a series each, a moved and a
cancelled date, answers and things to bring, and nothing new on a second run."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from board import clock
from board.activities import queries, recurrence
from board.demo.loader import coalitions, seed_demo
from board.extensions import db
from board.models import (
    Activity,
    ActivityItem,
    ActivityOrganiser,
    Coalition,
    Event,
    ItemClaim,
    OccurrenceChange,
    Rsvp,
    User,
)

SLUGS = [data["slug"] for data in coalitions()]


@pytest.fixture
def seeded(app_ctx, demo_readonly):
    """The demo, seeded once for this module's readers."""
    return demo_readonly


def _activities(slug: str) -> list[Activity]:
    """The coalition's activities of its list (a past intervision session planned its own)."""
    listed = [
        a["title"] for data in coalitions() if data["slug"] == slug for a in data["activities"]
    ]
    return list(
        db.session.scalars(
            select(Activity)
            .join(Coalition, Coalition.id == Activity.coalition_id)
            .where(Coalition.slug == slug, Activity.title.in_(listed))
        )
    )


def _occurrences(activity: Activity) -> list:
    """Every occurrence from its start until a year from now, moved and cancelled ones marked."""
    changes = queries.changes_of([activity.id]).get(activity.id, {})
    first = clock.to_local(activity.starts_at).date()
    last = clock.to_local(clock.now()).date() + timedelta(days=365)
    return recurrence.occurrences(activity, changes, first, last)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_seed_reports_the_activities_it_planned(seeded):
    assert seeded["activities"] == sum(len(data["activities"]) for data in coalitions())
    past_sessions = [s for data in coalitions() for s in data["intervision"] if "activity" not in s]
    assert _count(Activity) == seeded["activities"] + len(past_sessions)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_coalition_has_past_coming_and_repeating_activities(seeded, slug):
    now = clock.now()
    activities = _activities(slug)
    assert 3 <= len(activities) <= 5
    occurrences = [o for a in activities for o in _occurrences(a)]
    assert any(o.ends_at < now for o in occurrences), "no past activity"
    coming = [o for o in occurrences if o.starts_at > now and not o.cancelled]
    assert len(coming) >= 2, "too few coming activities"
    series = [a for a in activities if a.repeats]
    assert series, "no series"
    for activity in series:
        dates = _occurrences(activity)
        assert any(o.ends_at < now for o in dates), f"{activity.title} has no past date"
        assert any(o.starts_at > now for o in dates), f"{activity.title} has no coming date"
    assert {a.kind for a in activities} <= {
        "meeting",
        "training",
        "neighbourhood",
        "work_session",
        "intervision",
    }
    assert any(a.work_site_id for a in activities)
    assert 1 <= sum(1 for a in activities if a.initiative_id) <= 2


@pytest.mark.parametrize("slug", SLUGS)
def test_every_activity_has_a_demo_login_among_its_organisers(seeded, slug):
    logins = {f"bewoner@{slug}.example", f"professional@{slug}.example"}
    for activity in _activities(slug):
        emails = set(
            db.session.scalars(
                select(User.email)
                .join(ActivityOrganiser, ActivityOrganiser.user_id == User.id)
                .where(ActivityOrganiser.activity_id == activity.id)
            )
        )
        assert emails & logins, activity.title


def test_one_series_has_a_moved_and_a_cancelled_coming_date(seeded):
    now = clock.now()
    found = []
    for activity in db.session.scalars(select(Activity).where(Activity.recurrence != "none")):
        coming = queries.next_occurrences(activity, now, limit=10)
        if any(o.moved for o in coming) and any(o.cancelled for o in coming):
            found.append(activity.title)
    assert found == ["Huiskamer in Duistervoorde"]
    moved = db.session.scalar(select(OccurrenceChange).where(~OccurrenceChange.cancelled))
    # Moved a day later, same time of day.
    assert moved.starts_at - recurrence.planned(
        db.session.get(Activity, moved.activity_id), recurrence.parse_key(moved.occurrence)
    )[0] == timedelta(days=1)


def test_answers_and_claims_are_on_coming_dates_and_some_items_stay_open(seeded):
    now = clock.now()
    assert {r.answer for r in db.session.scalars(select(Rsvp))} == {"yes", "maybe", "no"}
    held = 0
    for model in (Rsvp, ItemClaim):
        for row in db.session.scalars(select(model)):
            activity = db.session.get(Activity, row.activity_id)
            occurrence = queries.find_occurrence(activity, row.occurrence)
            assert not occurrence.cancelled, activity.title
            if occurrence.ends_at <= now:
                # A date of a series already held: people had said yes, the day before.
                assert model is Rsvp and row.answer == "yes" and activity.repeats
                assert row.updated_at < occurrence.starts_at
                held += 1
    assert held  # the programme sees who came
    claimed = set(db.session.scalars(select(ItemClaim.item_id)))
    assert claimed
    assert _count(ActivityItem) > len(claimed)
    # Several activities have things to bring, and in every coalition someone brings something.
    for slug in SLUGS:
        ids = [a.id for a in _activities(slug)]
        assert db.session.scalar(
            select(func.count()).select_from(ItemClaim).where(ItemClaim.activity_id.in_(ids))
        )


def test_the_title_a_browser_test_creates_is_left_free(seeded):
    titles = set(db.session.scalars(select(Activity.title)))
    assert "Overleg leernetwerk" not in titles


def test_a_second_seed_plans_nothing_new(seeded):
    models = (Activity, ActivityItem, ActivityOrganiser, OccurrenceChange, Rsvp, ItemClaim, Event)
    before = {model: _count(model) for model in models}
    again = seed_demo()
    assert again["activities"] == 0
    assert {model: _count(model) for model in models} == before
