"""Time as the coalitions live it: Dutch wall-clock time, stored as UTC.

Every coalition works in the Netherlands, so "today", a form's date and time, and the hour on
a page are Europe/Amsterdam; the database holds UTC. Parsing never fails on what a person
typed: it answers None, and the caller says what is wrong.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Amsterdam")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the dates a form accepts


_PRETEND: ContextVar[datetime | None] = ContextVar("pretend_now", default=None)


def now() -> datetime:
    """The current moment, timezone-aware in UTC (or the moment pretended, see below)."""
    return _PRETEND.get() or datetime.now(UTC)


@contextmanager
def pretending(moment: datetime) -> Iterator[None]:
    """Let now() answer moment inside the block: for playing the demo's history in, when a
    meeting that happened weeks ago must also have taken its hour."""
    token = _PRETEND.set(moment)
    try:
        yield
    finally:
        _PRETEND.reset(token)


def to_local(moment: datetime) -> datetime:
    """A stored UTC moment in Dutch time."""
    return moment.astimezone(ZONE)


def today() -> date:
    """Today's date in the Netherlands."""
    return to_local(now()).date()


def parse_day(value) -> date | None:
    """A date from a form (YYYY-MM-DD) from FIRST_YEAR to LAST_YEAR, or None."""
    try:
        day = date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def parse_time(value) -> time | None:
    """A wall-clock time from a form (HH:MM), seconds dropped, or None."""
    try:
        parsed = time.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    return parsed.replace(second=0, microsecond=0) if parsed.tzinfo is None else None


def local_moment(day: date, at: time) -> datetime | None:
    """Day and wall-clock time in Dutch time as an aware UTC moment.

    None when that time does not exist on that day (the hour skipped on the last Sunday of
    March). A time that happens twice (the last Sunday of October) means the first of the two.
    """
    naive = datetime.combine(day, at)
    moment = naive.replace(tzinfo=ZONE, fold=0)
    if moment.astimezone(UTC).astimezone(ZONE).replace(tzinfo=None) != naive:
        return None
    return moment.astimezone(UTC)


def wall_moment(day: date, at: time) -> datetime:
    """Like local_moment, but a skipped time moves forward by the skipped hour, as calendars do."""
    return datetime.combine(day, at).replace(tzinfo=ZONE, fold=0).astimezone(UTC)


def parse_local(value) -> datetime | None:
    """A datetime-local form value (Dutch time, FIRST_YEAR to LAST_YEAR) as UTC, or None."""
    try:
        naive = datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    if naive.tzinfo is not None or not FIRST_YEAR <= naive.year <= LAST_YEAR:
        return None
    return naive.replace(tzinfo=ZONE).astimezone(UTC)


def local_input(moment: datetime) -> str:
    """A moment as a datetime-local form value in Dutch time (what parse_local reads back)."""
    return to_local(moment).strftime("%Y-%m-%dT%H:%M")


def machine_time(moment: datetime) -> str:
    """A moment for a <time datetime=…> attribute: UTC, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
