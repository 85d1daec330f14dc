"""The board, initiative cards and their detail pages."""

from flask import flash, g, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from board import events
from board.activities import services as activity_services
from board.errors import Conflict, Invalid
from board.extensions import db
from board.forms import add_errors
from board.htmx import is_partial, render, render_fragment, trigger
from board.kanban import services
from board.kanban.forms import CardForm
from board.models import ChecklistItem, Column, WorkSite
from board.models.base import utcnow
from board.parsing import parse_count
from board.permissions import coalition_blueprint, coalition_view, current_access

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


def _filters(coalition) -> services.BoardFilters:
    """Board filters from the query string; an unknown work site is simply ignored."""
    filters = services.BoardFilters(text=request.args.get("q", "").strip()[:100])
    site_slug = request.args.get("site", "")
    if site_slug:
        filters.site = db.session.scalar(
            select(WorkSite).where(
                WorkSite.coalition_id == coalition.id, WorkSite.slug == site_slug
            )
        )
    if request.args.get("mine"):
        filters.mine_user_id = current_user.id
    return filters


def _board_context(access, filters=None, **extra):
    """What the board page and its fragments need."""
    coalition = access.coalition
    filters = filters or services.BoardFilters()
    board = services.load_board(coalition, filters)
    return dict(
        access=access,
        coalition=coalition,
        board=board,
        filters=filters,
        sites=services.active_sites(coalition),
        columns=[c.column for c in board.columns],
        **extra,
    )


@bp.get("/board")
def board():
    """The coalition's board, optionally filtered."""
    access = current_access()
    context = _board_context(access, _filters(access.coalition))
    return render("kanban/board.html", block="board_body", **context)


@bp.get("/board/columns/<int:column_id>")
def column_cards(column_id):
    """The next cards of a long column: a page of its own, or for htmx the cards to append."""
    access = current_access()
    coalition = access.coalition
    column = access.get(Column, column_id)
    filters = _filters(coalition)
    page = services.column_page(coalition, column, filters, request.args.get("after"))
    return render(
        "kanban/column.html",
        block="more_cards",
        access=access,
        coalition=coalition,
        column_view=page,
        filters=filters,
        columns=services.active_columns(coalition),
        stats=services.card_stats(coalition, [card.id for card in page.cards]),
    )


def _poll(access):
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
    since, answer = _poll(access)
    if answer:
        return answer
    coalition = access.coalition
    changes = services.board_changes(coalition, since, _filters(coalition))
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
                    "card": f"initiative-{card.id}",
                    "column": f"column-{card.column_id}",
                    "position": changes.positions[card.id],
                }
                for card in changes.cards
            ],
            "removed": [f"initiative-{card_id}" for card_id in changes.removed],
        },
    )


@bp.post("/initiatives")
def create_initiative():
    """Add a card with a title at the bottom of a column."""
    access = current_access()
    access.require_edit()
    coalition = access.coalition
    column_id = request.form.get("column_id")
    try:
        card = services.create_initiative(
            coalition, current_user, column_id, request.form.get("title", "")
        )
    except Invalid as error:
        db.session.rollback()
        context = _board_context(access, add_errors={"column": column_id, **error.errors})
        context["add_values"] = {"column": column_id, "title": request.form.get("title", "")}
        column = next((c for c in context["board"].columns if str(c.column.id) == column_id), None)
        if is_partial() and column is not None:
            response = render(
                "kanban/board.html", block="add_form", column=column.column, status=422, **context
            )
            response.headers["HX-Retarget"] = f"#column-{column.column.id}-add"
            response.headers["HX-Reswap"] = "outerHTML"
            return response
        return render("kanban/board.html", status=422, **context)
    if not is_partial():
        return redirect(
            url_for(".board", slug=coalition.slug, _anchor=f"initiative-{card.id}"), 303
        )
    card = services.load_card(coalition, card.id)
    response = render(
        "kanban/board.html",
        block="card_created",
        card=card,
        **_card_fragment_context(access, card, [card.column_id]),
    )
    return trigger(response, "announce", {"message": _("Added '%(title)s'.", title=card.title)})


