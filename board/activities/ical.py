"""iCalendar files: one activity to download, or a person's feed of their coalitions' activities.

Times are written in Europe/Amsterdam with its VTIMEZONE, so a weekly meeting at 19:00 stays
at 19:00 in every calendar across summer time. A series is one VEVENT with an RRULE; a
cancelled occurrence is an EXDATE; a moved one, or one the person answered, is an override
with the same UID and a RECURRENCE-ID.
"""

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event

from board.activities import recurrence
from board.activities.recurrence import LOCAL, to_local
from board.labels import ACTIVITY_KIND_LABELS

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _answer_labels() -> dict:
    return {
        "yes": _("you're going"),
        "maybe": _("maybe"),
        "no": _("not going"),
    }


def rrule(activity) -> dict:
    """The activity's series as an RRULE (weekly, fortnightly, monthly on the nth weekday)."""
    start = to_local(activity.starts_at)
    if activity.recurrence == "monthly":
        n = recurrence.nth_weekday(start.date())
        rule = {"freq": "monthly", "byday": f"{n}{WEEKDAYS[start.weekday()]}"}
    else:
        rule = {"freq": "weekly", "interval": 1 if activity.recurrence == "weekly" else 2}
    if activity.repeat_until is not None:
        last = datetime.combine(activity.repeat_until, time(23, 59, 59)).replace(tzinfo=LOCAL)
        rule["until"] = last.astimezone(UTC)
    return rule


def _location(activity) -> str:
    return ", ".join(part for part in (activity.place, activity.address) if part)


def _description(activity, organisers, link: str) -> str:
    parts = []
    if activity.description:
        parts.append(activity.description)
    if organisers:
        parts.append(
            _("Organised by %(names)s", names=", ".join(u.display_name for u in organisers))
        )
    parts.append(link)
    return "\n\n".join(parts)


def _event(activity, organisers, link, now, summary, sequence, start, end) -> Event:
    event = Event()
    event.add("uid", activity.uid)
    event.add("dtstamp", now)
    event.add("created", activity.created_at)
    event.add("last-modified", activity.updated_at)
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("dtstart", to_local(start))
    event.add("dtend", to_local(end))
    if _location(activity):
        event.add("location", _location(activity))
    event.add("description", _description(activity, organisers, link))
    event.add("url", link)
    event.add("categories", [str(ACTIVITY_KIND_LABELS[activity.kind])])
    event.add("status", "CANCELLED" if activity.cancelled_at else "CONFIRMED")
    return event


def _summary(activity, answer, labels) -> str:
    if answer is None:
        return activity.title
    return f"{activity.title} ({labels[answer.answer]})"


def activity_events(activity, changes, organisers, answers, link_for, now) -> list[Event]:
    """The VEVENTs of one activity: the event or series, then its overrides.

    answers maps an occurrence name to the person's Rsvp; the SEQUENCE of an answered
    occurrence includes the answer's revision, so it rises when the answer changes.
    """
    labels = _answer_labels()
    base_sequence = activity.version - 1
    if not activity.repeats:
        answer = answers.get("")
        return [
            _event(
                activity,
                organisers,
                link_for(activity, ""),
                now,
                _summary(activity, answer, labels),
                base_sequence + (answer.revision if answer else 0),
                activity.starts_at,
                activity.ends_at,
            )
        ]
    master = _event(
        activity,
        organisers,
        link_for(activity, None),
        now,
        activity.title,
        base_sequence,
        activity.starts_at,
        activity.ends_at,
    )
    master.add("rrule", rrule(activity))
    cancelled = sorted(
        recurrence.planned(activity, recurrence.parse_key(key))[0]
        for key, change in changes.items()
        if change.cancelled and _in_series(activity, key)
    )
    if cancelled:
        master.add("exdate", [to_local(moment) for moment in cancelled])
    overrides = []
    for key in sorted(set(changes) | set(answers)):
        if not _in_series(activity, key):
            continue
        occurrence = recurrence.find_occurrence(activity, changes, key)
        if occurrence.cancelled or (not occurrence.moved and key not in answers):
            continue
        answer = answers.get(key)
        override = _event(
            activity,
            organisers,
            link_for(activity, key),
            now,
            _summary(activity, answer, labels),
            base_sequence + (answer.revision if answer else 0),
            occurrence.starts_at,
            occurrence.ends_at,
        )
        override.add("recurrence-id", to_local(occurrence.original_start))
        overrides.append(override)
    return [master, *overrides]


def _in_series(activity, key: str) -> bool:
    day = recurrence.parse_key(key)
    return day is not None and recurrence.series_dates(activity, day, day) == [day]


def calendar(name: str, components: list[Event], now: datetime) -> bytes:
    """A whole VCALENDAR with the Amsterdam VTIMEZONE, as bytes."""
    cal = Calendar()
    cal.add("prodid", "-//Buurtbord//Activiteiten//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for component in components:
        cal.add_component(component)
    first = min((c.decoded("dtstart").date() for c in components), default=now.date()) - timedelta(
        days=1
    )
    cal.add_missing_timezones(first_date=min(first, now.date()))
    return cal.to_ical()


def feed_calendar(feed, name: str, link_for, now: datetime) -> bytes:
    """A person's feed: every activity in feed with their answers in the summaries."""
    answers = defaultdict(dict)
    for (activity_id, key), rsvp in feed.answers.items():
        answers[activity_id][key] = rsvp
    components = []
    for activity in feed.activities:
        components += activity_events(
            activity,
            feed.changes.get(activity.id, {}),
            feed.organisers.get(activity.id, []),
            answers[activity.id],
            link_for,
            now,
        )
    return calendar(name, components, now)
