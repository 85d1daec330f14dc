"""Occurrences in Dutch wall-clock time: summer time, weekly, fortnightly and monthly series,
the last date, occurrence names, moved and cancelled occurrences (pure functions, no database)."""

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

import pytest

from board import clock
from board.activities import recurrence


def at(year, month, day, hour, minute=0):
    """Dutch wall-clock time as an aware UTC moment (like the database stores it)."""
    return datetime(year, month, day, hour, minute, tzinfo=clock.ZONE).astimezone(UTC)


def utc(year, month, day, hour, minute=0, second=0):
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def activity(starts_at, ends_at, kind="weekly", until=None):
    """An activity as recurrence sees it."""
    return SimpleNamespace(
        starts_at=starts_at,
        ends_at=ends_at,
        recurrence=kind,
        repeat_until=until,
        repeats=kind != "none",
    )


def change(starts_at, ends_at, cancelled=False):
    """An OccurrenceChange as recurrence sees it."""
    return SimpleNamespace(starts_at=starts_at, ends_at=ends_at, cancelled=cancelled)


def starts(found):
    return [o.starts_at for o in found]


def local_days(found):
    return [o.day for o in found]


# ---- summer time -----------------------------------------------------------------------------


def test_weekly_meeting_stays_at_19_00_across_the_change_to_summer_time():
    meeting = activity(at(2026, 3, 17, 19), at(2026, 3, 17, 21), "weekly")
    found = recurrence.occurrences(meeting, {}, date(2026, 3, 17), date(2026, 4, 7))
    assert starts(found) == [
        utc(2026, 3, 17, 18),
        utc(2026, 3, 24, 18),
        utc(2026, 3, 31, 17),  # summer time since Sunday 29 March
        utc(2026, 4, 7, 17),
    ]
    assert [o.ends_at for o in found] == [
        utc(2026, 3, 17, 20),
        utc(2026, 3, 24, 20),
        utc(2026, 3, 31, 19),
        utc(2026, 4, 7, 19),
    ]
    assert {(o.local_start.hour, o.local_end.hour) for o in found} == {(19, 21)}


def test_weekly_meeting_stays_at_19_00_across_the_change_to_winter_time():
    meeting = activity(at(2026, 10, 13, 19), at(2026, 10, 13, 21), "weekly")
    found = recurrence.occurrences(meeting, {}, date(2026, 10, 13), date(2026, 11, 3))
    assert starts(found) == [
        utc(2026, 10, 13, 17),
        utc(2026, 10, 20, 17),
        utc(2026, 10, 27, 18),  # winter time since Sunday 25 October
        utc(2026, 11, 3, 18),
    ]
    assert {o.local_start.strftime("%H:%M") for o in found} == {"19:00"}


def test_local_moment_refuses_the_skipped_hour_and_takes_the_first_of_the_doubled_one():
    assert clock.local_moment(date(2026, 3, 29), time(2, 30)) is None
    assert clock.local_moment(date(2026, 3, 29), time(2, 0)) is None
    assert clock.local_moment(date(2026, 3, 29), time(1, 59)) == utc(2026, 3, 29, 0, 59)
    assert clock.local_moment(date(2026, 3, 29), time(3, 0)) == utc(2026, 3, 29, 1)
    # 02:30 happens twice on 25 October; the first one is still summer time (UTC+2).
    assert clock.local_moment(date(2026, 10, 25), time(2, 30)) == utc(2026, 10, 25, 0, 30)
    assert clock.local_moment(date(2026, 10, 25), time(3, 0)) == utc(2026, 10, 25, 2)
    assert clock.local_moment(date(2026, 7, 1), time(19, 0)) == utc(2026, 7, 1, 17)
    assert clock.local_moment(date(2026, 1, 1), time(19, 0)) == utc(2026, 1, 1, 18)


def test_wall_moment_moves_a_skipped_time_forward_by_an_hour():
    moment = clock.wall_moment(date(2026, 3, 29), time(2, 30))
    assert moment == utc(2026, 3, 29, 1, 30)
    assert clock.to_local(moment).strftime("%H:%M") == "03:30"


def test_a_series_at_a_time_that_is_skipped_once_moves_forward_that_day_only():
    night = activity(at(2026, 3, 22, 2, 30), at(2026, 3, 22, 3, 15), "weekly")
    found = recurrence.occurrences(night, {}, date(2026, 3, 22), date(2026, 4, 5))
    assert [o.local_start.strftime("%d %H:%M") for o in found] == [
        "22 02:30",
        "29 03:30",
        "05 02:30",
    ]
    for occurrence in found:
        assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=45), occurrence


