"""The board, initiative cards and their detail pages."""

from flask import flash, g, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from board import events
from board.activities import services as activity_queries
from board.clock import now, parse_day
from board.coalitions.queries import active_sites, members_by_side
from board.errors import Conflict, Invalid
from board.forms import conflict_rows, use_theirs
from board.htmx import dom_id, is_partial, render, render_fragment, respond, trigger
from board.kanban import actions, queries
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


def _board_url(coalition, card_id: int | None = None) -> str:
    """The board, scrolled to a card when one is named."""
    anchor = dom_id(Initiative, id=card_id) if card_id else None
    return url_for(".board", slug=coalition.slug, _anchor=anchor)


def _board_page(access, filters, status=200, added=None):
    """The board page (or, for htmx, its body) with the columns' first cards; added holds a
    refused new card (column, title, errors) to show again in its column's form."""
    coalition = access.coalition
    board = queries.load_board(coalition, filters)
    return render(
        "kanban/board.html",
        block="board_body",
        status=status,
        access=access,
        coalition=coalition,
        board=board,
        filters=filters,
        sites=active_sites(coalition),
        columns=[c.column for c in board.columns],
        added=added,
    )


@bp.get("/board")
@coalition_view()
def board(access):
    """The coalition's board, optionally filtered."""
    return _board_page(access, queries.board_filters(access.coalition, request.args, access.user))


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
        stats=queries.card_stats(coalition, [card.id for card in page.cards]),
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
        return _refused_card(access, column_id, title, error.errors)
    return respond(
        lambda: _card_answer(access, queries.load_card(coalition, card.id), [card.column_id]),
        _board_url(coalition, card.id),
        _("Added '%(title)s'.", title=card.title),
    )


def _refused_card(access, column_id: str, title: str, errors: dict):
    """The add form again with what was typed and why not (422); the whole board without htmx."""
    added = {"column": column_id, "title": title, "errors": errors}
    filters = queries.BoardFilters()
    if is_partial():
        column = next(
            (c for c in queries.active_columns(access.coalition) if str(c.id) == column_id), None
        )
        if column is not None:
            response = render_fragment(
                "kanban/board.html",
                "add_form",
                status=422,
                access=access,
                coalition=access.coalition,
                column=column,
                added=added,
            )
            response.headers["HX-Retarget"] = "#" + dom_id(column, "add")
            response.headers["HX-Reswap"] = "outerHTML"
            return response
    return _board_page(access, filters, status=422, added=added)


def _card_answer(access, card, column_ids, status=200):
    """A card as the board shows it, and the counters of the columns column_ids (OOB)."""
    coalition = access.coalition
    columns = queries.active_columns(coalition)
    totals = queries.column_totals(coalition)
    return render_fragment(
        "kanban/board.html",
        "card_answer",
        status=status,
        access=access,
        coalition=coalition,
        card=card,
        stats=queries.card_stats(coalition, [card.id]).get(card.id),
        touched_columns=[
            queries.BoardColumn(column=c, total=totals.get(c.id, 0))
            for c in columns
            if c.id in column_ids
        ],
    )


# ---- a card's page -------------------------------------------------------------------------------

CARD_FIELDS = (
    "title",
    "description",
    "work_site_id",
    "resident_lead_id",
    "professional_lead_id",
    "due_date",
)


def _stored(card) -> dict:
    """The card's stored values as its form holds them."""
    return {
        "title": card.title,
        "description": card.description,
        "work_site_id": str(card.work_site_id or ""),
        "resident_lead_id": str(card.resident_lead_id or ""),
        "professional_lead_id": str(card.professional_lead_id or ""),
        "due_date": card.due_date.isoformat() if card.due_date else "",
        "version": str(card.version),
    }


def _card_labels(coalition) -> dict:
    """The card form's labels by field, in order."""
    return {
        "title": _("Title"),
        "description": _("Description"),
        "work_site_id": coalition.site_kind.capitalize(),
        "resident_lead_id": _("Resident lead"),
        "professional_lead_id": _("Professional lead"),
        "due_date": _("Due date"),
    }


def _card_detail(access, card, values=None, errors=None, status=200, conflict=False, **extra):
    """A card's detail page (or, for htmx, its named block), as the card is stored now."""
    coalition = access.coalition
    card = queries.load_card(coalition, card.id)
    sides = members_by_side(coalition)
    sites = active_sites(coalition)
    if card.work_site is not None and card.work_site not in sites:
        sites = sites + [card.work_site]
    values = values or _stored(card)
    rows = []
    if conflict:
        names = {str(user.id): user.display_name for users in sides.values() for user in users}
        names.update({str(site.id): site.name for site in sites})

        def shown(name, value):
            if name == "due_date" and value:
                day = parse_day(value)
                return format_date(day, "long") if day else value
            return names.get(value, value) if name.endswith("_id") else value

        labels = _card_labels(coalition)
        rows = conflict_rows({n: labels[n] for n in CARD_FIELDS}, _stored(card), values, shown)
    return render(
        "kanban/card.html",
        block="detail",
        status=status,
        access=access,
        coalition=coalition,
        card=card,
        values=values,
        errors=errors or {},
        labels=_card_labels(coalition),
        sites=sites,
        residents=sides["resident"],
        professionals=sides["professional"],
        checklist=queries.checklist_of(card),
        comments=queries.comments_of(card),
        history=events.recent(coalition.id, limit=50, subject=card),
        card_activities=activity_queries.for_initiative(coalition, card, now()),
        conflict=conflict,
        conflict_rows=rows,
        **{"checklist_error": None, "comment_error": None, "comment_value": "", **extra},
    )