def _card_fragment_context(access, card, column_ids):
    """What a card fragment and the counters of the columns column_ids need: a few queries."""
    coalition = access.coalition
    columns = services.active_columns(coalition)
    totals = services.column_totals(coalition)
    return dict(
        access=access,
        coalition=coalition,
        columns=columns,
        board=services.Board(columns=[], stats=services.card_stats(coalition, [card.id])),
        touched_columns=[
            services.BoardColumn(column=c, total=totals.get(c.id, 0))
            for c in columns
            if c.id in column_ids
        ],
    )


CARD_FIELDS = (
    "title",
    "description",
    "work_site_id",
    "resident_lead_id",
    "professional_lead_id",
    "due_date",
)


def _card_values(card) -> dict:
    """The card's stored values as the card form holds them."""
    return dict(
        title=card.title,
        description=card.description,
        work_site_id=str(card.work_site_id or ""),
        resident_lead_id=str(card.resident_lead_id or ""),
        professional_lead_id=str(card.professional_lead_id or ""),
        due_date=card.due_date,
        version=card.version,
    )


def _shown_value(field, value) -> str:
    """A form value as a person reads it: the option's label for selects, '—' for nothing."""
    if field.type == "SelectField":
        value = dict(field.choices).get(str(value or ""), "") if value else ""
    elif value is not None and not isinstance(value, str):
        value = format_date(value, "long")
    return value or "—"


def _conflict_rows(form, card) -> list[dict]:
    """Field by field: what the other person saved next to what is in the form now."""
    stored = _card_values(card)
    rows = []
    for name in CARD_FIELDS:
        field = form[name]
        theirs, mine = _shown_value(field, stored[name]), _shown_value(field, field.data)
        rows.append(
            {
                "name": name,
                "label": field.label.text,
                "theirs": theirs,
                "mine": mine,
                "differs": theirs != mine,
            }
        )
    return rows


def _card_detail(
    access,
    card,
    form=None,
    status=200,
    conflict=None,
    checklist_error=None,
    comment_error=None,
    comment_value="",
):
    """Render a card's detail page (or, for htmx, its named block), as the card is stored now."""
    coalition = access.coalition
    card = services.load_card(coalition, card.id)
    sides = services.members_by_side(coalition)
    sites = services.active_sites(coalition)
    if card.work_site is not None and card.work_site not in sites:
        sites = sites + [card.work_site]
    if form is None:
        form = CardForm(formdata=None, **_card_values(card))
    form.set_choices(sites, sides["resident"], sides["professional"])
    form.work_site_id.label.text = coalition.site_kind.capitalize()
    conflict_rows = _conflict_rows(form, card) if conflict else []
    return render(
        "kanban/card.html",
        block="detail",
        access=access,
        coalition=coalition,
        card=card,
        form=form,
        checklist=services.checklist_of(card),
        comments=services.comments_of(card),
        history=events.recent(coalition.id, limit=50, subject=card),
        card_activities=activity_services.for_initiative(coalition, card, utcnow()),
        describe=events.describe_own,
        conflict=conflict,
        conflict_rows=conflict_rows,
        checklist_error=checklist_error,
        comment_error=comment_error,
        comment_value=comment_value,
        status=status,
    )


@bp.get("/initiatives/<int:initiative_id>")
def initiative(initiative_id):
    """A card's detail page: edit form, checklist, comments and history."""
    access = current_access()
    card = services.load_card(access.coalition, initiative_id)
    return _card_detail(access, card)


@bp.get("/initiatives/<int:initiative_id>/changes")
@coalition_view(polled=True)
def initiative_changes(access, initiative_id):
    """204 while nobody else changed the card since ?since=, else a notice saying who did."""
    since, answer = _poll(access)
    if answer:
        return answer
    coalition = access.coalition
    card = services.load_card(coalition, initiative_id)
    changed = services.card_changed_by_others(coalition, card, since, access.user)
    if not changed:
        return "", 204
    response = render_fragment(
        "kanban/card.html",
        "notice",
        coalition=coalition,
        card=card,
        changed_by=changed[0].actor,
    )
    return trigger(response, "card-changed", {"version": coalition.event_seq})


