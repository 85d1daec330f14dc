"""What members do on the board: one function per action, each one unit of work."""

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from board import clock, events
from board.coalitions.queries import check_lead, check_site
from board.errors import Invalid
from board.extensions import db
from board.inputs import checked_text, every_problem
from board.kanban import ranks
from board.kanban.inputs import CardInput, MoveInput
from board.kanban.queries import active_columns, is_last_column
from board.models import ChecklistItem, Coalition, Column, Comment, Initiative, User
from board.parsing import parse_id

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
STEP_MAX = 200
COMMENT_MAX = 5_000


def _column_of(coalition: Coalition, column_id) -> Column:
    """An active column of this coalition, or Invalid."""
    column = db.session.get(Column, parse_id(column_id) or 0)
    if column is None or column.coalition_id != coalition.id or column.archived_at is not None:
        raise Invalid({"column_id": _("Choose a column of this board.")})
    return column


def _title(value: str) -> str:
    """A card's title with its spaces folded; Invalid when empty or too long."""
    return checked_text(
        value, "title", TITLE_MAX, required=_("Give the initiative a title."), one_line=True
    )


def _touch(initiative: Initiative) -> None:
    """Mark a card changed; saving it raises its version (the mapper's version counter)."""
    initiative.updated_at = clock.now()


def create_initiative(coalition: Coalition, actor: User, column_id, title: str) -> Initiative:
    """Add a card with just a title at the bottom of a column."""
    with events.change(coalition) as change:
        column = _column_of(coalition, column_id)
        initiative = Initiative(
            coalition_id=coalition.id,
            column_id=column.id,
            rank=ranks.bottom_rank(column),
            title=_title(title),
            created_by_id=actor.id,
        )
        db.session.add(initiative)
        cards_entered(column.id)
        change.record(
            actor, "initiative.created", initiative, title=initiative.title, column=column.name
        )
    return initiative


def _checked_card(coalition: Coalition, card: CardInput) -> dict:
    """The card form as values to store; Invalid with every problem at once."""
    return every_problem(
        {
            "title": lambda: _title(card.title),
            "description": lambda: checked_text(card.description, "description", DESCRIPTION_MAX),
            "work_site_id": lambda: check_site(coalition, card.work_site_id),
            "resident_lead_id": lambda: check_lead(
                coalition, card.resident_lead_id, "resident", "resident_lead_id"
            ),
            "professional_lead_id": lambda: check_lead(
                coalition, card.professional_lead_id, "professional", "professional_lead_id"
            ),
            "due_date": lambda: _due_date(card.due_date),
        }
    )


def _due_date(value: str):
    """A due date from the form (empty: none); Invalid outside 2000–2100."""
    if not (value or "").strip():
        return None
    day = clock.parse_day(value)
    if day is None:
        raise Invalid({"due_date": _("Give a date between 2000 and 2100, or leave it empty.")})
    return day


def update_initiative(
    coalition: Coalition, actor: User, initiative: Initiative, card: CardInput
) -> Initiative:
    """Save the card form; Conflict when someone saved in between, Invalid on bad input."""
    with events.change(coalition, initiative) as change:
        events.check_version(initiative, card.version)
        for name, value in _checked_card(coalition, card).items():
            setattr(initiative, name, value)
        _touch(initiative)
        change.record(actor, "initiative.updated", initiative, title=initiative.title)
    return initiative


def move_initiative(
    coalition: Coalition, actor: User, initiative: Initiative, move: MoveInput
) -> Initiative:
    """Put a card at a position (0-based, clamped) in a column; writes the one card.

    Without a version the card moves wherever it is now (the demo, a script); with one, a
    card that someone else changed or moved meanwhile is a Conflict.
    """
    with events.change(coalition, initiative) as change:
        if initiative.archived_at is not None:
            raise Invalid({"column_id": _("Restore the initiative before moving it.")})
        column = _column_of(coalition, move.column_id)
        if move.version:
            events.check_version(initiative, move.version)
        position = move.target
        if position is None and is_last_column(coalition, column):
            position = 0  # the last column (done) keeps the most recently finished on top
        rank = ranks.rank_at(column, position, initiative.id)
        from_column_id = initiative.column_id
        initiative.column_id, initiative.rank = column.id, rank
        if from_column_id != column.id:
            cards_entered(from_column_id, -1)
            cards_entered(column.id)
        _touch(initiative)
        change.record(
            actor,
            "initiative.moved",
            initiative,
            title=initiative.title,
            column=column.name,
            from_column_id=from_column_id,
            column_id=column.id,
        )
    return initiative


