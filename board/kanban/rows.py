"""Cards as the board shows them, read as plain values: a board reads hundreds of cards, and
building model objects for them would cost more than showing them."""

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import aliased

from board.extensions import db
from board.models import Initiative, User, WorkSite


class CardRow(NamedTuple):
    """What a card on the board shows: the card's own values with its checklist and comment
    counts, and the names of its work site and leads (a tuple, made from the row as read)."""

    id: int
    version: int
    title: str
    due_date: date | None
    archived_at: datetime | None
    column_id: int
    rank: int
    site: str | None  # the work site's name
    resident: str | None  # the resident lead's display name
    professional: str | None  # the professional lead's display name
    steps: int = 0  # checklist steps
    done: int = 0  # of those, done
    comments: int = 0

    dom_kind = "initiative"  # dom_id() names a card like the model it stands for


_RESIDENT, _PROFESSIONAL = aliased(User), aliased(User)


def card_rows():
    """Select cards as CardRows (see rows_of), in CardRow's order; the caller says which (of
    one coalition)."""
    return (
        select(
            Initiative.id,
            Initiative.version,
            Initiative.title,
            Initiative.due_date,
            Initiative.archived_at,
            Initiative.column_id,
            Initiative.rank,
            WorkSite.name,
            _RESIDENT.display_name,
            _PROFESSIONAL.display_name,
            Initiative.checklist_total,
            Initiative.checklist_done,
            Initiative.comment_count,
        )
        .outerjoin(WorkSite, WorkSite.id == Initiative.work_site_id)
        .outerjoin(_RESIDENT, _RESIDENT.id == Initiative.resident_lead_id)
        .outerjoin(_PROFESSIONAL, _PROFESSIONAL.id == Initiative.professional_lead_id)
    )


_row = tuple.__new__


def rows_of(query, parameters=None) -> list[CardRow]:
    """The CardRows of a card_rows query (with its parameters, if any).

    Run on the session's connection, as plain SQL: there is no model object to make, and the
    session's own bookkeeping would cost more per card than the card's markup.
    """
    result = db.session.connection().execute(query, parameters)
    return [_row(CardRow, row) for row in result]
