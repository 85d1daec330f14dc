"""Rendering the pulse's pages: the pulse of a coalition (what is open, the results of a closed
wave, the trend across waves), one question per screen, and the review before sending."""

from flask import url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from board import charts, clock
from board.htmx import render
from board.pulse import queries
from board.pulse.actions import OPEN_MAX, default_last_day
from board.pulse.items import BY_KEY, OPEN, SCALE, TREND, wording


def scale_words() -> list[str]:
    """The words of the answers 1 to 5 ("Klopt dit voor jou?")."""
    return [_("Not at all"), _("Not really"), _("Partly"), _("Mostly"), _("Completely")]


def trend_words() -> dict[str, str]:
    """The words of the trend item's answers, from better to worse."""
    return {"better": _("Better"), "same": _("The same"), "worse": _("Worse")}


def answer_word(entry: dict, answer: str) -> str:
    """What an answer in a draft says, in words."""
    if answer == "unknown":
        return _("I don’t know")
    if entry["kind"] == SCALE:
        return scale_words()[int(answer) - 1]
    if entry["kind"] == TREND:
        return trend_words()[answer]
    return answer or _("(nothing)")


def wave_label(wave) -> str:
    """A wave by the day it opened, short (in charts and lists)."""
    return format_date(clock.to_local(wave.opens_at).date(), "d MMM yy")


def pulse_url(coalition, wave=None) -> str:
    """The pulse page, or one wave's results."""
    if wave is None:
        return url_for("pulse.pulse", slug=coalition.slug)
    return url_for("pulse.wave", slug=coalition.slug, wave_id=wave.id)


def _dots(figures) -> charts.DotLine:
    """An item's figures on a 1–5 line: both sides where they show, else the total."""
    if figures.residents is not None:
        return charts.dot_line([("circle", figures.residents), ("square", figures.professionals)])
    return charts.dot_line([("diamond", figures.total)])


def _trend_charts(results: dict) -> list:
    """Per dimension a small chart of both sides and everyone across the closed waves."""
    if len(results) < 2:
        return []
    found = []
    for key, line in queries.trend_lines(results).items():
        if not any(value is not None for value in line["total"]):
            continue
        labels = [wave_label(wave) for wave in line["waves"]]
        series = {
            _("Residents"): line["resident"],
            _("Professionals"): line["professional"],
            _("Everyone"): line["total"],
        }
        found.append((key, BY_KEY[key].dimension, charts.line_chart(labels, series, 1, 5)))
    return found


def pulse_page(access, wave=None, errors=None, values=None, status=200, draft=None):
    """The pulse of the coalition: the wave that is open (answer it, or close it), the results
    of the chosen closed wave (the last one unless wave is given), the trend and older waves."""
    coalition, now = access.coalition, clock.now()
    waves = queries.waves_of(coalition)
    running = next((w for w in waves if not w.is_closed(now)), None)
    results = queries.results(waves, now)
    shown = wave if wave is not None else next((w for w in waves if w.id in results), None)
    result = results.get(shown.id) if shown is not None else None
    answered = queries.took_part([running.id], access.user) if running else set()
    open_answers = []
    if result is not None and access.is_member and result.respondents >= queries.MIN_GROUP:
        open_answers = queries.open_answers(shown, with_hidden=access.is_facilitator)
    return render(
        "pulse/pulse.html",
        status=status,
        access=access,
        coalition=coalition,
        running=running,
        running_last_day=running.last_day() if running else None,
        answered=running is not None and running.id in answered,
        # "Carry on where you were" only for unsent answers to the wave open now.
        has_draft=bool(
            running and draft and draft.get("wave") == running.id and draft.get("answers")
        ),
        wave_page=wave is not None,
        failed_form=bool(errors),
        shown=shown,
        result=result,
        with_sides=bool(result) and any(f.residents is not None for f in result.items.values()),
        dimensions={key: item.dimension for key, item in BY_KEY.items()},
        dots={key: _dots(figures) for key, figures in result.items.items()} if result else {},
        open_answers=open_answers,
        trend_charts=_trend_charts(results) if wave is None else [],
        closed_waves=[w for w in waves if w.id in results],
        values=values or {"last_day": default_last_day().isoformat()},
        errors=errors or {},
        wording=wording,
        trend_words=trend_words(),
        min_group=queries.MIN_GROUP,
    )


def step_page(access, wave, step: int, draft: dict, errors=None, status=200, then=""):
    """One question of the wave on a screen of its own, with what was answered before."""
    entry = wave.items[step]
    return render(
        "pulse/step.html",
        status=status,
        access=access,
        coalition=access.coalition,
        wave=wave,
        step=step,
        entry=entry,
        text=wording(entry, _locale()),
        chosen=draft.get(entry["item"], ""),
        errors=errors or {},
        then=then,
        scale_words=scale_words(),
        trend_words=trend_words(),
        open_max=OPEN_MAX,
        OPEN=OPEN,
    )


def review_page(access, wave, draft: dict, errors=None, status=200):
    """Every answer of the draft with a way to change it, and the button that sends them."""
    rows = [
        (
            index,
            entry,
            wording(entry, _locale()),
            answer_word(entry, draft[entry["item"]]) if entry["item"] in draft else None,
        )
        for index, entry in enumerate(wave.items)
    ]
    return render(
        "pulse/review.html",
        status=status,
        access=access,
        coalition=access.coalition,
        wave=wave,
        rows=rows,
        errors=errors or {},
    )


def _locale() -> str:
    """The interface's language now."""
    return str(get_locale() or "nl")
