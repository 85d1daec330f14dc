"""The domain actions on a board: one function per thing a member does."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select, union_all, update
from sqlalchemy.orm import aliased, joinedload
from sqlalchemy.orm.exc import StaleDataError

from board import events
from board.errors import Conflict, Invalid, NotFound
from board.extensions import db
from board.models import (
    ChecklistItem,
    Coalition,
    Column,
    Comment,
    Event,
    Initiative,
    Membership,
    User,
    WorkSite,
)
from board.models.base import utcnow
from board.parsing import MAX_ID, parse_count, parse_id, parse_rank

RANK_GAP = 1 << 16
PAGE_SIZE = 50
MAX_POSITION = 1_000_000
TITLE_MAX = 200


# ---- reading -------------------------------------------------------------------------------


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
class CardStats:
    """Checklist progress and comment count of a card."""

    checklist_done: int = 0
    checklist_total: int = 0
    comments: int = 0


@dataclass
class BoardColumn:
    """A column with the cards it shows, the number it holds and the number matching filters."""

    column: Column
    cards: list[Initiative] = field(default_factory=list)
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
    stats: dict[int, CardStats]
    version: int = 0


def active_columns(coalition: Coalition) -> list[Column]:
    """The board's columns in order, archived ones left out."""
    return list(
        db.session.scalars(
            select(Column)
            .where(Column.coalition_id == coalition.id, Column.archived_at.is_(None))
            .order_by(Column.position, Column.id)
        )
    )


