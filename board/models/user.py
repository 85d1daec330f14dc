"""People who log in."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from board.clock import now
from board.extensions import db
from board.models.base import UTCDateTime


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    def set_password(self, password: str) -> None:
        """Store a salted hash of password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Tell whether password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def initials(self) -> str:
        """Up to two capitals from the display name, for compact avatars."""
        parts = [p for p in self.display_name.replace("-", " ").split() if p[:1].isalpha()]
        if not parts:
            return "?"
        if len(parts) == 1:
            return parts[0][:2].upper()
        return (parts[0][0] + parts[-1][0]).upper()
