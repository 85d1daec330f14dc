"""What people do with activities: one function per action, each one unit of work.

Planning and changing check the whole form and answer Invalid with every problem at once;
answering and bringing things work on one occurrence, named by its original local date.
"""

import secrets
import uuid
from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import joinedload

from board import clock, events
from board.activities import queries, recurrence
from board.activities.inputs import ActivityInput, TimesInput
from board.activities.recurrence import Occurrence
from board.coalitions.queries import check_members, check_site
from board.errors import Conflict, Invalid
from board.extensions import db
from board.inputs import every_problem, too_long
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
from board.models.activities import ACTIVITY_KINDS, RECURRENCES, RSVP_ANSWERS
from board.parsing import parse_id

TITLE_MAX = 200
PLACE_MAX = 200
DESCRIPTION_MAX = 5000
ITEM_MAX = 100
ITEMS_PER_ACTIVITY = 30


class Taken(Conflict):
    """Someone else already brings this item: 409, and the person is told who."""

    def __init__(self, item: ActivityItem, holder: User):
        """Taken by holder, who is named in the message."""
        super().__init__(item, _("%(name)s already brings this.", name=holder.display_name))
        self.holder = holder


# ---- checking the form ----------------------------------------------------------------------


def checked_times(day_value, start_value, end_value) -> tuple[datetime, datetime]:
    """Start and end as UTC moments from a local day and two times; Invalid names each field."""
    errors = {}
    day = clock.parse_day(day_value)
    start, end = clock.parse_time(start_value), clock.parse_time(end_value)
    if day is None:
        errors["day"] = _("Give a date between 2000 and 2100.")
    if start is None:
        errors["start_time"] = _("Give a time, such as 19:30.")
    if end is None:
        errors["end_time"] = _("Give a time, such as 21:00.")
    if errors:
        raise Invalid(errors)
    if end <= start:
        raise Invalid({"end_time": _("The end must come after the start.")})
    begin, finish = clock.local_moment(day, start), clock.local_moment(day, end)
    gap = _("This time does not exist on that day: the clocks go forward an hour.")
    if begin is None:
        errors["start_time"] = gap
    if finish is None:
        errors["end_time"] = gap
    if errors:
        raise Invalid(errors)
    return begin, finish


def _check_organisers(coalition: Coalition, values) -> list[int]:
    """The ids of the organisers the form names: at least one, all members of the coalition."""
    if not {parse_id(value) for value in values or []} - {None}:
        raise Invalid({"organiser_ids": _("Choose at least one organiser.")})
    try:
        return check_members(coalition, values, "organiser_ids")
    except Invalid:
        raise Invalid({"organiser_ids": _("Choose organisers from this coalition.")}) from None


def _check_initiative(coalition: Coalition, value) -> int | None:
    """The id of the coalition's initiative the form names (or None for none)."""
    if value in (None, ""):
        return None
    initiative_id = parse_id(value)
    found = initiative_id and db.session.scalar(
        select(Initiative.id).where(
            Initiative.id == initiative_id, Initiative.coalition_id == coalition.id
        )
    )
    if not found:
        raise Invalid({"initiative_id": _("Choose one of this coalition's initiatives.")})
    return found


