"""Full page or fragment: the one place that decides how to answer an htmx request."""

import json

from flask import Response, make_response, render_template, request
from jinja2_fragments.flask import render_block


def is_partial() -> bool:
    """True for an htmx request that wants a fragment (not boosted, not a history restore)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, block: str | None = None, status: int = 200, **context) -> Response:
    """Render block of template for htmx, else the whole page, with the given status."""
    if block is not None and is_partial():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    return make_response(body, status)


def confirm_page(access, question: str, consequence, confirm_label: str, cancel_url: str):
    """Ask before something that cannot be undone: a page whose form posts back with confirm=1."""
    return render(
        "confirm.html",
        access=access,
        coalition=access.coalition,
        question=question,
        consequence=consequence,
        confirm_label=confirm_label,
        cancel_url=cancel_url,
    )


def render_fragment(template: str, block: str, status: int = 200, **context) -> Response:
    """Render only block of template: for endpoints that exist for htmx alone."""
    return make_response(render_block(template, block, **context), status)


def trigger(response: Response, name: str, detail=None) -> Response:
    """Ask htmx to fire the client event name (with detail) once the new content is settled."""
    header = "HX-Trigger-After-Settle"
    events = json.loads(response.headers.get(header, "{}"))
    events[name] = detail if detail is not None else {}
    response.headers[header] = json.dumps(events)
    return response


def dom_id(obj, suffix: str = "") -> str:
    """The element id of a model object, shared by templates, OOB swaps and tests."""
    name = type(obj).__name__.lower()
    return f"{name}-{obj.id}{'-' + suffix if suffix else ''}"
