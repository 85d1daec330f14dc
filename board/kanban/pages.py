"""The board's pages as the views show them: each rendered from what is stored now, with the
input and errors of a refused form where there is one."""

from flask import url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from jinja2_fragments.flask import render_block

from board import events, kept
from board.activities import queries as activity_queries
from board.clock import now, parse_day, today
from board.coalitions.queries import active_sites, members_by_side
from board.extensions import db
from board.forms import conflict_rows
from board.htmx import dom_id, is_partial, render, render_fragment, trigger
from board.kanban import queries
from board.models import Column, Initiative


def board_url(coalition, card_id: int | None = None) -> str:
    """The board, scrolled to a card when one is named."""
    anchor = dom_id(Initiative, id=card_id) if card_id else None
    return url_for("kanban.board", slug=coalition.slug, _anchor=anchor)


def board_page(access, filters, status=200, added=None):
    """The board page (or, for htmx, its body) with the columns' first cards; added holds a
    refused new card (column, title, errors) to show again in its column's form.

    The board itself (all but the page around it) is kept (board/kept.py) under everything it
    shows: the coalition's change number, the day, the language, the viewer's rights and the
    filters. A refused card is never kept.
    """
    coalition = access.coalition
    shown = {"access": access, "coalition": coalition, "filters": filters, "added": added}

    def board_context() -> dict:
        board = queries.load_board(coalition, filters)
        return {
            "board": board,
            "sites": active_sites(coalition),
            "columns": [c.column for c in board.columns],
        }

    if added is not None or status != 200:
        return render("kanban/board.html", "board_body", status=status, **shown, **board_context())
    block = "board_body" if is_partial() else "content"
    key = (
        "board",
        block,
        coalition.id,
        coalition.event_seq,
        str(get_locale()),
        today(),
        access.can_edit,
        access.is_coordinator,
        filters.site.id if filters.site else None,
        filters.mine_user_id,
        filters.text,
    )
    html = kept.piece(
        key, lambda: render_block("kanban/board.html", block, **shown, **board_context())
    )
    return render("kanban/board.html", "board_body", kept_html=html, **shown)


def refused_card(access, column_id: str, title: str, errors: dict):
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
    return board_page(access, filters, status=422, added=added)


def card_answer(access, card, column_ids, status=200, columns=None):
    """A card (a CardRow) as the board shows it, and the counters of the columns column_ids
    (OOB); the active columns when the caller has them already."""
    coalition = access.coalition
    columns = queries.active_columns(coalition) if columns is None else columns
    return render_fragment(
        "kanban/board.html",
        "card_answer",
        status=status,
        access=access,
        coalition=coalition,
        card=card,
        touched_columns=[
            queries.BoardColumn(column=c, total=c.card_count) for c in columns if c.id in column_ids
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


def stored(card) -> dict:
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


def card_form_labels(coalition) -> dict:
    """The card form's labels by field, in order."""
    return {
        "title": _("Title"),
        "description": _("Description"),
        "work_site_id": coalition.site_kind.capitalize(),
        "resident_lead_id": _("Resident lead"),
        "professional_lead_id": _("Professional lead"),
        "due_date": _("Due date"),
    }


def card_page(access, card, values=None, errors=None, status=200, conflict=False, **extra):
    """A card's detail page (or, for htmx, its named block), as the card is stored now."""
    coalition = access.coalition
    card = queries.load_card(coalition, card.id)
    sides = members_by_side(coalition)
    sites = active_sites(coalition)
    if card.work_site is not None and card.work_site not in sites:
        sites = sites + [card.work_site]
    values = values or stored(card)
    rows = []
    if conflict:
        names = {str(user.id): user.display_name for users in sides.values() for user in users}
        names.update({str(site.id): site.name for site in sites})

        def shown(name, value):
            if name == "due_date" and value:
                day = parse_day(value)
                return format_date(day, "long") if day else value
            return names.get(value, value) if name.endswith("_id") else value

        labels = card_form_labels(coalition)
        rows = conflict_rows({n: labels[n] for n in CARD_FIELDS}, stored(card), values, shown)
    return render(
        "kanban/card.html",
        block="detail",
        status=status,
        access=access,
        coalition=coalition,
        card=card,
        values=values,
        errors=errors or {},
        labels=card_form_labels(coalition),
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


def card_part(access, card, block, status=200, **extra):
    """One part of a card's page (its checklist or comments) for htmx, or the whole page."""
    if not is_partial():
        return card_page(access, card, status=status, **extra)
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


def card_url(coalition, card, anchor: str) -> str:
    """A card's page, scrolled to one of its parts."""
    return url_for("kanban.initiative", slug=coalition.slug, initiative_id=card.id, _anchor=anchor)


def moved(access, initiative_id, from_column_id, error=None, status=200):
    """The card as it is now with the counters of the columns it left and entered, and a
    sentence saying where it is (card-placed puts it there and says it)."""
    coalition = access.coalition
    card = queries.card_row(coalition, initiative_id)
    columns = queries.active_columns(coalition)
    response = card_answer(access, card, {from_column_id, card.column_id}, status, columns)
    position = queries.position_in_column(card)
    column = next((c for c in columns if c.id == card.column_id), None)
    column = column or db.session.get(Column, card.column_id)
    message = error or _(
        "'%(title)s' is now in %(column)s, place %(place)s of %(count)s.",
        title=card.title,
        column=column.name,
        place=position + 1,
        count=column.card_count,
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