def test_a_series_on_the_doubled_hour_takes_the_first_one():
    night = activity(at(2026, 10, 18, 2, 30), at(2026, 10, 18, 3, 0), "weekly")
    found = recurrence.occurrences(night, {}, date(2026, 10, 25), date(2026, 10, 25))
    assert starts(found) == [utc(2026, 10, 25, 0, 30)]


def test_wall_duration_is_the_same_on_every_date():
    meeting = activity(at(2026, 3, 28, 23), at(2026, 3, 29, 1), "weekly")
    assert recurrence.wall_duration(meeting) == timedelta(hours=2)
    begin, end = recurrence.planned(meeting, date(2026, 4, 4))
    assert (begin, end) == (utc(2026, 4, 4, 21), utc(2026, 4, 4, 23))
    assert clock.to_local(end).date() == date(2026, 4, 5)


# ---- series ------------------------------------------------------------------------------------


def test_the_rule_of_a_series_is_the_one_the_feed_writes():
    start = at(2026, 1, 13, 19, 30)  # the 2nd Tuesday of January
    end = start + timedelta(hours=2)
    assert recurrence.rule(activity(start, end, "none")) is None
    assert recurrence.rule(activity(start, end, "weekly")) == recurrence.Rule(
        "weekly", 1, None, None
    )
    fortnightly = recurrence.rule(activity(start, end, "fortnightly", date(2026, 6, 30)))
    # The end of the last date in Dutch summer time, in UTC.
    assert fortnightly == recurrence.Rule("weekly", 2, None, utc(2026, 6, 30, 21, 59, 59))
    monthly = recurrence.rule(activity(start, end, "monthly"))
    assert (monthly.freq, monthly.byweekday) == ("monthly", (1, 2))
    last_thursday = recurrence.rule(activity(at(2026, 1, 29, 20), at(2026, 1, 29, 21), "monthly"))
    assert last_thursday.byweekday == (3, -1)


def test_weekly_and_fortnightly_series():
    start = at(2026, 1, 6, 19)  # a Tuesday
    weekly = activity(start, start + timedelta(hours=2), "weekly")
    fortnightly = activity(start, start + timedelta(hours=2), "fortnightly")
    window = (date(2026, 1, 1), date(2026, 2, 28))
    assert recurrence.series_dates(weekly, *window) == [
        date(2026, 1, 6) + timedelta(weeks=n) for n in range(8)
    ]
    assert recurrence.series_dates(fortnightly, *window) == [
        date(2026, 1, 6),
        date(2026, 1, 20),
        date(2026, 2, 3),
        date(2026, 2, 17),
    ]


def test_a_window_in_the_middle_of_a_series_keeps_the_series_rhythm():
    fortnightly = activity(at(2026, 1, 6, 19), at(2026, 1, 6, 21), "fortnightly")
    # 2026-05-12 is 18 weeks after the start: in the series; 05-05 and 05-19 are not.
    assert recurrence.series_dates(fortnightly, date(2026, 5, 4), date(2026, 5, 25)) == [
        date(2026, 5, 12)
    ]
    assert recurrence.series_dates(fortnightly, date(2026, 5, 13), date(2026, 5, 25)) == []
    # Nothing before the first date.
    assert recurrence.series_dates(fortnightly, date(2025, 12, 1), date(2026, 1, 5)) == []


def test_monthly_on_the_second_tuesday_stays_on_the_second_tuesday():
    start = at(2026, 1, 13, 19, 30)  # the 2nd Tuesday of January
    monthly = activity(start, start + timedelta(hours=2), "monthly")
    found = recurrence.occurrences(monthly, {}, date(2026, 1, 1), date(2026, 12, 31))
    assert local_days(found) == [
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 4, 14),
        date(2026, 5, 12),
        date(2026, 6, 9),
        date(2026, 7, 14),
        date(2026, 8, 11),
        date(2026, 9, 8),
        date(2026, 10, 13),
        date(2026, 11, 10),
        date(2026, 12, 8),
    ]
    for occurrence in found:
        assert occurrence.day.weekday() == 1 and 8 <= occurrence.day.day <= 14
        assert occurrence.local_start.strftime("%H:%M") == "19:30"


def test_monthly_from_a_fifth_weekday_means_the_last_one():
    start = at(2026, 1, 29, 20)  # the 5th (and last) Thursday of January
    assert recurrence.nth_weekday(start.date()) == -1
    monthly = activity(start, start + timedelta(hours=1), "monthly")
    found = recurrence.occurrences(monthly, {}, date(2026, 1, 1), date(2026, 6, 30))
    assert local_days(found) == [
        date(2026, 1, 29),
        date(2026, 2, 26),
        date(2026, 3, 26),
        date(2026, 4, 30),  # April has five Thursdays again
        date(2026, 5, 28),
        date(2026, 6, 25),
    ]


