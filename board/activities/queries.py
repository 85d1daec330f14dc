"""Reading activities: one activity and its dates, the agenda, answers and claims, the feed.

Lists cost a fixed number of queries whatever the number of activities, occurrences, answers
and things to bring: series are expanded in Python (recurrence), counts come grouped.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from board import clock
from board.activities import recurrence
from board.activities.recurrence import Occurrence
from board.coalitions.queries import members, one
from board.errors import NotFound
from board.extensions import db
from board.models import (
    Activity,
    ActivityItem,
    ActivityOrganiser,
    Coalition,
    Initiative,
    ItemClaim,
    OccurrenceChange,
    Rsvp,
    User,
)
from board.models.activities import RSVP_ANSWERS
from board.parsing import parse_id

AHEAD = timedelta(days=400)  # how far an activity's page looks for its next dates


def load_activity(coalition: Coalition, activity_id) -> Activity:
    """An activity of this coalition with its work site and initiative, or NotFound."""
    options = (joinedload(Activity.work_site), joinedload(Activity.initiative))
    return one(coalition, Activity, activity_id, *options)


def load_item(activity: Activity, item_id) -> ActivityItem:
    """An item of this activity, or NotFound."""
    item = db.session.get(ActivityItem, parse_id(item_id) or 0)
    if item is None or item.activity_id != activity.id:
        raise NotFound()
    return item


def initiatives(coalition: Coalition) -> list[Initiative]:
    """The initiatives an activity may be planned for: those on the board, by title."""
    return list(
        db.session.scalars(
            select(Initiative)
            .where(Initiative.coalition_id == coalition.id, Initiative.archived_at.is_(None))
            .order_by(Initiative.title)
        )
    )


def changes_of(activity_ids) -> dict[int, dict[str, OccurrenceChange]]:
    """Per activity, its changed occurrences by name."""
    found: dict[int, dict[str, OccurrenceChange]] = defaultdict(dict)
    if activity_ids:
        for change in db.session.scalars(
            select(OccurrenceChange).where(OccurrenceChange.activity_id.in_(list(activity_ids)))
        ):
            found[change.activity_id][change.occurrence] = change
    return found


def organisers_of(activity_ids) -> dict[int, list[User]]:
    """Per activity, its organisers by name."""
    found: dict[int, list[User]] = defaultdict(list)
    if activity_ids:
        for row in db.session.scalars(
            select(ActivityOrganiser)
            .options(joinedload(ActivityOrganiser.user))
            .where(ActivityOrganiser.activity_id.in_(list(activity_ids)))
        ):
            found[row.activity_id].append(row.user)
    for users in found.values():
        users.sort(key=lambda u: u.display_name.lower())
    return found


def organisers(activity: Activity) -> list[User]:
    """The activity's organisers by name: who may change it (with the coordinators)."""
    return organisers_of([activity.id])[activity.id]


# ---- one activity's dates ---------------------------------------------------------------------


def find_occurrence(activity: Activity, key) -> Occurrence:
    """The occurrence of activity named key, or NotFound."""
    occurrence = recurrence.find_occurrence(
        activity, changes_of([activity.id]).get(activity.id, {}), str(key or "")
    )
    if occurrence is None:
        raise NotFound()
    return occurrence


def series_occurrence(activity: Activity, key) -> Occurrence:
    """One date of a series (a one-off activity has no dates of its own), or NotFound."""
    if not activity.repeats:
        raise NotFound()
    return find_occurrence(activity, key)


def default_occurrence(activity: Activity, now: datetime) -> Occurrence:
    """What an activity's page shows first: the next occurrence, else the last one."""
    if not activity.repeats:
        return recurrence.once(activity)
    changes = changes_of([activity.id]).get(activity.id, {})
    today = clock.to_local(now).date()
    ahead = recurrence.occurrences(activity, changes, today, today + AHEAD)
    upcoming = [o for o in ahead if o.ends_at > now and not o.cancelled]
    if upcoming:
        return upcoming[0]
    past = recurrence.occurrences(activity, changes, today - AHEAD, today)
    if past:
        return past[-1]
    if ahead:
        return ahead[0]
    last = recurrence.last_date_before(activity, today)
    first = clock.to_local(activity.starts_at).date()
    key = recurrence.occurrence_key(last or first)
    return recurrence.find_occurrence(activity, changes, key) or recurrence.once(activity)


def next_occurrences(activity: Activity, now: datetime, limit: int = 6) -> list[Occurrence]:
    """A series' coming occurrences (cancelled ones included, marked), for its page."""
    if not activity.repeats:
        return []
    today = clock.to_local(now).date()
    changes = changes_of([activity.id]).get(activity.id, {})
    found = recurrence.occurrences(activity, changes, today, today + AHEAD)
    return [o for o in found if o.ends_at > now][:limit]


