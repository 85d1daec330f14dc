"""Login, logout, joining through an invite link, and password resets."""

import ipaddress

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from board.auth import actions, queries
from board.auth.inputs import ForgotInput, JoinInput, LoginInput, ResetInput
from board.errors import Invalid
from board.extensions import limiter, login_manager
from board.htmx import render
from board.mail.writing import written
from board.parsing import safe_next
from board.permissions import session_user

bp = Blueprint("auth", __name__)


def init_login(app):
    """Configure Flask-Login for app."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    login_manager.user_loader(session_user)


def _typed_email() -> str:
    """The email address a login attempt names, as accounts compare them."""
    return queries.normalise_email(request.form.get("email", ""))[:254]


def _network(address: str) -> str:
    """The network of an address: its IPv4 /24 or IPv6 /64 (anything else stays as it is)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network((int(ip), prefix), strict=False))


def _device_and_email() -> str:
    """Failed logins are counted per device and email address."""
    return f"device|{request.remote_addr}|{_typed_email()}"


def _network_and_email() -> str:
    """... and per network and email address: one person's many addresses count together."""
    return f"network|{_network(request.remote_addr or '')}|{_typed_email()}"


def _device() -> str:
    """... and per device over every address: each refusal costs a password check."""
    return f"device|{request.remote_addr}"


def _login_page(typed: LoginInput, errors=None, status: int = 200):
    """The login form with what was typed (never the password) and why it was refused."""
    return render(
        "auth/login.html",
        values={**typed.values(), "password": ""},
        errors=errors or {},
        status=status,
    )


def _show_login_refused(limit):
    """The login form again, saying to wait, with status 429."""
    return _login_page(
        LoginInput(email=request.form.get("email", "")),
        {"": _("Too many attempts that did not match. Wait a few minutes and try again.")},
        429,
    )


def _login_limit(setting: str, key_func):
    """Refuse (429) logins past the limit in setting, counting the attempts that fail (422)."""
    return limiter.limit(
        lambda: current_app.config[setting],
        key_func=key_func,
        methods=["POST"],
        deduct_when=lambda response: response.status_code == 422,
        on_breach=_show_login_refused,
    )


@bp.route("/login", methods=["GET", "POST"])
@_login_limit("LOGIN_RATE_LIMIT", _device_and_email)
@_login_limit("LOGIN_NETWORK_RATE_LIMIT", _network_and_email)
@_login_limit("LOGIN_DEVICE_RATE_LIMIT", _device)
def login():
    """Show the login form and log the person in (a hash made with older parameters is made
    again with the current ones)."""
    if request.method == "GET":
        return _login_page(LoginInput(next=request.args.get("next", "")))
    typed = LoginInput.from_form(request.form)
    try:
        user = queries.authenticate(typed)
    except Invalid as error:
        return _login_page(typed, error.errors, 422)
    if user.password_hash_outdated:
        actions.renew_password_hash(user, typed.password)
    login_user(user, remember=typed.remember)
    return redirect(safe_next(typed.next) or url_for("core.index"), 303)


@bp.post("/logout")
def logout():
    """Log out here and everywhere else: every session and remember cookie of the person ends."""
    if current_user.is_authenticated:
        actions.end_sessions(current_user)
    logout_user()
    return redirect(url_for("auth.login"), 303)


def _join_page(status, typed: JoinInput, errors=None, code: int = 200):
    """The join form of an invite, with what was typed (never the password) and its errors."""
    return render(
        "auth/join.html",
        invite=status.invite,
        inviter=status.inviter,
        coalition=status.coalition,
        values={**typed.values(), "password": ""},
        errors=errors or {},
        status=code,
    )


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token):
    """Accept an invite: a new person makes an account, a logged-in person joins with a click."""
    status = queries.open_invite(token)
    if request.method == "GET":
        return _join_page(status, JoinInput())
    if current_user.is_authenticated:
        actions.join_as_member(token, current_user)
    else:
        typed = JoinInput.from_form(request.form)
        try:
            membership = actions.join_as_new_person(token, typed)
        except Invalid as error:
            return _join_page(status, typed, error.errors, 422)
        login_user(membership.user)
    flash(_("Welcome to %(name)s!", name=status.coalition.name))
    return redirect(url_for("coalitions.home", slug=status.coalition.slug, welcome=1), 303)


def _forgot_page(typed: ForgotInput, errors=None, sent: bool = False, status: int = 200):
    """The "Wachtwoord vergeten?" form, or what comes after it."""
    return render(
        "auth/forgot.html", values=typed.values(), errors=errors or {}, sent=sent, status=status
    )


def _show_forgot_refused(limit):
    """The form again, saying to wait, with status 429."""
    message = _("Several links were asked for this address or network. Wait a while, then try.")
    return _forgot_page(ForgotInput(email=request.form.get("email", "")), {"": message}, False, 429)


def _forgot_limit(setting: str, key_func):
    """At most so many links per address, and per network, whatever the answer."""
    return limiter.limit(
        lambda: current_app.config[setting],
        key_func=key_func,
        methods=["POST"],
        on_breach=_show_forgot_refused,
    )


def _reset_mail(user, reset) -> tuple[str, str, str]:
    """The mail with a password link."""
    link = url_for("auth.reset_password", token=reset.token, _external=True)
    return written(user, "password_reset", _l("Choose a new password for Buurtbord"), link=link)


@bp.route("/forgot", methods=["GET", "POST"])
@_forgot_limit("RESET_RATE_LIMIT", lambda: f"reset|{_typed_email()}")
@_forgot_limit("RESET_NETWORK_RATE_LIMIT", lambda: f"reset|{_network(request.remote_addr or '')}")
def forgot_password():
    """Ask for a one-time link to choose a new password, sent to the account's own address;
    the answer is the same whether the address has an account or not."""
    if request.method == "GET":
        return _forgot_page(ForgotInput(email=request.args.get("email", "")[:254]))
    typed = ForgotInput.from_form(request.form)
    email = queries.normalise_email(typed.email)
    if not queries.well_formed_email(email):
        return _forgot_page(
            typed, {"email": _("Fill in the email address you log in with.")}, False, 422
        )
    actions.request_password_reset(email, _reset_mail)
    return _forgot_page(ForgotInput(email=email), sent=True)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password through a one-time link: every other session of the person ends,
    this device stays logged in."""
    queries.open_password_reset(token)
    if request.method == "GET":
        return render("auth/reset.html", errors={})
    typed = ResetInput.from_form(request.form)
    try:
        user = actions.use_password_reset(token, typed.password)
    except Invalid as error:
        return render("auth/reset.html", errors=error.errors, status=422)
    login_user(user)
    flash(_("Your new password is saved."))
    return redirect(url_for("core.index"), 303)