@bp.get("/initiatives/<int:initiative_id>")
@coalition_view()
def initiative(access, initiative_id):
    """A card's detail page: edit form, checklist, comments and history."""
    return _card_detail(access, queries.load_card(access.coalition, initiative_id))


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
    if take in CARD_FIELDS:
        # Combining after a conflict: one field takes the other person's value, nothing is saved.
        values = use_theirs(typed.values(), _stored(card), take)
        values["version"] = str(card.version)
        return _card_detail(access, card, values, status=409, conflict=True)
    try:
        actions.update_initiative(coalition, access.user, card, typed)
    except Invalid as error:
        return _card_detail(access, card, typed.values(), error.errors, status=422)
    except Conflict:
        values = {**typed.values(), "version": str(queries.load_card(coalition, card.id).version)}
        return _card_detail(access, card, values, status=409, conflict=True)
    return respond(
        lambda: _card_detail(access, card),
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
            lambda: _moved(access, card.id, from_column_id, message, 409 if conflict else 422),
            _board_url(coalition, card.id),
            message,
            category="error",
            announce=False,
        )
    return respond(
        lambda: _moved(access, card.id, from_column_id),
        _board_url(coalition, card.id),
        _("Moved '%(title)s'.", title=card.title),
        announce=False,
    )


def _moved(access, initiative_id, from_column_id, error=None, status=200):
    """The card as it is now with the counters of the columns it left and entered, and a
    sentence saying where it is (card-placed puts it there and says it)."""
    card = queries.load_card(access.coalition, initiative_id)
    response = _card_answer(access, card, {from_column_id, card.column_id}, status)
    position = queries.position_in_column(card)
    total = queries.column_totals(access.coalition).get(card.column_id, 0)
    message = error or _(
        "'%(title)s' is now in %(column)s, place %(place)s of %(count)s.",
        title=card.title,
        column=card.column.name,
        place=position + 1,
        count=total,
    )
    return trigger(
        response,
        "card-placed",
        {
            "card": dom_id(card),
            "column": dom_id(Column, id=card.column_id),
            "position": position,
            "message": message,
            "conflict": status == 409,
        },
    )


@bp.post("/initiatives/<int:initiative_id>/archive")
@coalition_view(need="edit")
def archive_initiative(access, initiative_id):
    """Take a card off the board into the archive."""
    card = queries.load_card(access.coalition, initiative_id)
    actions.archive_initiative(access.coalition, access.user, card)
    flash(_("'%(title)s' is archived. You can restore it from the archive.", title=card.title))
    return redirect(_board_url(access.coalition), 303)


@bp.post("/initiatives/<int:initiative_id>/restore")
@coalition_view(need="edit")
def restore_initiative(access, initiative_id):
    """Put an archived card back on the board."""
    card = queries.load_card(access.coalition, initiative_id)
    actions.restore_initiative(access.coalition, access.user, card)
    flash(_("'%(title)s' is back on the board.", title=card.title))
    return redirect(_board_url(access.coalition, card.id), 303)


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


def _card_part(access, card, block, status=200, **extra):
    """One part of a card's page (its checklist or comments) for htmx, or the whole page."""
    if not is_partial():
        return _card_detail(access, card, status=status, **extra)
    coalition = access.coalition
    return render_fragment(
        "kanban/card.html",
        block,
        status=status,
        access=access,
        coalition=coalition,
        card=card,
        checklist=queries.checklist_of(card) if block == "checklist" else [],
        comments=queries.comments_of(card) if block == "comments" else [],
        **{"checklist_error": None, "comment_error": None, "comment_value": "", **extra},
    )


def _card_url(coalition, card, anchor: str) -> str:
    return url_for(".initiative", slug=coalition.slug, initiative_id=card.id, _anchor=anchor)


@bp.post("/initiatives/<int:initiative_id>/checklist")
@coalition_view(need="edit")
def add_checklist_item(access, initiative_id):
    """Add a step to a card's checklist."""
    card = queries.load_card(access.coalition, initiative_id)
    try:
        actions.add_checklist_item(access.coalition, access.user, card, request.form.get("text"))
    except Invalid as error:
        return _card_part(access, card, "checklist", 422, checklist_error=error.errors["text"])
    return respond(
        lambda: _card_part(access, card, "checklist"),
        _card_url(access.coalition, card, "checklist"),
    )


@bp.post("/checklist/<int:item_id>")
@coalition_view(need="edit")
def set_checklist_item(access, item_id):
    """Tick a checklist item off (done=1) or reopen it (done=0)."""
    item = access.get(ChecklistItem, item_id)
    actions.set_checklist_item(access.coalition, access.user, item, request.form.get("done") == "1")
    card = queries.load_card(access.coalition, item.initiative_id)
    return respond(
        lambda: _card_part(access, card, "checklist"),
        _card_url(access.coalition, card, "checklist"),
    )


@bp.post("/checklist/<int:item_id>/remove")
@coalition_view(need="edit")
def remove_checklist_item(access, item_id):
    """Remove a checklist item."""
    item = access.get(ChecklistItem, item_id)
    card = queries.load_card(access.coalition, item.initiative_id)
    actions.remove_checklist_item(access.coalition, access.user, item)
    return respond(
        lambda: _card_part(access, card, "checklist"),
        _card_url(access.coalition, card, "checklist"),
    )


@bp.post("/initiatives/<int:initiative_id>/comments")
@coalition_view(need="edit")
def add_comment(access, initiative_id):
    """Add a comment to a card."""
    card = queries.load_card(access.coalition, initiative_id)
    body = request.form.get("body", "")
    try:
        actions.add_comment(access.coalition, access.user, card, body)
    except Invalid as error:
        return _card_part(
            access, card, "comments", 422, comment_error=error.errors["body"], comment_value=body
        )
    return respond(
        lambda: _card_part(access, card, "comments"),
        _card_url(access.coalition, card, "comments"),
    )
