"""People who log in, and how their passwords and sessions are kept."""

from datetime import datetime
from functools import cache
from secrets import token_urlsafe

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from board.clock import now
from board.extensions import db
from board.models.base import UTCDateTime
from board.parsing import parse_id

# scrypt at the cost its author proposes for interactive logins (N=2**14, r=8, p=1: 16 MiB of
# memory per check). On the reference machine one check takes about 31 ms, Werkzeug's default
# (N=2**15) about 83 ms; the login limits bound how many checks one attacker can ask for.
# A stored hash made with other parameters is made again at its owner's next login.
PASSWORD_METHOD = "scrypt:16384:8:1"


def hash_password(password: str) -> str:
    """A salted hash of password made with the current parameters."""
    return generate_password_hash(password, method=PASSWORD_METHOD)


@cache
def _unusable_hash(method: str) -> str:
    """A hash of a random secret made with method: what nobody's password ever matches."""
    return generate_password_hash(token_urlsafe(32), method=method)


def check_nobodys_password(password: str) -> bool:
    """False, after the work of checking a real hash: an address without an account takes as
    long to refuse as one with an account."""
    check_password_hash(_unusable_hash(PASSWORD_METHOD), password)
    return False


def parse_session_id(value) -> tuple[int, int] | None:
    """(user id, session version) from what a session or remember cookie keeps, else None."""
    user_id, _, version = str(value or "").partition(":")
    user_id, version = parse_id(user_id), parse_id(version)
    return (user_id, version) if user_id and version else None


def initials_of(name: str) -> str:
    """Up to two capitals from a name ("Anna de Vries": "AV"), for compact avatars."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:2].upper()
    return (parts[0][0] + parts[-1][0]).upper()


class User(UserMixin, db.Model):
    """An account: a resident, a professional, a programme viewer or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_programme_viewer: Mapped[bool] = mapped_column(default=False)
    # The secret in the personal calendar feed's address; a new one revokes the old.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    # Part of what sessions and remember cookies keep: a new one (at logout, at a new password)
    # ends every session made before.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The language the person chose ("nl", "en"), for what reaches them outside a page (mail).
    language: Mapped[str | None] = mapped_column(String(5), default=None)
    # Which kinds of mail the person turned off or on, by kind (board/mail/kinds.py); a kind
    # not named here has its default. The digest's value is "off", "daily" or "weekly".
    mail_settings: Mapped[dict] = mapped_column(JSON, default=dict)
    # When the next digest of "Voor jou" is due; None while the digest is off.
    digest_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    def get_id(self) -> str:
        """What the session and the remember cookie keep: the id and the session version."""
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        """Store a salted hash of password."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """Tell whether password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def password_hash_outdated(self) -> bool:
        """The stored hash was made with other parameters than the current ones."""
        return self.password_hash.split("$", 1)[0] != PASSWORD_METHOD

    @property
    def initials(self) -> str:
        """Up to two capitals from the display name, for compact avatars."""
        return initials_of(self.display_name)


class EmailChange(db.Model):
    """A new address someone gave for their account, waiting until they open the link sent
    to it."""

    __tablename__ = "email_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    new_email: Mapped[str] = mapped_column(String(254))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
