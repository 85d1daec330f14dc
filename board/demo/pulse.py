"""The demo pulse: in every coalition three closed waves in which the collaboration slowly
improves (residents start lower on "equal say" and catch up), and an open wave that a few
members have answered already. Answers vary a little from person to person, the same on every
run."""

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from board import clock
from board.demo.history import then
from board.extensions import db
from board.models import Coalition, Membership, PulseWave, User
from board.pulse import actions
from board.pulse.inputs import WaveInput

CLOSED_DAYS_AGO = (150, 100, 50)  # when each closed wave opened
OPEN_DAYS_AGO = 3
DAYS_OPEN = 14
# How residents and professionals see each item in the first wave, and the rise per wave.
START = {
    "trust": (2.8, 3.4, 0.4),
    "understanding": (2.6, 3.0, 0.4),
    "goal": (3.6, 3.8, 0.2),
    "say": (2.2, 3.6, 0.5),
    "communication": (2.7, 2.9, 0.3),
    "safety": (3.0, 3.2, 0.3),
    "roles": (2.4, 2.6, 0.4),
    "value": (3.2, 3.0, 0.3),
}
WISHES = (
    "Vaker samen koffie drinken, niet alleen vergaderen.",
    "Kortere overleggen en meer samen doen in de wijk.",
    "Dat we elkaar eerder laten weten als iets niet lukt.",
    "Duidelijker wie waarover gaat bij de werkplaatsen.",
    "Dat de gemeente ook eens aanschuift.",
    "Meer bewoners uit de flats erbij betrekken.",
)
# The demo accounts one logs in with have not answered the open wave yet; the others have.
LOGINS = ("bewoner", "professional", "facilitator", "coordinator")


def _answers(rng: random.Random, side: str, wave: int, last: bool, wish: int = 0) -> dict:
    """One member's answers to one wave: near the side's level, with some spread."""
    draft = {}
    for key, (resident, professional, rise) in START.items():
        level = resident if side == "resident" else professional
        if key == "say" and side == "professional":
            rise = 0.1  # the gap on equal say closes from the residents' side
        value = round(level + rise * wave + rng.uniform(-0.7, 0.7))
        draft[key] = "unknown" if rng.random() < 0.03 else str(min(5, max(1, value)))
    draft["trend"] = (
        rng.choice(("same", "same", "better"))
        if wave == 0
        else rng.choice(("better", "better", "same", "worse" if wave == 1 else "better"))
    )
    draft["open"] = WISHES[wish % len(WISHES)] if rng.random() < (0.5 if last else 0.35) else ""
    return draft


def _members(coalition: Coalition, people: dict[str, User]) -> list[tuple[str, User, str]]:
    """(mailbox, user, side) of the coalition's demo people."""
    sides = dict(
        db.session.execute(
            select(Membership.user_id, Membership.side).where(
                Membership.coalition_id == coalition.id
            )
        ).all()
    )
    return [(name, user, sides[user.id]) for name, user in people.items()]


def _wave(coalition: Coalition, opener: User, opened: datetime) -> PulseWave:
    """A wave opened at opened, for DAYS_OPEN days."""
    with then(opened):
        last_day = clock.today() + timedelta(days=DAYS_OPEN - 1)
        wave = actions.open_wave(coalition, opener, WaveInput(last_day=last_day.isoformat()))
    return wave


def load_pulse(coalition: Coalition, people: dict[str, User]) -> int:
    """The demo waves, unless the coalition has waves; how many were made."""
    if db.session.scalar(select(PulseWave.id).where(PulseWave.coalition_id == coalition.id)):
        return 0
    now = clock.now()
    opener = people["facilitator"]
    members = _members(coalition, people)
    for number, days_ago in enumerate(CLOSED_DAYS_AGO):
        wave = _wave(coalition, opener, now - timedelta(days=days_ago))
        for index, (name, user, side) in enumerate(members):
            rng = random.Random(f"{coalition.slug}/{number}/{name}")
            with clock.pretending(wave.opens_at + timedelta(days=rng.randint(0, DAYS_OPEN - 2))):
                last = number == len(CLOSED_DAYS_AGO) - 1
                draft = _answers(rng, side, number, last, wish=index + number)
                actions.send(coalition, user, side, wave, draft)
    wave = _wave(coalition, opener, now - timedelta(days=OPEN_DAYS_AGO))
    for name, user, side in members:
        if name not in LOGINS:
            rng = random.Random(f"{coalition.slug}/open/{name}")
            actions.send(coalition, user, side, wave, _answers(rng, side, 3, last=True))
    return len(CLOSED_DAYS_AGO) + 1
