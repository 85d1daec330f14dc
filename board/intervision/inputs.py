"""What the intervision forms submit."""

from dataclasses import dataclass, field

from board.inputs import FormInput


@dataclass
class PlanInput(FormInput):
    """A session as the facilitator plans it.

    minutes holds one value per phase of the method, in order; skip the indexes (as text) of
    the phases left out. activity_id names an intervision activity of the agenda to turn into
    this session; without it the session gets an activity of its own on day, from start to end.
    """

    method: str = ""
    day: str = ""
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    address: str = ""
    participant_ids: list[str] = field(default_factory=list)
    inbrenger_id: str = ""
    minutes: list[str] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    activity_id: str = ""


@dataclass
class NoteInput(FormInput):
    """Something a participant types in a phase: what kind of note, and its text."""

    phase: str = ""
    kind: str = ""
    body: str = ""


@dataclass
class ClosingInput(FormInput):
    """A participant's closing: a learning point, who may see it, and two ratings (1–5)."""

    learning_point: str = ""
    visibility: str = "me"
    safe: str = ""
    useful: str = ""
