"""Accounts as they are: who is who, who may log in, which invite and reset links work."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from board import clock
from board.auth.inputs import LoginInput
from board.errors import Invalid, NotFound
from board.extensions import db
from board.models import Coalition, Invite, PasswordReset, User
from board.parsing import parse_id


def normalise_email(email: str) -> str:
    """Email addresses compare without case and outer spaces."""
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """The account with this email address, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def user_by_id(user_id) -> User | None:
    """The account with this id (as the session keeps it), if any."""
    user_id = parse_id(user_id)
    return db.session.get(User, user_id) if user_id else None


def authenticate(login: LoginInput) -> User:
    """The account whose email and password match; Invalid when either is missing or they do
    not match."""
    errors = {}
    if not login.email.strip():
        errors["email"] = _("Enter your email address.")
    if not login.password.strip():
        errors["password"] = _("Enter your password.")
    if errors:
        raise Invalid(errors)
    user = find_user(login.email)
    if user is None or not user.check_password(login.password):
        raise Invalid({"": _("That email address and password do not match.")})
    return user


@dataclass
class InviteStatus:
    """An invite found by its token, with the coalition it leads to."""

    invite: Invite
    coalition: Coalition


def open_invite(token: str) -> InviteStatus:
    """The usable invite with this token; NotFound when unknown, revoked, used up or expired."""
    row = db.session.execute(
        select(Invite, Coalition)
        .join(Coalition, Coalition.id == Invite.coalition_id)
        .where(Invite.token == (token or ""))
    ).first()
    if row is None:
        raise NotFound()
    invite, coalition = row
    if not invite_is_usable(invite):
        raise NotFound()
    return InviteStatus(invite, coalition)


def invite_is_usable(invite: Invite) -> bool:
    """Not revoked, not expired, and (for a coordinator invite) not used yet."""
    if invite.revoked_at is not None or invite.expires_at <= clock.now():
        return False
    return not (invite.role == "coordinator" and invite.uses > 0)


def open_password_reset(token: str) -> PasswordReset:
    """The unused, unexpired reset with this token, or NotFound."""
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token == (token or "")))
    if reset is None or reset.used_at is not None or reset.expires_at <= clock.now():
        raise NotFound()
    return reset
