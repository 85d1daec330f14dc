"""What the forms of ideas and voting rounds submit."""

from dataclasses import dataclass, field

from board.inputs import FormInput


@dataclass
class IdeaInput(FormInput):
    """An idea's text and work site, as proposed or changed, and the version the form showed."""

    title: str = ""
    description: str = ""
    work_site_id: str = ""
    version: str = ""


@dataclass
class RoundInput(FormInput):
    """The rules a coordinator sets for a voting round (times in Dutch time)."""

    title: str = ""
    dots_per_member: str = "3"
    allow_stacking: bool = True
    opens_at: str = ""
    closes_at: str = ""
    idea_ids: list[str] = field(default_factory=list)
