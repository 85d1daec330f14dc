"""The event log: history on cards and the coalition home, audit trail, source of live updates."""

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.clock import now
from board.extensions import db
from board.models.base import UTCDateTime


class Event(db.Model):
    """One recorded change: who did what to which object, and when."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_coalition_id_seq", "coalition_id", "seq"),
        Index("ix_events_subject", "subject_type", "subject_id"),
        # What happened of one kind in a period, per coalition (the programme's months).
        Index("ix_events_coalition_id_verb_created_at", "coalition_id", "verb", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"))
    # The coalition's event_seq of the transaction that recorded this event.
    seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verb: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(default=None)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    actor = relationship("User", lazy="raise")


class ProgrammeMonth(db.Model):
    """What happened across the whole programme in one month (Dutch time), counted as it
    happens (board/programme/tally.py): the programme's months read a row per month and
    series, however many coalitions there are."""

    __tablename__ = "programme_months"

    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    # started (cards made), finished (cards moved into the last column), proposed (ideas),
    # sessions (intervision sessions closed).
    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(default=0, server_default="0")
