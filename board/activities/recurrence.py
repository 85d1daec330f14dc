"""Occurrences of activities in Dutch wall-clock time: series, moved and cancelled dates.

Pure functions over model objects; nothing here touches the database. The calendar feed states
the same rules as RRULEs, and the tests check that both give the same moments.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")
# A series without an end is expanded at most this far (the upcoming list, the month view).
MAX_OCCURRENCES = 400


def to_local(moment: datetime) -> datetime:
    """A stored UTC moment in Dutch time."""
    return moment.astimezone(LOCAL)


def local_moment(day: date, at: time) -> datetime | None:
    """Day and wall-clock time in Dutch time as an aware UTC moment.

    None when that time does not exist on that day (the hour skipped on the last Sunday of
    March). A time that happens twice (the last Sunday of October) means the first of the two.
    """
    naive = datetime.combine(day, at)
    moment = naive.replace(tzinfo=LOCAL, fold=0)
    if moment.astimezone(UTC).astimezone(LOCAL).replace(tzinfo=None) != naive:
        return None
    return moment.astimezone(UTC)


def wall_moment(day: date, at: time) -> datetime:
    """Like local_moment, but a skipped time moves forward by the skipped hour, as calendars do."""
    return datetime.combine(day, at).replace(tzinfo=LOCAL, fold=0).astimezone(UTC)


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


def nth_weekday(day: date) -> int:
    """Which of its month's weekdays day is: 1 to 4, or -1 for a fifth one (then: the last)."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def _monthly_dates(first: date):
    """The same weekday in the same place of every month from first on (2nd Tuesday, last ...)."""
    n, weekday = nth_weekday(first), first.weekday()
    year, month = first.year, first.month
    while True:
        if n > 0:
            start = date(year, month, 1)
            day = start + timedelta(days=(weekday - start.weekday()) % 7 + 7 * (n - 1))
        else:
            following = date(year + month // 12, month % 12 + 1, 1)
            last = following - timedelta(days=1)
            day = last - timedelta(days=(last.weekday() - weekday) % 7)
        yield day
        month += 1
        if month == 13:
            year, month = year + 1, 1


def series_dates(activity, first: date, last: date) -> list[date]:
    """The original local dates of an activity from first to last (inclusive), in order."""
    start = to_local(activity.starts_at).date()
    end = last if activity.repeat_until is None else min(last, activity.repeat_until)
    if activity.recurrence == "none":
        return [start] if first <= start <= end else []
    found = []
    if activity.recurrence == "monthly":
        for day in _monthly_dates(start):
            if day > end or len(found) >= MAX_OCCURRENCES:
                break
            if day >= first:
                found.append(day)
        return found
    step = 7 if activity.recurrence == "weekly" else 14
    skip = max(0, (first - start).days // step)
    day = start + timedelta(days=skip * step)
    while day <= end and len(found) < MAX_OCCURRENCES:
        if day >= first:
            found.append(day)
        day += timedelta(days=step)
    return found


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
        return to_local(self.starts_at)

    @property
    def local_end(self) -> datetime:
        return to_local(self.ends_at)

    @property
    def day(self) -> date:
        return self.local_start.date()


def wall_duration(activity) -> timedelta:
    """The activity's length in wall-clock time (19:00–21:00 is two hours on every date)."""
    start, end = to_local(activity.starts_at), to_local(activity.ends_at)
    return end.replace(tzinfo=None) - start.replace(tzinfo=None)


def planned(activity, day: date) -> tuple[datetime, datetime]:
    """Start and end of a series' occurrence on day as planned (before any change)."""
    start_local = to_local(activity.starts_at)
    begin = wall_moment(day, start_local.time())
    # From the start as it falls (moved forward when its time is skipped that day), so the end
    # never comes before the start.
    naive_end = to_local(begin).replace(tzinfo=None) + wall_duration(activity)
    return begin, naive_end.replace(tzinfo=LOCAL, fold=0).astimezone(UTC)


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


def _is_series_date(activity, day: date) -> bool:
    return series_dates(activity, day, day) == [day]


def occurrences(activity, changes: dict, first: date, last: date) -> list:
    """The activity's occurrences whose (possibly moved) day lies from first to last, by time.

    changes maps an occurrence name to its OccurrenceChange. A moved occurrence is found on
    its new day, wherever its original day lies.
    """
    if not activity.repeats:
        day = to_local(activity.starts_at).date()
        if not first <= day <= last:
            return []
        return [Occurrence(activity, "", activity.starts_at, activity.ends_at, activity.starts_at)]
    found = [_apply(activity, day, changes) for day in series_dates(activity, first, last)]
    found = [o for o in found if first <= o.day <= last]
    seen = {o.key for o in found}
    for key, change in changes.items():
        day = parse_key(key)
        if key in seen or day is None or change.cancelled:
            continue
        if first <= to_local(change.starts_at).date() <= last and _is_series_date(activity, day):
            found.append(_apply(activity, day, changes))
    found.sort(key=lambda o: (o.starts_at, o.key))
    return found


def find_occurrence(activity, changes: dict, key: str):
    """The occurrence named key, or None when the activity has no such occurrence."""
    if not activity.repeats:
        if key != "":
            return None
        return Occurrence(activity, "", activity.starts_at, activity.ends_at, activity.starts_at)
    day = parse_key(key)
    if day is None or occurrence_key(day) != key or not _is_series_date(activity, day):
        return None
    return _apply(activity, day, changes)
