"""My account: the name others see, my password, my language, my calendar address, and all my
data to download."""

from flask import Blueprint, flash, make_response, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from board.account import actions, export
from board.account.inputs import LanguageInput, NameInput, PasswordInput
from board.core.views import remember_language
from board.errors import Invalid
from board.htmx import render

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
@login_required
def _signed_in():
    """Only for the person logged in."""


def _page(failed: str = "", values=None, errors=None, status: int = 200):
    """The account page; the form that was refused (failed) shows its errors and input."""
    return render(
        "account/account.html",
        failed=failed,
        values=values or {},
        errors=errors or {},
        status=status,
    )


def _saved(message: str, anchor: str):
    """Back to the account page, at the part that changed, saying what happened."""
    flash(message, f"at:{anchor}")
    return redirect(url_for("account.account", _anchor=anchor), 303)


@bp.get("")
def account():
    """The person's own account."""
    return _page()


@bp.get("/data")
def download_data():
    """Everything that is mine, as one ZIP file (JSON, and CSV per table)."""
    response = make_response(export.as_zip(export.my_data(current_user)))
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{export.file_name()}"'
    return response


@bp.post("/name")
def change_name():
    """Change the name others see; 422 with the reason in the form."""
    typed = NameInput.from_form(request.form)
    try:
        actions.change_name(current_user, typed)
    except Invalid as error:
        return _page("name", typed.values(), error.errors, 422)
    return _saved(_("Your name is changed."), "name")


@bp.post("/password")
def change_password():
    """Change the password (the current one first); every other session ends, this one stays."""
    typed = PasswordInput.from_form(request.form)
    try:
        user = actions.change_password(current_user, typed)
    except Invalid as error:
        return _page("password", {}, error.errors, 422)
    login_user(user)
    return _saved(_("Your new password is saved. You are logged out everywhere else."), "password")


@bp.post("/language")
def change_language():
    """The language of the pages and of mail."""
    typed = LanguageInput.from_form(request.form)
    try:
        actions.change_language(current_user, typed)
    except Invalid as error:
        return _page("language", typed.values(), error.errors, 422)
    with force_locale(typed.language):  # said in the language chosen
        message = _("The language is changed.")
    response = _saved(message, "language")
    return remember_language(response, typed.language)