def _card_query(coalition: Coalition):
    """Select initiatives of a coalition with what a card shows joined in."""
    return (
        select(Initiative)
        .options(
            joinedload(Initiative.work_site),
            joinedload(Initiative.resident_lead),
            joinedload(Initiative.professional_lead),
        )
        .where(Initiative.coalition_id == coalition.id)
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
        clauses.append(card.title.ilike(f"%{_escape_like(filters.text)}%", escape="\\"))
    return and_(*clauses)


def card_stats(coalition: Coalition, initiative_ids: list[int] | None = None) -> dict:
    """Checklist progress and comment counts per initiative, in two grouped queries."""
    stats: dict[int, CardStats] = {}
    checklist = select(
        ChecklistItem.initiative_id,
        func.count(ChecklistItem.id),
        func.count(ChecklistItem.id).filter(ChecklistItem.done.is_(True)),
    ).where(ChecklistItem.coalition_id == coalition.id)
    comments = select(Comment.initiative_id, func.count(Comment.id)).where(
        Comment.coalition_id == coalition.id
    )
    if initiative_ids is not None:
        checklist = checklist.where(ChecklistItem.initiative_id.in_(initiative_ids))
        comments = comments.where(Comment.initiative_id.in_(initiative_ids))
    for initiative_id, total, done in db.session.execute(
        checklist.group_by(ChecklistItem.initiative_id)
    ):
        stats.setdefault(initiative_id, CardStats()).checklist_total = total
        stats[initiative_id].checklist_done = done
    for initiative_id, count in db.session.execute(comments.group_by(Comment.initiative_id)):
        stats.setdefault(initiative_id, CardStats()).comments = count
    return stats


def column_totals(coalition: Coalition) -> dict[int, int]:
    """How many active cards each column holds."""
    rows = db.session.execute(
        select(Initiative.column_id, func.count(Initiative.id))
        .where(Initiative.coalition_id == coalition.id, Initiative.archived_at.is_(None))
        .group_by(Initiative.column_id)
    )
    return dict(rows.all())


def load_board(coalition: Coalition, filters: BoardFilters, page_size: int = PAGE_SIZE) -> Board:
    """The board as the page shows it: columns with their first cards, counts and statistics.

    Seven queries whatever the size of the board: a column shows its first page_size cards
    and loads the rest on demand.
    """
    columns = active_columns(coalition)
    shown = _shown(coalition, filters)
    # Each column's first cards, read along the (column, rank) index: the cost does not grow
    # with the number of cards on the board.
    firsts = [
        select(Initiative.id)
        .where(shown, Initiative.column_id == column.id)
        .order_by(Initiative.rank)
        .limit(page_size)
        .subquery()
        for column in columns
    ]
    cards = []
    if firsts:
        wanted = union_all(*[select(first.c.id) for first in firsts])
        cards = db.session.scalars(
            _card_query(coalition)
            .where(Initiative.id.in_(wanted))
            .order_by(Initiative.column_id, Initiative.rank)
        ).unique()
    by_column = {column.id: BoardColumn(column) for column in columns}
    shown_ids = []
    for card in cards:
        if card.column_id in by_column:
            by_column[card.column_id].cards.append(card)
            shown_ids.append(card.id)
    matching = db.session.execute(
        select(Initiative.column_id, func.count(Initiative.id))
        .where(shown)
        .group_by(Initiative.column_id)
    )
    for column_id, count in matching:
        if column_id in by_column:
            by_column[column_id].matching = count
    for column_id, total in column_totals(coalition).items():
        if column_id in by_column:
            by_column[column_id].total = total
    return Board(
        columns=list(by_column.values()),
        stats=card_stats(coalition, shown_ids),
        version=coalition.event_seq,
    )


def column_page(
    coalition: Coalition, column: Column, filters: BoardFilters, after_rank, page_size=PAGE_SIZE
) -> BoardColumn:
    """The next page_size matching cards of a column after the card with rank after_rank."""
    shown = _shown(coalition, filters)
    query = _card_query(coalition).where(shown, Initiative.column_id == column.id)
    after = parse_rank(after_rank)
    if after is not None:
        query = query.where(Initiative.rank > after)
    cards = list(db.session.scalars(query.order_by(Initiative.rank).limit(page_size + 1)).unique())
    page = BoardColumn(column, cards=cards[:page_size])
    page.matching = len(page.cards) + (1 if len(cards) > page_size else 0)
    return page


MAX_CHANGES = 200


@dataclass
class BoardChanges:
    """What changed on a board since a version, as the board shows it."""

    version: int
    cards: list[Initiative] = field(default_factory=list)
    positions: dict[int, int] = field(default_factory=dict)
    removed: list[int] = field(default_factory=list)
    stats: dict[int, CardStats] = field(default_factory=dict)
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
        kind in ("column", "worksite") or verb == "member.removed" for kind, _, verb in rows
    ):
        changes.reload = True
        return changes
    ids = sorted({subject_id for kind, subject_id, _ in rows if kind == "initiative"})
    columns = active_columns(coalition)
    totals = column_totals(coalition)
    changes.columns = [BoardColumn(c, total=totals.get(c.id, 0)) for c in columns]
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
    cards = db.session.scalars(_card_query(coalition).where(Initiative.id.in_(ids))).unique()
    for card in cards:
        if card.id in visible and card.column_id in column_ids:
            changes.cards.append(card)
            changes.positions[card.id] = visible[card.id]
        else:
            changes.removed.append(card.id)
    changes.stats = card_stats(coalition, [card.id for card in changes.cards])
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
    initiative_id = parse_id(initiative_id)
    if initiative_id is None:
        raise NotFound()
    card = db.session.scalars(
        _card_query(coalition)
        .options(joinedload(Initiative.column))
        .where(Initiative.id == initiative_id)
        .execution_options(populate_existing=True)
    ).first()
    if card is None:
        raise NotFound()
    return card


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
            _card_query(coalition)
            .options(joinedload(Initiative.column))
            .where(Initiative.archived_at.is_not(None))
            .order_by(Initiative.archived_at.desc())
        ).unique()
    )


def members_by_side(coalition: Coalition) -> dict[str, list[User]]:
    """The coalition's members per side, by name: the people who may lead a card."""
    sides: dict[str, list[User]] = {"resident": [], "professional": []}
    rows = db.session.scalars(select(Membership).where(Membership.coalition_id == coalition.id))
    for membership in rows:
        sides.setdefault(membership.side, []).append(membership.user)
    for people in sides.values():
        people.sort(key=lambda user: user.display_name.lower())
    return sides


def active_sites(coalition: Coalition) -> list[WorkSite]:
    """The coalition's work sites that are not archived, by name."""
    return list(
        db.session.scalars(
            select(WorkSite)
            .where(WorkSite.coalition_id == coalition.id, WorkSite.archived_at.is_(None))
            .order_by(WorkSite.name)
        )
    )


# ---- changing ------------------------------------------------------------------------------


def _column_of(coalition: Coalition, column_id) -> Column:
    """An active column of this coalition, or Invalid."""
    column = db.session.get(Column, _as_id(column_id))
    if column is None or column.coalition_id != coalition.id or column.archived_at is not None:
        raise Invalid({"column_id": str(_l("Choose a column of this board."))})
    return column


