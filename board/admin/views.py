"""Administration: the list of coalitions and creating a new one."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from board.coalitions import actions
from board.coalitions.inputs import CoalitionInput
from board.errors import Forbidden, Invalid
from board.htmx import render
from board.permissions import visible_coalitions

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _require_admin():
    """Only admins see these pages."""
    if not current_user.is_admin:
        raise Forbidden()


def _coalitions_page(typed: CoalitionInput, errors=None, status: int = 200):
    """Every coalition, and the form for a new one with what was typed and its errors."""
    return render(
        "admin/coalitions.html",
        coalitions=visible_coalitions(current_user),
        values=typed.values(),
        errors=errors or {},
        status=status,
    )


@bp.get("/coalitions")
def coalitions():
    """All coalitions, and a form to create one."""
    return _coalitions_page(CoalitionInput())


@bp.post("/coalitions")
def create_coalition():
    """Create a coalition with the default columns; its members page comes next."""
    typed = CoalitionInput.from_form(request.form)
    try:
        coalition = actions.create_coalition(typed.slug, typed.name, typed.aim, typed.site_kind)
    except Invalid as error:
        return _coalitions_page(typed, error.errors, 422)
    flash(_("%(name)s is created. Invite its first coordinator.", name=coalition.name))
    return redirect(url_for("coalitions.members", slug=coalition.slug), 303)