def _item_lines(text: str) -> list[str]:
    """The things to bring, one per non-empty line, spaces folded."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    return [line for line in lines if line]


def _checked_text(form: ActivityInput, values: dict) -> dict:
    """Title, kind, place, address and description into values; their errors."""
    errors = {}
    values["title"] = " ".join((form.title or "").split())
    if not values["title"]:
        errors["title"] = _("Give the activity a title.")
    elif len(values["title"]) > TITLE_MAX:
        errors["title"] = too_long(TITLE_MAX)
    values["kind"] = form.kind
    if form.kind not in ACTIVITY_KINDS:
        errors["kind"] = _("Choose what kind of activity this is.")
    for name in ("place", "address"):
        values[name] = (getattr(form, name) or "").strip()
        if len(values[name]) > PLACE_MAX:
            errors[name] = too_long(PLACE_MAX)
    values["description"] = (form.description or "").strip()
    if len(values["description"]) > DESCRIPTION_MAX:
        errors["description"] = too_long(DESCRIPTION_MAX)
    return errors


def _checked_series(form: ActivityInput, values: dict) -> dict:
    """How often and until when into values (after the start); their errors."""
    errors = {}
    values["recurrence"] = form.recurrence
    values["repeat_until"] = None
    if form.recurrence not in RECURRENCES:
        errors["recurrence"] = _("Choose how often it happens.")
    elif form.recurrence != "none" and form.repeat_until:
        until = clock.parse_day(form.repeat_until)
        if until is None:
            errors["repeat_until"] = _("Give a date, or leave this empty.")
        elif "starts_at" in values and until < clock.to_local(values["starts_at"]).date():
            errors["repeat_until"] = _("The last date cannot come before the first.")
        values["repeat_until"] = until
    return errors


def _checked(coalition: Coalition, form: ActivityInput, new: bool) -> dict:
    """The form as values to store; Invalid with every problem at once."""
    values: dict = {}
    errors = _checked_text(form, values)
    try:
        values["starts_at"], values["ends_at"] = checked_times(
            form.day, form.start_time, form.end_time
        )
    except Invalid as error:
        errors.update(error.errors)
    errors.update(_checked_series(form, values))
    try:
        values.update(
            every_problem(
                {
                    "work_site_id": lambda: check_site(coalition, form.work_site_id),
                    "initiative_id": lambda: _check_initiative(coalition, form.initiative_id),
                    "organiser_ids": lambda: _check_organisers(coalition, form.organiser_ids),
                }
            )
        )
    except Invalid as error:
        errors.update(error.errors)
    if new:
        values["items"] = _item_lines(form.items)
        if any(len(line) > ITEM_MAX for line in values["items"]):
            errors["items"] = too_long(ITEM_MAX)
        elif len(values["items"]) > ITEMS_PER_ACTIVITY:
            errors["items"] = _("At most %(limit)s things.", limit=ITEMS_PER_ACTIVITY)
    if errors:
        raise Invalid(errors)
    return values


# ---- planning and changing ------------------------------------------------------------------


def _set_organisers(coalition: Coalition, activity: Activity, user_ids: list[int]) -> None:
    """Make exactly these members the activity's organisers."""
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


def plan_activity(coalition: Coalition, actor: User, form: ActivityInput) -> Activity:
    """Plan an activity (once or repeating) with its organisers and things to bring."""
    with events.change(coalition) as change:
        values = _checked(coalition, form, new=True)
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
        change.record(actor, "activity.planned", activity, title=activity.title)
    return activity


def update_activity(
    coalition: Coalition, actor: User, activity: Activity, form: ActivityInput
) -> Activity:
    """Save the activity form; Conflict when someone saved in between, Invalid on bad input."""
    with events.change(coalition, activity) as change:
        events.check_version(activity, form.version)
        values = _checked(coalition, form, new=False)
        _set_organisers(coalition, activity, values.pop("organiser_ids"))
        was_series = activity.repeats
        for name, value in values.items():
            setattr(activity, name, value)
        activity.updated_at = clock.now()
        if was_series != activity.repeats:
            _carry_answers(activity)  # flushes the activity first: its version rises once
        change.record(actor, "activity.changed", activity, title=activity.title)
    return activity


def _carry_answers(activity: Activity) -> None:
    """Keep answers and claims when a one-off becomes a series (they go to its first date) or a
    series becomes a one-off (the answers for its date stay; changed dates are forgotten)."""
    first = recurrence.occurrence_key(clock.to_local(activity.starts_at).date())
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
    with events.change(coalition, activity) as change:
        if activity.cancelled_at is None:
            activity.cancelled_at = activity.updated_at = clock.now()
            change.record(actor, "activity.cancelled", activity, title=activity.title)
    return activity


