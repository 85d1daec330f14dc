"""What the board's forms submit."""

from dataclasses import dataclass

from board.inputs import FormInput
from board.parsing import parse_count

MAX_POSITION = 1_000_000


@dataclass
class CardInput(FormInput):
    """Everything about a card that its detail page edits, and the version it showed."""

    title: str = ""
    description: str = ""
    work_site_id: str = ""
    resident_lead_id: str = ""
    professional_lead_id: str = ""
    due_date: str = ""
    version: str = ""


@dataclass
class MoveInput(FormInput):
    """Where a card goes: a column, and a 'position' (0-based, from dragging) or a 'place'
    (1-based, typed in the move form); neither means the bottom (the top of the last column)."""

    column_id: str = ""
    position: str = ""
    place: str = ""
    version: str = ""

    @property
    def target(self) -> int | None:
        """The 0-based position asked for, or None."""
        for raw, offset in ((self.position, 0), (self.place, 1)):
            if raw.strip():
                number = parse_count(raw, MAX_POSITION)
                return None if number is None else max(0, number - offset)
        return None
