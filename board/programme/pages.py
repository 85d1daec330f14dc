"""Rendering the programme's view: the figures of every coalition side by side in a period, the
months across the programme as a chart, and the same figures as CSV."""

import csv
import io
import math

from flask import make_response
from flask_babel import format_date
from flask_babel import gettext as _

from board import charts
from board.coalitions.queries import coalition_list
from board.htmx import render
from board.programme import queries
from board.pulse.items import BY_KEY, SCALE_KEYS


def period_labels() -> dict[str, str]:
    """The periods one can choose, in words."""
    return {"quarter": _("Last three months"), "half": _("Last six months"), "year": _("Last year")}


def _month_labels(when: queries.Period) -> list[str]:
    """The months of the period, short."""
    return [format_date(first, "MMM yy") for first, _start, _end in when.months]


def _months_chart(when: queries.Period, series: dict[str, list[int]]) -> charts.LineChart:
    """The programme's months as lines: cards started and finished, ideas, sessions."""
    named = {
        _("Cards started"): series["started"],
        _("Cards finished"): series["finished"],
        _("Ideas proposed"): series["proposed"],
        _("Intervision sessions"): series["sessions"],
    }
    top = max([value for values in named.values() for value in values] + [1])
    high = max(5, math.ceil(top / 5) * 5)
    return charts.line_chart(_month_labels(when), named, 0, high)


def _pulse_lines(row: queries.Figures) -> dict:
    """The dot line of each pulse question of a coalition's last wave, where it shows."""
    if row.pulse is None:
        return {}
    lines = {}
    for key, figures in row.pulse.items.items():
        if figures.total is None:
            continue
        if figures.residents is not None:
            groups = [("circle", figures.residents), ("square", figures.professionals)]
        else:
            groups = [("diamond", figures.total)]
        lines[key] = charts.dot_line(groups)
    return lines


def programme_page(period_key: str, search: str, page: int):
    """The programme's page: its months, and its coalitions (a page of them) side by side."""
    when = queries.period(period_key)
    found = coalition_list(search, page)
    rows = queries.figures(found.coalitions, when)
    return render(
        "programme/programme.html",
        when=when,
        periods=period_labels(),
        found=found,
        total=queries.coalition_count(),
        months_chart=_months_chart(when, queries.programme_months(when)),
        month_labels=_month_labels(when),
        rows=rows,
        bars={row.coalition.id: charts.stacked_bar(row.columns) for row in rows},
        pulse_lines={row.coalition.id: _pulse_lines(row) for row in rows},
        dimensions={key: BY_KEY[key].dimension for key in SCALE_KEYS},
        min_group=queries.MIN_GROUP,
    )


def _number(value, digits: int = 1) -> str:
    """A figure for the CSV: empty where it does not show."""
    return "" if value is None else f"{value:.{digits}f}"


def programme_csv(period_key: str):
    """Every coalition's figures in the period as CSV, one row per coalition."""
    when = queries.period(period_key)
    rows = queries.figures(queries.all_coalitions(), when)
    out = io.StringIO()
    writer = csv.writer(out)
    head = [
        _("Coalition"),
        _("Period from"),
        _("Cards now"),
        _("Overdue"),
        _("Cards started"),
        _("Cards finished"),
        _("Activity dates held"),
        _("Came: residents"),
        _("Came: professionals"),
        _("Ideas proposed"),
        _("Ideas chosen"),
        _("Ideas that became a card"),
        _("Voting rounds"),
        _("Turnout"),
        _("Intervision sessions"),
        _("Safe (1-5)"),
        _("Useful (1-5)"),
        _("Learning points shared"),
    ]
    head += [f"{_('Pulse')}: {BY_KEY[key].dimension}" for key in SCALE_KEYS]
    writer.writerow(head)
    for row in rows:
        line = [
            row.coalition.name,
            when.first_day.isoformat(),
            row.cards,
            row.overdue,
            sum(row.started),
            sum(row.finished),
            row.held,
            row.came.get("resident", 0),
            row.came.get("professional", 0),
            row.ideas["proposed"],
            row.ideas["chosen"],
            row.ideas["initiative"],
            row.rounds,
            _number(row.turnout * 100 if row.turnout is not None else None, 0),
            row.sessions,
            _number(row.safe),
            _number(row.useful),
            len(row.points),
        ]
        items = row.pulse.items if row.pulse else {}
        line += [_number(items[key].total) if key in items else "" for key in SCALE_KEYS]
        writer.writerow(line)
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = f"buurtbord-programma-{when.first_day.isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