def restore_activity(coalition: Coalition, actor: User, activity: Activity) -> Activity:
    """Undo calling off an activity."""
    with events.change(coalition, activity) as change:
        if activity.cancelled_at is not None:
            activity.cancelled_at = None
            activity.updated_at = clock.now()
            change.record(actor, "activity.restored", activity, title=activity.title)
    return activity


# ---- one date of a series -------------------------------------------------------------------


def _store_change(coalition, activity, key, starts_at, ends_at, cancelled) -> None:
    """Store how one date differs from the plan (no change stored when it is as planned)."""
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
    change.updated_at = clock.now()


def move_occurrence(
    coalition: Coalition, actor: User, activity: Activity, key: str, times: TimesInput
) -> Occurrence:
    """Move one occurrence of a series to another day or time; the others stay."""
    with events.change(coalition, activity) as change:
        occurrence = queries.series_occurrence(activity, key)
        starts_at, ends_at = checked_times(times.day, times.start_time, times.end_time)
        _store_change(coalition, activity, key, starts_at, ends_at, cancelled=False)
        activity.updated_at = clock.now()
        change.record(actor, "occurrence.moved", activity, title=activity.title, occurrence=key)
    return occurrence


def cancel_occurrence(coalition: Coalition, actor: User, activity: Activity, key: str) -> None:
    """Call off one occurrence of a series; the others stay."""
    with events.change(coalition, activity) as change:
        occurrence = queries.series_occurrence(activity, key)
        _store_change(
            coalition, activity, key, occurrence.starts_at, occurrence.ends_at, cancelled=True
        )
        activity.updated_at = clock.now()
        change.record(actor, "occurrence.cancelled", activity, title=activity.title, occurrence=key)


def restore_occurrence(coalition: Coalition, actor: User, activity: Activity, key: str) -> None:
    """Put an occurrence back as planned (undo a move or a cancellation)."""
    with events.change(coalition, activity) as change:
        queries.series_occurrence(activity, key)
        db.session.execute(
            delete(OccurrenceChange).where(
                OccurrenceChange.activity_id == activity.id, OccurrenceChange.occurrence == key
            )
        )
        activity.updated_at = clock.now()
        change.record(actor, "occurrence.restored", activity, title=activity.title, occurrence=key)


# ---- answers and things to bring ------------------------------------------------------------


def _open_occurrence(activity: Activity, key: str) -> Occurrence:
    """The occurrence named key, refusing when it is called off or over."""
    occurrence = queries.find_occurrence(activity, key)
    if activity.cancelled_at is not None or occurrence.cancelled:
        raise Invalid({"": _("This activity has been called off.")})
    if occurrence.ends_at <= clock.now():
        raise Invalid({"": _("This activity is over.")})
    return occurrence


def set_rsvp(coalition: Coalition, actor: User, activity: Activity, key: str, answer: str) -> Rsvp:
    """A member answers yes, maybe or no for one occurrence; answering again changes it."""
    if answer not in RSVP_ANSWERS:
        raise Invalid({"answer": _("Choose yes, maybe or no.")})
    with events.change(coalition, activity) as change:
        _open_occurrence(activity, key)
        rsvp = db.session.scalar(
            select(Rsvp).where(
                Rsvp.activity_id == activity.id, Rsvp.occurrence == key, Rsvp.user_id == actor.id
            )
        )
        if rsvp is not None and rsvp.answer == answer:
            return rsvp
        if rsvp is None:
            rsvp = Rsvp(
                coalition_id=coalition.id,
                activity_id=activity.id,
                occurrence=key,
                user_id=actor.id,
                answer=answer,
            )
            db.session.add(rsvp)
        else:
            rsvp.answer = answer
            rsvp.revision += 1
            rsvp.updated_at = clock.now()
        change.record(actor, f"rsvp.{answer}", activity, title=activity.title, occurrence=key)
    return rsvp


