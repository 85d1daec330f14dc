"""Administration: the list of coalitions and creating a new one; the wording of the pulse."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from board.coalitions import actions
from board.coalitions.inputs import CoalitionInput
from board.coalitions.queries import coalition_list, list_request
from board.errors import Conflict, Forbidden, Invalid
from board.htmx import render
from board.pulse import actions as pulse_actions
from board.pulse.inputs import WordingInput
from board.pulse.items import BY_KEY, current_wordings

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
        found=coalition_list(*list_request(request.args)),
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


# ---- the pulse's wording ------------------------------------------------------------------------


def _wording_page(failed: str = "", typed: WordingInput | None = None, errors=None, status=200):
    """Every pulse item with the wording people see now; a refused form keeps what was typed."""
    return render(
        "admin/pulse.html",
        wordings=current_wordings(),
        dimensions={key: item.dimension for key, item in BY_KEY.items()},
        failed=failed,
        conflict=status == 409,
        typed=typed.values() if typed else {},
        errors=errors or {},
        status=status,
    )


@bp.get("/pulse")
def pulse_wording():
    """The questions of the collaboration pulse, each with a form for a new wording."""
    return _wording_page()


@bp.post("/pulse/<item>")
def change_wording(item):
    """Save a new wording of one item (for waves opened from now on); 422 with the problems,
    409 when someone saved another wording since the page was loaded."""
    typed = WordingInput.from_form(request.form)
    try:
        wording = pulse_actions.change_wording(current_user, item, typed)
    except Invalid as error:
        return _wording_page(item, typed, error.errors, 422)
    except Conflict:
        message = _(
            "Someone saved another wording meanwhile. Your text is still in the form; save "
            "again to replace theirs."
        )
        return _wording_page(item, typed, {"": message}, 409)
    flash(
        _(
            "The new wording is saved (version %(version)s). Waves opened from now on use it.",
            version=wording.version,
        )
    )
    return redirect(url_for("admin.pulse_wording", _anchor=f"item-{item}"), 303)
