"""Login, logout, joining through an invite link, and password resets."""

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from board.auth import services
from board.auth.forms import JoinAsMemberForm, JoinForm, LoginForm, ResetForm
from board.errors import Invalid
from board.extensions import db, limiter, login_manager
from board.forms import add_errors
from board.htmx import render
from board.models import User
from board.parsing import safe_next

bp = Blueprint("auth", __name__)


def init_login(app):
    """Configure Flask-Login for app."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id):
        try:
            return db.session.get(User, int(user_id))
        except (TypeError, ValueError):
            return None


def _login_attempt_key() -> str:
    """Failed logins are counted per device and email address."""
    email = services.normalise_email(request.form.get("email", ""))[:254]
    return f"{request.remote_addr}|{email}"


def _show_login_refused(limit):
    """The login form again, saying to wait, with status 429."""
    form = LoginForm(formdata=None, email=request.form.get("email", ""))
    form.form_errors.append(
        _("Too many attempts that did not match. Wait a few minutes and try again.")
    )
    return render("auth/login.html", form=form, status=429)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    key_func=_login_attempt_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code == 422,
    on_breach=_show_login_refused,
)
def login():
    """Show the login form and log the person in."""
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(form.next.data) or url_for("core.index"), 303)
        form.form_errors.append(_("That email address and password do not match."))
        status = 422
    elif form.is_submitted():
        status = 422
    return render("auth/login.html", form=form, status=status)


@bp.post("/logout")
def logout():
    """Log out and go to the login page."""
    logout_user()
    return redirect(url_for("auth.login"), 303)


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token):
    """Accept an invite: a new person makes an account, a logged-in person joins with a click."""
    status = services.open_invite(token)
    form = JoinAsMemberForm() if current_user.is_authenticated else JoinForm()
    code = 200
    if form.validate_on_submit():
        try:
            if current_user.is_authenticated:
                membership = services.join_with_invite(token, user=current_user)
            else:
                membership = services.join_with_invite(
                    token,
                    email=form.email.data,
                    display_name=form.display_name.data,
                    password=form.password.data,
                )
                login_user(db.session.get(User, membership.user_id))
        except Invalid as error:
            db.session.rollback()
            add_errors(form, error.errors)
            code = 422
        else:
            flash(_("Welcome to %(name)s!", name=status.coalition.name))
            return redirect(url_for("coalitions.home", slug=status.coalition.slug), 303)
    elif form.is_submitted():
        code = 422
    return render(
        "auth/join.html", form=form, invite=status.invite, coalition=status.coalition, status=code
    )


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password through a one-time link."""
    services.open_password_reset(token)
    form = ResetForm()
    code = 200
    if form.validate_on_submit():
        try:
            user = services.use_password_reset(token, form.password.data)
        except Invalid as error:
            add_errors(form, error.errors)
            code = 422
        else:
            login_user(user)
            flash(_("Your new password is saved."))
            return redirect(url_for("core.index"), 303)
    elif form.is_submitted():
        code = 422
    return render("auth/reset.html", form=form, status=code)
