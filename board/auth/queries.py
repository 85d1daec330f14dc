"""Accounts as they are: who is who, who may log in, which invite and reset links work."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from board import clock
from board.auth.inputs import LoginInput
from board.errors import Invalid, NotFound
from board.extensions import db
from board.models import Coalition, Invite, Membership, PasswordReset, User
from board.models.user import check_nobodys_password, parse_session_id


def link_gone() -> NotFound:
    """The 404 of an invite or password link that does not work (any more)."""
    return NotFound(_("This link no longer works. Ask a coordinator for a new link."))


def normalise_email(email: str) -> str:
    """Email addresses compare without case and outer spaces."""
    return (email or "").strip().lower()


def well_formed_email(email: str) -> bool:
    """Whether a normalised address looks like one: a name, @, a domain with a dot, no spaces,
    at most 254 characters (what the column holds)."""
    name, at, domain = email.rpartition("@")
    return bool(
        name and at and "." in domain and len(email) <= 254 and not any(c.isspace() for c in email)
    )


def find_user(email: str) -> User | None:
    """The account with this email address, if any: one lookup in the addresses' unique index
    (addresses are stored as normalise_email makes them)."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def user_by_session_id(value) -> User | None:
    """The account a session or remember cookie names, unless its sessions ended since."""
    ids = parse_session_id(value)
    user = db.session.get(User, ids[0]) if ids else None
    return user if user is not None and user.session_version == ids[1] else None


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
    matches = (
        user.check_password(login.password) if user else check_nobodys_password(login.password)
    )
    if not matches:
        raise Invalid({"": _("That email address and password do not match.")})
    return user


@dataclass
class InviteStatus:
    """An invite found by its token, with the coalition it leads to."""

    invite: Invite
    coalition: Coalition
    inviter: User | None = None  # who made the invite, while their account exists


def open_invite(token: str) -> InviteStatus:
    """The usable invite with this token; NotFound when unknown, revoked, used up or expired."""
    row = db.session.execute(
        select(Invite, Coalition, User)
        .join(Coalition, Coalition.id == Invite.coalition_id)
        .outerjoin(User, User.id == Invite.created_by_id)
        .where(Invite.token == (token or ""))
    ).first()
    if row is None or not invite_is_usable(row[0]):
        raise link_gone()
    invite, coalition, inviter = row
    return InviteStatus(invite, coalition, inviter)


def invite_is_usable(invite: Invite) -> bool:
    """Not revoked, not expired, and (for a coordinator invite) not used yet."""
    if invite.revoked_at is not None or invite.expires_at <= clock.now():
        return False
    return not (invite.role == "coordinator" and invite.uses > 0)


def open_password_reset(token: str) -> PasswordReset:
    """The reset with this token while it works (unused, unexpired, its maker may still make
    it), or NotFound."""
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token == (token or "")))
    if reset is None or reset.used_at is not None or reset.expires_at <= clock.now():
        raise link_gone()
    if not password_link_allowed(reset.created_by_id, reset.coalition_id, reset.user_id):
        raise link_gone()
    return reset


# ---- whose password a link may reset -----------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """What an account holds: admin or programme viewer, and its role in each coalition."""

    is_admin: bool = False
    is_programme_viewer: bool = False
    roles: dict[int, str] = field(default_factory=dict)

    def only_in(self, coalition_id: int) -> bool:
        """A member of this coalition and holding nothing else anywhere."""
        return not (self.is_admin or self.is_programme_viewer) and set(self.roles) == {coalition_id}


def reach(*user_ids) -> dict[int, Reach]:
    """What each of these accounts holds, by id (unknown ids left out), in one query."""
    rows = db.session.execute(
        select(
            User.id,
            User.is_admin,
            User.is_programme_viewer,
            Membership.coalition_id,
            Membership.role,
        )
        .outerjoin(Membership, Membership.user_id == User.id)
        .where(User.id.in_([user_id for user_id in user_ids if user_id]))
    ).all()
    found = {}
    for user_id, is_admin, is_viewer, coalition_id, role in rows:
        held = found.setdefault(user_id, Reach(is_admin, is_viewer, {}))
        if coalition_id is not None:
            held.roles[coalition_id] = role
    return found


def password_link_allowed(maker_id, coalition_id: int | None, user_id: int) -> bool:
    """Whether maker_id may (still) have a password link for user_id through coalition_id.

    A link takes over the whole account, so a coordinator may only give one to a member of
    their own coalition whose account holds nothing beyond it: no other coalition, not an admin,
    not a programme viewer. Admins may give one to anybody. A link the person asked for
    themselves (no maker, no coalition) went to their own address.
    """
    if maker_id is None:
        return coalition_id is None
    held = reach(maker_id, user_id)
    maker, person = held.get(maker_id), held.get(user_id)
    if maker is None or person is None:
        return False
    if maker.is_admin:
        return True
    return maker.roles.get(coalition_id) == "coordinator" and person.only_in(coalition_id)
