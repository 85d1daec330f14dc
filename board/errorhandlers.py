"""Map domain errors and HTTP errors to friendly pages (or fragments for htmx)."""

from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from board.errors import Forbidden, NotFound


def _error_page(status: int, title: str, message: str):
    """Render the error page with status."""
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