def test_monthly_from_a_fourth_weekday_stays_fourth_even_when_it_is_also_the_last():
    start = at(2026, 2, 24, 19)  # 4th Tuesday, and the last of February
    assert recurrence.nth_weekday(start.date()) == 4
    monthly = activity(start, start + timedelta(hours=1), "monthly")
    assert recurrence.series_dates(monthly, date(2026, 3, 1), date(2026, 3, 31)) == [
        date(2026, 3, 24)  # not the 31st, the last Tuesday of March
    ]


def test_monthly_over_the_turn_of_the_year():
    start = at(2026, 11, 2, 19)  # 1st Monday
    monthly = activity(start, start + timedelta(hours=1), "monthly")
    assert recurrence.series_dates(monthly, date(2026, 12, 1), date(2027, 2, 28)) == [
        date(2026, 12, 7),
        date(2027, 1, 4),
        date(2027, 2, 1),
    ]


@pytest.mark.parametrize(
    ("kind", "until", "expected"),
    [
        ("weekly", date(2026, 1, 27), [6, 13, 20, 27]),  # the last date itself is included
        ("weekly", date(2026, 1, 26), [6, 13, 20]),
        ("fortnightly", date(2026, 2, 3), [6, 20, 34]),
        ("weekly", date(2026, 1, 6), [6]),
    ],
)
def test_repeat_until_is_inclusive(kind, until, expected):
    series = activity(at(2026, 1, 6, 19), at(2026, 1, 6, 21), kind, until)
    days = recurrence.series_dates(series, date(2026, 1, 1), date(2026, 12, 31))
    assert days == [date(2026, 1, 6) + timedelta(days=n - 6) for n in expected]


def test_monthly_repeat_until_is_inclusive():
    start = at(2026, 1, 13, 19)
    series = activity(start, start + timedelta(hours=1), "monthly", date(2026, 3, 10))
    assert recurrence.series_dates(series, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
    ]


def test_an_open_series_is_expanded_at_most_max_occurrences():
    series = activity(at(2026, 1, 5, 19), at(2026, 1, 5, 20), "weekly")
    days = recurrence.series_dates(series, date(2026, 1, 1), date(2040, 1, 1))
    assert len(days) == recurrence.MAX_OCCURRENCES
    assert days[0] == date(2026, 1, 5)


def test_a_one_off_activity_has_one_occurrence_named_empty():
    once = activity(at(2026, 3, 31, 19), at(2026, 3, 31, 21), "none")
    assert recurrence.occurrences(once, {}, date(2026, 3, 30), date(2026, 3, 30)) == []
    [occurrence] = recurrence.occurrences(once, {}, date(2026, 3, 1), date(2026, 4, 30))
    assert occurrence.key == ""
    assert (occurrence.starts_at, occurrence.ends_at) == (
        utc(2026, 3, 31, 17),
        utc(2026, 3, 31, 19),
    )
    assert recurrence.find_occurrence(once, {}, "").starts_at == utc(2026, 3, 31, 17)
    assert recurrence.find_occurrence(once, {}, "2026-03-31") is None


def test_occurrences_of_a_series_are_named_by_their_original_iso_date():
    series = activity(at(2026, 3, 24, 19), at(2026, 3, 24, 21), "weekly")
    found = recurrence.occurrences(series, {}, date(2026, 3, 1), date(2026, 4, 7))
    assert [o.key for o in found] == ["2026-03-24", "2026-03-31", "2026-04-07"]
    assert recurrence.occurrence_key(date(2026, 4, 7)) == "2026-04-07"
    assert recurrence.find_occurrence(series, {}, "2026-03-31").starts_at == utc(2026, 3, 31, 17)


@pytest.mark.parametrize("key", ["", "2026-03-25", "2026-03-17", "20260331", "morgen", None])
def test_find_occurrence_refuses_names_that_are_not_in_the_series(key):
    series = activity(at(2026, 3, 24, 19), at(2026, 3, 24, 21), "weekly", date(2026, 4, 30))
    assert recurrence.find_occurrence(series, {}, key) is None


def test_find_occurrence_refuses_dates_after_the_last_date():
    series = activity(at(2026, 3, 24, 19), at(2026, 3, 24, 21), "weekly", date(2026, 4, 7))
    assert recurrence.find_occurrence(series, {}, "2026-04-07") is not None
    assert recurrence.find_occurrence(series, {}, "2026-04-14") is None


# ---- moved and cancelled occurrences ---------------------------------------------------------


