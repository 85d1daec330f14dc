"""Reading the board: columns with their first cards, what changed since a version, one card.

Every function costs a fixed number of queries whatever the size of the board: a column shows
its first PAGE_SIZE cards and loads the rest on demand.
"""

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import and_, bindparam, func, select, union_all
from sqlalchemy.orm import aliased, joinedload
from werkzeug.exceptions import NotFound

from board.coalitions.queries import one, site_by_slug
from board.extensions import db
from board.kanban.rows import CardRow, card_rows, rows_of
from board.models import (
    ChecklistItem,
    Coalition,
    Column,
    Comment,
    Event,
    Initiative,
    WorkSite,
)
from board.parsing import parse_rank
from board.verbs import VERBS

PAGE_SIZE = 50
MAX_CHANGES = 200


@dataclass
class BoardFilters:
    """What the board shows: all cards, or those of a work site, of the viewer, or matching text."""

    site: WorkSite | None = None
    mine_user_id: int | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        """True when anything narrows the board."""
        return bool(self.site or self.mine_user_id or self.text)

    @property
    def query_args(self) -> dict:
        """The filters as URL query arguments, to carry them into links."""
        args = {}
        if self.site is not None:
            args["site"] = self.site.slug
        if self.mine_user_id is not None:
            args["mine"] = "1"
        if self.text:
            args["q"] = self.text
        return args


@dataclass
class BoardColumn:
    """A column with the cards it shows, the number it holds and the number matching filters."""

    column: Column
    cards: list[CardRow] = field(default_factory=list)
    total: int = 0
    matching: int = 0

    @property
    def over_limit(self) -> bool:
        """True when the column holds more cards than its WIP limit."""
        return self.column.wip_limit is not None and self.total > self.column.wip_limit

    @property
    def has_more(self) -> bool:
        """True when more matching cards follow the ones shown."""
        return len(self.cards) < self.matching


@dataclass
class Board:
    """Everything the board page shows, loaded with a fixed number of queries."""

    columns: list[BoardColumn]
    version: int = 0


@cache
def _active_columns():
    """The statement of active_columns, built once (every board runs it)."""
    return (
        select(Column)
        .where(Column.coalition_id == bindparam("coalition_id"), Column.archived_at.is_(None))
        .order_by(Column.position, Column.id)
    )


def active_columns(coalition: Coalition) -> list[Column]:
    """The board's columns in order, archived ones left out."""
    return list(db.session.scalars(_active_columns(), {"coalition_id": coalition.id}))


# What a card shows besides its own columns, joined into every query that reads cards.
CARD_SHOWS = (
    joinedload(Initiative.work_site),
    joinedload(Initiative.resident_lead),
    joinedload(Initiative.professional_lead),
)


def _shown(coalition: Coalition, filters: BoardFilters, card=Initiative):
    """The condition for an active card of the coalition that the filters let through."""
    clauses = [card.coalition_id == coalition.id, card.archived_at.is_(None)]
    if filters.site is not None:
        clauses.append(card.work_site_id == filters.site.id)
    if filters.mine_user_id is not None:
        clauses.append(
            (card.resident_lead_id == filters.mine_user_id)
            | (card.professional_lead_id == filters.mine_user_id)
        )
    if filters.text:
        wanted = f"%{_escape_like(filters.text)}%"
        clauses.append(
            card.title.ilike(wanted, escape="\\") | card.description.ilike(wanted, escape="\\")
        )
    return and_(*clauses)


def card_row(coalition: Coalition, initiative_id: int) -> CardRow:
    """One card of the coalition as the board shows it (archived or not), or NotFound."""
    found = rows_of(
        card_rows().where(Initiative.coalition_id == coalition.id, Initiative.id == initiative_id)
    )
    if not found:
        raise NotFound()
    return found[0]


