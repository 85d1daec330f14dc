"""A card's markup, written in Python: boards show hundreds of cards, and a Jinja macro costs
about four times as much per card as building the same string here.

Everything that is the same for every card of a request (the words, the links, the language
attribute, the word for a work site, each date as written) is worked out once per request
(CardWriter, kept on g); a card then costs a few escapes and one join. The markup is the one
the board always had: tests/web/test_card_markup.py holds every variant of it.
"""

import re
from datetime import date

from flask import g
from flask_babel import format_date
from markupsafe import Markup, escape

from board.kanban.rows import CardRow
from board.labels import card_labels
from board.models.user import initials_of

ICON = (
    '<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16">'
    '<use href="#icon-{}"></use></svg>'
)
CALENDAR, CHECK, COMMENT = ICON.format("calendar"), ICON.format("check"), ICON.format("comment")

_NEEDS_ESCAPING = re.compile("[&<>\"']").search


def text(value: str) -> str:
    """value escaped for HTML, as markupsafe escapes it; most titles need nothing, and are
    passed on as they are without the cost of a Markup object."""
    if _NEEDS_ESCAPING(value) is None:
        return value
    return str(escape(value))


class CardWriter:
    """Writes the cards of one coalition in this request's language."""

    def __init__(self, coalition):
        from board import content_lang
        from board.kanban.views import card_links

        self.t = card_labels()
        self.links = card_links(coalition)
        self.lang = str(content_lang())
        self.site_label = escape(coalition.site_kind.capitalize())
        self.resident = escape(self.t.resident_lead)
        self.professional = escape(self.t.professional_lead)
        self.overdue = f'<span class="badge badge--warning">{escape(self.t.overdue)}</span>'
        self.due = f'<span class="visually-hidden">{escape(self.t.due)}</span>'
        checklist = escape(self.t.checklist)
        self.checklist_open = (
            f' title="{checklist}">{CHECK}\n<span class="visually-hidden">{checklist}:</span> '
        )
        self.comments_open = (
            f'<span class="comment-count" title="{escape(self.t.comments_title)}">{COMMENT} '
        )
        self.move = escape(self.t.move)
        self._days: dict[date, str] = {}
        # A few people lead many cards, a few sites hold them: each written once per request.
        self._leads: dict[tuple[str, str], str] = {}
        self._sites: dict[str, str] = {}
        self._progress: dict[tuple[int, int], str] = {}
        self._comments: dict[int, str] = {}

    def day(self, value: date) -> str:
        """A date as the card writes it ("24 dec"), formatted once per request."""
        written = self._days.get(value)
        if written is None:
            written = self._days[value] = str(escape(format_date(value, "d MMM")))
        return written

    def site(self, name: str) -> str:
        """The work site line of a card, written once per site and request."""
        written = self._sites.get(name)
        if written is None:
            written = self._sites[name] = (
                f'<p class="card__site"><span class="visually-hidden">{self.site_label}: '
                f"</span>{escape(name)}</p>\n"
            )
        return written

    def lead(self, name: str, label: str) -> str:
        """A lead's initials and name under label, written once per person, role and request."""
        key = (name, label)
        written = self._leads.get(key)
        if written is None:
            shown = escape(name)
            written = self._leads[key] = (
                f'<span class="lead" title="{label}: {shown}">\n'
                f'<span class="lead__initials" aria-hidden="true">'
                f"{escape(initials_of(name))}</span>\n"
                f'<span class="lead__name"><span class="visually-hidden">{label}: '
                f"</span>{shown}</span>\n</span>\n"
            )
        return written

    def progress(self, done: int, total: int) -> str:
        """'2 van 5', written once per pair and request."""
        written = self._progress.get((done, total))
        if written is None:
            written = self._progress[done, total] = escape(self.t.progress(done, total))
        return written

    def comments(self, count: int) -> str:
        """'3 reacties', written once per number and request."""
        written = self._comments.get(count)
        if written is None:
            written = self._comments[count] = escape(self.t.comments(count))
        return written

    def write(self, card: CardRow, can_edit: bool, today: date) -> str:
        """The card's <li>."""
        card_id = f"initiative-{card.id}"
        title = text(card.title)
        due = card.due_date
        overdue = due is not None and due < today and card.archived_at is None
        parts = [
            f'<li class="card{" card--overdue" if overdue else ""}" id="{card_id}"\n'
            f'    data-version="{card.version}">\n'
            f'<h3 class="card__title">\n<a href="{self.links.detail(card.id)}"{self.lang}>'
            f"{title}</a>\n</h3>\n"
        ]
        if card.site is not None:
            parts.append(self.site(card.site))
        resident, professional = card.resident, card.professional
        if resident is not None or professional is not None:
            parts.append('<p class="card__leads">\n')
            if resident is not None:
                parts.append(self.lead(resident, self.resident))
            if professional is not None:
                parts.append(self.lead(professional, self.professional))
            parts.append("</p>\n")
        parts.append('<p class="card__meta">\n')
        if due is not None:
            if overdue:
                parts.append(f'<span class="due due--overdue">\n{self.overdue}\n')
            else:
                parts.append(f'<span class="due">\n{self.due}\n')
            parts.append(f"{CALENDAR} {self.day(due)}\n</span>\n")
        total = card.steps
        if total:
            done = card.done
            finished = " checklist-progress--done" if done == total else ""
            parts.append(
                f'<span class="checklist-progress{finished}"{self.checklist_open}'
                f"{self.progress(done, total)}</span>\n"
            )
        if card.comments:
            parts.append(f"{self.comments_open}{self.comments(card.comments)}</span>\n")
        parts.append("</p>\n")
        if can_edit:
            move_url = self.links.move(card.id)
            parts.append(
                f'<a class="move-link" href="{move_url}" hx-get="{move_url}" '
                f'hx-target="#{card_id}-move"\n   aria-controls="{card_id}-move">{self.move}'
                f"<span class=\"visually-hidden\"> '{title}'</span></a>\n"
                f'<div class="move" id="{card_id}-move"></div>\n'
            )
        parts.append("</li>")
        return "".join(parts)


def _writer(coalition) -> CardWriter:
    """The request's writer of the coalition's cards."""
    writers = g.setdefault("card_writers", {})
    writer = writers.get(coalition.slug)
    if writer is None:
        writer = writers[coalition.slug] = CardWriter(coalition)
    return writer


def card_html(card: CardRow, coalition, can_edit: bool, today: date) -> Markup:
    """The markup of one card (for templates: the answer to adding or moving it)."""
    return Markup(_writer(coalition).write(card, can_edit, today))


def cards_html(cards, coalition, can_edit: bool, today: date) -> Markup:
    """The markup of a list of cards (CardRows), one after the other (a column, a page of more
    cards, the cards a poll brings)."""
    write = _writer(coalition).write
    return Markup("\n".join([write(card, can_edit, today) for card in cards]))
