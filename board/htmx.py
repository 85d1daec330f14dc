"""Answering htmx: the one place that decides between a whole page and a fragment.

A fragment is a named block of the page template that owns it, so its markup exists once.
After a change, an htmx request gets the changed fragment back; a plain form post is told what
happened in a flash message and sent on with a 303, so a reload never posts twice.
"""

import json
from collections.abc import Callable

from flask import Response, flash, make_response, redirect, render_template, request
from jinja2_fragments.flask import render_block

from board.events import own_changes
from board.parsing import safe_next

# The events the server asks the browser to fire (HX-Trigger-After-Settle); static/js/app.js
# listens for exactly these.
CLIENT_EVENTS = (
    "announce",  # {message}: said by the live region to screen-reader users
    "board-changed",  # {version, reload, placed, removed}: others changed cards on the board
    "card-changed",  # {version}: the open card's notice has caught up with this version
    "card-placed",  # {card, column, position, message, conflict}: where a moved card is now
    "own-change",  # {version}: the change number this answer's own change was given
)


def is_partial() -> bool:
    """True for an htmx request that wants a fragment (not boosted, not a history restore)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, block: str | None = None, *, status: int = 200, **context) -> Response:
    """Render block of template for htmx, else the whole page, with the given HTTP status."""
    if block is not None and is_partial():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    return make_response(body, status)


def render_fragment(template: str, block: str, *, status: int = 200, **context) -> Response:
    """Render only block of template: for endpoints that exist for htmx alone."""
    return make_response(render_block(template, block, **context), status)


def respond(
    fragment: Callable[[], Response],
    location: str,
    message: str | None = None,
    *,
    category: str = "message",
    announce: bool = True,
) -> Response:
    """After a change: the fragment for htmx (the message announced), else flash and a 303.

    fragment is called only for htmx, so a plain post does not render what it will not send.
    """
    if is_partial():
        response = fragment()
        if message and announce:
            trigger(response, "announce", {"message": message})
        return response
    if message:
        flash(message, category)
    return redirect(location, 303)


def confirm_page(
    access,
    question: str,
    consequence,
    confirm_label: str,
    cancel_url: str,
    keep: dict | None = None,
):
    """Ask before something that cannot be undone: a page whose form posts back with confirm=1
    and the fields of keep (the version of the page the question came from)."""
    return render(
        "confirm.html",
        access=access,
        coalition=access.coalition,
        question=question,
        consequence=consequence,
        confirm_label=confirm_label,
        cancel_url=cancel_url,
        keep=keep or {},
    )


def trigger(response: Response, name: str, detail=None) -> Response:
    """Ask htmx to fire the client event name (with detail) once the new content is settled."""
    if name not in CLIENT_EVENTS:
        raise ValueError(f"Unknown client event {name!r}: list it in CLIENT_EVENTS")
    header = "HX-Trigger-After-Settle"
    events = json.loads(response.headers.get(header, "{}"))
    events[name] = detail if detail is not None else {}
    response.headers[header] = json.dumps(events)
    return response


def dom_id(obj, suffix: str = "", *, id: int | None = None) -> str:
    """The element id of a model object (or of a model class and an id), shared by templates,
    out-of-band swaps, scripts and tests: 'initiative-42', 'initiative-42-move'. A class that
    stands for a model (a card read as plain values) names it in dom_kind."""
    kind = obj if isinstance(obj, type) else type(obj)
    name = getattr(kind, "dom_kind", None) or kind.__name__.lower()
    number = id if id is not None else obj.id
    return f"{name}-{number}{'-' + suffix if suffix else ''}"


def tell_own_change(response: Response) -> Response:
    """An htmx answer to a change in one coalition tells the page the change number it made:
    a page that had seen everything before it takes it as seen, so its next poll does not
    bring the person's own change back as someone else's."""
    made = own_changes()
    if len(made) == 1 and is_partial():
        [version] = made.values()
        trigger(response, "own-change", {"version": version})
    return response


def back_within(coalition) -> str | None:
    """Where a plain form asks to return (its next): the start page or a page of this
    coalition, else None (no way out of the coalition, nor off the site)."""
    target = safe_next(request.form.get("next"))
    if target and (target == "/" or target.startswith(f"/c/{coalition.slug}/")):
        return target
    return None
