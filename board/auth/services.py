"""Accounts: logging in, joining through an invite, resetting a password."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from board import events
from board.errors import Invalid, NotFound
from board.extensions import db
from board.models import Coalition, Invite, Membership, PasswordReset, User
from board.models.base import utcnow

PASSWORD_MIN = 8


def normalise_email(email: str) -> str:
    """Email addresses compare without case and outer spaces."""
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """The account with this email address, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The account whose email and password match, or None."""
    user = find_user(email)
    if user is None or not user.check_password(password or ""):
        return None
    return user


def check_password_rules(password: str) -> None:
    """Invalid when a new password is too short."""
    if len(password or "") < PASSWORD_MIN:
        raise Invalid({"password": str(_l("Choose a password of at least 8 characters."))})


def create_user(email: str, display_name: str, password: str, **flags) -> User:
    """Add an account (the caller commits)."""
    user = User(email=normalise_email(email), display_name=display_name.strip(), **flags)
    user.set_password(password)
    db.session.add(user)
    return user


def new_token() -> str:
    """A URL-safe secret for a link."""
    return secrets.token_urlsafe(24)


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
    if invite.revoked_at is not None or invite.expires_at <= utcnow():
        return False
    return not (invite.role == "coordinator" and invite.uses > 0)


def join_with_invite(
    token: str,
    user: User | None = None,
    email: str = "",
    display_name: str = "",
    password: str = "",
) -> Membership:
    """Make user (or a new account from the fields) a member through the invite."""
    status = open_invite(token)
    invite = status.invite
    if user is None:
        errors = {}
        display_name = " ".join((display_name or "").split())
        if not display_name:
            errors["display_name"] = str(_l("Tell us the name others will see."))
        elif len(display_name) > 80:
            errors["display_name"] = str(_l("A name can have at most 80 characters."))
        email = normalise_email(email)
        if "@" not in email or "." not in email.rsplit("@", 1)[-1] or len(email) > 254:
            errors["email"] = str(_l("Enter an email address such as name@example.nl."))
        elif find_user(email) is not None:
            errors["email"] = str(
                _l("This email address already has an account: log in first, then open the link.")
            )
        try:
            check_password_rules(password)
        except Invalid as error:
            errors.update(error.errors)
        if errors:
            raise Invalid(errors)
        user = create_user(email, display_name, password)
        db.session.flush()
    existing = db.session.scalar(
        select(Membership).where(
            Membership.coalition_id == invite.coalition_id, Membership.user_id == user.id
        )
    )
    if existing is not None:
        return existing
    membership = Membership(
        coalition_id=invite.coalition_id, user_id=user.id, role=invite.role, side=invite.side
    )
    db.session.add(membership)
    invite.uses += 1
    db.session.flush()
    events.record(invite.coalition_id, user, "member.joined", membership, name=user.display_name)
    db.session.commit()
    return membership


def create_invite(
    coalition: Coalition, actor: User, role: str, side: str, note: str, days: int
) -> Invite:
    """A new invite link for a role and side, valid for days."""
    invite = Invite(
        coalition_id=coalition.id,
        token=new_token(),
        role=role,
        side=side,
        note=(note or "").strip()[:120],
        created_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invite)
    db.session.commit()
    return invite


def revoke_invite(invite: Invite) -> Invite:
    """Make an invite link stop working."""
    if invite.revoked_at is None:
        invite.revoked_at = utcnow()
        db.session.commit()
    return invite


def create_password_reset(membership: Membership, days: int) -> PasswordReset:
    """A one-time link with which a member chooses a new password."""
    reset = PasswordReset(
        coalition_id=membership.coalition_id,
        user_id=membership.user_id,
        token=new_token(),
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(reset)
    db.session.commit()
    return reset


def open_password_reset(token: str) -> PasswordReset:
    """The unused, unexpired reset with this token, or NotFound."""
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token == (token or "")))
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        raise NotFound()
    return reset


def use_password_reset(token: str, password: str) -> User:
    """Set a new password through a reset link, which then stops working."""
    reset = open_password_reset(token)
    check_password_rules(password)
    user = db.session.get(User, reset.user_id)
    user.set_password(password)
    reset.used_at = utcnow()
    db.session.commit()
    return user