def test_a_moved_occurrence_keeps_its_name_and_original_start():
    series = activity(at(2026, 3, 24, 19), at(2026, 3, 24, 21), "weekly", date(2026, 4, 14))
    changes = {"2026-03-31": change(at(2026, 4, 2, 20), at(2026, 4, 2, 22))}
    found = recurrence.occurrences(series, changes, date(2026, 3, 1), date(2026, 4, 30))
    assert [(o.key, o.local_start.strftime("%m-%d %H:%M"), o.moved) for o in found] == [
        ("2026-03-24", "03-24 19:00", False),
        ("2026-03-31", "04-02 20:00", True),
        ("2026-04-07", "04-07 19:00", False),
        ("2026-04-14", "04-14 19:00", False),
    ]
    moved = found[1]
    assert moved.original_start == utc(2026, 3, 31, 17)
    assert moved.ends_at == utc(2026, 4, 2, 20)


def test_a_moved_occurrence_is_found_on_its_new_day_only():
    series = activity(at(2026, 3, 24, 19), at(2026, 3, 24, 21), "weekly")
    changes = {"2026-03-31": change(at(2026, 4, 9, 19), at(2026, 4, 9, 21))}
    on_old_day = recurrence.occurrences(series, changes, date(2026, 3, 31), date(2026, 3, 31))
    assert on_old_day == []
    [on_new_day] = recurrence.occurrences(series, changes, date(2026, 4, 9), date(2026, 4, 9))
    assert on_new_day.key == "2026-03-31" and on_new_day.moved
    # Moved to before its original date (and before a window that holds the original date).
    earlier = {"2026-04-14": change(at(2026, 4, 1, 19), at(2026, 4, 1, 21))}
    in_april = recurrence.occurrences(series, earlier, date(2026, 4, 1), date(2026, 4, 10))
    assert [(o.key, o.day) for o in in_april] == [
        ("2026-04-14", date(2026, 4, 1)),
        ("2026-04-07", date(2026, 4, 7)),
    ]


def test_a_change_for_a_date_outside_the_series_is_ignored():
    series = activity(at(2026, 3, 24, 19), at(2026, 3, 24, 21), "weekly", date(2026, 4, 7))
    changes = {
        "2026-04-01": change(at(2026, 4, 2, 19), at(2026, 4, 2, 21)),  # a Wednesday
        "2026-04-14": change(at(2026, 4, 3, 19), at(2026, 4, 3, 21)),  # after the last date
        "nonsense": change(at(2026, 4, 4, 19), at(2026, 4, 4, 21)),
    }
    found = recurrence.occurrences(series, changes, date(2026, 3, 1), date(2026, 4, 30))
    assert [o.key for o in found] == ["2026-03-24", "2026-03-31", "2026-04-07"]


def test_a_cancelled_occurrence_stays_in_the_list_marked_cancelled():
    series = activity(at(2026, 3, 24, 19), at(2026, 3, 24, 21), "fortnightly", date(2026, 5, 5))
    planned = recurrence.planned(series, date(2026, 4, 7))
    changes = {"2026-04-07": change(*planned, cancelled=True)}
    found = recurrence.occurrences(series, changes, date(2026, 3, 1), date(2026, 5, 31))
    assert [(o.key, o.cancelled) for o in found] == [
        ("2026-03-24", False),
        ("2026-04-07", True),
        ("2026-04-21", False),
        ("2026-05-05", False),
    ]
    assert found[1].starts_at == utc(2026, 4, 7, 17)
    assert recurrence.find_occurrence(series, changes, "2026-04-07").cancelled


def test_a_change_back_to_the_planned_time_is_not_a_move():
    series = activity(at(2026, 3, 24, 19), at(2026, 3, 24, 21), "weekly")
    changes = {"2026-03-31": change(*recurrence.planned(series, date(2026, 3, 31)))}
    assert not recurrence.find_occurrence(series, changes, "2026-03-31").moved


def test_occurrences_are_in_time_order_with_a_moved_one_overtaking():
    series = activity(at(2026, 3, 3, 19), at(2026, 3, 3, 21), "weekly", date(2026, 3, 17))
    changes = {"2026-03-17": change(at(2026, 3, 9, 19), at(2026, 3, 9, 21))}
    found = recurrence.occurrences(series, changes, date(2026, 3, 1), date(2026, 3, 31))
    assert [o.key for o in found] == ["2026-03-03", "2026-03-17", "2026-03-10"]
    assert starts(found) == sorted(starts(found))


def test_parse_key():
    assert recurrence.parse_key("2026-12-01") == date(2026, 12, 1)
    assert recurrence.parse_key("") is None
    assert recurrence.parse_key(None) is None
    assert recurrence.parse_key("2026-13-01") is None
