"""Intervision: sessions with their participants, what is typed while live, and what stays.

Kept after a session closes: the method, the date (its activity), the plan and the minutes each
phase really took, who took part (with their side), the two ratings, and the learning points
at the level their authors chose. What was typed while live (the case, questions, advice,
notepads) lives in IntervisionNote and is deleted at close; only the inbrenger's own useful
advice and next step may stay a while, as an IntervisionKeepsake.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.clock import now
from board.extensions import db
from board.models.base import UTCDateTime

SESSION_STATES = ("planned", "live", "closed")
VISIBILITIES = ("me", "group", "programme")


class IntervisionSession(db.Model):
    """One intervision meeting, following a method, led by a facilitator."""

    __tablename__ = "intervision_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    # Its date, place and answers live in the agenda.
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), unique=True)
    method: Mapped[str] = mapped_column(String(20))
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    inbrenger_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    state: Mapped[str] = mapped_column(String(10), default="planned")
    # Per phase of the method: {"minutes": n, "skipped": bool}; fixed when the session opens.
    plan: Mapped[list] = mapped_column(JSON, default=list)
    # The phase now (an index into plan), when it started, and how the clock was handled.
    phase: Mapped[int] = mapped_column(default=0)
    phase_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    paused_seconds: Mapped[int] = mapped_column(default=0)
    extra_seconds: Mapped[int] = mapped_column(default=0)
    # Whose turn it is in a round (an index into the people taking turns).
    turn: Mapped[int] = mapped_column(default=0)
    # Phases whose written input everyone may read now.
    revealed: Mapped[list] = mapped_column(JSON, default=list)
    # Seconds each phase really took, by phase index.
    actual_seconds: Mapped[dict] = mapped_column(JSON, default=dict)
    # Rises with every move of the facilitator: a control sent from an older page is refused.
    version: Mapped[int] = mapped_column(default=1)
    # Rises with every change anyone makes (controls, coming in, "ready", notes): polls compare.
    updates: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    activity = relationship("Activity", lazy="raise")
    facilitator = relationship("User", foreign_keys=[facilitator_id], lazy="raise")
    inbrenger = relationship("User", foreign_keys=[inbrenger_id], lazy="raise")


class IntervisionParticipant(db.Model):
    """An invited member: whether they agreed to the rules and came in, and their ratings."""

    __tablename__ = "intervision_participants"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("intervision_sessions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Their side when invited: attendance is counted by side.
    side: Mapped[str] = mapped_column(String(20))
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The phase in which they said "Ik ben klaar".
    done_phase: Mapped[int | None] = mapped_column(default=None)
    safe_rating: Mapped[int | None] = mapped_column(default=None)
    useful_rating: Mapped[int | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    user = relationship("User", lazy="raise")


class IntervisionNote(db.Model):
    """Something typed while the session is live: the case, a question, advice, a notepad.

    Only while live: every row of a session is deleted when it closes.
    """

    __tablename__ = "intervision_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("intervision_sessions.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    phase: Mapped[int] = mapped_column()
    # case, question, association, advice, core_statement, notepad or next_step.
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    useful: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class IntervisionKeepsake(db.Model):
    """The inbrenger's own useful advice and next step, kept until their next session (at
    most 90 days), then deleted by the next request that touches it."""

    __tablename__ = "intervision_keepsakes"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("intervision_sessions.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    advice: Mapped[list] = mapped_column(JSON, default=list)
    next_step: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LearningPoint(db.Model):
    """What a participant takes away, visible as far as its author chose."""

    __tablename__ = "learning_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("intervision_sessions.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    body: Mapped[str] = mapped_column(Text)
    # me: only its author; group: who took part; programme: also the programme, anonymised.
    visibility: Mapped[str] = mapped_column(String(10), default="me")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