def _first_cards(shown, column_ids: list, page_size: int):
    """The first page_size cards (card_rows) of each column the condition shown lets through.

    Each column's first cards are read along the (column, rank) index, so the cost does not
    grow with the number of cards on the board. The few ids lead, joined (not "id IN …"), and
    each card is then found by its key.
    """
    firsts = [
        select(Initiative.id)
        .where(shown, Initiative.column_id == column_id)
        .order_by(Initiative.rank)
        .limit(page_size)
        .subquery()
        for column_id in column_ids
    ]
    wanted = union_all(*[select(first.c.id) for first in firsts]).subquery()
    return (
        card_rows()  # the ids are the coalition's: each first page is of its columns
        .join(wanted, wanted.c.id == Initiative.id)
        .order_by(Initiative.column_id, Initiative.rank)
    )


@cache
def _first_cards_unfiltered(columns: int, page_size: int):
    """_first_cards of a board without filters, for that many columns, with the coalition and
    the column ids as parameters (coalition_id, column_0, column_1, …): building the statement
    cost more than running it."""
    shown = and_(
        Initiative.coalition_id == bindparam("coalition_id"), Initiative.archived_at.is_(None)
    )
    return _first_cards(shown, [bindparam(f"column_{n}") for n in range(columns)], page_size)


def load_board(coalition: Coalition, filters: BoardFilters, page_size: int = PAGE_SIZE) -> Board:
    """The board as the page shows it: columns with their first cards and counts.

    Two queries whatever the size of the board, three with filters: the columns with the cards
    each holds (counted on the column), their first page_size cards with what each card shows
    (its checklist and comment counts kept on it), and with filters the matching cards counted
    per column. A column loads the rest of its cards on demand.
    """
    columns = active_columns(coalition)
    shown = _shown(coalition, filters) if filters.active else None
    cards = []
    if columns and filters.active:
        cards = rows_of(_first_cards(shown, [column.id for column in columns], page_size))
    elif columns:  # the board as most see it: one statement per number of columns, built once
        statement = _first_cards_unfiltered(len(columns), page_size)
        values = {f"column_{n}": column.id for n, column in enumerate(columns)}
        cards = rows_of(statement, {"coalition_id": coalition.id, **values})
    # Without filters every active card matches: the totals are the matching counts too.
    by_column = {
        column.id: BoardColumn(
            column,
            total=column.card_count,
            matching=0 if filters.active else column.card_count,
        )
        for column in columns
    }
    for card in cards:
        if card.column_id in by_column:
            by_column[card.column_id].cards.append(card)
    if filters.active:
        for column_id, count in db.session.execute(
            select(Initiative.column_id, func.count(Initiative.id))
            .where(shown)
            .group_by(Initiative.column_id)
        ):
            if column_id in by_column:
                by_column[column_id].matching = count
    return Board(columns=list(by_column.values()), version=coalition.event_seq)


def column_page(
    coalition: Coalition, column: Column, filters: BoardFilters, after_rank, page_size=PAGE_SIZE
) -> BoardColumn:
    """The next page_size matching cards of a column after the card with rank after_rank."""
    shown = _shown(coalition, filters)
    query = card_rows().where(shown, Initiative.column_id == column.id)
    after = parse_rank(after_rank)
    if after is not None:
        query = query.where(Initiative.rank > after)
    cards = rows_of(query.order_by(Initiative.rank).limit(page_size + 1))
    page = BoardColumn(column, cards=cards[:page_size])
    page.matching = len(page.cards) + (1 if len(cards) > page_size else 0)
    return page


@dataclass
class BoardChanges:
    """What changed on a board since a version, as the board shows it."""

    version: int
    cards: list[CardRow] = field(default_factory=list)
    positions: dict[int, int] = field(default_factory=dict)
    removed: list[int] = field(default_factory=list)
    columns: list[BoardColumn] = field(default_factory=list)
    reload: bool = False