def _clean_title(title: str) -> str:
    """A title stripped of outer spaces, or Invalid when empty or too long."""
    title = " ".join((title or "").split())
    if not title:
        raise Invalid({"title": str(_l("Give the initiative a title."))})
    if len(title) > TITLE_MAX:
        raise Invalid({"title": str(_l("A title can have at most 200 characters."))})
    return title


def bottom_rank(column: Column) -> int:
    """The rank for a new card at the bottom of column."""
    last = _last_rank(column)
    return 0 if last is None else last + RANK_GAP


def _last_rank(column: Column) -> int | None:
    """The highest rank of an active card in column, or None when it is empty."""
    return db.session.scalar(
        select(func.max(Initiative.rank)).where(
            Initiative.column_id == column.id, Initiative.archived_at.is_(None)
        )
    )


def create_initiative(coalition: Coalition, actor: User, column_id, title: str) -> Initiative:
    """Add a card with just a title at the bottom of a column."""
    events.begin_change(coalition.id)
    column = _column_of(coalition, column_id)
    title = _clean_title(title)
    initiative = Initiative(
        coalition_id=coalition.id,
        column_id=column.id,
        rank=bottom_rank(column),
        title=title,
        created_by_id=actor.id,
    )
    db.session.add(initiative)
    db.session.flush()
    events.record(
        coalition.id, actor, "initiative.created", initiative, title=title, column=column.name
    )
    db.session.commit()
    return initiative


@dataclass
class CardChanges:
    """The fields of the card form, as parsed by the view."""

    title: str
    description: str = ""
    work_site_id: int | None = None
    resident_lead_id: int | None = None
    professional_lead_id: int | None = None
    due_date: date | None = None


def _as_id(value) -> int:
    """An id from a form value; garbage becomes 0, which matches no row."""
    return parse_id(value) or 0


def _check_version(initiative: Initiative, expected_version) -> None:
    """Raise Conflict when the card changed since the form showed version expected_version."""
    if expected_version is None:
        return
    expected = parse_count(expected_version, MAX_ID)
    if expected is None:
        raise Invalid({"version": str(_l("The form is incomplete; reload the page."))})
    if expected != initiative.version:
        raise Conflict(initiative)


def check_lead(coalition: Coalition, user_id, side: str, field_name: str) -> int | None:
    """Check that user_id is a member of the coalition on side; return it (or None)."""
    if user_id in (None, ""):
        return None
    membership = db.session.scalar(
        select(Membership).where(
            Membership.coalition_id == coalition.id, Membership.user_id == _as_id(user_id)
        )
    )
    if membership is None or membership.side != side:
        message = (
            _l("Choose a resident who is a member of this coalition.")
            if side == "resident"
            else _l("Choose a professional who is a member of this coalition.")
        )
        raise Invalid({field_name: str(message)})
    return membership.user_id


def check_site(coalition: Coalition, site_id) -> int | None:
    """Check that site_id is an active work site of the coalition; return it (or None)."""
    if site_id in (None, ""):
        return None
    site = db.session.get(WorkSite, _as_id(site_id))
    if site is None or site.coalition_id != coalition.id or site.archived_at is not None:
        raise Invalid({"work_site_id": str(_l("Choose one of this coalition's work sites."))})
    return site.id


def update_initiative(
    coalition: Coalition,
    actor: User,
    initiative: Initiative,
    changes: CardChanges,
    expected_version,
) -> Initiative:
    """Save the card form; Conflict when someone saved in between, Invalid on bad input."""
    events.begin_change(coalition.id)
    _check_version(initiative, expected_version)
    title = _clean_title(changes.title)
    errors: dict[str, str] = {}
    values = {}
    for name, check in (
        ("work_site_id", lambda: check_site(coalition, changes.work_site_id)),
        (
            "resident_lead_id",
            lambda: check_lead(coalition, changes.resident_lead_id, "resident", "resident_lead_id"),
        ),
        (
            "professional_lead_id",
            lambda: check_lead(
                coalition, changes.professional_lead_id, "professional", "professional_lead_id"
            ),
        ),
    ):
        try:
            values[name] = check()
        except Invalid as error:
            errors.update(error.errors)
    if errors:
        raise Invalid(errors)
    initiative.title = title
    initiative.description = (changes.description or "").strip()
    initiative.work_site_id = values["work_site_id"]
    initiative.resident_lead_id = values["resident_lead_id"]
    initiative.professional_lead_id = values["professional_lead_id"]
    initiative.due_date = changes.due_date
    _touch(initiative)
    events.record(coalition.id, actor, "initiative.updated", initiative, title=title)
    _commit_card(initiative)
    return initiative