def add_item(coalition: Coalition, actor: User, activity: Activity, text: str) -> ActivityItem:
    """Add something to bring to an activity."""
    text = " ".join((text or "").split())
    if not text:
        raise Invalid({"text": _("Say what someone should bring.")})
    if len(text) > ITEM_MAX:
        raise Invalid({"text": too_long(ITEM_MAX)})
    with events.change(coalition, activity) as change:
        count = db.session.scalar(
            select(func.count()).where(ActivityItem.activity_id == activity.id)
        )
        if count >= ITEMS_PER_ACTIVITY:
            raise Invalid({"text": _("At most %(limit)s things.", limit=ITEMS_PER_ACTIVITY)})
        item = ActivityItem(
            coalition_id=coalition.id, activity_id=activity.id, text=text, position=count
        )
        db.session.add(item)
        change.record(actor, "item.added", activity, title=activity.title, item=text)
    return item


def remove_item(coalition: Coalition, actor: User, activity: Activity, item: ActivityItem) -> None:
    """Take something off the list (with whoever claimed it, on every date)."""
    with events.change(coalition, activity, item) as change:
        db.session.execute(delete(ItemClaim).where(ItemClaim.item_id == item.id))
        change.record(actor, "item.removed", activity, title=activity.title, item=item.text)
        db.session.delete(item)


def claim_item(
    coalition: Coalition, actor: User, activity: Activity, item: ActivityItem, key: str
) -> ItemClaim:
    """ "Ik neem het mee": one tap; Taken (409) when someone else was first."""
    with events.change(coalition, activity, item) as change:
        _open_occurrence(activity, key)
        claim = db.session.scalar(
            select(ItemClaim)
            .options(joinedload(ItemClaim.user))
            .where(ItemClaim.item_id == item.id, ItemClaim.occurrence == key)
        )
        if claim is not None:
            if claim.user_id != actor.id:
                raise Taken(item, claim.user)
            return claim
        claim = ItemClaim(
            coalition_id=coalition.id,
            activity_id=activity.id,
            item_id=item.id,
            occurrence=key,
            user_id=actor.id,
        )
        db.session.add(claim)
        change.record(actor, "item.claimed", activity, title=activity.title, item=item.text)
    return claim


def release_item(
    coalition: Coalition,
    actor: User,
    activity: Activity,
    item: ActivityItem,
    key: str,
    may_release: Callable[[ItemClaim], bool] | None = None,
) -> None:
    """Give an item back. may_release(claim) says whether the actor may free this claim
    (Access.may_release: organisers may free someone else's); by default only their own."""
    with events.change(coalition, activity, item) as change:
        queries.find_occurrence(activity, key)
        claim = db.session.scalar(
            select(ItemClaim).where(ItemClaim.item_id == item.id, ItemClaim.occurrence == key)
        )
        if claim is None:
            return
        allowed = may_release(claim) if may_release else claim.user_id == actor.id
        if not allowed:
            raise Invalid({"": _("Only the person who brings it can give it back.")})
        db.session.delete(claim)
        change.record(actor, "item.released", activity, title=activity.title, item=item.text)


# ---- the personal calendar feed -------------------------------------------------------------


def calendar_token(user: User) -> str:
    """The person's feed secret, made on first use (a GET that writes: its own unit of work)."""
    if not user.calendar_token:
        with events.unit_of_work():
            if not user.calendar_token:  # read again, now that the write lock is held
                user.calendar_token = secrets.token_urlsafe(24)
    return user.calendar_token


def new_calendar_token(user: User) -> str:
    """A new feed secret: the old address stops working at once."""
    with events.unit_of_work():
        user.calendar_token = secrets.token_urlsafe(24)
    return user.calendar_token
