"""Board rules: creating, moving, editing, archiving cards; checklists and comments."""

import pytest
from sqlalchemy import func, select

from board.coalitions.actions import archive_column
from board.coalitions.queries import active_sites
from board.errors import Conflict, Invalid
from board.extensions import db
from board.kanban import actions, queries
from board.kanban.inputs import CardInput, MoveInput
from board.models import Event, Initiative
from tests.conftest import attached


@pytest.fixture
def board(world, app_ctx):
    """A coalition, two of its members (one per side) and its columns."""
    coalition = attached(world.coalition())
    resident = world.person(coalition, side="resident", name="Anna de Vries")
    professional = world.person(coalition, side="professional", name="Bram Jansen")
    columns = queries.active_columns(coalition)
    return coalition, attached(resident), attached(professional), columns


def titles_in(column):
    """The titles of a column's active cards, top to bottom."""
    return list(
        db.session.scalars(
            select(Initiative.title)
            .where(Initiative.column_id == column.id, Initiative.archived_at.is_(None))
            .order_by(Initiative.rank)
        )
    )


def move(coalition, actor, card, column_id, position="", version=""):
    """Move card as the move form would, to a 0-based position (empty: the bottom)."""
    move_to = MoveInput(column_id=str(column_id), position=str(position), version=version)
    return actions.move_initiative(coalition, actor, card, move_to)


def save(coalition, actor, card, version=None, **fields):
    """Save the card form with fields (ids as the form sends them) and the version it showed."""
    form = {name: str(value) for name, value in fields.items()}
    shown = str(card.version if version is None else version)
    return actions.update_initiative(coalition, actor, card, CardInput(version=shown, **form))


def make_cards(coalition, actor, column, *titles):
    """Create cards with these titles at the bottom of column."""
    return [actions.create_initiative(coalition, actor, column.id, t) for t in titles]


def test_default_columns_are_the_four_stages(board):
    coalition, resident, _, columns = board
    assert [c.name for c in columns] == ["Verkennen", "Voorbereiden", "Uitvoeren", "Afgerond"]


def test_new_cards_go_to_the_bottom_and_record_an_event(board):
    coalition, resident, _, columns = board
    make_cards(coalition, resident, columns[0], "Buurtkamer", "Koffieochtend")
    assert titles_in(columns[0]) == ["Buurtkamer", "Koffieochtend"]
    event = db.session.scalars(select(Event).order_by(Event.id.desc())).first()
    assert event.verb == "initiative.created"
    assert event.payload == {"title": "Koffieochtend", "column": "Verkennen"}


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_card_needs_a_reasonable_title(board, title):
    coalition, resident, _, columns = board
    with pytest.raises(Invalid) as error:
        actions.create_initiative(coalition, resident, columns[0].id, title)
    assert "title" in error.value.errors
    assert titles_in(columns[0]) == []


def test_a_card_cannot_be_added_to_another_coalitions_column(board, world):
    coalition, resident, _, columns = board
    other = attached(world.coalition("wageningen", "Wageningen De Nude", sites=()))
    foreign_column = queries.active_columns(other)[0]
    with pytest.raises(Invalid):
        actions.create_initiative(coalition, resident, foreign_column.id, "Stiekem")
    assert titles_in(foreign_column) == []


def test_move_within_and_between_columns_keeps_order(board):
    coalition, resident, _, columns = board
    a, b, c = make_cards(coalition, resident, columns[0], "A", "B", "C")
    move(coalition, resident, c, columns[0].id, position="0")
    assert titles_in(columns[0]) == ["C", "A", "B"]
    move(coalition, resident, a, columns[0].id, position="99")
    assert titles_in(columns[0]) == ["C", "B", "A"]
    move(coalition, resident, b, columns[2].id, position="0")
    assert titles_in(columns[0]) == ["C", "A"]
    assert titles_in(columns[2]) == ["B"]
    move(coalition, resident, c, columns[2].id, position="1")
    assert titles_in(columns[2]) == ["B", "C"]
    move(coalition, resident, a, columns[2].id, position="1")
    assert titles_in(columns[2]) == ["B", "A", "C"]


def test_move_without_position_puts_the_card_at_the_bottom(board):
    coalition, resident, _, columns = board
    a, b = make_cards(coalition, resident, columns[1], "A", "B")
    move(coalition, resident, a, columns[1].id)
    assert titles_in(columns[1]) == ["B", "A"]


