"""What the pulse forms submit."""

from dataclasses import dataclass

from board.inputs import FormInput


@dataclass
class WaveInput(FormInput):
    """A wave as a facilitator opens it: the last day people may answer."""

    last_day: str = ""


@dataclass
class StepInput(FormInput):
    """One screen of the pulse: which item, and the answer (a value, "unknown" or text)."""

    item: str = ""
    answer: str = ""
    text: str = ""


@dataclass
class WordingInput(FormInput):
    """A new wording of an item, in both languages, from a form that showed version."""

    text_nl: str = ""
    text_en: str = ""
    version: str = ""