def board_changes(coalition: Coalition, since: int, filters: BoardFilters) -> BoardChanges:
    """The cards changed after version since, their places, and the column counters.

    A fixed number of queries: the events, the changed cards, their places, their statistics,
    the columns and their counts. Column or work-site changes, or very many changes, ask the
    client to reload the board instead.
    """
    changes = BoardChanges(version=coalition.event_seq)
    rows = db.session.execute(
        select(Event.subject_type, Event.subject_id, Event.verb)
        .where(Event.coalition_id == coalition.id, Event.seq > since)
        .limit(MAX_CHANGES + 1)
    ).all()
    if len(rows) > MAX_CHANGES or any(
        VERBS[verb].reloads_board for _, _, verb in rows if verb in VERBS
    ):
        changes.reload = True
        return changes
    ids = sorted({subject_id for kind, subject_id, _ in rows if kind == "initiative"})
    columns = active_columns(coalition)
    changes.columns = [BoardColumn(c, total=c.card_count) for c in columns]
    if not ids:
        return changes
    shown = _shown(coalition, filters)
    earlier = aliased(Initiative)
    place = (
        select(func.count(earlier.id))
        .where(
            earlier.column_id == Initiative.column_id,
            earlier.rank < Initiative.rank,
            _shown(coalition, filters, card=earlier),
        )
        .correlate(Initiative)
        .scalar_subquery()
    )
    visible = dict(
        db.session.execute(select(Initiative.id, place).where(Initiative.id.in_(ids), shown)).all()
    )
    column_ids = {c.id for c in columns}
    cards = rows_of(
        card_rows().where(Initiative.coalition_id == coalition.id, Initiative.id.in_(ids))
    )
    for card in cards:
        if card.id in visible and card.column_id in column_ids:
            changes.cards.append(card)
            changes.positions[card.id] = visible[card.id]
        else:
            changes.removed.append(card.id)
    return changes


def card_changed_by_others(coalition: Coalition, initiative: Initiative, since: int, user) -> list:
    """Events on one card after version since by people other than user, newest first."""
    return list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.actor))
            .where(
                Event.coalition_id == coalition.id,
                Event.seq > since,
                Event.subject_type == "initiative",
                Event.subject_id == initiative.id,
                Event.actor_id != user.id,
            )
            .order_by(Event.seq.desc())
            .limit(5)
        )
    )


def _escape_like(text: str) -> str:
    """Escape LIKE wildcards so a search for '50%' means the text '50%'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def load_card(coalition: Coalition, initiative_id) -> Initiative:
    """One initiative of this coalition with what its card shows, or NotFound."""
    return one(coalition, Initiative, initiative_id, *CARD_SHOWS, joinedload(Initiative.column))


def checklist_of(initiative: Initiative) -> list[ChecklistItem]:
    """The checklist items of an initiative in order."""
    return list(
        db.session.scalars(
            select(ChecklistItem)
            .where(ChecklistItem.initiative_id == initiative.id)
            .order_by(ChecklistItem.position, ChecklistItem.id)
        )
    )


def comments_of(initiative: Initiative) -> list[Comment]:
    """The comments on an initiative, oldest first, authors loaded."""
    return list(
        db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.initiative_id == initiative.id)
            .order_by(Comment.created_at, Comment.id)
        )
    )


def archived_cards(coalition: Coalition) -> list[Initiative]:
    """The archived initiatives of a coalition, most recently archived first."""
    return list(
        db.session.scalars(
            select(Initiative)
            .options(*CARD_SHOWS, joinedload(Initiative.column))
            .where(Initiative.coalition_id == coalition.id, Initiative.archived_at.is_not(None))
            .order_by(Initiative.archived_at.desc())
        ).unique()
    )


def last_column_id(coalition_id: int) -> int | None:
    """The id of the coalition's last active column (where finished cards go), if any."""
    return db.session.scalar(
        select(Column.id)
        .where(Column.coalition_id == coalition_id, Column.archived_at.is_(None))
        .order_by(Column.position.desc(), Column.id.desc())
        .limit(1)
    )


def is_last_column(coalition: Coalition, column: Column) -> bool:
    """True for the board's last active column."""
    return last_column_id(coalition.id) == column.id


def position_in_column(initiative: Initiative) -> int:
    """The 0-based place of an active card in its column."""
    return db.session.scalar(
        select(func.count(Initiative.id)).where(
            Initiative.column_id == initiative.column_id,
            Initiative.archived_at.is_(None),
            Initiative.rank < initiative.rank,
        )
    )


def board_filters(coalition: Coalition, args, user) -> BoardFilters:
    """The board filters of a query string (site, mine, q); an unknown work site is ignored."""
    return BoardFilters(
        site=site_by_slug(coalition, args.get("site", "")),
        mine_user_id=user.id if args.get("mine") else None,
        text=args.get("q", "").strip()[:100],
    )
