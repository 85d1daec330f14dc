"""Activities: the agenda, the month, one activity with answers and things to bring, calendars."""

import calendar
from datetime import date, timedelta

from flask import flash, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from board import clock
from board.activities import actions, ical, queries
from board.activities.feeds import ics_response, linker
from board.activities.inputs import ActivityInput, TimesInput
from board.activities.weeks import by_week, month_param, shift_month
from board.coalitions.queries import active_sites, members
from board.errors import Conflict, Forbidden, Invalid
from board.forms import conflict_rows, use_theirs
from board.htmx import back_within, confirm_page, render, respond
from board.intervision.queries import session_of_activity
from board.labels import ACTIVITY_KIND_LABELS, RECURRENCE_LABELS
from board.parsing import parse_count, parse_id
from board.permissions import coalition_blueprint, coalition_view

bp = coalition_blueprint("activities", __name__)

WEEKS_SHOWN = 8
MAX_WEEKS = 104


# ---- lists -----------------------------------------------------------------------------------


@bp.get("/activities")
@coalition_view()
def activities(access):
    """Upcoming activities grouped by week (default), or past ones (?view=past); ?weeks=."""
    coalition = access.coalition
    now = clock.now()
    today = clock.to_local(now).date()
    weeks = max(1, parse_count(request.args.get("weeks"), MAX_WEEKS) or WEEKS_SHOWN)
    past = request.args.get("view") == "past"
    if past:
        rows = queries.agenda(coalition, access.user, today - timedelta(weeks=weeks), today)
        rows = [r for r in rows if r.occurrence.ends_at <= now]
        rows.reverse()
    else:
        rows = queries.agenda(coalition, access.user, today, today + timedelta(weeks=weeks))
        rows = [r for r in rows if r.occurrence.ends_at > now]
    return render(
        "activities/list.html",
        access=access,
        coalition=coalition,
        view="past" if past else "upcoming",
        more_weeks=min(MAX_WEEKS, weeks + WEEKS_SHOWN) if weeks < MAX_WEEKS else None,
        groups=by_week(rows, today, newest_first=past),
    )


@bp.get("/activities/month")
@coalition_view()
def month(access):
    """A month as a calendar grid (a list of days on a phone); ?m=YYYY-MM."""
    coalition = access.coalition
    today = clock.today()
    first = month_param(today)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    rows = queries.agenda(coalition, access.user, weeks[0][0], weeks[-1][-1])
    by_day: dict[date, list] = {}
    for row in rows:
        by_day.setdefault(row.occurrence.day, []).append(row)
    return render(
        "activities/month.html",
        access=access,
        coalition=coalition,
        first=first,
        previous=shift_month(first, -1),
        following=shift_month(first, 1),
        weeks=weeks,
        by_day=by_day,
        today=today,
        weekdays=[format_date(day, "EEEE") for day in weeks[0]],
        count=sum(1 for r in rows if r.occurrence.day.month == first.month),
    )


# ---- planning and changing ----------------------------------------------------------------------


def _labels(coalition) -> dict:
    """The activity form's fields as the conflict panel names them, in order."""
    return {
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
        "work_site_id": coalition.site_kind.capitalize(),
        "initiative_id": _("Initiative"),
        "organiser_ids": _("Organisers"),
    }


def _options(labels: dict) -> list[tuple]:
    """(code, label) pairs of a select or a group of radio buttons, each label capitalised."""
    return [(code, str(label).capitalize()) for code, label in labels.items()]


def _stored(activity, organisers) -> dict:
    """The activity's stored values as its form holds them."""
    return ActivityInput.of(activity, [user.id for user in organisers]).values()


def _conflict_rows(access, activity, values, people, sites, initiatives) -> list:
    """The fields where the stored activity differs from the form, in words."""
    names = {str(user.id): user.display_name for user in people}
    names.update({str(site.id): site.name for site in sites})
    names.update({str(initiative.id): initiative.title for initiative in initiatives})
    words = {**ACTIVITY_KIND_LABELS, **RECURRENCE_LABELS}

    def shown(name, value):
        """A stored or typed value as a person reads it."""
        if name == "organiser_ids":
            return ", ".join(names.get(str(v), str(v)) for v in value or [])
        if name in ("day", "repeat_until") and value:
            day = clock.parse_day(value)
            return format_date(day, "long") if day else value
        if name in ("kind", "recurrence"):
            return str(words.get(value, value)).capitalize()
        return names.get(value, value) if name.endswith("_id") else value

    stored = _stored(activity, queries.organisers(activity))
    return conflict_rows(_labels(access.coalition), stored, values, shown)


