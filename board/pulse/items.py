"""The items of the collaboration pulse: the same for both sides and every coalition.

Eight statements answered from 1 to 5 (or "weet niet"), one question on the trend since the
last time, and one open question. Their first wording lives here; a changed wording is a
PulseWording row with a higher version, and a wave keeps the wording it opened with.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from board.extensions import db
from board.models.pulse import PulseWording

SCALE, TREND, OPEN = "scale", "trend", "open"
TREND_VALUES = {"worse": 1, "same": 2, "better": 3}
MIN_GROUP = 3  # figures of a group show only with this many answers or more
OPEN_MAX = 1000


@dataclass(frozen=True)
class Item:
    """One item: its key, what kind of answer it takes, the dimension it measures (a short
    name for charts and tables) and its first wording."""

    key: str
    kind: str
    dimension: object  # a lazy translation
    nl: str
    en: str


ITEMS = (
    Item(
        "trust",
        SCALE,
        _l("Trust"),
        "De anderen doen wat ze zeggen.",
        "The others do what they say.",
    ),
    Item(
        "understanding",
        SCALE,
        _l("Understanding"),
        "Ik begrijp hoe de anderen werken en waarom.",
        "I understand how the others work, and why.",
    ),
    Item(
        "goal",
        SCALE,
        _l("Shared goal"),
        "We werken aan hetzelfde doel voor de buurt.",
        "We work towards the same goal for the neighbourhood.",
    ),
    Item(
        "say",
        SCALE,
        _l("Equal say"),
        "Mijn inbreng telt even zwaar mee bij besluiten.",
        "My say counts as much as anyone's when we decide.",
    ),
    Item(
        "communication",
        SCALE,
        _l("Communication"),
        "We houden elkaar goed op de hoogte.",
        "We keep each other well informed.",
    ),
    Item(
        "safety",
        SCALE,
        _l("Safety"),
        "Ik kan moeilijke dingen bespreken.",
        "I can bring up difficult things.",
    ),
    Item(
        "roles", SCALE, _l("Roles"), "Het is duidelijk wie wat doet.", "It is clear who does what."
    ),
    Item(
        "value",
        SCALE,
        _l("Value"),
        "De samenwerking levert mij iets op.",
        "The collaboration gives me something.",
    ),
    Item(
        "trend",
        TREND,
        _l("Since last time"),
        "Vergeleken met de vorige keer: gaat de samenwerking beter, hetzelfde of slechter?",
        "Compared with last time: is the collaboration going better, the same or worse?",
    ),
    Item(
        "open",
        OPEN,
        _l("What would help"),
        "Wat zou de samenwerking beter maken?",
        "What would make the collaboration better?",
    ),
)
BY_KEY = {item.key: item for item in ITEMS}
SCALE_KEYS = tuple(item.key for item in ITEMS if item.kind == SCALE)


def current_wordings() -> list[dict]:
    """Every item with the wording people see now, in order: [{item, kind, version, nl, en}]."""
    changed = {}
    for wording in db.session.scalars(select(PulseWording).order_by(PulseWording.version)):
        changed[wording.item] = wording
    shown = []
    for item in ITEMS:
        wording = changed.get(item.key)
        shown.append(
            {
                "item": item.key,
                "kind": item.kind,
                "version": wording.version if wording else 1,
                "nl": wording.text_nl if wording else item.nl,
                "en": wording.text_en if wording else item.en,
            }
        )
    return shown


def wording(entry: dict, locale: str) -> str:
    """The wording of a wave's item in the interface's language."""
    return entry["en"] if locale == "en" else entry["nl"]
