"""What the pulse pages read: the waves of a coalition, whether a member took part, and the
results of closed waves, counted in SQL however many answers (and, for the programme, however
many coalitions) there are.

Small groups stay unseen: a figure shows only when 3 or more people gave it a value. The two
sides show apart only when both reach that (otherwise the total and one side's figure would
give away the other side's few answers); else only the total shows, and with fewer than 3
values in all, nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from board import clock
from board.errors import NotFound
from board.extensions import db
from board.models import Coalition, User
from board.models.coalition import SIDES
from board.models.pulse import PulseAnswer, PulseParticipation, PulseWave
from board.parsing import parse_id
from board.pulse.items import BY_KEY, MIN_GROUP, OPEN, SCALE, TREND, TREND_VALUES

TREND_WORDS = {value: word for word, value in TREND_VALUES.items()}


def waves_of(coalition: Coalition) -> list[PulseWave]:
    """The coalition's waves, the newest first."""
    return list(
        db.session.scalars(
            select(PulseWave)
            .where(PulseWave.coalition_id == coalition.id)
            .order_by(PulseWave.opens_at.desc(), PulseWave.id.desc())
        )
    )


def load_wave(coalition: Coalition, wave_id) -> PulseWave:
    """The coalition's wave with this id, or NotFound (also for another coalition's)."""
    wave_id = parse_id(wave_id)
    wave = db.session.get(PulseWave, wave_id) if wave_id else None
    if wave is None or wave.coalition_id != coalition.id:
        raise NotFound()
    return wave


def took_part(wave_ids: list[int], user: User) -> set[int]:
    """The waves (of wave_ids) the person answered."""
    if not wave_ids:
        return set()
    return set(
        db.session.scalars(
            select(PulseParticipation.wave_id).where(
                PulseParticipation.wave_id.in_(wave_ids), PulseParticipation.user_id == user.id
            )
        )
    )


# ---- results ------------------------------------------------------------------------------------


@dataclass
class Figures:
    """One item's figures in one wave: means (None where the group is too small to show)."""

    residents: float | None = None
    professionals: float | None = None
    total: float | None = None
    counted: int = 0  # values given (not "weet niet"), both sides together

    @property
    def gap(self) -> float | None:
        """How far the two sides lie apart, where both show."""
        if self.residents is None or self.professionals is None:
            return None
        return abs(self.residents - self.professionals)


@dataclass
class Trend:
    """The trend item in one wave: how many said worse, the same, better, per group shown."""

    by_side: dict[str, dict[str, int]] | None = None  # side → word → count
    total: dict[str, int] | None = None


@dataclass
class WaveResult:
    """What a closed wave shows."""

    wave: PulseWave
    respondents: int = 0
    items: dict[str, Figures] = field(default_factory=dict)  # scale items, in order
    trend: Trend = field(default_factory=Trend)
    widest_gap: str | None = None  # the item whose sides lie furthest apart
    lowest: str | None = None  # the item with the lowest total

    @property
    def shows_anything(self) -> bool:
        """Whether any figure is big enough to show."""
        return any(figures.total is not None for figures in self.items.values())


def distributions(wave_ids: list[int]) -> dict:
    """{(wave_id, item, side): {value: count}} of every wave in wave_ids, in one query (value
    None: "weet niet")."""
    found: dict = defaultdict(dict)
    if not wave_ids:
        return found
    rows = db.session.execute(
        select(
            PulseAnswer.wave_id,
            PulseAnswer.item,
            PulseAnswer.side,
            PulseAnswer.value,
            func.count(),
        )
        .where(PulseAnswer.wave_id.in_(wave_ids), PulseAnswer.item != OPEN)
        .group_by(PulseAnswer.wave_id, PulseAnswer.item, PulseAnswer.side, PulseAnswer.value)
    )
    for wave_id, item, side, value, count in rows:
        found[(wave_id, item, side)][value] = count
    return found


def _mean(counts: dict) -> tuple[float | None, int]:
    """The mean of the values given and how many there were ("weet niet" left out)."""
    given = {value: count for value, count in counts.items() if value is not None}
    number = sum(given.values())
    if not number:
        return None, 0
    return sum(value * count for value, count in given.items()) / number, number


