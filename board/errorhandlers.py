"""One handler per kind of error: domain errors and HTTP errors become friendly pages.

A view catches a domain error only where it shows a form again with what was typed; anything
else reaches these handlers, after the transaction is rolled back. An htmx request gets the
message to announce instead of a page to swap in.
"""

from contextlib import suppress

from flask import make_response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from board.errors import Conflict, Forbidden, Invalid, NotFound
from board.extensions import db
from board.htmx import is_partial, trigger

RETRY_AFTER_SECONDS = 5


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
            404,
            _("Not found"),
            error.message or _("This page does not exist, or is not yours to see."),
        )

    @app.errorhandler(Forbidden)
    def forbidden(error):
        return _error_page(
            403,
            _("Not allowed"),
            error.message
            or _("Your role in this coalition does not allow this. Ask a coordinator."),
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

    @app.errorhandler(OperationalError)
    def unavailable(error):
        """The database cannot be reached (restarting, say): 503, try again in a few seconds."""
        with suppress(SQLAlchemyError):
            db.session.rollback()
        response = make_response(render_template("unavailable.html"), 503)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        if is_partial():
            response.headers["HX-Reswap"] = "none"
        return response

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
            413: _("Too much at once"),
        }
        messages = {
            404: _("This page does not exist, or is not yours to see."),
            413: _("This was more than any form here takes. Go back and send less."),
        }
        title = titles.get(error.code, _("Something went wrong"))
        return _error_page(error.code or 500, title, messages.get(error.code, ""))