# ---- the agenda -------------------------------------------------------------------------------


@dataclass
class AgendaRow:
    """An occurrence as lists show it: answers and things to bring at a glance."""

    occurrence: Occurrence
    counts: dict = field(default_factory=lambda: dict.fromkeys(RSVP_ANSWERS, 0))
    my_answer: str | None = None
    items: int = 0
    open_items: int = 0

    @property
    def activity(self) -> Activity:
        """The activity this is an occurrence of."""
        return self.occurrence.activity


def activities_between(coalition_ids, first: date, last: date) -> list[Activity]:
    """Activities that may have an occurrence from first to last (series and moved ones too),
    in the coalitions named (None: in all)."""
    begin = clock.wall_moment(first - timedelta(days=1), time())
    end = clock.wall_moment(last + timedelta(days=2), time())
    where = [] if coalition_ids is None else [Activity.coalition_id.in_(list(coalition_ids))]
    return list(
        db.session.scalars(
            select(Activity)
            .options(joinedload(Activity.work_site))
            .where(
                *where,
                Activity.starts_at < end,
                or_(
                    Activity.starts_at >= begin,
                    (Activity.recurrence != "none")
                    & or_(
                        Activity.repeat_until.is_(None),
                        Activity.repeat_until >= first - timedelta(days=366),
                    ),
                ),
            )
            .order_by(Activity.starts_at, Activity.id)
        )
    )


def agenda(coalition: Coalition, user: User, first: date, last: date) -> list[AgendaRow]:
    """Every occurrence from first to last (local dates), in time order, with its counts.

    Five queries whatever the number of activities, occurrences, answers and items.
    """
    activities = activities_between([coalition.id], first, last)
    changes = changes_of([a.id for a in activities])
    occurrences = []
    for activity in activities:
        occurrences += recurrence.occurrences(activity, changes.get(activity.id, {}), first, last)
    occurrences.sort(key=lambda o: (o.starts_at, o.activity.title))
    return _rows(coalition, user, occurrences)


def _rows(coalition: Coalition, user: User, occurrences: list[Occurrence]) -> list[AgendaRow]:
    """The occurrences as agenda rows with their answers and open things to bring."""
    rows = [AgendaRow(o) for o in occurrences]
    if not rows:
        return rows
    by_key = {(r.activity.id, r.occurrence.key): r for r in rows}
    ids = list({r.activity.id for r in rows})
    keys = list({r.occurrence.key for r in rows})
    for activity_id, key, answer, mine, count in db.session.execute(
        select(
            Rsvp.activity_id,
            Rsvp.occurrence,
            Rsvp.answer,
            func.max(func.cast(Rsvp.user_id == user.id, db.Integer)),
            func.count(),
        )
        .where(
            Rsvp.coalition_id == coalition.id,
            Rsvp.activity_id.in_(ids),
            Rsvp.occurrence.in_(keys),
        )
        .group_by(Rsvp.activity_id, Rsvp.occurrence, Rsvp.answer)
    ):
        row = by_key.get((activity_id, key))
        if row is not None:
            row.counts[answer] = count
            if mine:
                row.my_answer = answer
    items = defaultdict(int)
    for activity_id, count in db.session.execute(
        select(ActivityItem.activity_id, func.count())
        .where(ActivityItem.coalition_id == coalition.id, ActivityItem.activity_id.in_(ids))
        .group_by(ActivityItem.activity_id)
    ):
        items[activity_id] = count
    claimed = defaultdict(int)
    for activity_id, key, count in db.session.execute(
        select(ItemClaim.activity_id, ItemClaim.occurrence, func.count())
        .where(
            ItemClaim.coalition_id == coalition.id,
            ItemClaim.activity_id.in_(ids),
            ItemClaim.occurrence.in_(keys),
        )
        .group_by(ItemClaim.activity_id, ItemClaim.occurrence)
    ):
        claimed[(activity_id, key)] = count
    for row in rows:
        row.items = items[row.activity.id]
        row.open_items = max(0, row.items - claimed[(row.activity.id, row.occurrence.key)])
    return rows


def upcoming(coalition: Coalition, user: User, now: datetime, limit: int) -> list[AgendaRow]:
    """The next occurrences in the coming half year that are not called off (the home shows 3)."""
    today = clock.to_local(now).date()
    last = today + timedelta(weeks=26)
    activities = activities_between([coalition.id], today, last)
    changes = changes_of([a.id for a in activities])
    occurrences = [
        occurrence
        for activity in activities
        if activity.cancelled_at is None
        for occurrence in recurrence.occurrences(
            activity, changes.get(activity.id, {}), today, last
        )
        if occurrence.ends_at > now and not occurrence.cancelled
    ]
    occurrences.sort(key=lambda o: (o.starts_at, o.activity.title))
    return _rows(coalition, user, occurrences[:limit])


