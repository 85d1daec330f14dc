"""The board, initiative cards and their detail pages."""

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _

from board.errors import Conflict, Invalid
from board.forms import use_theirs
from board.htmx import dom_id, render, render_fragment, respond, trigger
from board.kanban import actions, pages, queries
from board.kanban.cards import card_html, cards_html
from board.kanban.inputs import CardInput, MoveInput
from board.models import ChecklistItem, Column, Initiative
from board.parsing import parse_count
from board.permissions import coalition_blueprint, coalition_view

bp = coalition_blueprint("kanban", __name__)


class CardLinks:
    """The URLs of a coalition's cards, built once per request rather than once per card."""

    def __init__(self, slug: str):
        self._base = url_for("kanban.initiative", slug=slug, initiative_id=0)[: -len("0")]

    def detail(self, initiative_id: int) -> str:
        """The card's page."""
        return f"{self._base}{initiative_id}"

    def move(self, initiative_id: int) -> str:
        """The card's move form and move action."""
        return f"{self._base}{initiative_id}/move"


@bp.app_template_global()
def card_links(coalition) -> CardLinks:
    """CardLinks of the coalition, cached for the request."""
    cache = g.setdefault("card_links", {})
    if coalition.slug not in cache:
        cache[coalition.slug] = CardLinks(coalition.slug)
    return cache[coalition.slug]


bp.add_app_template_global(card_html)
bp.add_app_template_global(cards_html)


@bp.get("/board")
@coalition_view()
def board(access):
    """The coalition's board, optionally filtered."""
    return pages.board_page(
        access, queries.board_filters(access.coalition, request.args, access.user)
    )


@bp.get("/board/columns/<int:column_id>")
@coalition_view()
def column_cards(access, column_id):
    """The next cards of a long column: a page of its own, or for htmx the cards to append."""
    coalition = access.coalition
    column = access.get(Column, column_id)
    filters = queries.board_filters(coalition, request.args, access.user)
    page = queries.column_page(coalition, column, filters, request.args.get("after"))
    return render(
        "kanban/column.html",
        block="more_cards",
        access=access,
        coalition=coalition,
        column_view=page,
        filters=filters,
    )


def _unchanged_since(access):
    """(since, answer) of a polled view: answer is 422 for a bad ?since=, 204 when the
    coalition has not changed since, else None and the view sends what changed."""
    since = parse_count(request.args.get("since"), 2**62)
    if since is None:
        return since, ("", 422)
    if access.coalition.event_seq <= since:
        return since, ("", 204)
    return since, None


@bp.get("/board/changes")
@coalition_view(polled=True)
def board_changes(access):
    """What changed since version ?since=: 204 when nothing, else the changed cards (htmx)."""
    since, answer = _unchanged_since(access)
    if answer:
        return answer
    coalition = access.coalition
    filters = queries.board_filters(coalition, request.args, access.user)
    changes = queries.board_changes(coalition, since, filters)
    response = render_fragment(
        "kanban/board.html",
        "changes",
        access=access,
        coalition=coalition,
        changes=changes,
        columns=[c.column for c in changes.columns],
    )
    return trigger(
        response,
        "board-changed",
        {
            "version": changes.version,
            "reload": changes.reload,
            "placed": [
                {
                    "card": dom_id(card),
                    "column": dom_id(Column, id=card.column_id),
                    "position": changes.positions[card.id],
                }
                for card in changes.cards
            ],
            "removed": [dom_id(Initiative, id=card_id) for card_id in changes.removed],
        },
    )


@bp.post("/initiatives")
@coalition_view(need="edit")
def create_initiative(access):
    """Add a card with a title at the bottom of a column."""
    coalition = access.coalition
    column_id, title = request.form.get("column_id", ""), request.form.get("title", "")
    try:
        card = actions.create_initiative(coalition, access.user, column_id, title)
    except Invalid as error:
        return pages.refused_card(access, column_id, title, error.errors)
    return respond(
        lambda: pages.card_answer(access, queries.card_row(coalition, card.id), [card.column_id]),
        pages.board_url(coalition, card.id),
        _("Added '%(title)s'.", title=card.title),
    )


# ---- a card's page -------------------------------------------------------------------------------


@bp.get("/initiatives/<int:initiative_id>")
@coalition_view()
def initiative(access, initiative_id):
    """A card's detail page: edit form, checklist, comments and history."""
    return pages.card_page(access, queries.load_card(access.coalition, initiative_id))


@bp.get("/initiatives/<int:initiative_id>/changes")
@coalition_view(polled=True)
def initiative_changes(access, initiative_id):
    """204 while nobody else changed the card since ?since=, else a notice saying who did."""
    since, answer = _unchanged_since(access)
    if answer:
        return answer
    coalition = access.coalition
    card = queries.load_card(coalition, initiative_id)
    changed = queries.card_changed_by_others(coalition, card, since, access.user)
    if not changed:
        return "", 204
    response = render_fragment(
        "kanban/card.html", "notice", coalition=coalition, card=card, changed_by=changed[0].actor
    )
    return trigger(response, "card-changed", {"version": coalition.event_seq})


