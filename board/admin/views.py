"""Administration: the list of coalitions and creating a new one."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from board.coalitions import services
from board.errors import Invalid
from board.extensions import db
from board.htmx import render
from board.permissions import visible_coalitions

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _require_admin():
    """Only admins see these pages."""
    if not current_user.is_admin:
        abort(403)


@bp.route("/coalitions", methods=["GET", "POST"])
def coalitions():
    """All coalitions, and a form to create one."""
    errors, status = {}, 200
    if request.method == "POST":
        try:
            coalition = services.create_coalition(
                request.form.get("slug", ""),
                request.form.get("name", ""),
                request.form.get("aim", ""),
                request.form.get("site_kind", ""),
            )
        except Invalid as error:
            db.session.rollback()
            errors, status = error.errors, 422
        else:
            flash(_("%(name)s is created. Invite its first coordinator.", name=coalition.name))
            return redirect(url_for("coalitions.members", slug=coalition.slug), 303)
    return render(
        "admin/coalitions.html",
        coalitions=visible_coalitions(current_user),
        errors=errors,
        values=request.form,
        status=status,
    )
