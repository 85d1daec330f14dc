"""Coalitions, their partner organisations, work sites, members and invites."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.clock import now
from board.extensions import db
from board.models.base import UTCDateTime

ROLES = ("member", "facilitator", "coordinator")
SIDES = ("resident", "professional")
ORGANISATION_KINDS = ("resident_initiative", "welfare", "housing_care", "other")


class Coalition(db.Model):
    """A resident initiative and welfare organisations working together in a neighbourhood."""

    __tablename__ = "coalitions"
    # Every coalition by name, a page at a time (the start page of programme viewers and admins).
    __table_args__ = (Index("ix_coalitions_name_id", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    aim: Mapped[str] = mapped_column(Text, default="")
    site_kind: Mapped[str] = mapped_column(String(40), default="werkplaats")
    # Rises by one with every transaction that changes the coalition's work: the board version
    # clients poll, and the row every such transaction locks first, so changes are serialised.
    event_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Organisation(db.Model):
    """A partner organisation of a coalition."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(30), default="other")


class WorkSite(db.Model):
    """A place or theme where the joint work is tried out (werkplaats, oefenvijver, …)."""

    __tablename__ = "work_sites"
    __table_args__ = (UniqueConstraint("coalition_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Membership(db.Model):
    """A person's place in a coalition: a role (what they may do) and a side (who they are)."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("coalition_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    side: Mapped[str] = mapped_column(String(20), default="resident")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    user = relationship("User", lazy="joined")


class Invite(db.Model):
    """A link a coordinator shares so that someone can join with a chosen role and side."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    side: Mapped[str] = mapped_column(String(20), default="resident")
    note: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    uses: Mapped[int] = mapped_column(default=0)


class PasswordReset(db.Model):
    """A one-time link with which a member sets a new password: made by a coordinator (through a
    coalition) or an admin, or asked for by the person ("Wachtwoord vergeten?", sent to their
    own address: no maker, no coalition)."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int | None] = mapped_column(ForeignKey("coalitions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # Who made the link: it works only while they may still make it.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


__all__ = ["Coalition", "Invite", "Membership", "Organisation", "PasswordReset", "WorkSite"]
