"""Activities: the agenda, the month, one activity with answers and things to bring, calendars."""

from datetime import date, timedelta

from flask import abort, flash, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from board.activities import ical, services
from board.activities.feeds import ics_response, linker
from board.activities.recurrence import to_local
from board.coalitions.queries import active_sites
from board.errors import Conflict, Invalid
from board.extensions import db
from board.htmx import is_partial, render, trigger
from board.models import Coalition, Initiative
from board.models.base import utcnow
from board.parsing import parse_count, parse_id
from board.permissions import coalition_blueprint, current_access

bp = coalition_blueprint("activities", __name__)

WEEKS_SHOWN = 8
MAX_WEEKS = 104
FORM_FIELDS = (
    "title",
    "kind",
    "day",
    "start_time",
    "end_time",
    "place",
    "address",
    "description",
    "work_site_id",
    "initiative_id",
    "recurrence",
    "repeat_until",
    "items",
)


# ---- lists -----------------------------------------------------------------------------------


def _weeks_param() -> int:
    weeks = parse_count(request.args.get("weeks", WEEKS_SHOWN), MAX_WEEKS)
    return max(1, weeks or WEEKS_SHOWN)


def _week_label(monday: date, today: date) -> str:
    this_monday = today - timedelta(days=today.weekday())
    if monday == this_monday:
        return _("This week")
    if monday == this_monday + timedelta(days=7):
        return _("Next week")
    if monday == this_monday - timedelta(days=7):
        return _("Last week")
    return _(
        "Week %(number)s · %(first)s – %(last)s",
        number=monday.isocalendar()[1],
        first=format_date(monday, "d MMM"),
        last=format_date(monday + timedelta(days=6), "d MMM"),
    )


def _by_week(rows, today: date, newest_first: bool = False) -> list[tuple[str, list]]:
    groups: dict[date, list] = {}
    for row in rows:
        day = row.occurrence.day
        groups.setdefault(day - timedelta(days=day.weekday()), []).append(row)
    mondays = sorted(groups, reverse=newest_first)
    return [(_week_label(monday, today), groups[monday]) for monday in mondays]


@bp.get("/activities")
def activities():
    """Upcoming activities grouped by week (default), or past ones (?view=past)."""
    access = current_access()
    coalition = access.coalition
    now = utcnow()
    today = to_local(now).date()
    weeks = _weeks_param()
    past = request.args.get("view") == "past"
    if past:
        rows = services.agenda(coalition, current_user, today - timedelta(weeks=weeks), today)
        rows = [r for r in rows if r.occurrence.ends_at <= now]
        rows.reverse()
    else:
        rows = services.agenda(coalition, current_user, today, today + timedelta(weeks=weeks))
        rows = [r for r in rows if r.occurrence.ends_at > now]
    return render(
        "activities/list.html",
        block="agenda",
        access=access,
        coalition=coalition,
        view="past" if past else "upcoming",
        weeks=weeks,
        more_weeks=min(MAX_WEEKS, weeks + WEEKS_SHOWN) if weeks < MAX_WEEKS else None,
        groups=_by_week(rows, today, newest_first=past),
        now=now,
    )