def archive_initiative(coalition: Coalition, actor: User, initiative: Initiative) -> Initiative:
    """Take a card off the board; it stays in the archive and can be restored."""
    with events.change(coalition, initiative) as change:
        if initiative.archived_at is None:
            initiative.archived_at = clock.now()
            cards_entered(initiative.column_id, -1)
            _touch(initiative)
            change.record(actor, "initiative.archived", initiative, title=initiative.title)
    return initiative


def restore_initiative(coalition: Coalition, actor: User, initiative: Initiative) -> Initiative:
    """Put an archived card back at the bottom of its column (the first, if that is gone)."""
    with events.change(coalition, initiative) as change:
        if initiative.archived_at is None:
            return initiative
        column = db.session.get(Column, initiative.column_id)
        if column.archived_at is not None:
            columns = active_columns(coalition)
            if not columns:
                raise Invalid({"": _("The board has no column to restore the card to.")})
            column = columns[0]
        initiative.column_id = column.id
        initiative.rank = ranks.bottom_rank(column)
        initiative.archived_at = None
        cards_entered(column.id)
        _touch(initiative)
        change.record(actor, "initiative.restored", initiative, title=initiative.title)
    return initiative


def _add_to_counts(model, row_id: int, **steps: int) -> None:
    """Move counts kept on a row of model by steps, in one UPDATE of its table. For a card
    that UPDATE leaves its version alone: a step ticked or a comment added is no edit of the
    card, and must not turn someone's open edit of it into a conflict. Runs inside a change,
    under the coalition's lock, so counts never race."""
    table = model.__table__
    # Nothing pending is flushed first: a card changed in the same change is written once, at
    # its end, so its version moves on once.
    with db.session.no_autoflush:
        db.session.execute(
            update(table)
            .where(table.c.id == row_id)
            .values({name: table.c[name] + step for name, step in steps.items()})
        )


def _count_on_card(initiative_id: int, **steps: int) -> None:
    """Move a card's counts (checklist_total, checklist_done, comment_count) by steps."""
    _add_to_counts(Initiative, initiative_id, **steps)


def cards_entered(column_id: int, step: int = 1) -> None:
    """step more active cards in a column (fewer, when step is negative)."""
    _add_to_counts(Column, column_id, card_count=step)


def add_checklist_item(
    coalition: Coalition, actor: User, initiative: Initiative, text: str
) -> ChecklistItem:
    """Add a step at the end of a card's checklist."""
    text = checked_text(
        text, "text", STEP_MAX, required=_("Write what needs to be done."), one_line=True
    )
    with events.change(coalition) as change:
        last = db.session.scalar(
            select(func.max(ChecklistItem.position)).where(
                ChecklistItem.initiative_id == initiative.id
            )
        )
        item = ChecklistItem(
            coalition_id=coalition.id,
            initiative_id=initiative.id,
            text=text,
            position=0 if last is None else last + 1,
        )
        db.session.add(item)
        _count_on_card(initiative.id, checklist_total=1)
        change.record(actor, "checklist.added", initiative, title=initiative.title, item=text)
    return item


def set_checklist_item(
    coalition: Coalition, actor: User, item: ChecklistItem, done: bool
) -> ChecklistItem:
    """Tick an item off or reopen it; setting the state it already has changes nothing."""
    with events.change(coalition, item) as change:
        if item.done != done:
            initiative = db.session.get(Initiative, item.initiative_id)
            item.done = done
            _count_on_card(initiative.id, checklist_done=1 if done else -1)
            change.record(
                actor,
                "checklist.checked" if done else "checklist.unchecked",
                initiative,
                title=initiative.title,
                item=item.text,
            )
    return item


def remove_checklist_item(coalition: Coalition, actor: User, item: ChecklistItem) -> None:
    """Delete a step from a card's checklist."""
    with events.change(coalition, item) as change:
        initiative = db.session.get(Initiative, item.initiative_id)
        db.session.delete(item)
        _count_on_card(initiative.id, checklist_total=-1, checklist_done=-1 if item.done else 0)
        change.record(
            actor, "checklist.removed", initiative, title=initiative.title, item=item.text
        )


def add_comment(coalition: Coalition, actor: User, initiative: Initiative, body: str) -> Comment:
    """Add a comment to a card."""
    body = checked_text(body, "body", COMMENT_MAX, required=_("Write a comment first."))
    with events.change(coalition) as change:
        comment = Comment(
            coalition_id=coalition.id, initiative_id=initiative.id, author_id=actor.id, body=body
        )
        db.session.add(comment)
        _count_on_card(initiative.id, comment_count=1)
        change.record(actor, "comment.added", initiative, title=initiative.title)
    return comment
