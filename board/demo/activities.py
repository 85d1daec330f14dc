"""The demo activities: past and coming ones, a series each, answers and things to bring."""

import zlib
from datetime import date, timedelta

from sqlalchemy import select

from board import clock
from board.activities import actions, queries, recurrence
from board.activities.inputs import ActivityInput, TimesInput
from board.coalitions.queries import active_sites
from board.demo.history import then
from board.extensions import db
from board.models import Activity, ActivityItem, Coalition, Initiative, User


def activity_day(today: date, spec: dict) -> date:
    """The (first) date of a demo activity or session: days from today, moved to its weekday."""
    day = today + timedelta(days=spec["days_from_today"])
    if "weekday" in spec:
        day += timedelta(days=(spec["weekday"] - day.weekday()) % 7)
    return day


def _coming_occurrences(activity: Activity, today: date) -> list:
    """The occurrences after today that are not called off, first one first."""
    if not activity.repeats:
        occurrence = queries.find_occurrence(activity, "")
        return [occurrence] if occurrence.day > today else []
    return [
        o
        for o in queries.next_occurrences(activity, clock.now(), limit=8)
        if o.day > today and not o.cancelled
    ]


def _past_answers(coalition: Coalition, activity: Activity, people: dict, today: date) -> None:
    """For the dates of a series already held: about half the members had said they would
    come (the same ones on every run), the day before."""
    if not activity.repeats:
        return
    first = clock.to_local(activity.starts_at).date()
    for occurrence in recurrence.occurrences(activity, {}, first, today - timedelta(days=1)):
        coming = [
            person
            for name, person in people.items()
            if zlib.crc32(f"{activity.title}/{occurrence.key}/{name}".encode()) % 2 == 0
        ]
        with then(occurrence.starts_at - timedelta(days=1)):
            for person in coming:
                actions.set_rsvp(coalition, person, activity, occurrence.key, "yes")


def _load_activity(
    coalition: Coalition,
    spec: dict,
    people: dict[str, User],
    sites: dict[str, int],
    initiatives: dict[str, int],
    today: date,
) -> None:
    """Plan one activity, then change its series, answer and claim its next occurrence."""
    organisers = [people[name] for name in spec["organisers"]]
    planner = organisers[0]
    site_id = sites.get(spec.get("site"))
    initiative_id = initiatives.get(spec.get("initiative"))
    activity = actions.plan_activity(
        coalition,
        planner,
        ActivityInput(
            title=spec["title"],
            kind=spec["kind"],
            day=activity_day(today, spec).isoformat(),
            start_time=spec["start"],
            end_time=spec["end"],
            place=spec.get("place", ""),
            address=spec.get("address", ""),
            description=spec.get("description", ""),
            work_site_id=str(site_id or ""),
            initiative_id=str(initiative_id or ""),
            recurrence=spec.get("recurrence", "none"),
            organiser_ids=[str(person.id) for person in organisers],
            items="\n".join(spec.get("items", [])),
        ),
    )
    _past_answers(coalition, activity, people, today)
    coming = _coming_occurrences(activity, today)
    if activity.repeats and spec.get("move_second") and len(coming) > 1:
        second = coming[1]
        start, end = second.local_start, second.local_end
        actions.move_occurrence(
            coalition,
            planner,
            activity,
            second.key,
            TimesInput(
                day=(start.date() + timedelta(days=1)).isoformat(),
                start_time=start.strftime("%H:%M"),
                end_time=end.strftime("%H:%M"),
            ),
        )
    if activity.repeats and spec.get("cancel_third") and len(coming) > 2:
        actions.cancel_occurrence(coalition, planner, activity, coming[2].key)
    if not coming:
        return
    key = coming[0].key
    for rsvp in spec.get("rsvps", []):
        actions.set_rsvp(coalition, people[rsvp["person"]], activity, key, rsvp["answer"])
    items = {
        item.text: item
        for item in db.session.scalars(
            select(ActivityItem).where(ActivityItem.activity_id == activity.id)
        )
    }
    for claim in spec.get("claims", []):
        actions.claim_item(coalition, people[claim["person"]], activity, items[claim["item"]], key)
    if spec.get("move_second") and len(coming) > 1:
        # Answers stay with a moved date: two people already said yes to the new day.
        for name in spec["organisers"]:
            actions.set_rsvp(coalition, people[name], activity, coming[1].key, "yes")


def load_activities(coalition: Coalition, data: dict, people: dict[str, User]) -> int:
    """Plan the demo activities whose titles the coalition does not have yet; return how many."""
    existing = set(
        db.session.scalars(select(Activity.title).where(Activity.coalition_id == coalition.id))
    )
    sites = {site.name: site.id for site in active_sites(coalition)}
    initiatives = dict(
        db.session.execute(
            select(Initiative.title, Initiative.id).where(Initiative.coalition_id == coalition.id)
        ).all()
    )
    today = clock.today()
    created = 0
    for spec in data.get("activities", []):
        if spec["title"] in existing:
            continue
        _load_activity(coalition, spec, people, sites, initiatives, today)
        created += 1
    return created
