"""One handler per kind of error: domain errors and HTTP errors become friendly pages.

A view catches a domain error only where it shows a form again with what was typed; anything
else reaches these handlers, after the transaction is rolled back. An htmx request gets the
message to announce instead of a page to swap in.
"""

from flask import make_response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from board.errors import Conflict, Forbidden, Invalid, NotFound
from board.extensions import db
from board.htmx import is_partial, trigger


def _error_page(status: int, title: str, message: str):
    """The error page (or, for htmx, the message announced where the person is)."""
    if is_partial():
        response = make_response(message or title, status)
        response.headers["HX-Reswap"] = "none"
        return trigger(response, "announce", {"message": message or title})
    return render_template("error.html", status=status, title=title, message=message), status


def init_app(app):
    """Register the handlers on app."""

    @app.errorhandler(NotFound)
    def not_found(error):
        return _error_page(
            404, _("Not found"), _("This page does not exist, or is not yours to see.")
        )

    @app.errorhandler(Forbidden)
    def forbidden(error):
        return _error_page(
            403,
            _("Not allowed"),
            _("Your role in this coalition does not allow this. Ask a coordinator."),
        )

    @app.errorhandler(Invalid)
    def invalid(error):
        db.session.rollback()
        return _error_page(
            422,
            _("That did not work"),
            " ".join(message for message in error.errors.values() if message),
        )

    @app.errorhandler(Conflict)
    def conflict(error):
        db.session.rollback()
        return _error_page(
            409,
            _("Someone else was first"),
            error.message
            or _("Someone else changed this meanwhile. Go back, reload the page and try again."),
        )

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return _error_page(
            400,
            _("Form expired"),
            _("The form was too old or incomplete. Go back, reload the page and try again."),
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.response is not None:  # e.g. the login form a refused login attempt renders
            return error.response
        titles = {
            404: _("Not found"),
            403: _("Not allowed"),
            405: _("Not allowed"),
            400: _("Bad request"),
        }
        title = titles.get(error.code, _("Something went wrong"))
        message = (
            _("This page does not exist, or is not yours to see.") if error.code == 404 else ""
        )
        return _error_page(error.code or 500, title, message)