@bp.post("/initiatives/<int:initiative_id>")
@coalition_view(need="edit")
def update_initiative(access, initiative_id):
    """Save the card form; 422 with errors, 409 with both versions when someone saved first."""
    coalition = access.coalition
    card = queries.load_card(coalition, initiative_id)
    typed = CardInput.from_form(request.form)
    take = request.form.get("use_theirs")
    if take in pages.CARD_FIELDS:
        # Combining after a conflict: one field takes the other person's value, nothing is saved.
        values = use_theirs(typed.values(), pages.stored(card), take)
        values["version"] = str(card.version)
        return pages.card_page(access, card, values, status=409, conflict=True)
    try:
        actions.update_initiative(coalition, access.user, card, typed)
    except Invalid as error:
        return pages.card_page(access, card, typed.values(), error.errors, status=422)
    except Conflict:
        values = {**typed.values(), "version": str(queries.load_card(coalition, card.id).version)}
        return pages.card_page(access, card, values, status=409, conflict=True)
    return respond(
        lambda: pages.card_page(access, card),
        url_for(".initiative", slug=coalition.slug, initiative_id=card.id),
        _("Saved."),
    )


@bp.get("/initiatives/<int:initiative_id>/move")
@coalition_view(need="edit")
def move_form(access, initiative_id):
    """The form to move a card: a page of its own, or for htmx the form to open in the card."""
    return render(
        "kanban/move.html",
        block="form",
        access=access,
        coalition=access.coalition,
        card=queries.load_card(access.coalition, initiative_id),
        columns=queries.active_columns(access.coalition),
    )


@bp.post("/initiatives/<int:initiative_id>/move")
@coalition_view(need="edit")
def move_initiative(access, initiative_id):
    """Move a card to a column and position; htmx gets the card and both counters back."""
    coalition = access.coalition
    card = queries.load_card(coalition, initiative_id)
    from_column_id = card.column_id
    try:
        actions.move_initiative(coalition, access.user, card, MoveInput.from_form(request.form))
    except (Invalid, Conflict) as error:
        # The card snaps back to where it is now, and the person is told why.
        conflict = isinstance(error, Conflict)
        message = (
            _("Someone else changed or moved this card meanwhile; it is shown where it is now.")
            if conflict
            else next(iter(error.errors.values()))
        )
        return respond(
            lambda: pages.moved(access, card.id, from_column_id, message, 409 if conflict else 422),
            pages.board_url(coalition, card.id),
            message,
            category="error",
            announce=False,
        )
    return respond(
        lambda: pages.moved(access, card.id, from_column_id),
        pages.board_url(coalition, card.id),
        _("Moved '%(title)s'.", title=card.title),
        announce=False,
    )


@bp.post("/initiatives/<int:initiative_id>/archive")
@coalition_view(need="edit")
def archive_initiative(access, initiative_id):
    """Take a card off the board into the archive."""
    card = queries.load_card(access.coalition, initiative_id)
    actions.archive_initiative(access.coalition, access.user, card)
    flash(_("'%(title)s' is archived. You can restore it from the archive.", title=card.title))
    return redirect(pages.board_url(access.coalition), 303)


@bp.post("/initiatives/<int:initiative_id>/restore")
@coalition_view(need="edit")
def restore_initiative(access, initiative_id):
    """Put an archived card back on the board."""
    card = queries.load_card(access.coalition, initiative_id)
    actions.restore_initiative(access.coalition, access.user, card)
    flash(_("'%(title)s' is back on the board.", title=card.title))
    return redirect(pages.board_url(access.coalition, card.id), 303)


@bp.get("/archive")
@coalition_view()
def archive(access):
    """The coalition's archived cards."""
    return render(
        "kanban/archive.html",
        access=access,
        coalition=access.coalition,
        cards=queries.archived_cards(access.coalition),
    )


# ---- checklist and comments ------------------------------------------------------------------


def _card_part_answer(access, card, part: str):
    """After a change to a card's checklist or comments: that part for htmx, else the card's
    page at that part (303)."""
    return respond(
        lambda: pages.card_part(access, card, part), pages.card_url(access.coalition, card, part)
    )


@bp.post("/initiatives/<int:initiative_id>/checklist")
@coalition_view(need="edit")
def add_checklist_item(access, initiative_id):
    """Add a step to a card's checklist."""
    card = queries.load_card(access.coalition, initiative_id)
    try:
        actions.add_checklist_item(access.coalition, access.user, card, request.form.get("text"))
    except Invalid as error:
        return pages.card_part(access, card, "checklist", 422, checklist_error=error.errors["text"])
    return _card_part_answer(access, card, "checklist")


@bp.post("/checklist/<int:item_id>")
@coalition_view(need="edit")
def set_checklist_item(access, item_id):
    """Tick a checklist item off (done=1) or reopen it (done=0)."""
    item = access.get(ChecklistItem, item_id)
    actions.set_checklist_item(access.coalition, access.user, item, request.form.get("done") == "1")
    card = queries.load_card(access.coalition, item.initiative_id)
    return _card_part_answer(access, card, "checklist")


@bp.post("/checklist/<int:item_id>/remove")
@coalition_view(need="edit")
def remove_checklist_item(access, item_id):
    """Remove a checklist item."""
    item = access.get(ChecklistItem, item_id)
    card = queries.load_card(access.coalition, item.initiative_id)
    actions.remove_checklist_item(access.coalition, access.user, item)
    return _card_part_answer(access, card, "checklist")


@bp.post("/initiatives/<int:initiative_id>/comments")
@coalition_view(need="edit")
def add_comment(access, initiative_id):
    """Add a comment to a card."""
    card = queries.load_card(access.coalition, initiative_id)
    body = request.form.get("body", "")
    try:
        actions.add_comment(access.coalition, access.user, card, body)
    except Invalid as error:
        return pages.card_part(
            access, card, "comments", 422, comment_error=error.errors["body"], comment_value=body
        )
    return _card_part_answer(access, card, "comments")