def _month_param(today: date) -> date:
    text = request.args.get("m", "")
    try:
        year, month = (int(part) for part in text.split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def _shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@bp.get("/activities/month")
def month():
    """A month as a calendar grid (a list of days on a phone); ?m=YYYY-MM."""
    access = current_access()
    coalition = access.coalition
    now = utcnow()
    today = to_local(now).date()
    first = _month_param(today)
    following = _shift_month(first, 1)
    grid_start = first - timedelta(days=first.weekday())
    grid_end = following - timedelta(days=1)
    grid_end += timedelta(days=6 - grid_end.weekday())
    rows = services.agenda(coalition, current_user, grid_start, grid_end)
    by_day: dict[date, list] = {}
    for row in rows:
        by_day.setdefault(row.occurrence.day, []).append(row)
    weeks, day = [], grid_start
    while day <= grid_end:
        weeks.append([(day + timedelta(days=i)) for i in range(7)])
        day += timedelta(days=7)
    return render(
        "activities/month.html",
        access=access,
        coalition=coalition,
        first=first,
        previous=_shift_month(first, -1),
        following=following,
        weeks=weeks,
        by_day=by_day,
        today=today,
        weekdays=[format_date(grid_start + timedelta(days=i), "EEEE") for i in range(7)],
        count=sum(1 for r in rows if r.occurrence.day.month == first.month),
    )


# ---- planning ---------------------------------------------------------------------------------


def _initiatives(coalition: Coalition) -> list[Initiative]:
    return list(
        db.session.scalars(
            select(Initiative)
            .where(Initiative.coalition_id == coalition.id, Initiative.archived_at.is_(None))
            .order_by(Initiative.title)
        )
    )


def _form_page(access, values, errors=None, status=200, activity=None, conflict=None):
    coalition = access.coalition
    return render(
        "activities/form.html",
        access=access,
        coalition=coalition,
        activity=activity,
        values=values,
        errors=errors or {},
        conflict=conflict,
        members=services.members_of(coalition),
        sites=active_sites(coalition),
        initiatives=_initiatives(coalition),
        status=status,
    )


def _form_from_request() -> services.ActivityForm:
    form = request.form
    values = {name: form.get(name, "") for name in FORM_FIELDS}
    return services.ActivityForm(organiser_ids=form.getlist("organiser_ids"), **values)


def _values(form: services.ActivityForm) -> dict:
    return dict(vars(form))


@bp.get("/activities/new")
def new_activity():
    """The form to plan an activity; ?initiative= and ?day= fill it in."""
    access = current_access()
    access.require_membership()
    day = services.parse_day(request.args.get("day")) or to_local(utcnow()).date()
    form = services.ActivityForm(
        day=day.isoformat(),
        start_time="19:30",
        end_time="21:30",
        organiser_ids=[str(current_user.id)],
    )
    initiative_id = parse_id(request.args.get("initiative"))
    if initiative_id and any(i.id == initiative_id for i in _initiatives(access.coalition)):
        form.initiative_id = str(initiative_id)
    return _form_page(access, _values(form))


@bp.post("/activities")
def plan():
    """A member plans an activity."""
    access = current_access()
    access.require_membership()
    form = _form_from_request()
    try:
        activity = services.plan_activity(access.coalition, current_user, form)
    except Invalid as error:
        db.session.rollback()
        return _form_page(access, _values(form), error.errors, 422)
    flash(_("The activity is in the agenda."))
    return redirect(_activity_url(access.coalition, activity), 303)


def _activity_url(coalition, activity, key=None, **kwargs) -> str:
    if key:
        kwargs["on"] = key
    return url_for("activities.activity", slug=coalition.slug, activity_id=activity.id, **kwargs)


def _organised(activity_id):
    """This coalition's activity and the person's access; 403 unless they organise or coordinate."""
    access = current_access()
    activity = services.load_activity(access.coalition, activity_id)
    if not services.may_change(activity.id, current_user, access.is_coordinator):
        abort(403)
    return access, activity


@bp.get("/activities/<int:activity_id>/edit")
def edit_activity(activity_id):
    """The form to change an activity (organisers and coordinators)."""
    access, activity = _organised(activity_id)
    organisers = services.organisers_of([activity.id])[activity.id]
    values = _values(services.ActivityForm.of(activity, [u.id for u in organisers]))
    values["version"] = activity.version
    return _form_page(access, values, activity=activity)


def _conflict_rows(activity, mine: dict) -> list[dict]:
    """The fields where the stored activity differs from what the form holds."""
    organisers = services.organisers_of([activity.id])[activity.id]
    theirs = _values(services.ActivityForm.of(activity, [u.id for u in organisers]))
    labels = {
        "title": _("Title"),
        "kind": _("Kind"),
        "day": _("Date"),
        "start_time": _("From"),
        "end_time": _("Until"),
        "place": _("Place"),
        "address": _("Address"),
        "description": _("Description"),
        "recurrence": _("Repeats"),
        "repeat_until": _("Last date"),
    }
    rows = []
    for name, label in labels.items():
        if str(theirs.get(name) or "") != str(mine.get(name) or ""):
            rows.append(
                {"label": label, "theirs": theirs.get(name) or "—", "mine": mine.get(name) or "—"}
            )
    if sorted(theirs["organiser_ids"]) != sorted(mine.get("organiser_ids") or []):
        rows.append(
            {
                "label": _("Organisers"),
                "theirs": ", ".join(u.display_name for u in organisers),
                "mine": "",
            }
        )
    return rows


@bp.post("/activities/<int:activity_id>")
def update(activity_id):
    """Save the activity form; 409 with both versions when someone saved in between."""
    access, activity = _organised(activity_id)
    coalition = access.coalition
    form = _form_from_request()
    values = _values(form)
    try:
        services.update_activity(
            coalition, current_user, activity, form, request.form.get("version")
        )
    except Invalid as error:
        db.session.rollback()
        values["version"] = request.form.get("version", "")
        return _form_page(access, values, error.errors, 422, activity=activity)
    except Conflict:
        db.session.rollback()
        activity = services.load_activity(coalition, activity_id)
        values["version"] = activity.version
        return _form_page(
            access, values, status=409, activity=activity, conflict=_conflict_rows(activity, values)
        )
    flash(_("Your changes are saved."))
    return redirect(_activity_url(coalition, activity), 303)


@bp.post("/activities/<int:activity_id>/cancel")
def cancel(activity_id):
    """Call off the whole activity; restore=1 undoes that."""
    access, activity = _organised(activity_id)
    coalition = access.coalition
    try:
        if request.form.get("restore") == "1":
            services.restore_activity(coalition, current_user, activity)
            flash(_("The activity is on again."))
        else:
            services.cancel_activity(coalition, current_user, activity)
            flash(_("The activity is called off. Everyone's calendar will show that."))
    except Conflict:
        db.session.rollback()
        flash(_("Someone changed this activity at the same moment. Look and try again."), "error")
    return redirect(_activity_url(coalition, activity), 303)


# ---- one activity ----------------------------------------------------------------------------


def _occurrence_from(activity, key):
    """The occurrence named in the request, or the activity's next one."""
    if key is None:
        return services.default_occurrence(activity, utcnow())
    return services.find_occurrence(activity, key)


def _page(access, activity, occurrence, status=200, block=None, **extra):
    coalition = access.coalition
    detail = services.occurrence_detail(coalition, activity, occurrence.key, current_user)
    organisers = services.organisers_of([activity.id])[activity.id]
    now = utcnow()
    return render(
        "activities/activity.html",
        block=block,
        access=access,
        coalition=coalition,
        activity=activity,
        occurrence=occurrence,
        detail=detail,
        organisers=organisers,
        may_change=access.is_coordinator or any(u.id == current_user.id for u in organisers),
        upcoming=services.next_occurrences(activity, now),
        is_open=activity.cancelled_at is None
        and not occurrence.cancelled
        and occurrence.ends_at > now,
        status=status,
        **extra,
    )


@bp.get("/activities/<int:activity_id>")
def activity(activity_id):
    """One activity: when and where, who comes, who brings what (?on= picks a date of a series)."""
    access = current_access()
    activity = services.load_activity(access.coalition, activity_id)
    occurrence = _occurrence_from(activity, request.args.get("on"))
    return _page(access, activity, occurrence)


def _answer_page(access, activity, key, block, error=None, status=200, location=None):
    """After an answer or a claim: the block for htmx, else back to the page."""
    if not is_partial():
        if error:
            flash(error, "error")
        return redirect(location or _activity_url(access.coalition, activity, key or None), 303)
    occurrence = services.find_occurrence(activity, key)
    return _page(access, activity, occurrence, status=status, block=block, error=error)


@bp.post("/activities/<int:activity_id>/rsvp")
def rsvp(activity_id):
    """Answer yes, maybe or no for one occurrence (field on); changeable."""
    access = current_access()
    access.require_membership()
    coalition = access.coalition
    activity = services.load_activity(coalition, activity_id)
    key = request.form.get("on", "")
    services.find_occurrence(activity, key)
    error, status = None, 200
    try:
        services.set_rsvp(coalition, current_user, activity, key, request.form.get("answer", ""))
    except Invalid as failure:
        db.session.rollback()
        error, status = next(iter(failure.errors.values())), 422
    response = _answer_page(access, activity, key, "rsvp", error, status)
    if is_partial() and error is None:
        trigger(response, "announce", {"message": _("Your answer is saved.")})
    return response


@bp.post("/activities/<int:activity_id>/items")
def add_item(activity_id):
    """Organisers add something to bring."""
    access, activity = _organised(activity_id)
    coalition = access.coalition
    key = request.form.get("on", "")
    occurrence = services.find_occurrence(activity, key)
    try:
        services.add_item(coalition, current_user, activity, request.form.get("text", ""))
    except Invalid as failure:
        db.session.rollback()
        return _page(
            access,
            activity,
            occurrence,
            status=422,
            block="items" if is_partial() else None,
            item_error=failure.errors.get("text"),
            item_text=request.form.get("text", ""),
        )
    return _answer_page(
        access,
        activity,
        key,
        "items",
        location=_activity_url(coalition, activity, key or None, _anchor="items"),
    )


@bp.post("/activities/<int:activity_id>/items/<int:item_id>/remove")
def remove_item(activity_id, item_id):
    """Organisers take something off the list."""
    access, activity = _organised(activity_id)
    coalition = access.coalition
    item = services.load_item(activity, item_id)
    key = request.form.get("on", "")
    services.find_occurrence(activity, key)
    services.remove_item(coalition, current_user, activity, item)
    return _answer_page(access, activity, key, "items")


@bp.post("/activities/<int:activity_id>/items/<int:item_id>/claim")
def claim(activity_id, item_id):
    """Claim (claim=1) or give back (claim=0) an item for one occurrence; 409 when taken."""
    access = current_access()
    access.require_membership()
    coalition = access.coalition
    activity = services.load_activity(coalition, activity_id)
    item = services.load_item(activity, item_id)
    key = request.form.get("on", "")
    services.find_occurrence(activity, key)
    error, status = None, 200
    try:
        if request.form.get("claim") == "1":
            services.claim_item(coalition, current_user, activity, item, key)
            message = _("You bring %(item)s.", item=item.text)
        else:
            services.release_item(
                coalition,
                current_user,
                activity,
                item,
                key,
                services.may_change(activity.id, current_user, access.is_coordinator),
            )
            message = _("%(item)s is free again.", item=item.text)
    except services.Taken as taken:
        error, status = taken.message, 409
    except Invalid as failure:
        db.session.rollback()
        error, status = next(iter(failure.errors.values())), 422
    response = _answer_page(access, activity, key, "items", error, status)
    if is_partial() and error is None:
        trigger(response, "announce", {"message": message})
    return response


@bp.get("/activities/<int:activity_id>/occurrence")
def occurrence_form(activity_id):
    """Move or call off one date of a series (organisers)."""
    access, activity = _organised(activity_id)
    occurrence = _series_occurrence(activity, request.args.get("on"))
    return _occurrence_page(access, activity, occurrence)


def _series_occurrence(activity, key):
    if not activity.repeats:
        abort(404)
    return services.find_occurrence(activity, key)


def _occurrence_page(access, activity, occurrence, errors=None, values=None, status=200):
    start, end = occurrence.local_start, occurrence.local_end
    return render(
        "activities/occurrence.html",
        access=access,
        coalition=access.coalition,
        activity=activity,
        occurrence=occurrence,
        errors=errors or {},
        values=values
        or {
            "day": start.date().isoformat(),
            "start_time": start.strftime("%H:%M"),
            "end_time": end.strftime("%H:%M"),
        },
        status=status,
    )


@bp.post("/activities/<int:activity_id>/occurrence")
def change_occurrence(activity_id):
    """action=move (day, start_time, end_time), cancel or restore one date of a series."""
    access, activity = _organised(activity_id)
    coalition = access.coalition
    key = request.form.get("on", "")
    occurrence = _series_occurrence(activity, key)
    action = request.form.get("action")
    form = request.form
    try:
        if action == "cancel":
            services.cancel_occurrence(coalition, current_user, activity, key)
            flash(_("This date is called off; the other dates stay."))
        elif action == "restore":
            services.restore_occurrence(coalition, current_user, activity, key)
            flash(_("This date is back as planned."))
        else:
            services.move_occurrence(
                coalition,
                current_user,
                activity,
                key,
                form.get("day"),
                form.get("start_time"),
                form.get("end_time"),
            )
            flash(_("This date is moved; the other dates stay."))
    except Invalid as failure:
        db.session.rollback()
        return _occurrence_page(access, activity, occurrence, failure.errors, form, 422)
    except Conflict:
        db.session.rollback()
        flash(_("Someone changed this activity at the same moment. Look and try again."), "error")
    return redirect(_activity_url(coalition, activity, key), 303)


# ---- calendars ---------------------------------------------------------------------------------


@bp.get("/activities/<int:activity_id>.ics")
def download(activity_id):
    """One activity (a whole series) as an .ics file, with this person's answers."""
    access = current_access()
    coalition = access.coalition
    activity = services.load_activity(coalition, activity_id)
    now = utcnow()
    feed = services.feed_for(current_user, [coalition.id], now, only=activity.id)
    body = ical.feed_calendar(feed, activity.title, linker({coalition.id: coalition.slug}), now)
    return ics_response(body, f"activiteit-{activity.id}.ics")
