"""What facilitators and members do with the pulse: one function per action, each one unit of
work under the coalition's change lock (changing a wording, which belongs to no coalition,
checks the version it replaces)."""

from datetime import date, time, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from board import clock, events
from board.errors import Conflict, Invalid, NotFound
from board.events import unit_of_work
from board.extensions import db
from board.inputs import checked_text, every_problem
from board.models import Coalition, User
from board.models.pulse import PulseAnswer, PulseParticipation, PulseWave, PulseWording
from board.pulse.inputs import StepInput, WaveInput, WordingInput
from board.pulse.items import BY_KEY, OPEN, OPEN_MAX, SCALE, TREND_VALUES, current_wordings

DEFAULT_DAYS = 14
MAX_DAYS = 60
WORDING_MAX = 300
SCALE_ANSWERS = ("1", "2", "3", "4", "5")
UNKNOWN = "unknown"


def default_last_day() -> date:
    """The last day of a wave opened today, unless the facilitator picks another."""
    return clock.today() + timedelta(days=DEFAULT_DAYS - 1)


def _open_wave_of(coalition: Coalition) -> PulseWave | None:
    """The wave of the coalition that is still open, if any."""
    return db.session.scalar(
        select(PulseWave).where(
            PulseWave.coalition_id == coalition.id,
            PulseWave.closed_early_at.is_(None),
            PulseWave.closes_at > clock.now(),
        )
    )


def open_wave(coalition: Coalition, actor: User, typed: WaveInput) -> PulseWave:
    """Open a wave now, until the end of the last day chosen; one open wave at a time."""
    with events.change(coalition) as change:
        running = _open_wave_of(coalition)
        if running is not None:
            raise Invalid(
                {
                    "": _(
                        "A pulse is open already, until %(day)s. Close it first.",
                        day=format_date(running.last_day(), "d MMMM"),
                    )
                }
            )
        today = clock.today()
        last_day = clock.parse_day(typed.last_day)
        if last_day is None:
            raise Invalid({"last_day": _("Choose the last day people may answer.")})
        if not today <= last_day <= today + timedelta(days=MAX_DAYS):
            raise Invalid(
                {"last_day": _("Choose a day from today to %(days)s days ahead.", days=MAX_DAYS)}
            )
        wave = PulseWave(
            coalition_id=coalition.id,
            opens_at=clock.now(),
            closes_at=clock.wall_moment(last_day + timedelta(days=1), time(0, 0)),
            items=current_wordings(),
            opened_by_id=actor.id,
        )
        db.session.add(wave)
        db.session.flush()
        change.record(actor, "pulse.opened", wave, occurrence=last_day.isoformat())
    return wave


def close_wave(coalition: Coalition, actor: User, wave: PulseWave) -> bool:
    """Close an open wave now, so its results show; False when it was closed already."""
    with events.change(coalition, wave) as change:
        now = clock.now()
        if wave.is_closed(now):
            return False
        wave.closed_early_at = now
        change.record(actor, "pulse.closed", wave)
    return True


def checked_answer(entry: dict, typed: StepInput):
    """One screen's answer as stored in a draft: "1"–"5", "unknown", a trend word, or text.
    Invalid when it is none of the answers the item takes."""
    kind = entry["kind"]
    if kind == OPEN:
        return checked_text(typed.text, "text", OPEN_MAX)
    allowed = SCALE_ANSWERS if kind == SCALE else tuple(TREND_VALUES)
    if typed.answer not in allowed + (UNKNOWN,):
        raise Invalid({"answer": _("Choose one of the answers, or “I don’t know”.")})
    return typed.answer


def _stored(entry: dict, answer: str) -> tuple[int | None, str]:
    """(value, text) of an answer as an answer row holds it."""
    if entry["kind"] == OPEN:
        return None, answer
    if answer == UNKNOWN:
        return None, ""
    return (int(answer) if entry["kind"] == SCALE else TREND_VALUES[answer]), ""


def send(coalition: Coalition, actor: User, side: str, wave: PulseWave, draft: dict) -> None:
    """Store a member's answers to a wave, without their name, and that they took part.

    draft maps items to answers as checked_answer gives them. Every item but the open one needs
    an answer ("weet niet" is one). A wave that closed, or a second sending, is refused and
    changes nothing. The change is quiet: nobody can count answers by the coalition's change
    number while the wave is open.
    """
    entries = {entry["item"]: entry for entry in wave.items}
    with events.change(coalition, wave, quiet=True):
        if not wave.is_open(clock.now()):
            raise Invalid({"": _("This pulse is closed; answers can no longer be sent.")})
        taken = db.session.scalar(
            select(PulseParticipation.id).where(
                PulseParticipation.wave_id == wave.id, PulseParticipation.user_id == actor.id
            )
        )
        if taken is not None:
            raise Invalid({"": _("Your answers to this pulse are in already. Thank you!")})
        problems = {}
        for key, entry in entries.items():
            answer = draft.get(key) or ""
            try:
                checked_answer(entry, StepInput(item=key, answer=answer, text=answer))
            except Invalid:
                problems[key] = _("This question has no answer yet.")
        if problems:
            raise Invalid(problems)
        db.session.add(PulseParticipation(wave_id=wave.id, user_id=actor.id))
        for key, entry in entries.items():
            value, text = _stored(entry, draft.get(key, ""))
            if entry["kind"] == OPEN and not text:
                continue
            db.session.add(
                PulseAnswer(
                    coalition_id=coalition.id,
                    wave_id=wave.id,
                    item=key,
                    side=side,
                    value=value,
                    text=text,
                )
            )


def set_hidden(coalition: Coalition, wave: PulseWave, answer_id: str, hidden: bool) -> bool:
    """Hide an open answer from the results, or show it again; False when nothing changed."""
    with events.change(coalition, wave, quiet=True):
        answer = db.session.get(PulseAnswer, str(answer_id)[:32])
        if answer is None or answer.wave_id != wave.id or answer.item != "open":
            raise NotFound()
        if answer.hidden == hidden:
            return False
        answer.hidden = hidden
    return True


def change_wording(actor: User, key: str, typed: WordingInput) -> PulseWording:
    """A new wording of an item (the next version), for waves opened from now on.

    Conflict when the form showed another version than the current one (someone changed it
    meanwhile, or two people save at once).
    """
    if key not in BY_KEY:
        raise NotFound()
    texts = every_problem(
        {
            "text_nl": lambda: checked_text(
                typed.text_nl, "text_nl", WORDING_MAX, required=_("Write the Dutch wording.")
            ),
            "text_en": lambda: checked_text(
                typed.text_en, "text_en", WORDING_MAX, required=_("Write the English wording.")
            ),
        }
    )
    current = next(entry for entry in current_wordings() if entry["item"] == key)
    if typed.version != str(current["version"]):
        raise Conflict(current)
    wording = PulseWording(
        item=key,
        version=current["version"] + 1,
        text_nl=texts["text_nl"],
        text_en=texts["text_en"],
        created_by_id=actor.id,
    )
    try:
        with unit_of_work():
            db.session.add(wording)
    except IntegrityError:  # the same version saved by someone else a moment before
        db.session.rollback()
        raise Conflict(
            next(entry for entry in current_wordings() if entry["item"] == key)
        ) from None
    return wording
