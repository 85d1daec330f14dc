"""The programme's view: every coalition side by side, for programme viewers and admins; its
figures as CSV. The page prints as the programme's report."""

from flask import Blueprint, request
from flask_login import current_user, login_required

from board.coalitions.queries import list_request
from board.errors import Forbidden
from board.programme import pages

bp = Blueprint("programme", __name__)


@bp.before_request
@login_required
def _require_programme():
    """Only programme viewers and admins see the programme."""
    if not (current_user.is_programme_viewer or current_user.is_admin):
        raise Forbidden()


@bp.get("/programme")
def programme():
    """Every coalition side by side in the chosen period (?period=quarter|half|year), a page
    of them at a time (?page=, from 0), found by name (?q=)."""
    search, page = list_request(request.args)
    return pages.programme_page(request.args.get("period", ""), search, page)


@bp.get("/programme.csv")
def download():
    """The figures of every coalition in the period, one row each."""
    return pages.programme_csv(request.args.get("period", ""))
