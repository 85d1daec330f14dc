"""Cards as the board shows them, read as plain values: a board reads hundreds of cards, and
building model objects for them would cost more than showing them."""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from board.extensions import db
from board.models import ChecklistItem, Comment, Initiative, User, WorkSite
from board.models.user import initials_of


@dataclass
class CardStats:
    """Checklist progress and comment count of a card."""

    checklist_done: int = 0
    checklist_total: int = 0
    comments: int = 0


@dataclass(frozen=True, slots=True)
class Named:
    """The name of a work site on a card."""

    name: str


@dataclass(frozen=True, slots=True)
class Lead:
    """A card's lead as the card shows them."""

    display_name: str

    @property
    def initials(self) -> str:
        """Up to two capitals from the name."""
        return initials_of(self.display_name)


@dataclass(frozen=True, slots=True)
class CardRow:
    """What a card on the board shows, read as plain values (no model objects: a board reads
    hundreds of cards, and building model objects would cost more than showing them)."""

    id: int
    version: int
    title: str
    due_date: date | None
    column_id: int
    rank: int
    work_site: Named | None
    resident_lead: Lead | None
    professional_lead: Lead | None
    archived_at: None = None
    dom_kind: ClassVar[str] = "initiative"


_RESIDENT, _PROFESSIONAL = aliased(User), aliased(User)


def _count(model, *where):
    """How many rows of model belong to the card in hand (a subquery per card, along the
    model's index on initiative_id)."""
    return (
        select(func.count(model.id))
        .where(model.initiative_id == Initiative.id, *where)
        .correlate(Initiative)
        .scalar_subquery()
    )


# A card's checklist steps, those done, and its comments: read with the card itself.
_STATS = (
    _count(ChecklistItem),
    _count(ChecklistItem, ChecklistItem.done.is_(True)),
    _count(Comment),
)


def card_rows():
    """Select cards as CardRow values (see rows_of); the caller says which (of one coalition)."""
    return (
        select(
            Initiative.id,
            Initiative.version,
            Initiative.title,
            Initiative.due_date,
            Initiative.column_id,
            Initiative.rank,
            WorkSite.name,
            _RESIDENT.display_name,
            _PROFESSIONAL.display_name,
            *_STATS,
        )
        .outerjoin(WorkSite, WorkSite.id == Initiative.work_site_id)
        .outerjoin(_RESIDENT, _RESIDENT.id == Initiative.resident_lead_id)
        .outerjoin(_PROFESSIONAL, _PROFESSIONAL.id == Initiative.professional_lead_id)
    )


def _shared(kept: dict, kind, name: str | None):
    """kind(name), one for each name (kept in kept), or None without a name."""
    if name is None:
        return None
    value = kept.get(name)
    if value is None:
        value = kept[name] = kind(name)
    return value


def rows_of(query, parameters=None) -> tuple[list[CardRow], dict[int, CardStats]]:
    """The CardRows of a card_rows query (with its parameters, if any), and the statistics of
    those that have some."""
    cards, stats = [], {}
    # A few people lead many cards, a few sites hold them: one value for each.
    leads: dict[str, Lead] = {}
    sites: dict[str, Named] = {}
    for row in db.session.execute(query, parameters):
        # The card's own values in CardRow's order, then what is joined and counted.
        *own, site, resident, professional, steps, done, comments = row
        card = CardRow(
            *own,
            _shared(sites, Named, site),
            _shared(leads, Lead, resident),
            _shared(leads, Lead, professional),
        )
        cards.append(card)
        if steps or comments:
            stats[card.id] = CardStats(
                checklist_done=done, checklist_total=steps, comments=comments
            )
    return cards, stats