@bp.post("/initiatives/<int:initiative_id>")
def update_initiative(initiative_id):
    """Save the card form; 422 with errors, 409 with both versions when someone saved first."""
    access = current_access()
    access.require_edit()
    coalition = access.coalition
    card = services.load_card(coalition, initiative_id)
    form = CardForm()
    take = request.form.get("use_theirs")
    if take in CARD_FIELDS:
        # Combining after a conflict: one field takes the other person's value, nothing is saved.
        form[take].data = _card_values(card)[take]
        form[take].raw_data = None
        form.version.data = str(card.version)
        return _card_detail(access, card, form=form, status=409, conflict=True)
    if not form.validate():
        return _card_detail(access, card, form=form, status=422)
    changes = services.CardChanges(
        title=form.title.data,
        description=form.description.data or "",
        work_site_id=form.work_site_id.data or None,
        resident_lead_id=form.resident_lead_id.data or None,
        professional_lead_id=form.professional_lead_id.data or None,
        due_date=form.due_date.data,
    )
    try:
        services.update_initiative(coalition, current_user, card, changes, form.version.data)
    except Invalid as error:
        db.session.rollback()
        add_errors(form, error.errors)
        return _card_detail(access, card, form=form, status=422)
    except Conflict:
        db.session.rollback()
        form.version.data = str(services.load_card(coalition, initiative_id).version)
        return _card_detail(access, card, form=form, status=409, conflict=True)
    flash(_("Saved."))
    return redirect(url_for(".initiative", slug=coalition.slug, initiative_id=card.id), 303)


def _parse_place(form) -> int | None:
    """The target position: 'position' (0-based, from dragging) or 'place' (1-based, typed)."""
    for name, offset in (("position", 0), ("place", 1)):
        raw = (form.get(name) or "").strip()
        if raw:
            number = parse_count(raw, services.MAX_POSITION)
            return None if number is None else max(0, number - offset)
    return None


@bp.get("/initiatives/<int:initiative_id>/move")
def move_form(initiative_id):
    """The form to move a card: a page of its own, or for htmx the form to open in the card."""
    access = current_access()
    access.require_edit()
    card = services.load_card(access.coalition, initiative_id)
    return render(
        "kanban/move.html",
        block="form",
        access=access,
        coalition=access.coalition,
        card=card,
        columns=services.active_columns(access.coalition),
    )


@bp.post("/initiatives/<int:initiative_id>/move")
def move_initiative(initiative_id):
    """Move a card to a column and position; htmx gets the card and both counters back."""
    access = current_access()
    access.require_edit()
    coalition = access.coalition
    card = services.load_card(coalition, initiative_id)
    from_column_id = card.column_id
    try:
        services.move_initiative(
            coalition,
            current_user,
            card,
            request.form.get("column_id"),
            _parse_place(request.form),
            request.form.get("version") or None,
        )
    except (Invalid, Conflict) as error:
        db.session.rollback()
        message = (
            _("Someone else changed or moved this card meanwhile; it is shown where it is now.")
            if isinstance(error, Conflict)
            else next(iter(error.errors.values()))
        )
        if not is_partial():
            flash(message, "error")
            return redirect(
                url_for(".board", slug=coalition.slug, _anchor=f"initiative-{initiative_id}"), 303
            )
        return _moved_response(
            access,
            initiative_id,
            from_column_id,
            message,
            409 if isinstance(error, Conflict) else 422,
        )
    if not is_partial():
        flash(_("Moved '%(title)s'.", title=card.title))
        return redirect(
            url_for(".board", slug=coalition.slug, _anchor=f"initiative-{card.id}"), 303
        )
    return _moved_response(access, initiative_id, from_column_id, None, 200)


def _moved_response(access, initiative_id, from_column_id, error, status):
    """The card as it is now, counters of the columns it left and entered, and a sentence."""
    card = services.load_card(access.coalition, initiative_id)
    context = _card_fragment_context(access, card, {from_column_id, card.column_id})
    position = services.position_in_column(card)
    total = next(c.total for c in context["touched_columns"] if c.column.id == card.column_id)
    message = error or _(
        "'%(title)s' is now in %(column)s, place %(place)s of %(count)s.",
        title=card.title,
        column=card.column.name,
        place=position + 1,
        count=total,
    )
    response = render("kanban/board.html", block="card_moved", card=card, status=status, **context)
    return trigger(
        response,
        "card-placed",
        {
            "card": f"initiative-{card.id}",
            "column": f"column-{card.column_id}",
            "position": position,
            "message": message,
            "conflict": status == 409,
        },
    )


