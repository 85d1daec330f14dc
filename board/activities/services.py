"""The domain actions on activities: planning, changing, occurrences, answers, things to bring."""

import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from board import events
from board.activities import recurrence
from board.activities.recurrence import LOCAL, Occurrence, to_local
from board.coalitions.queries import check_site
from board.errors import Conflict, Invalid, NotFound
from board.extensions import db
from board.models import (
    Activity,
    ActivityItem,
    ActivityOrganiser,
    Coalition,
    Initiative,
    ItemClaim,
    Membership,
    OccurrenceChange,
    Rsvp,
    User,
)
from board.models.activities import ACTIVITY_KINDS, RECURRENCES, RSVP_ANSWERS
from board.models.base import utcnow
from board.parsing import MAX_ID, parse_count, parse_id

TITLE_MAX = 200
ITEM_MAX = 100
ITEMS_PER_ACTIVITY = 30


class Taken(Conflict):
    """Someone else already brings this item: 409, and the person is told who."""

    def __init__(self, item: ActivityItem, holder: User):
        super().__init__(item, str(_l("%(name)s already brings this.", name=holder.display_name)))
        self.holder = holder


# ---- the form ------------------------------------------------------------------------------


@dataclass
class ActivityForm:
    """What a person fills in to plan or change an activity (strings, as a form sends them)."""

    title: str = ""
    kind: str = "meeting"
    day: str = ""
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    address: str = ""
    description: str = ""
    work_site_id: str = ""
    initiative_id: str = ""
    recurrence: str = "none"
    repeat_until: str = ""
    organiser_ids: list = field(default_factory=list)
    items: str = ""

    @classmethod
    def of(cls, activity: Activity, organiser_ids: list[int]) -> "ActivityForm":
        """The form as it shows an existing activity."""
        start, end = to_local(activity.starts_at), to_local(activity.ends_at)
        return cls(
            title=activity.title,
            kind=activity.kind,
            day=start.date().isoformat(),
            start_time=start.strftime("%H:%M"),
            end_time=end.strftime("%H:%M"),
            place=activity.place,
            address=activity.address,
            description=activity.description,
            work_site_id=str(activity.work_site_id or ""),
            initiative_id=str(activity.initiative_id or ""),
            recurrence=activity.recurrence,
            repeat_until=activity.repeat_until.isoformat() if activity.repeat_until else "",
            organiser_ids=[str(i) for i in organiser_ids],
        )


FIRST_YEAR, LAST_YEAR = 2000, 2100  # dates a form accepts


def parse_day(value) -> date | None:
    """A date from a form (YYYY-MM-DD) from 2000 to 2100, or None."""
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _parse_time(value) -> time | None:
    text = (value or "").strip()
    try:
        parsed = time.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(second=0, microsecond=0) if parsed.tzinfo is None else None


def _text(value, limit: int) -> tuple[str, bool]:
    """Text with its spaces tidied, and whether it fits the limit."""
    text = (value or "").strip()
    return text, len(text) <= limit


def _too_long(limit: int) -> str:
    return str(_l("This can have at most %(limit)s characters.", limit=limit))


def checked_times(day_value, start_value, end_value) -> tuple[datetime, datetime] | dict:
    """Start and end as UTC moments from a local day and two times, or a dict of errors."""
    errors = {}
    day = parse_day(day_value)
    start, end = _parse_time(start_value), _parse_time(end_value)
    if day is None:
        errors["day"] = str(_l("Give a date between 2000 and 2100."))
    if start is None:
        errors["start_time"] = str(_l("Give a time, such as 19:30."))
    if end is None:
        errors["end_time"] = str(_l("Give a time, such as 21:00."))
    if errors:
        return errors
    if end <= start:
        return {"end_time": str(_l("The end must come after the start."))}
    begin, finish = recurrence.local_moment(day, start), recurrence.local_moment(day, end)
    gap = str(_l("This time does not exist on that day: the clocks go forward an hour."))
    if begin is None:
        errors["start_time"] = gap
    if finish is None:
        errors["end_time"] = gap
    return errors or (begin, finish)


