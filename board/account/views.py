"""My account: the name others see, my password, my language, my calendar address, and all my
data to download."""

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from board.account import actions, deletion, export
from board.account.inputs import (
    DeletionInput,
    EmailInput,
    LanguageInput,
    MailInput,
    NameInput,
    PasswordInput,
)
from board.core.views import remember_language
from board.errors import Invalid
from board.htmx import render
from board.mail import kinds
from board.mail.settings import save_settings
from board.mail.writing import written

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
def _signed_in():
    """Only for the person logged in; the link in a mail to a new address works without."""
    if request.endpoint != "account.confirm_email" and not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


def _page(failed: str = "", values=None, errors=None, status: int = 200):
    """The account page; the form that was refused (failed) shows its errors and input."""
    return render(
        "account/account.html",
        failed=failed,
        values=values or {},
        errors=errors or {},
        mail=kinds.choices_of(current_user),
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


def _email_mail(user, change) -> tuple[str, str, str]:
    """The mail that confirms a new address."""
    link = url_for("account.confirm_email", token=change.token, _external=True)
    subject = _l("Confirm your new email address for Buurtbord")
    return written(user, "email_change", subject, link=link, email=change.new_email)


def _old_address_mail(user, old: str) -> tuple[str, str, str]:
    """The notice to the address an account used before."""
    subject = _l("Your Buurtbord account has a new email address")
    return written(user, "email_changed", subject, email=user.email, old=old)


@bp.post("/email")
def change_email():
    """Ask to log in with another address: a link goes to it; 422 with the reason."""
    typed = EmailInput.from_form(request.form)
    try:
        change = actions.ask_email_change(current_user, typed, _email_mail)
    except Invalid as error:
        return _page("email", typed.values(), error.errors, 422)
    message = _(
        "We sent a link to %(email)s. Your address changes once you open it.",
        email=change.new_email,
    )
    return _saved(message, "email")


@bp.route("/email/<token>", methods=["GET", "POST"])
def confirm_email(token):
    """The link in the mail to a new address: a button (mail programs open links to look at
    them first), and on pressing it the address changes."""
    change = actions.open_email_change(token)
    if request.method == "GET":
        return render("account/confirm_email.html", email=change.new_email, errors={})
    try:
        user = actions.confirm_email_change(token, _old_address_mail)
    except Invalid as error:
        return render(
            "account/confirm_email.html", email=change.new_email, errors=error.errors, status=422
        )
    if current_user.is_authenticated and current_user.id == user.id:
        return _saved(_("Your email address is now %(email)s.", email=user.email), "email")
    flash(_("Your email address is now %(email)s. Log in with it.", email=user.email))
    return redirect(url_for("auth.login"), 303)


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


@bp.post("/mail")
def change_mail():
    """Which mail the person gets; 422 with the reason in the form."""
    typed = MailInput.from_form(request.form)
    try:
        save_settings(current_user, typed)
    except Invalid as error:
        return _page("mail", typed.values(), error.errors, 422)
    return _saved(_("Your mail settings are saved."), "mail")


# ---- deleting the account ----------------------------------------------------------------------


def _delete_page(errors=None, status: int = 200):
    """What goes and what stays, and the form (or, first, what to hand over)."""
    return render(
        "account/delete.html",
        blockers=deletion.blockers(current_user),
        former_member=deletion.former_member(),
        errors=errors or {},
        status=status,
    )


@bp.get("/delete")
def delete_page():
    """The page that deletes the account, after the password."""
    return _delete_page()


@bp.post("/delete")
def delete_account():
    """Delete the account and log out; 422 with the reason in the form, nothing changed."""
    try:
        deletion.delete_account(current_user, DeletionInput.from_form(request.form))
    except Invalid as error:
        return _delete_page(error.errors, 422)
    logout_user()
    flash(_("Your account is deleted."))
    return redirect(url_for("auth.login"), 303)