@bp.post("/initiatives/<int:initiative_id>/archive")
def archive_initiative(initiative_id):
    """Take a card off the board into the archive."""
    access = current_access()
    access.require_edit()
    card = services.load_card(access.coalition, initiative_id)
    services.archive_initiative(access.coalition, current_user, card)
    flash(_("'%(title)s' is archived. You can restore it from the archive.", title=card.title))
    return redirect(url_for(".board", slug=access.coalition.slug), 303)


@bp.post("/initiatives/<int:initiative_id>/restore")
def restore_initiative(initiative_id):
    """Put an archived card back on the board."""
    access = current_access()
    access.require_edit()
    card = services.load_card(access.coalition, initiative_id)
    try:
        services.restore_initiative(access.coalition, current_user, card)
    except Invalid as error:
        db.session.rollback()
        flash(next(iter(error.errors.values())), "error")
        return redirect(url_for(".archive", slug=access.coalition.slug), 303)
    flash(_("'%(title)s' is back on the board.", title=card.title))
    return redirect(
        url_for(".board", slug=access.coalition.slug, _anchor=f"initiative-{card.id}"), 303
    )


@bp.get("/archive")
def archive():
    """The coalition's archived cards."""
    access = current_access()
    return render(
        "kanban/archive.html",
        access=access,
        coalition=access.coalition,
        cards=services.archived_cards(access.coalition),
    )


# ---- checklist and comments ------------------------------------------------------------------


def _checklist_response(access, card, error=None, status=200):
    """The card page, or for htmx its checklist block."""
    if not is_partial():
        if error is None:
            return redirect(
                url_for(
                    ".initiative",
                    slug=access.coalition.slug,
                    initiative_id=card.id,
                    _anchor="checklist",
                ),
                303,
            )
        return _card_detail(access, card, status=status, checklist_error=error)
    coalition = access.coalition
    checklist = services.checklist_of(card)
    return render(
        "kanban/card.html",
        block="checklist",
        access=access,
        coalition=coalition,
        card=card,
        checklist=checklist,
        checklist_error=error,
        status=status,
    )


@bp.post("/initiatives/<int:initiative_id>/checklist")
def add_checklist_item(initiative_id):
    """Add a step to a card's checklist."""
    access = current_access()
    access.require_edit()
    card = services.load_card(access.coalition, initiative_id)
    try:
        services.add_checklist_item(
            access.coalition, current_user, card, request.form.get("text", "")
        )
    except Invalid as error:
        db.session.rollback()
        return _checklist_response(access, card, error=error.errors["text"], status=422)
    return _checklist_response(access, card)


@bp.post("/checklist/<int:item_id>")
def set_checklist_item(item_id):
    """Tick a checklist item off (done=1) or reopen it (done=0)."""
    access = current_access()
    access.require_edit()
    item = access.get(ChecklistItem, item_id)
    services.set_checklist_item(
        access.coalition, current_user, item, request.form.get("done") == "1"
    )
    return _checklist_response(access, services.load_card(access.coalition, item.initiative_id))


@bp.post("/checklist/<int:item_id>/remove")
def remove_checklist_item(item_id):
    """Remove a checklist item."""
    access = current_access()
    access.require_edit()
    item = access.get(ChecklistItem, item_id)
    initiative_id = item.initiative_id
    services.remove_checklist_item(access.coalition, current_user, item)
    return _checklist_response(access, services.load_card(access.coalition, initiative_id))


@bp.post("/initiatives/<int:initiative_id>/comments")
def add_comment(initiative_id):
    """Add a comment to a card."""
    access = current_access()
    access.require_edit()
    card = services.load_card(access.coalition, initiative_id)
    body = request.form.get("body", "")
    try:
        services.add_comment(access.coalition, current_user, card, body)
    except Invalid as error:
        db.session.rollback()
        error_text, status = error.errors["body"], 422
    else:
        error_text, status, body = None, 200, ""
    if not is_partial():
        if error_text is None:
            return redirect(
                url_for(
                    ".initiative",
                    slug=access.coalition.slug,
                    initiative_id=card.id,
                    _anchor="comments",
                ),
                303,
            )
        return _card_detail(
            access, card, status=status, comment_error=error_text, comment_value=body
        )
    return render(
        "kanban/card.html",
        block="comments",
        access=access,
        coalition=access.coalition,
        card=card,
        comments=services.comments_of(card),
        comment_error=error_text,
        comment_value=body,
        status=status,
    )