def for_initiative(coalition: Coalition, initiative: Initiative, now: datetime) -> list[Occurrence]:
    """The coming occurrences of activities planned for an initiative (its card shows them)."""
    today = clock.to_local(now).date()
    activities = list(
        db.session.scalars(
            select(Activity).where(
                Activity.coalition_id == coalition.id,
                Activity.initiative_id == initiative.id,
                Activity.cancelled_at.is_(None),
            )
        )
    )
    changes = changes_of([a.id for a in activities])
    found = []
    for activity in activities:
        found += [
            o
            for o in recurrence.occurrences(
                activity, changes.get(activity.id, {}), today, today + timedelta(days=366)
            )
            if o.ends_at > now and not o.cancelled
        ][:3]
    found.sort(key=lambda o: o.starts_at)
    return found[:5]


# ---- one occurrence's answers and things to bring ---------------------------------------------


@dataclass
class OccurrenceDetail:
    """Who answered what, and who brings what, for one occurrence."""

    answers: dict  # answer -> list of users
    my_answer: str | None
    items: list  # (item, claim or None)
    not_answered: list  # members without an answer (organisers see them)


def occurrence_detail(
    coalition: Coalition, activity: Activity, key: str, user: User
) -> OccurrenceDetail:
    """Answers and claims of one occurrence: four queries."""
    answers = {answer: [] for answer in RSVP_ANSWERS}
    my_answer = None
    answered = set()
    for rsvp in db.session.scalars(
        select(Rsvp)
        .options(joinedload(Rsvp.user))
        .where(Rsvp.activity_id == activity.id, Rsvp.occurrence == key)
    ):
        answers[rsvp.answer].append(rsvp.user)
        answered.add(rsvp.user_id)
        if rsvp.user_id == user.id:
            my_answer = rsvp.answer
    for users in answers.values():
        users.sort(key=lambda u: u.display_name.lower())
    claims = {
        claim.item_id: claim
        for claim in db.session.scalars(
            select(ItemClaim)
            .options(joinedload(ItemClaim.user))
            .where(ItemClaim.activity_id == activity.id, ItemClaim.occurrence == key)
        )
    }
    items = [
        (item, claims.get(item.id))
        for item in db.session.scalars(
            select(ActivityItem)
            .where(ActivityItem.activity_id == activity.id)
            .order_by(ActivityItem.position, ActivityItem.id)
        )
    ]
    return OccurrenceDetail(
        answers=answers,
        my_answer=my_answer,
        items=items,
        not_answered=[m for m in members(coalition) if m.id not in answered],
    )


# ---- the personal calendar feed ---------------------------------------------------------------


def user_for_token(token) -> User | None:
    """The person whose feed this is, or None (unknown or replaced token)."""
    token = str(token or "")
    if not 20 <= len(token) <= 64:
        return None
    return db.session.scalar(select(User).where(User.calendar_token == token))


@dataclass
class Feed:
    """What a feed holds: activities, their changed occurrences, one person's answers."""

    activities: list
    changes: dict
    organisers: dict
    answers: dict  # (activity_id, occurrence) -> Rsvp


def feed_for(user: User, coalition_ids: list[int], now: datetime, only: int | None = None) -> Feed:
    """Every activity of these coalitions from a year ago on (or only one): four queries."""
    activities = []
    if coalition_ids:
        since = now - timedelta(days=366)
        query = select(Activity)
        if only is not None:
            query = query.where(Activity.id == only)
        else:
            query = query.where(
                or_(
                    Activity.starts_at >= since,
                    (Activity.recurrence != "none")
                    & or_(
                        Activity.repeat_until.is_(None),
                        Activity.repeat_until >= since.date(),
                    ),
                ),
            )
        activities = list(
            db.session.scalars(
                query.where(Activity.coalition_id.in_(coalition_ids)).order_by(
                    Activity.starts_at, Activity.id
                )
            )
        )
    ids = [a.id for a in activities]
    answers = {}
    if ids:
        answers = {
            (r.activity_id, r.occurrence): r
            for r in db.session.scalars(
                select(Rsvp).where(Rsvp.user_id == user.id, Rsvp.activity_id.in_(ids))
            )
        }
    return Feed(activities, changes_of(ids), organisers_of(ids), answers)


def coming_people(activity: Activity, today: date) -> list[User]:
    """Who said they come or might come to a date of the activity from today on, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(
                    select(Rsvp.user_id).where(
                        Rsvp.activity_id == activity.id,
                        Rsvp.answer.in_(("yes", "maybe")),
                        or_(Rsvp.occurrence == "", Rsvp.occurrence >= today.isoformat()),
                    )
                )
            )
            .order_by(User.display_name)
        )
    )