def _form_page(access, values, errors=None, status=200, activity=None, conflict=False):
    """The form to plan (or change) an activity, with what was typed and why not."""
    coalition = access.coalition
    people, sites = members(coalition), active_sites(coalition)
    initiatives = queries.initiatives(coalition)
    rows = []
    if conflict:
        rows = _conflict_rows(access, activity, values, people, sites, initiatives)
    return render(
        "activities/form.html",
        status=status,
        access=access,
        coalition=coalition,
        activity=activity,
        values=values,
        errors=errors or {},
        conflict=conflict,
        conflict_rows=rows,
        members=people,
        sites=sites,
        initiatives=initiatives,
        kinds=_options(ACTIVITY_KIND_LABELS),
        repeats=_options(RECURRENCE_LABELS),
    )


@bp.get("/activities/new")
@coalition_view(need="edit")
def new_activity(access):
    """The form to plan an activity; ?initiative= and ?day= fill it in."""
    form = ActivityInput(
        day=(clock.parse_day(request.args.get("day")) or clock.today()).isoformat(),
        start_time="19:30",
        end_time="21:30",
        initiative_id=str(parse_id(request.args.get("initiative")) or ""),
        organiser_ids=[str(access.user.id)] if access.is_member else [],
    )
    return _form_page(access, form.values())


@bp.post("/activities")
@coalition_view(need="edit")
def plan(access):
    """Plan an activity."""
    typed = ActivityInput.from_form(request.form)
    try:
        activity = actions.plan_activity(access.coalition, access.user, typed)
    except Invalid as error:
        return _form_page(access, typed.values(), error.errors, 422)
    flash(_("The activity is in the agenda."))
    return redirect(_activity_url(access.coalition, activity.id), 303)


def _activity_url(coalition, activity_id: int, key=None, anchor=None) -> str:
    """An activity's page, at one of its dates when key names one."""
    return url_for(
        "activities.activity",
        slug=coalition.slug,
        activity_id=activity_id,
        on=key or None,
        _anchor=anchor,
    )


def _changeable(access, activity_id):
    """The activity and its organisers; Forbidden unless the person may change it."""
    activity = queries.load_activity(access.coalition, activity_id)
    organisers = queries.organisers(activity)
    if not access.may_change_activity(organisers):
        raise Forbidden()
    return activity, organisers


@bp.get("/activities/<int:activity_id>/edit")
@coalition_view(need="edit")
def edit_activity(access, activity_id):
    """The form to change an activity (organisers and coordinators)."""
    activity, organisers = _changeable(access, activity_id)
    return _form_page(access, _stored(activity, organisers), activity=activity)


@bp.post("/activities/<int:activity_id>")
@coalition_view(need="edit")
def update(access, activity_id):
    """Save the activity form; 422 with errors, 409 with both versions when someone saved first."""
    coalition = access.coalition
    activity, organisers = _changeable(access, activity_id)
    typed = ActivityInput.from_form(request.form)
    take = request.form.get("use_theirs")
    if take in _labels(coalition):
        # Combining after a conflict: one field takes the other person's value, nothing is saved.
        values = use_theirs(typed.values(), _stored(activity, organisers), take)
        values["version"] = str(activity.version)
        return _form_page(access, values, status=409, activity=activity, conflict=True)
    try:
        actions.update_activity(coalition, access.user, activity, typed)
    except Invalid as error:
        return _form_page(access, typed.values(), error.errors, 422, activity=activity)
    except Conflict:
        activity = queries.load_activity(coalition, activity.id)
        values = {**typed.values(), "version": str(activity.version)}
        return _form_page(access, values, status=409, activity=activity, conflict=True)
    flash(_("Your changes are saved."))
    return redirect(_activity_url(coalition, activity.id), 303)


