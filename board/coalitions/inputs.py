"""What the forms of a coalition's members and settings pages, and the admin's, submit."""

from dataclasses import dataclass

from board.inputs import FormInput


@dataclass
class CoalitionInput(FormInput):
    """A new coalition: its name, web address (empty: made from the name), word for a work site
    and aim."""

    name: str = ""
    slug: str = ""
    site_kind: str = "werkplaats"
    aim: str = ""


@dataclass
class InviteInput(FormInput):
    """An invite link: the role and side it gives, and a note for the coordinator."""

    role: str = ""
    side: str = ""
    note: str = ""


@dataclass
class MemberInput(FormInput):
    """A member's role and side."""

    role: str = ""
    side: str = ""


@dataclass
class OrganisationInput(FormInput):
    """A partner organisation: its name and kind."""

    name: str = ""
    kind: str = ""


@dataclass
class ColumnInput(FormInput):
    """A board column: its name and WIP limit (empty: none)."""

    name: str = ""
    wip_limit: str = ""