def figures_of(per_side: dict[str, dict]) -> Figures:
    """An item's figures from its counts per side, kept back where groups are too small."""
    means = {side: _mean(per_side.get(side, {})) for side in SIDES}
    counted = sum(number for _, number in means.values())
    total_sum = sum(mean * number for mean, number in means.values() if mean is not None)
    figures = Figures(counted=counted)
    if counted >= MIN_GROUP:
        figures.total = total_sum / counted
    if all(number >= MIN_GROUP for _, number in means.values()):
        figures.residents = means["resident"][0]
        figures.professionals = means["professional"][0]
    return figures


def _trend_of(per_side: dict[str, dict]) -> Trend:
    """The trend item's counts, per side where both sides are big enough, else in total."""
    counts = {
        side: {TREND_WORDS[v]: n for v, n in per_side.get(side, {}).items() if v is not None}
        for side in SIDES
    }
    sizes = {side: sum(words.values()) for side, words in counts.items()}
    trend = Trend()
    if sum(sizes.values()) >= MIN_GROUP:
        trend.total = {
            word: sum(counts[side].get(word, 0) for side in SIDES) for word in TREND_VALUES
        }
    if all(size >= MIN_GROUP for size in sizes.values()):
        trend.by_side = {side: {w: counts[side].get(w, 0) for w in TREND_VALUES} for side in SIDES}
    return trend


def wave_result(wave: PulseWave, found: dict) -> WaveResult:
    """A closed wave's results from distributions(); the conversation starters marked."""
    result = WaveResult(wave)
    for entry in wave.items:
        key = entry["item"]
        per_side = {side: found.get((wave.id, key, side), {}) for side in SIDES}
        if entry["kind"] == SCALE:
            result.items[key] = figures_of(per_side)
            answered = sum(sum(counts.values()) for counts in per_side.values())
            result.respondents = max(result.respondents, answered)
        elif entry["kind"] == TREND:
            result.trend = _trend_of(per_side)
    # Conversation starters, in the questionnaire's order on a tie: none when all are equal.
    gaps = [(f.gap, key) for key, f in result.items.items() if f.gap is not None]
    if gaps and max(gap for gap, _ in gaps) > 0:
        result.widest_gap = max(gaps, key=lambda pair: pair[0])[1]
    totals = [(f.total, key) for key, f in result.items.items() if f.total is not None]
    if totals and min(total for total, _ in totals) < max(total for total, _ in totals):
        result.lowest = min(totals, key=lambda pair: pair[0])[1]
    return result


def results(waves: list[PulseWave], now: datetime | None = None) -> dict[int, WaveResult]:
    """The results of the closed waves among waves, by wave id: one query."""
    now = now or clock.now()
    closed = [wave for wave in waves if wave.is_closed(now)]
    found = distributions([wave.id for wave in closed])
    return {wave.id: wave_result(wave, found) for wave in closed}


def open_answers(wave: PulseWave, with_hidden: bool) -> list[PulseAnswer]:
    """The open answers of a closed wave, in an order that says nothing about who or when (by
    their random ids); the hidden ones only for whoever may show them again."""
    query = select(PulseAnswer).where(PulseAnswer.wave_id == wave.id, PulseAnswer.item == OPEN)
    if not with_hidden:
        query = query.where(PulseAnswer.hidden.is_(False))
    return list(db.session.scalars(query.order_by(PulseAnswer.id)))


def trend_lines(results_by_wave: dict[int, WaveResult]) -> dict[str, dict]:
    """Per scale item, the residents' and professionals' figure in each closed wave, oldest
    first: {item: {"labels": [wave], "resident": [..], "professional": [..]}}."""
    ordered = sorted(results_by_wave.values(), key=lambda r: r.wave.opens_at)
    lines = {}
    for key, item in BY_KEY.items():
        if item.kind != SCALE:
            continue
        lines[key] = {
            "waves": [r.wave for r in ordered],
            "resident": [r.items.get(key, Figures()).residents for r in ordered],
            "professional": [r.items.get(key, Figures()).professionals for r in ordered],
            "total": [r.items.get(key, Figures()).total for r in ordered],
        }
    return lines
