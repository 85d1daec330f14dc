"""Occurrences of activities in Dutch wall-clock time: series, moved and cancelled dates.

A series has one rule (rule()): the calendar feed writes it as an RRULE, and the app expands
the same rule with dateutil, so both give the same dates. Pure functions over model objects;
nothing here touches the database.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import takewhile

from dateutil import rrule as dateutil_rrule

from board import clock

# A series expands to at most this many dates per window (the upcoming list, the month view).
MAX_OCCURRENCES = 400
FREQUENCIES = {"weekly": dateutil_rrule.WEEKLY, "monthly": dateutil_rrule.MONTHLY}


@dataclass(frozen=True)
class Rule:
    """A series' rule, as the feed writes it: every interval weeks, or every month on the nth
    weekday (-1: the last), until the end of the last local date (UTC; None: no end)."""

    freq: str
    interval: int
    byweekday: tuple[int, int] | None  # (weekday, n) with Monday 0, n 1–4 or -1
    until: datetime | None


def nth_weekday(day: date) -> int:
    """Which of its month's weekdays day is: 1 to 4, or -1 for a fifth one (then: the last)."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def rule(activity) -> Rule | None:
    """The activity's series rule (weekly, fortnightly, monthly on the nth weekday); None once."""
    if not activity.repeats:
        return None
    start = clock.to_local(activity.starts_at).date()
    until = None
    if activity.repeat_until is not None:
        until = clock.wall_moment(activity.repeat_until, time(23, 59, 59))
    if activity.recurrence == "monthly":
        return Rule("monthly", 1, (start.weekday(), nth_weekday(start)), until)
    return Rule("weekly", 1 if activity.recurrence == "weekly" else 2, None, until)


def _expansion(activity, series: Rule) -> dateutil_rrule.rrule:
    """The rule over local dates (midnight), starting on the activity's first local date."""
    start = clock.to_local(activity.starts_at).date()
    byweekday = None
    if series.byweekday is not None:
        weekday, n = series.byweekday
        byweekday = dateutil_rrule.weekday(weekday, n)
    until = clock.to_local(series.until).replace(tzinfo=None) if series.until else None
    return dateutil_rrule.rrule(
        FREQUENCIES[series.freq],
        dtstart=datetime.combine(start, time()),
        interval=series.interval,
        byweekday=byweekday,
        until=until,
    )


def series_dates(activity, first: date, last: date) -> list[date]:
    """The original local dates of an activity from first to last (inclusive), in order."""
    series = rule(activity)
    if series is None:
        start = clock.to_local(activity.starts_at).date()
        return [start] if first <= start <= last else []
    dates = _expansion(activity, series).xafter(
        datetime.combine(first, time()), count=MAX_OCCURRENCES, inc=True
    )
    return [moment.date() for moment in takewhile(lambda m: m.date() <= last, dates)]


def last_date_before(activity, day: date) -> date | None:
    """The series' last original date on or before day, or None."""
    found = _expansion(activity, rule(activity)).before(datetime.combine(day, time()), inc=True)
    return found.date() if found else None


def occurrence_key(day: date) -> str:
    """The name of a series' occurrence: its original local date."""
    return day.isoformat()


def parse_key(value) -> date | None:
    """A date from an occurrence name, or None (also for dates no calendar needs)."""
    try:
        day = date.fromisoformat(str(value or ""))
    except ValueError:
        return None
    return day if 1970 <= day.year <= 2200 else None


@dataclass
class Occurrence:
    """One time an activity happens (or would have happened, when cancelled)."""

    activity: object
    key: str  # "" for a one-off activity, the original local date for a series
    starts_at: datetime
    ends_at: datetime
    original_start: datetime
    moved: bool = False
    cancelled: bool = False

    @property
    def local_start(self) -> datetime:
        """The start in Dutch time."""
        return clock.to_local(self.starts_at)

    @property
    def local_end(self) -> datetime:
        """The end in Dutch time."""
        return clock.to_local(self.ends_at)

    @property
    def day(self) -> date:
        """The local date it (now) starts on."""
        return self.local_start.date()

    def is_open(self, now: datetime) -> bool:
        """Whether people may still answer and bring things: not called off, not over."""
        return self.activity.cancelled_at is None and not self.cancelled and self.ends_at > now


def once(activity) -> Occurrence:
    """The single occurrence of a one-off activity (named '')."""
    return Occurrence(activity, "", activity.starts_at, activity.ends_at, activity.starts_at)


def wall_duration(activity) -> timedelta:
    """The activity's length in wall-clock time (19:00–21:00 is two hours on every date)."""
    start, end = clock.to_local(activity.starts_at), clock.to_local(activity.ends_at)
    return end.replace(tzinfo=None) - start.replace(tzinfo=None)


def planned(activity, day: date) -> tuple[datetime, datetime]:
    """Start and end of a series' occurrence on day as planned (before any change)."""
    begin = clock.wall_moment(day, clock.to_local(activity.starts_at).time())
    # From the start as it falls (moved forward when its time is skipped that day), so the end
    # never comes before the start.
    naive_end = clock.to_local(begin).replace(tzinfo=None) + wall_duration(activity)
    return begin, clock.wall_moment(naive_end.date(), naive_end.time())


def _apply(activity, day: date, changes: dict) -> Occurrence:
    """The occurrence originally on day, with its change (moved or cancelled) applied."""
    key = occurrence_key(day)
    begin, end = planned(activity, day)
    occurrence = Occurrence(activity, key, begin, end, begin)
    change = changes.get(key)
    if change is not None:
        occurrence.cancelled = change.cancelled
        if not change.cancelled:
            occurrence.moved = (change.starts_at, change.ends_at) != (begin, end)
            occurrence.starts_at, occurrence.ends_at = change.starts_at, change.ends_at
    return occurrence


def is_series_date(activity, day: date) -> bool:
    """True when day is one of the series' original dates."""
    return series_dates(activity, day, day) == [day]


def occurrences(activity, changes: dict, first: date, last: date) -> list:
    """The activity's occurrences whose (possibly moved) day lies from first to last, by time.

    changes maps an occurrence name to its OccurrenceChange. A moved occurrence is found on
    its new day, wherever its original day lies.
    """
    if not activity.repeats:
        day = clock.to_local(activity.starts_at).date()
        return [once(activity)] if first <= day <= last else []
    found = [_apply(activity, day, changes) for day in series_dates(activity, first, last)]
    found = [o for o in found if first <= o.day <= last]
    seen = {o.key for o in found}
    for key, change in changes.items():
        day = parse_key(key)
        if key in seen or day is None or change.cancelled:
            continue
        moved_to = clock.to_local(change.starts_at).date()
        if first <= moved_to <= last and is_series_date(activity, day):
            found.append(_apply(activity, day, changes))
    found.sort(key=lambda o: (o.starts_at, o.key))
    return found


def find_occurrence(activity, changes: dict, key: str):
    """The occurrence named key, or None when the activity has no such occurrence."""
    if not activity.repeats:
        return once(activity) if key == "" else None
    day = parse_key(key)
    if day is None or occurrence_key(day) != key or not is_series_date(activity, day):
        return None
    return _apply(activity, day, changes)
