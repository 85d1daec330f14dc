"""iCalendar files: one activity to download, or a person's feed of their coalitions' activities.

Times are written in Europe/Amsterdam with its VTIMEZONE, so a weekly meeting at 19:00 stays
at 19:00 in every calendar across summer time. A series is one VEVENT with an RRULE; a
cancelled occurrence is an EXDATE; a moved one, or one the person answered, is an override
with the same UID and a RECURRENCE-ID.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event

from board.activities import recurrence
from board.clock import to_local
from board.labels import ACTIVITY_KIND_LABELS

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _answer_labels() -> dict:
    """A person's answer as the summary of their calendar says it."""
    return {
        "yes": _("you're going"),
        "maybe": _("maybe"),
        "no": _("not going"),
    }


def rrule(activity) -> dict:
    """The activity's series rule (recurrence.rule(), which the app expands too) as an RRULE."""
    series = recurrence.rule(activity)
    if series.byweekday is not None:
        weekday, n = series.byweekday
        rule = {"freq": series.freq, "byday": f"{n}{WEEKDAYS[weekday]}"}
    else:
        rule = {"freq": series.freq, "interval": series.interval}
    if series.until is not None:
        rule["until"] = series.until
    return rule


def _location(activity) -> str:
    """Place and address on one line."""
    return ", ".join(part for part in (activity.place, activity.address) if part)


def _description(activity, organisers, link: str) -> str:
    """The description, who organises it, and the link to its page."""
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
    """One VEVENT of the activity from start to end."""
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
    """The title, with the person's answer when they gave one."""
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
    """True when key names one of the series' original dates."""
    day = recurrence.parse_key(key)
    return day is not None and recurrence.is_series_date(activity, day)


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