def test_repeated_moves_into_one_gap_stay_ordered(board):
    """Halving the gap between two cards eventually needs a respacing; order must survive it."""
    coalition, resident, _, columns = board
    first, last = make_cards(coalition, resident, columns[0], "first", "last")
    expected = ["first", "last"]
    for n in range(40):
        card = actions.create_initiative(coalition, resident, columns[1].id, f"n{n}")
        move(coalition, resident, card, columns[0].id, position="1")
        expected.insert(1, f"n{n}")
    assert titles_in(columns[0]) == expected
    ranks = db.session.scalars(
        select(Initiative.rank).where(Initiative.column_id == columns[0].id)
    ).all()
    assert len(set(ranks)) == len(ranks)


def test_a_move_writes_only_the_moved_card(board, app):
    coalition, resident, _, columns = board
    cards = make_cards(coalition, resident, columns[0], *[f"kaart {i}" for i in range(30)])
    before = {c.id: c.rank for c in cards}
    move(coalition, resident, cards[-1], columns[0].id, position="10")
    db.session.expire_all()
    after = {c.id: db.session.get(Initiative, c.id).rank for c in cards}
    changed = [i for i in before if before[i] != after[i]]
    assert changed == [cards[-1].id]


def test_a_stale_move_is_refused_and_changes_nothing(board):
    coalition, resident, _, columns = board
    (card,) = make_cards(coalition, resident, columns[0], "Buurtkamer")
    move(coalition, resident, card, columns[1].id, position="0", version="1")
    with pytest.raises(Conflict):
        move(coalition, resident, card, columns[2].id, position="0", version="1")
    assert titles_in(columns[1]) == ["Buurtkamer"]


def test_update_checks_version_and_lead_sides(board):
    coalition, resident, professional, columns = board
    (card,) = make_cards(coalition, resident, columns[0], "Buurtkamer")
    changes = dict(
        title="Buurtkamer open",
        description="Elke woensdag.",
        resident_lead_id=resident.id,
        professional_lead_id=professional.id,
    )
    save(coalition, resident, card, 1, **changes)
    assert card.version == 2 and card.title == "Buurtkamer open"

    with pytest.raises(Conflict):
        save(coalition, resident, card, 1, **changes)

    with pytest.raises(Invalid) as error:
        save(coalition, resident, card, 2, title="X", resident_lead_id=professional.id)
    assert "resident_lead_id" in error.value.errors
    assert db.session.get(Initiative, card.id).title == "Buurtkamer open"


def test_a_lead_from_another_coalition_is_refused(board, world):
    coalition, resident, _, columns = board
    other = world.coalition("voorst", "Voorst", sites=())
    outsider = world.person(other, side="professional")
    (card,) = make_cards(coalition, resident, columns[0], "Buurtkamer")
    with pytest.raises(Invalid) as error:
        save(coalition, resident, card, title="Buurtkamer", professional_lead_id=outsider.id)
    assert "professional_lead_id" in error.value.errors


def test_a_cards_counts_follow_its_steps_and_comments_without_touching_its_version(board):
    coalition, resident, _, columns = board
    (card,) = make_cards(coalition, resident, columns[0], "Buurtkamer")
    version = card.version

    def counts():
        shown = queries.card_row(coalition, card.id)
        return shown.done, shown.steps, shown.comments

    flyers = actions.add_checklist_item(coalition, resident, card, "Flyers drukken")
    key = actions.add_checklist_item(coalition, resident, card, "Sleutel regelen")
    actions.add_checklist_item(coalition, resident, card, "Koffie")
    actions.set_checklist_item(coalition, resident, flyers, True)
    actions.set_checklist_item(coalition, resident, key, True)
    assert counts() == (2, 3, 0)
    actions.set_checklist_item(coalition, resident, key, False)
    actions.set_checklist_item(coalition, resident, key, False)  # same state: no change
    assert counts() == (1, 3, 0)
    actions.remove_checklist_item(coalition, resident, flyers)  # a done step goes
    assert counts() == (0, 2, 0)
    actions.add_comment(coalition, resident, card, "Ik neem koffie mee.")
    actions.add_comment(coalition, resident, card, "Ik ook.")
    assert counts() == (0, 2, 2)
    # Steps and comments are no edit of the card: an open edit of it saves without a conflict.
    db.session.expire_all()
    assert db.session.get(Initiative, card.id).version == version