@bp.post("/activities/<int:activity_id>/cancel")
@coalition_view(need="edit")
def cancel(access, activity_id):
    """Call off the whole activity; restore=1 undoes that."""
    activity, _organisers = _changeable(access, activity_id)
    if request.form.get("restore") == "1":
        actions.restore_activity(access.coalition, access.user, activity)
        flash(_("The activity is on again."))
    elif activity.repeats and request.form.get("confirm") != "1":
        told = ", ".join(p.display_name for p in queries.coming_people(activity, clock.today()))
        return confirm_page(
            access,
            _("Call off every date of “%(title)s”?", title=activity.title),
            _("Who comes or may come sees it at home and in their calendar: %(names)s.", names=told)
            if told
            else _("Nobody has said yet that they will come."),
            _("Yes, call off every date"),
            _activity_url(access.coalition, activity.id),
        )
    else:
        actions.cancel_activity(access.coalition, access.user, activity)
        flash(_("The activity is called off. Everyone's calendar will show that."))
    return redirect(_activity_url(access.coalition, activity.id), 303)


# ---- one activity ------------------------------------------------------------------------------


def _page(access, activity, occurrence, organisers=None, block=None, status=200, **refused):
    """An activity's page at one occurrence (or, for htmx, its block rsvp or items).

    refused holds what a refused form shows again: errors, failed (which form: 'rsvp',
    'items' or 'item') and item_text.
    """
    coalition = access.coalition
    now = clock.now()
    return render(
        "activities/activity.html",
        block=block,
        status=status,
        access=access,
        coalition=coalition,
        activity=activity,
        occurrence=occurrence,
        detail=queries.occurrence_detail(coalition, activity, occurrence.key, access.user),
        organisers=queries.organisers(activity) if organisers is None else organisers,
        upcoming=queries.next_occurrences(activity, now),
        is_open=occurrence.is_open(now),
        intervision=(
            session_of_activity(activity, access.user) if activity.kind == "intervision" else None
        ),
        **{"errors": {}, "failed": None, "item_text": "", **refused},
    )


@bp.get("/activities/<int:activity_id>")
@coalition_view()
def activity(access, activity_id):
    """One activity: when and where, who comes, who brings what (?on= picks a date of a series)."""
    activity = queries.load_activity(access.coalition, activity_id)
    key = request.args.get("on")
    if key is None:
        occurrence = queries.default_occurrence(activity, clock.now())
    else:
        occurrence = queries.find_occurrence(activity, key)
    return _page(access, activity, occurrence)


def _answer(access, activity_id, key, block, message=None, organisers=None, **refused):
    """After an answer, a claim or a change of the list: for htmx the block as it is now, else
    the message flashed and back to the page. refused (errors, status) says why not."""
    coalition = access.coalition
    errors, status = refused.get("errors"), refused.get("status", 200)

    def fragment():
        """The block as it is now (with the errors, when refused)."""
        activity = queries.load_activity(coalition, activity_id)
        occurrence = queries.find_occurrence(activity, key)
        shown = {"errors": errors, "failed": block} if errors else {}
        return _page(access, activity, occurrence, organisers, block, status, **shown)

    back = back_within(coalition)  # an answer given elsewhere (the "For you" list)
    location = back or _activity_url(coalition, activity_id, key, refused.get("anchor"))
    if errors:
        text = " ".join(m for m in errors.values() if m)
        return respond(fragment, location, text, category="error", announce=False)
    return respond(fragment, location, message)


@bp.post("/activities/<int:activity_id>/rsvp")
@coalition_view(need="member")
def rsvp(access, activity_id):
    """Answer yes, maybe or no for one occurrence (field on); changeable."""
    activity = queries.load_activity(access.coalition, activity_id)
    key = request.form.get("on", "")
    try:
        actions.set_rsvp(access.coalition, access.user, activity, key, request.form.get("answer"))
    except Invalid as error:
        return _answer(access, activity.id, key, "rsvp", errors=error.errors, status=422)
    return _answer(access, activity.id, key, "rsvp", _("Your answer is saved."))


@bp.post("/activities/<int:activity_id>/items")
@coalition_view(need="edit")
def add_item(access, activity_id):
    """Organisers add something to bring."""
    activity, organisers = _changeable(access, activity_id)
    key = request.form.get("on", "")
    occurrence = queries.find_occurrence(activity, key)
    text = request.form.get("text", "")
    try:
        actions.add_item(access.coalition, access.user, activity, text)
    except Invalid as error:
        activity = queries.load_activity(access.coalition, activity.id)
        refused = {"errors": error.errors, "failed": "item", "item_text": text}
        return _page(access, activity, occurrence, organisers, "items", 422, **refused)
    return _answer(access, activity.id, key, "items", organisers=organisers, anchor="items")


