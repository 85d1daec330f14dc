"""Changing accounts: new accounts, joining through an invite, invite and password links.

Accounts belong to no coalition, so their changes are units of work of their own; joining
changes a coalition's members and takes that coalition's change lock.
"""

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from board import clock, events
from board.auth.inputs import JoinInput
from board.auth.queries import (
    find_user,
    invite_is_usable,
    link_gone,
    normalise_email,
    open_invite,
    password_link_allowed,
    well_formed_email,
)
from board.coalitions.actions import check_role_side
from board.coalitions.inputs import InviteInput
from board.errors import Invalid, NotFound
from board.extensions import db
from board.mail.outbox import queue
from board.models import Coalition, Invite, Membership, PasswordReset, User
from board.models.user import hash_password

PASSWORD_MIN = 8
NAME_MAX = 80
NOTE_MAX = 120


def check_password_rules(password: str) -> None:
    """Invalid when a new password is too short."""
    if len(password or "") < PASSWORD_MIN:
        raise Invalid({"password": _("Choose a password of at least 8 characters.")})


def create_user(email: str, display_name: str, password: str, **flags) -> User:
    """Add an account (flags: is_admin, is_programme_viewer)."""
    with events.unit_of_work():
        user = User(email=normalise_email(email), display_name=display_name.strip(), **flags)
        user.set_password(password)
        db.session.add(user)
    return user


def new_token() -> str:
    """A URL-safe secret for a link."""
    return secrets.token_urlsafe(24)


# ---- joining through an invite ---------------------------------------------------------------


def join_as_member(token: str, user: User) -> Membership:
    """Someone with an account joins the coalition of an invite (a member already: no change)."""
    status = open_invite(token)
    with events.change(status.coalition, status.invite) as change:
        _check_usable(status.invite)
        return _join(change, status.invite, user)


def join_as_new_person(token: str, joining: JoinInput) -> Membership:
    """A new account from the join form becomes a member through the invite; Invalid with every
    problem of the form at once."""
    status = open_invite(token)
    with events.change(status.coalition, status.invite) as change:
        _check_usable(status.invite)
        display_name, email = _new_account(joining)
        user = create_user(email, display_name, joining.password)
        db.session.flush()
        return _join(change, status.invite, user)


def _new_account(joining: JoinInput) -> tuple[str, str]:
    """The name and email address of a new account; Invalid with every problem at once."""
    errors = {}
    display_name = " ".join((joining.display_name or "").split())
    if not display_name:
        errors["display_name"] = _("Tell us the name others will see.")
    elif len(display_name) > NAME_MAX:
        errors["display_name"] = _("A name can have at most 80 characters.")
    email = normalise_email(joining.email)
    if not well_formed_email(email):
        errors["email"] = _("Enter an email address such as name@example.nl.")
    elif find_user(email) is not None:
        errors["email"] = _(
            "This email address already has an account: log in first, then open the link."
        )
    try:
        check_password_rules(joining.password)
    except Invalid as error:
        errors.update(error.errors)
    if errors:
        raise Invalid(errors)
    return display_name, email


def _check_usable(invite: Invite) -> None:
    """NotFound when the invite stopped working (asked again once the change lock is held)."""
    if not invite_is_usable(invite):
        raise link_gone()


def _join(change: events.Change, invite: Invite, user: User) -> Membership:
    """Make user a member with the invite's role and side, counting the use."""
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
    change.record(user, "member.joined", membership, name=user.display_name)
    return membership


# ---- invite and password links -----------------------------------------------------------------


def create_invite(coalition: Coalition, actor: User, invite: InviteInput, days: int) -> Invite:
    """A new invite link for a role and side, valid for days."""
    check_role_side(invite.role, invite.side)
    with events.unit_of_work():
        created = Invite(
            coalition_id=coalition.id,
            token=new_token(),
            role=invite.role,
            side=invite.side,
            note=(invite.note or "").strip()[:NOTE_MAX],
            created_by_id=actor.id,
            expires_at=clock.now() + timedelta(days=days),
        )
        db.session.add(created)
    return created


