"""Ideas residents propose, the support they gather, voting rounds and consent."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.extensions import db
from board.models.base import UTCDateTime, utcnow

IDEA_STATUSES = ("open", "shortlisted", "chosen", "not_chosen", "initiative", "merged")


class Idea(db.Model):
    """A proposal that may become an initiative."""

    __tablename__ = "ideas"
    __table_args__ = (Index("ix_ideas_coalition_id_status", "coalition_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    work_site_id: Mapped[int | None] = mapped_column(ForeignKey("work_sites.id"), default=None)
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The proposer's side when they proposed, so the list keeps showing it.
    proposer_side: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id"), default=None)
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposer = relationship("User", lazy="raise")
    work_site = relationship("WorkSite", lazy="raise")


class Support(db.Model):
    """One member's "ik steun dit" for an idea: at most one per member per idea."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdeaComment(db.Model):
    """A member's comment on an idea."""

    __tablename__ = "idea_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User", lazy="raise")