def _touch(initiative: Initiative) -> None:
    """Mark a card changed; saving it raises its version (the mapper's version counter)."""
    initiative.updated_at = utcnow()


def _commit_card(initiative: Initiative) -> None:
    """Commit a change of a card; Conflict when someone else saved the card in between."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(initiative) from None


def _neighbour_ranks(column: Column, position: int, moving_id: int) -> tuple[int | None, ...]:
    """The ranks just before and at position in column, not counting the moving card."""
    query = (
        select(Initiative.rank)
        .where(
            Initiative.column_id == column.id,
            Initiative.archived_at.is_(None),
            Initiative.id != moving_id,
        )
        .order_by(Initiative.rank)
    )
    if position == 0:
        after = db.session.scalar(query.limit(1))
        return None, after
    ranks = list(db.session.scalars(query.offset(position - 1).limit(2)))
    if not ranks:
        return _last_rank_excluding(column, moving_id), None
    if len(ranks) == 1:
        return ranks[0], None
    return ranks[0], ranks[1]


def _last_rank_excluding(column: Column, moving_id: int) -> int | None:
    """The highest rank in column, not counting the moving card."""
    return db.session.scalar(
        select(func.max(Initiative.rank)).where(
            Initiative.column_id == column.id,
            Initiative.archived_at.is_(None),
            Initiative.id != moving_id,
        )
    )


def _respace(column: Column) -> None:
    """Spread the ranks of a column evenly again; needed only when a gap is used up.

    Ranks are unique per column and checked row by row, so the cards first step aside to
    negative ranks below every current one, then take their new places.
    """
    active = (Initiative.column_id == column.id) & Initiative.archived_at.is_(None)
    rows = db.session.execute(
        select(Initiative.id, Initiative.rank).where(active).order_by(Initiative.rank)
    ).all()
    if not rows:
        return
    aside = min(rows[0].rank, 0) - len(rows) - 1
    for new_ranks in (
        [aside + i for i in range(len(rows))],
        [i * RANK_GAP for i in range(len(rows))],
    ):
        for (initiative_id, _), rank in zip(rows, new_ranks, strict=True):
            db.session.execute(
                update(Initiative)
                .where(Initiative.id == initiative_id)
                .values(rank=rank)
                .execution_options(synchronize_session=False)
            )
    db.session.expire_all()


def _rank_between(before: int | None, after: int | None) -> int | None:
    """A rank strictly between two neighbours, or None when there is no room."""
    if before is None and after is None:
        return 0
    if before is None:
        return after - RANK_GAP
    if after is None:
        return before + RANK_GAP
    if after - before < 2:
        return None
    return (before + after) // 2


def move_initiative(
    coalition: Coalition,
    actor: User,
    initiative: Initiative,
    column_id,
    position,
    expected_version=None,
) -> Initiative:
    """Put a card at position (0-based, clamped) in a column; writes the one card."""
    events.begin_change(coalition.id)
    if initiative.archived_at is not None:
        raise Invalid({"column_id": str(_l("Restore the initiative before moving it."))})
    column = _column_of(coalition, column_id)
    _check_version(initiative, expected_version)
    position = parse_count(position, MAX_POSITION) if position is not None else None
    if position is None and _is_last(coalition, column):
        position = 0  # the last column (done) keeps the most recently finished on top
    if position is None:
        before, after = _last_rank_excluding(column, initiative.id), None
    else:
        before, after = _neighbour_ranks(column, position, initiative.id)
    rank = _rank_between(before, after)
    if rank is None:
        _respace(column)
        before, after = _neighbour_ranks(column, position, initiative.id)
        rank = _rank_between(before, after)
    from_column_id = initiative.column_id
    initiative.column_id = column.id
    initiative.rank = rank
    _touch(initiative)
    events.record(
        coalition.id,
        actor,
        "initiative.moved",
        initiative,
        title=initiative.title,
        column=column.name,
        from_column_id=from_column_id,
        column_id=column.id,
    )
    _commit_card(initiative)
    return initiative


def _is_last(coalition: Coalition, column: Column) -> bool:
    """True for the board's last active column."""
    last = db.session.scalar(
        select(Column.id)
        .where(Column.coalition_id == coalition.id, Column.archived_at.is_(None))
        .order_by(Column.position.desc(), Column.id.desc())
        .limit(1)
    )
    return last == column.id