def _check_organisers(coalition: Coalition, values) -> list[int]:
    wanted = {parse_id(v) for v in values or []} - {None}
    if not wanted:
        raise Invalid({"organiser_ids": str(_l("Choose at least one organiser."))})
    found = set(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.coalition_id == coalition.id, Membership.user_id.in_(wanted)
            )
        )
    )
    if found != wanted:
        raise Invalid({"organiser_ids": str(_l("Choose organisers from this coalition."))})
    return sorted(found)


def _check_initiative(coalition: Coalition, value) -> int | None:
    if value in (None, ""):
        return None
    initiative_id = parse_id(value)
    found = initiative_id and db.session.scalar(
        select(Initiative.id).where(
            Initiative.id == initiative_id, Initiative.coalition_id == coalition.id
        )
    )
    if not found:
        raise Invalid({"initiative_id": str(_l("Choose one of this coalition's initiatives."))})
    return found


def _item_lines(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    return [line for line in lines if line]


def _checked(coalition: Coalition, form: ActivityForm, new: bool) -> dict:
    """The form as values to store; Invalid with every problem at once."""
    errors: dict[str, str] = {}
    values: dict = {}
    title, fits = _text(" ".join((form.title or "").split()), TITLE_MAX)
    if not title:
        errors["title"] = str(_l("Give the activity a title."))
    elif not fits:
        errors["title"] = _too_long(TITLE_MAX)
    values["title"] = title
    if form.kind not in ACTIVITY_KINDS:
        errors["kind"] = str(_l("Choose what kind of activity this is."))
    values["kind"] = form.kind
    times = checked_times(form.day, form.start_time, form.end_time)
    if isinstance(times, dict):
        errors.update(times)
    else:
        values["starts_at"], values["ends_at"] = times
    for name in ("place", "address"):
        values[name], fits = _text(getattr(form, name), 200)
        if not fits:
            errors[name] = _too_long(200)
    values["description"] = (form.description or "").strip()
    if len(values["description"]) > 5000:
        errors["description"] = _too_long(5000)
    if form.recurrence not in RECURRENCES:
        errors["recurrence"] = str(_l("Choose how often it happens."))
    values["recurrence"] = form.recurrence
    values["repeat_until"] = None
    if form.recurrence in RECURRENCES and form.recurrence != "none" and form.repeat_until:
        until = parse_day(form.repeat_until)
        if until is None:
            errors["repeat_until"] = str(_l("Give a date, or leave this empty."))
        elif "starts_at" in values and until < to_local(values["starts_at"]).date():
            errors["repeat_until"] = str(_l("The last date cannot come before the first."))
        values["repeat_until"] = until
    for name, check in (
        ("work_site_id", lambda: check_site(coalition, form.work_site_id)),
        ("initiative_id", lambda: _check_initiative(coalition, form.initiative_id)),
        ("organiser_ids", lambda: _check_organisers(coalition, form.organiser_ids)),
    ):
        try:
            values[name] = check()
        except Invalid as error:
            errors.update(error.errors)
    if new:
        items = _item_lines(form.items)
        if any(len(line) > ITEM_MAX for line in items):
            errors["items"] = _too_long(ITEM_MAX)
        elif len(items) > ITEMS_PER_ACTIVITY:
            errors["items"] = str(_l("At most %(limit)s things.", limit=ITEMS_PER_ACTIVITY))
        values["items"] = items
    if errors:
        raise Invalid(errors)
    return values


# ---- loading -------------------------------------------------------------------------------


def load_activity(coalition: Coalition, activity_id) -> Activity:
    """An activity of this coalition with its work site and initiative, or NotFound."""
    activity_id = parse_id(activity_id)
    activity = None
    if activity_id is not None:
        activity = db.session.scalar(
            select(Activity)
            .options(joinedload(Activity.work_site), joinedload(Activity.initiative))
            .where(Activity.id == activity_id, Activity.coalition_id == coalition.id)
            .execution_options(populate_existing=True)
        )
    if activity is None:
        raise NotFound()
    return activity


def load_item(activity: Activity, item_id) -> ActivityItem:
    """An item of this activity, or NotFound."""
    item = db.session.get(ActivityItem, parse_id(item_id) or 0)
    if item is None or item.activity_id != activity.id:
        raise NotFound()
    return item


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


def find_occurrence(activity: Activity, key) -> Occurrence:
    """The occurrence of activity named key, or NotFound."""
    occurrence = recurrence.find_occurrence(
        activity, changes_of([activity.id]).get(activity.id, {}), str(key or "")
    )
    if occurrence is None:
        raise NotFound()
    return occurrence


def default_occurrence(activity: Activity, now: datetime) -> Occurrence:
    """What an activity's page shows first: the next occurrence, else the last one."""
    changes = changes_of([activity.id]).get(activity.id, {})
    if not activity.repeats:
        return recurrence.find_occurrence(activity, {}, "")
    today = to_local(now).date()
    ahead = recurrence.occurrences(activity, changes, today, today + timedelta(days=400))
    upcoming = [o for o in ahead if o.ends_at > now and not o.cancelled]
    if upcoming:
        return upcoming[0]
    start = to_local(activity.starts_at).date()
    past = recurrence.occurrences(activity, changes, start, today)
    if past:
        return past[-1]
    return (
        ahead[0]
        if ahead
        else recurrence.find_occurrence(activity, changes, recurrence.occurrence_key(start))
        or Occurrence(activity, "", activity.starts_at, activity.ends_at, activity.starts_at)
    )


def next_occurrences(activity: Activity, now: datetime, limit: int = 6) -> list[Occurrence]:
    """A series' coming occurrences (cancelled ones included, marked), for its page."""
    if not activity.repeats:
        return []
    today = to_local(now).date()
    changes = changes_of([activity.id]).get(activity.id, {})
    found = recurrence.occurrences(activity, changes, today, today + timedelta(days=400))
    return [o for o in found if o.ends_at > now][:limit]


# ---- the agenda ----------------------------------------------------------------------------


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
        return self.occurrence.activity


def _activities_between(coalition_ids, first: date, last: date) -> list[Activity]:
    """Activities that may have an occurrence from first to last (series and moved ones too)."""
    begin = datetime.combine(first - timedelta(days=1), time()).replace(tzinfo=LOCAL)
    end = datetime.combine(last + timedelta(days=2), time()).replace(tzinfo=LOCAL)
    return list(
        db.session.scalars(
            select(Activity)
            .options(joinedload(Activity.work_site))
            .where(
                Activity.coalition_id.in_(list(coalition_ids)),
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
    activities = _activities_between([coalition.id], first, last)
    changes = changes_of([a.id for a in activities])
    occurrences = []
    for activity in activities:
        occurrences += recurrence.occurrences(activity, changes.get(activity.id, {}), first, last)
    occurrences.sort(key=lambda o: (o.starts_at, o.activity.title))
    return _rows(coalition, user, occurrences)


def _rows(coalition: Coalition, user: User, occurrences: list[Occurrence]) -> list[AgendaRow]:
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
    today = to_local(now).date()
    last = today + timedelta(weeks=26)
    activities = _activities_between([coalition.id], today, last)
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
    today = to_local(now).date()
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


# ---- one occurrence's answers and things to bring -------------------------------------------


@dataclass
class OccurrenceDetail:
    """Who answered what, and who brings what, for one occurrence."""

    answers: dict  # answer -> list of users
    my_answer: str | None
    items: list  # (item, claim or None)
    not_answered: list  # members without an answer (organisers see them)


def members_of(coalition: Coalition) -> list[User]:
    """The coalition's members by name: who may organise, and who may answer."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.coalition_id == coalition.id)
            .order_by(User.display_name)
        )
    )


def occurrence_detail(
    coalition: Coalition, activity: Activity, key: str, user: User
) -> OccurrenceDetail:
    """Answers and claims of one occurrence: three queries."""
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
    members = members_of(coalition)
    return OccurrenceDetail(
        answers=answers,
        my_answer=my_answer,
        items=items,
        not_answered=[m for m in members if m.id not in answered],
    )


# ---- planning and changing -----------------------------------------------------------------


def may_change(activity_id: int, user: User, is_coordinator: bool) -> bool:
    """Organisers and coordinators change an activity."""
    if is_coordinator:
        return True
    return (
        db.session.scalar(
            select(ActivityOrganiser.id).where(
                ActivityOrganiser.activity_id == activity_id, ActivityOrganiser.user_id == user.id
            )
        )
        is not None
    )


def _set_organisers(coalition: Coalition, activity: Activity, user_ids: list[int]) -> None:
    current = set(
        db.session.scalars(
            select(ActivityOrganiser.user_id).where(ActivityOrganiser.activity_id == activity.id)
        )
    )
    wanted = set(user_ids)
    if current - wanted:
        db.session.execute(
            delete(ActivityOrganiser).where(
                ActivityOrganiser.activity_id == activity.id,
                ActivityOrganiser.user_id.in_(current - wanted),
            )
        )
    for user_id in sorted(wanted - current):
        db.session.add(
            ActivityOrganiser(coalition_id=coalition.id, activity_id=activity.id, user_id=user_id)
        )


def plan_activity(coalition: Coalition, actor: User, form: ActivityForm) -> Activity:
    """Plan an activity (once or repeating) with its organisers and things to bring."""
    values = _checked(coalition, form, new=True)
    events.begin_change(coalition.id)
    organisers, items = values.pop("organiser_ids"), values.pop("items")
    activity = Activity(
        coalition_id=coalition.id,
        uid=f"{uuid.uuid4()}@buurtbord",
        created_by_id=actor.id,
        **values,
    )
    db.session.add(activity)
    db.session.flush()
    _set_organisers(coalition, activity, organisers)
    for position, text in enumerate(items):
        db.session.add(
            ActivityItem(
                coalition_id=coalition.id, activity_id=activity.id, text=text, position=position
            )
        )
    events.record(coalition.id, actor, "activity.planned", activity, title=activity.title)
    db.session.commit()
    return activity


def _check_version(activity: Activity, expected_version) -> None:
    expected = parse_count(expected_version, MAX_ID)
    if expected is None:
        raise Invalid({"version": str(_l("The form is incomplete; reload the page."))})
    if expected != activity.version:
        raise Conflict(activity)


def _commit(activity: Activity) -> None:
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(activity) from None


def update_activity(
    coalition: Coalition, actor: User, activity: Activity, form: ActivityForm, expected_version
) -> Activity:
    """Save the activity form; Conflict when someone saved in between, Invalid on bad input."""
    events.begin_change(coalition.id)
    _check_version(activity, expected_version)
    values = _checked(coalition, form, new=False)
    _set_organisers(coalition, activity, values.pop("organiser_ids"))
    was_series = activity.repeats
    for name, value in values.items():
        setattr(activity, name, value)
    activity.updated_at = utcnow()
    if was_series != activity.repeats:
        try:
            _carry_answers(activity)  # flushes the activity first: its version rises once
        except StaleDataError:
            db.session.rollback()
            raise Conflict(activity) from None
    events.record(coalition.id, actor, "activity.changed", activity, title=activity.title)
    _commit(activity)
    return activity


def _carry_answers(activity: Activity) -> None:
    """Keep answers and claims when a one-off becomes a series (they go to its first date) or a
    series becomes a one-off (the answers for its date stay; changed dates are forgotten)."""
    first = recurrence.occurrence_key(to_local(activity.starts_at).date())
    old, new = ("", first) if activity.repeats else (first, "")
    for model in (Rsvp, ItemClaim):
        db.session.execute(
            update(model)
            .where(model.activity_id == activity.id, model.occurrence == old)
            .values(occurrence=new)
            .execution_options(synchronize_session=False)
        )
    if not activity.repeats:
        db.session.execute(
            delete(OccurrenceChange).where(OccurrenceChange.activity_id == activity.id)
        )


def cancel_activity(coalition: Coalition, actor: User, activity: Activity) -> Activity:
    """Call off the whole activity (every occurrence); calendars show it as cancelled."""
    events.begin_change(coalition.id)
    if activity.cancelled_at is None:
        activity.cancelled_at = activity.updated_at = utcnow()
        events.record(coalition.id, actor, "activity.cancelled", activity, title=activity.title)
    _commit(activity)
    return activity


def restore_activity(coalition: Coalition, actor: User, activity: Activity) -> Activity:
    """Undo calling off an activity."""
    events.begin_change(coalition.id)
    if activity.cancelled_at is not None:
        activity.cancelled_at = None
        activity.updated_at = utcnow()
        events.record(coalition.id, actor, "activity.restored", activity, title=activity.title)
    _commit(activity)
    return activity


def _series_occurrence(activity: Activity, key: str) -> Occurrence:
    if not activity.repeats:
        raise NotFound()
    return find_occurrence(activity, key)


def _store_change(coalition, activity, key, starts_at, ends_at, cancelled) -> None:
    change = db.session.scalar(
        select(OccurrenceChange).where(
            OccurrenceChange.activity_id == activity.id, OccurrenceChange.occurrence == key
        )
    )
    planned = recurrence.planned(activity, recurrence.parse_key(key))
    if not cancelled and (starts_at, ends_at) == planned:
        if change is not None:
            db.session.delete(change)
        return
    if change is None:
        change = OccurrenceChange(
            coalition_id=coalition.id, activity_id=activity.id, occurrence=key
        )
        db.session.add(change)
    change.starts_at, change.ends_at, change.cancelled = starts_at, ends_at, cancelled
    change.updated_at = utcnow()


def move_occurrence(
    coalition: Coalition, actor: User, activity: Activity, key: str, day, start_time, end_time
) -> Occurrence:
    """Move one occurrence of a series to another day or time; the others stay."""
    events.begin_change(coalition.id)
    occurrence = _series_occurrence(activity, key)
    times = checked_times(day, start_time, end_time)
    if isinstance(times, dict):
        raise Invalid(times)
    _store_change(coalition, activity, key, *times, cancelled=False)
    activity.updated_at = utcnow()
    events.record(
        coalition.id,
        actor,
        "occurrence.moved",
        activity,
        title=activity.title,
        occurrence=key,
    )
    _commit(activity)
    return occurrence


def cancel_occurrence(coalition: Coalition, actor: User, activity: Activity, key: str) -> None:
    """Call off one occurrence of a series; the others stay."""
    events.begin_change(coalition.id)
    occurrence = _series_occurrence(activity, key)
    _store_change(
        coalition, activity, key, occurrence.starts_at, occurrence.ends_at, cancelled=True
    )
    activity.updated_at = utcnow()
    events.record(
        coalition.id, actor, "occurrence.cancelled", activity, title=activity.title, occurrence=key
    )
    _commit(activity)


def restore_occurrence(coalition: Coalition, actor: User, activity: Activity, key: str) -> None:
    """Put an occurrence back as planned (undo a move or a cancellation)."""
    events.begin_change(coalition.id)
    _series_occurrence(activity, key)
    db.session.execute(
        delete(OccurrenceChange).where(
            OccurrenceChange.activity_id == activity.id, OccurrenceChange.occurrence == key
        )
    )
    activity.updated_at = utcnow()
    events.record(
        coalition.id, actor, "occurrence.restored", activity, title=activity.title, occurrence=key
    )
    _commit(activity)


# ---- answers and things to bring ------------------------------------------------------------


def _open_occurrence(activity: Activity, key: str) -> Occurrence:
    """The occurrence named key, refusing when it is called off or over."""
    occurrence = find_occurrence(activity, key)
    if activity.cancelled_at is not None or occurrence.cancelled:
        raise Invalid({"": str(_l("This activity has been called off."))})
    if occurrence.ends_at <= utcnow():
        raise Invalid({"": str(_l("This activity is over."))})
    return occurrence


def set_rsvp(coalition: Coalition, actor: User, activity: Activity, key: str, answer: str) -> Rsvp:
    """A member answers yes, maybe or no for one occurrence; answering again changes it."""
    if answer not in RSVP_ANSWERS:
        raise Invalid({"answer": str(_l("Choose yes, maybe or no."))})
    events.begin_change(coalition.id)
    _open_occurrence(activity, key)
    rsvp = db.session.scalar(
        select(Rsvp).where(
            Rsvp.activity_id == activity.id, Rsvp.occurrence == key, Rsvp.user_id == actor.id
        )
    )
    if rsvp is None:
        rsvp = Rsvp(
            coalition_id=coalition.id,
            activity_id=activity.id,
            occurrence=key,
            user_id=actor.id,
            answer=answer,
        )
        db.session.add(rsvp)
    elif rsvp.answer != answer:
        rsvp.answer = answer
        rsvp.revision += 1
        rsvp.updated_at = utcnow()
    else:
        db.session.commit()
        return rsvp
    events.record(
        coalition.id, actor, f"rsvp.{answer}", activity, title=activity.title, occurrence=key
    )
    db.session.commit()
    return rsvp


def add_item(coalition: Coalition, actor: User, activity: Activity, text: str) -> ActivityItem:
    """Add something to bring to an activity."""
    text = " ".join((text or "").split())
    if not text:
        raise Invalid({"text": str(_l("Say what someone should bring."))})
    if len(text) > ITEM_MAX:
        raise Invalid({"text": _too_long(ITEM_MAX)})
    events.begin_change(coalition.id)
    count = db.session.scalar(select(func.count()).where(ActivityItem.activity_id == activity.id))
    if count >= ITEMS_PER_ACTIVITY:
        raise Invalid({"text": str(_l("At most %(limit)s things.", limit=ITEMS_PER_ACTIVITY))})
    item = ActivityItem(
        coalition_id=coalition.id, activity_id=activity.id, text=text, position=count
    )
    db.session.add(item)
    db.session.flush()
    events.record(coalition.id, actor, "item.added", activity, title=activity.title, item=text)
    db.session.commit()
    return item


def remove_item(coalition: Coalition, actor: User, activity: Activity, item: ActivityItem) -> None:
    """Take something off the list (with whoever claimed it, on every date)."""
    events.begin_change(coalition.id)
    db.session.execute(delete(ItemClaim).where(ItemClaim.item_id == item.id))
    events.record(
        coalition.id, actor, "item.removed", activity, title=activity.title, item=item.text
    )
    db.session.delete(item)
    db.session.commit()


def claim_item(
    coalition: Coalition, actor: User, activity: Activity, item: ActivityItem, key: str
) -> ItemClaim:
    """ "Ik neem het mee": one tap; Taken (409) when someone else was first."""
    events.begin_change(coalition.id)
    _open_occurrence(activity, key)
    claim = db.session.scalar(
        select(ItemClaim)
        .options(joinedload(ItemClaim.user))
        .where(ItemClaim.item_id == item.id, ItemClaim.occurrence == key)
    )
    if claim is not None:
        if claim.user_id != actor.id:
            error = Taken(item, claim.user)
            db.session.rollback()
            raise error
        db.session.commit()
        return claim
    claim = ItemClaim(
        coalition_id=coalition.id,
        activity_id=activity.id,
        item_id=item.id,
        occurrence=key,
        user_id=actor.id,
    )
    db.session.add(claim)
    events.record(
        coalition.id, actor, "item.claimed", activity, title=activity.title, item=item.text
    )
    try:
        db.session.commit()
    except IntegrityError:
        # Only reachable where the coalition lock is not taken: the unique (item, date) decides.
        db.session.rollback()
        holder = db.session.scalar(
            select(User)
            .join(ItemClaim, ItemClaim.user_id == User.id)
            .where(ItemClaim.item_id == item.id, ItemClaim.occurrence == key)
        )
        raise Taken(item, holder) from None
    return claim


def release_item(
    coalition: Coalition,
    actor: User,
    activity: Activity,
    item: ActivityItem,
    key: str,
    may_release_others: bool,
) -> None:
    """Give an item back; organisers may also free an item someone else claimed."""
    events.begin_change(coalition.id)
    find_occurrence(activity, key)
    claim = db.session.scalar(
        select(ItemClaim).where(ItemClaim.item_id == item.id, ItemClaim.occurrence == key)
    )
    if claim is None:
        db.session.commit()
        return
    if claim.user_id != actor.id and not may_release_others:
        db.session.rollback()
        raise Invalid({"": str(_l("Only the person who brings it can give it back."))})
    db.session.delete(claim)
    events.record(
        coalition.id, actor, "item.released", activity, title=activity.title, item=item.text
    )
    db.session.commit()


# ---- the personal calendar feed -------------------------------------------------------------


def calendar_token(user: User) -> str:
    """The person's feed secret, made on first use."""
    if not user.calendar_token:
        user.calendar_token = secrets.token_urlsafe(24)
        db.session.commit()
    return user.calendar_token


def new_calendar_token(user: User) -> str:
    """A new feed secret: the old address stops working at once."""
    user.calendar_token = secrets.token_urlsafe(24)
    db.session.commit()
    return user.calendar_token


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
                Activity.coalition_id.in_(coalition_ids),
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


def member_coalition_ids(user: User) -> list[int]:
    """The coalitions whose activities reach a person's own calendar."""
    return list(
        db.session.scalars(select(Membership.coalition_id).where(Membership.user_id == user.id))
    )
