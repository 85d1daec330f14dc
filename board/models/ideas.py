"""Ideas residents propose, the support they gather, voting rounds and consent."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.clock import now
from board.extensions import db
from board.models.base import UTCDateTime

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
    # What a merged idea was before (open or shortlisted): what separating it again restores.
    status_before_merge: Mapped[str | None] = mapped_column(String(20), default=None)
    # Rises with every edit of the text (not with support or decisions): the stale-form check.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

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
    # Set when this support came with a merged duplicate (whose own supports stay with it):
    # separating the two ideas again takes exactly these away.
    merged_from_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class IdeaComment(db.Model):
    """A member's comment on an idea."""

    __tablename__ = "idea_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    author = relationship("User", lazy="raise")


class VotingRound(db.Model):
    """A time-boxed round in which members spread their dots over shortlisted ideas."""

    __tablename__ = "voting_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    dots_per_member: Mapped[int] = mapped_column(default=3)
    allow_stacking: Mapped[bool] = mapped_column(default=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # Whether the members were told by mail that it opened, and that it closed.
    opening_told: Mapped[bool] = mapped_column(default=False, server_default=false())
    closing_told: Mapped[bool] = mapped_column(default=False, server_default=false())

    def state(self, now: datetime) -> str:
        """'upcoming', 'open' or 'closed', from the dates alone (no background job needed)."""
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"


class RoundIdea(db.Model):
    """An idea on a voting round's ballot."""

    __tablename__ = "round_ideas"
    __table_args__ = (UniqueConstraint("round_id", "idea_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_rounds.id"), index=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"))


class Vote(db.Model):
    """The dots one member put on one idea in one round."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("round_id", "user_id", "idea_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_rounds.id"), index=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    dots: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class ConsentRound(db.Model):
    """ "Is dit goed genoeg om te proberen?": consent or objection on a chosen idea."""

    __tablename__ = "consent_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), unique=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class ConsentResponse(db.Model):
    """One member's consent, or objection with a reason."""

    __tablename__ = "consent_responses"
    __table_args__ = (UniqueConstraint("consent_round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    consent_round_id: Mapped[int] = mapped_column(ForeignKey("consent_rounds.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    objects: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    user = relationship("User", lazy="raise")