def position_in_column(initiative: Initiative) -> int:
    """The 0-based place of an active card in its column."""
    return db.session.scalar(
        select(func.count(Initiative.id)).where(
            Initiative.column_id == initiative.column_id,
            Initiative.archived_at.is_(None),
            Initiative.rank < initiative.rank,
        )
    )


def archive_initiative(coalition: Coalition, actor: User, initiative: Initiative) -> Initiative:
    """Take a card off the board; it stays in the archive and can be restored."""
    events.begin_change(coalition.id)
    if initiative.archived_at is None:
        initiative.archived_at = utcnow()
        _touch(initiative)
        events.record(
            coalition.id, actor, "initiative.archived", initiative, title=initiative.title
        )
        _commit_card(initiative)
    return initiative


def restore_initiative(coalition: Coalition, actor: User, initiative: Initiative) -> Initiative:
    """Put an archived card back at the bottom of its column (the first, if that is gone)."""
    events.begin_change(coalition.id)
    if initiative.archived_at is None:
        return initiative
    column = db.session.get(Column, initiative.column_id)
    if column.archived_at is not None:
        columns = active_columns(coalition)
        if not columns:
            raise Invalid({"": str(_l("The board has no column to restore the card to."))})
        column = columns[0]
    last = _last_rank(column)
    initiative.column_id = column.id
    initiative.rank = 0 if last is None else last + RANK_GAP
    initiative.archived_at = None
    _touch(initiative)
    events.record(coalition.id, actor, "initiative.restored", initiative, title=initiative.title)
    _commit_card(initiative)
    return initiative


def add_checklist_item(
    coalition: Coalition, actor: User, initiative: Initiative, text: str
) -> ChecklistItem:
    """Add a step at the end of a card's checklist."""
    text = " ".join((text or "").split())
    if not text:
        raise Invalid({"text": str(_l("Write what needs to be done."))})
    if len(text) > 200:
        raise Invalid({"text": str(_l("A step can have at most 200 characters."))})
    last = db.session.scalar(
        select(func.max(ChecklistItem.position)).where(ChecklistItem.initiative_id == initiative.id)
    )
    item = ChecklistItem(
        coalition_id=coalition.id,
        initiative_id=initiative.id,
        text=text,
        position=0 if last is None else last + 1,
    )
    db.session.add(item)
    db.session.flush()
    events.record(
        coalition.id, actor, "checklist.added", initiative, title=initiative.title, item=text
    )
    db.session.commit()
    return item


def set_checklist_item(
    coalition: Coalition, actor: User, item: ChecklistItem, done: bool
) -> ChecklistItem:
    """Tick an item off or reopen it; setting the state it already has changes nothing."""
    if item.done == done:
        return item
    initiative = db.session.get(Initiative, item.initiative_id)
    item.done = done
    events.record(
        coalition.id,
        actor,
        "checklist.checked" if done else "checklist.unchecked",
        initiative,
        title=initiative.title,
        item=item.text,
    )
    db.session.commit()
    return item


def remove_checklist_item(coalition: Coalition, actor: User, item: ChecklistItem) -> None:
    """Delete a step from a card's checklist."""
    initiative = db.session.get(Initiative, item.initiative_id)
    db.session.delete(item)
    events.record(
        coalition.id, actor, "checklist.removed", initiative, title=initiative.title, item=item.text
    )
    db.session.commit()


def add_comment(coalition: Coalition, actor: User, initiative: Initiative, body: str) -> Comment:
    """Add a comment to a card."""
    body = (body or "").strip()
    if not body:
        raise Invalid({"body": str(_l("Write a comment first."))})
    if len(body) > 5000:
        raise Invalid({"body": str(_l("A comment can have at most 5,000 characters."))})
    comment = Comment(
        coalition_id=coalition.id, initiative_id=initiative.id, author_id=actor.id, body=body
    )
    db.session.add(comment)
    events.record(coalition.id, actor, "comment.added", initiative, title=initiative.title)
    db.session.commit()
    return comment