def counts_by_column(coalition) -> dict:
    """Per active column: (the count kept on it, the active cards really in it)."""
    real = dict(
        db.session.execute(
            select(Initiative.column_id, func.count(Initiative.id))
            .where(Initiative.coalition_id == coalition.id, Initiative.archived_at.is_(None))
            .group_by(Initiative.column_id)
        ).all()
    )
    return {c.id: (c.card_count, real.get(c.id, 0)) for c in queries.active_columns(coalition)}


def test_each_column_counts_its_cards_as_they_come_move_and_go(board, world):
    coalition, resident, _, columns = board
    first, second = columns[0], columns[1]

    def kept():
        found = counts_by_column(coalition)
        assert all(count == real for count, real in found.values()), found
        return [found[c.id][0] for c in columns]

    a, b, _ = make_cards(coalition, resident, first, "A", "B", "C")
    assert kept() == [3, 0, 0, 0]
    actions.move_initiative(coalition, resident, a, MoveInput(column_id=str(second.id)))
    actions.move_initiative(coalition, resident, b, MoveInput(column_id=str(first.id), place="1"))
    assert kept() == [2, 1, 0, 0]  # a move within a column changes no count
    actions.archive_initiative(coalition, resident, a)
    actions.archive_initiative(coalition, resident, a)  # archived already: no change
    assert kept() == [2, 0, 0, 0]
    actions.restore_initiative(coalition, resident, a)
    assert kept() == [2, 1, 0, 0]
    # A card whose column went meanwhile comes back in the first column.
    actions.archive_initiative(coalition, resident, a)
    coordinator = attached(world.person(coalition, role="coordinator"))
    archive_column(coalition, coordinator, second)
    actions.restore_initiative(coalition, resident, a)
    found = counts_by_column(coalition)
    assert found[first.id] == (3, 3) and second.id not in found


def test_archive_and_restore(board):
    coalition, resident, _, columns = board
    a, b = make_cards(coalition, resident, columns[0], "A", "B")
    actions.archive_initiative(coalition, resident, a)
    assert titles_in(columns[0]) == ["B"]
    assert [c.title for c in queries.archived_cards(coalition)] == ["A"]
    actions.restore_initiative(coalition, resident, a)
    assert titles_in(columns[0]) == ["B", "A"]
    assert queries.archived_cards(coalition) == []


def test_checklist_and_comments_feed_the_card_statistics(board):
    coalition, resident, _, columns = board
    (card,) = make_cards(coalition, resident, columns[0], "Buurtkamer")
    flyers = actions.add_checklist_item(coalition, resident, card, "Flyers drukken")
    actions.add_checklist_item(coalition, resident, card, "Sleutel regelen")
    actions.set_checklist_item(coalition, resident, flyers, True)
    actions.set_checklist_item(coalition, resident, flyers, True)  # same state: no change
    actions.add_comment(coalition, resident, card, "Ik neem koffie mee.")
    shown = queries.card_row(coalition, card.id)
    assert (shown.done, shown.steps, shown.comments) == (1, 2, 1)
    checked = db.session.scalars(select(Event).where(Event.verb == "checklist.checked")).all()
    assert len(checked) == 1
    with pytest.raises(Invalid):
        actions.add_comment(coalition, resident, card, "   ")


def test_board_filters(board):
    coalition, resident, professional, columns = board
    site = active_sites(coalition)[0]
    a, b, c = make_cards(coalition, resident, columns[0], "Koffie 50%", "Buurtkamer", "Wandelen")
    save(coalition, resident, a, title=a.title, work_site_id=site.id)
    save(coalition, resident, b, title=b.title, professional_lead_id=professional.id)

    def shown(**filters):
        loaded = queries.load_board(coalition, queries.BoardFilters(**filters))
        return sorted(card.title for col in loaded.columns for card in col.cards)

    assert shown(site=site) == ["Koffie 50%"]
    assert shown(mine_user_id=professional.id) == ["Buurtkamer"]
    assert shown(text="50%") == ["Koffie 50%"]
    assert shown(text="%") == ["Koffie 50%"]
    assert shown(text="buurt") == ["Buurtkamer"]
    assert shown() == ["Buurtkamer", "Koffie 50%", "Wandelen"]
