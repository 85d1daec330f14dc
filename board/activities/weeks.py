"""The agenda's weeks and months: headings of weeks, rows grouped by week, the month asked for."""

from datetime import date, timedelta

from flask import request
from flask_babel import format_date
from flask_babel import gettext as _

from board import clock


def week_label(monday: date, today: date) -> str:
    """The heading of the week that begins on monday."""
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


def by_week(rows, today: date, newest_first: bool = False) -> list[tuple[str, list]]:
    """The agenda rows grouped by week, each group under its heading."""
    groups: dict[date, list] = {}
    for row in rows:
        day = row.occurrence.day
        groups.setdefault(day - timedelta(days=day.weekday()), []).append(row)
    mondays = sorted(groups, reverse=newest_first)
    return [(week_label(monday, today), groups[monday]) for monday in mondays]


def month_param(today: date) -> date:
    """The first day of the month asked for (?m=YYYY-MM), or of this month."""
    try:
        year, month = (int(part) for part in request.args.get("m", "").split("-"))
        if clock.FIRST_YEAR <= year <= clock.LAST_YEAR and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def shift_month(first: date, months: int) -> date:
    """The first day of the month months later (earlier when negative)."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