@bp.post("/activities/<int:activity_id>/items/<int:item_id>/remove")
@coalition_view(need="edit")
def remove_item(access, activity_id, item_id):
    """Organisers take something off the list."""
    activity, organisers = _changeable(access, activity_id)
    item = queries.load_item(activity, item_id)
    key = request.form.get("on", "")
    queries.find_occurrence(activity, key)
    actions.remove_item(access.coalition, access.user, activity, item)
    return _answer(access, activity.id, key, "items", organisers=organisers)


@bp.post("/activities/<int:activity_id>/items/<int:item_id>/claim")
@coalition_view(need="member")
def claim(access, activity_id, item_id):
    """Claim (claim=1) or give back (claim=0) an item for one occurrence; 409 when taken."""
    coalition = access.coalition
    activity = queries.load_activity(coalition, activity_id)
    item = queries.load_item(activity, item_id)
    organisers = queries.organisers(activity)
    key, text = request.form.get("on", ""), item.text
    try:
        if request.form.get("claim") == "1":
            actions.claim_item(coalition, access.user, activity, item, key)
            message = _("You bring %(item)s.", item=text)
        else:
            actions.release_item(
                coalition,
                access.user,
                activity,
                item,
                key,
                lambda claim: access.may_release(claim, organisers),
            )
            message = _("%(item)s is free again.", item=text)
    except actions.Taken as taken:
        refused = {"errors": {"": taken.message}, "status": 409}
    except Invalid as error:
        refused = {"errors": error.errors, "status": 422}
    else:
        return _answer(access, activity.id, key, "items", message, organisers)
    return _answer(access, activity.id, key, "items", organisers=organisers, **refused)


@bp.get("/activities/<int:activity_id>/occurrence")
@coalition_view(need="edit")
def occurrence_form(access, activity_id):
    """Move or call off one date of a series (organisers)."""
    activity, _organisers = _changeable(access, activity_id)
    occurrence = queries.series_occurrence(activity, request.args.get("on"))
    return _occurrence_page(access, activity, occurrence, TimesInput.of(occurrence).values())


def _occurrence_page(access, activity, occurrence, values, errors=None, status=200):
    """The form for one date of a series, with what was typed and why not."""
    return render(
        "activities/occurrence.html",
        status=status,
        access=access,
        coalition=access.coalition,
        activity=activity,
        occurrence=occurrence,
        values=values,
        errors=errors or {},
    )


@bp.post("/activities/<int:activity_id>/occurrence")
@coalition_view(need="edit")
def change_occurrence(access, activity_id):
    """action=move (day, start_time, end_time), cancel or restore one date of a series."""
    coalition = access.coalition
    activity, _organisers = _changeable(access, activity_id)
    key = request.form.get("on", "")
    occurrence = queries.series_occurrence(activity, key)
    action = request.form.get("action")
    if action == "cancel":
        actions.cancel_occurrence(coalition, access.user, activity, key)
        flash(_("This date is called off; the other dates stay."))
    elif action == "restore":
        actions.restore_occurrence(coalition, access.user, activity, key)
        flash(_("This date is back as planned."))
    else:
        times = TimesInput.from_form(request.form)
        try:
            actions.move_occurrence(coalition, access.user, activity, key, times)
        except Invalid as error:
            activity = queries.load_activity(coalition, activity.id)
            return _occurrence_page(access, activity, occurrence, times.values(), error.errors, 422)
        flash(_("This date is moved; the other dates stay."))
    return redirect(_activity_url(coalition, activity.id, key), 303)


@bp.get("/activities/<int:activity_id>.ics")
@coalition_view()
def download(access, activity_id):
    """One activity (a whole series) as an .ics file, with this person's answers."""
    coalition = access.coalition
    activity = queries.load_activity(coalition, activity_id)
    now = clock.now()
    feed = queries.feed_for(access.user, [coalition.id], now, only=activity.id)
    body = ical.feed_calendar(feed, activity.title, linker({coalition.id: coalition.slug}), now)
    return ics_response(body, f"activiteit-{activity.id}.ics")