def revoke_invite(invite: Invite) -> Invite:
    """Make an invite link stop working."""
    with events.unit_of_work():
        if invite.revoked_at is None:
            invite.revoked_at = clock.now()
    return invite


def create_password_reset(
    coalition: Coalition, actor: User, membership: Membership, days: int
) -> PasswordReset:
    """A one-time link with which a member chooses a new password; Invalid when the account
    holds more than this coalition gives and actor is no admin (see password_link_allowed)."""
    with events.unit_of_work():
        if db.session.get(Membership, membership.id, populate_existing=True) is None:
            raise NotFound()  # removed meanwhile
        if not password_link_allowed(actor.id, coalition.id, membership.user_id):
            raise Invalid(
                {
                    "": _(
                        "%(name)s also uses this account outside %(coalition)s, so only an admin "
                        "can make a password link. Ask an admin to make one.",
                        name=membership.user.display_name,
                        coalition=coalition.name,
                    )
                }
            )
        reset = PasswordReset(
            coalition_id=coalition.id,
            user_id=membership.user_id,
            created_by_id=actor.id,
            token=new_token(),
            expires_at=clock.now() + timedelta(days=days),
        )
        db.session.add(reset)
    return reset


SELF_RESET = timedelta(hours=1)  # a link someone asked for themselves works this long


def request_password_reset(email: str, compose) -> bool:
    """ "Wachtwoord vergeten?": a one-time link, valid for an hour, mailed to the account with
    this address; compose(user, reset) gives the mail's (subject, text, html). Whether the
    address has an account is not told to the asker (the view answers the same either way);
    returns it for the tests."""
    with events.unit_of_work():
        user = find_user(email)
        if user is None:
            return False
        reset = PasswordReset(
            coalition_id=None,
            user_id=user.id,
            created_by_id=None,
            token=new_token(),
            expires_at=clock.now() + SELF_RESET,
        )
        db.session.add(reset)
        subject, text, html = compose(user, reset)
        queue("password_reset", user.email, subject, text, html)
    return True


def use_password_reset(token: str, password: str) -> User:
    """Set a new password through a reset link, which then stops working, and end every
    session of the account. Of links opened at once only one is used: the first to mark it."""
    with events.unit_of_work():
        check_password_rules(password)
        now = clock.now()
        claimed = db.session.execute(
            update(PasswordReset)
            .where(
                PasswordReset.token == (token or ""),
                PasswordReset.used_at.is_(None),
                PasswordReset.expires_at > now,
            )
            .values(used_at=now)
            .returning(
                PasswordReset.created_by_id, PasswordReset.coalition_id, PasswordReset.user_id
            )
            .execution_options(synchronize_session=False)
        ).first()
        if claimed is None or not password_link_allowed(*claimed):
            raise link_gone()
        user = db.session.get(User, claimed.user_id)
        user.set_password(password)
        user.session_version = User.session_version + 1
    return user


# ---- sessions and stored hashes ----------------------------------------------------------------


def end_sessions(user: User) -> None:
    """Every session and remember cookie of this person stops working (at logout)."""
    with events.unit_of_work():
        db.session.execute(
            update(User)
            .where(User.id == user.id)
            .values(session_version=User.session_version + 1)
            .execution_options(synchronize_session=False)
        )


def renew_password_hash(user: User, password: str) -> None:
    """Store password's hash made with the current parameters (its owner just logged in with
    it); a password changed meanwhile stays as it is."""
    renewed = hash_password(password)
    with events.unit_of_work():
        db.session.execute(
            update(User)
            .where(User.id == user.id, User.password_hash == user.password_hash)
            .values(password_hash=renewed)
            .execution_options(synchronize_session=False)
        )
