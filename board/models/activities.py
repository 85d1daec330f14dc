"""Activities a joint action team plans: meetings, trainings, neighbourhood events.

An activity is one-off or a series (weekly, every two weeks, monthly on the same weekday).
Its times are stored in UTC and mean Dutch wall-clock time: a weekly meeting at 19:00 stays at
19:00 across the change to and from summer time. One occurrence of a series is named by its
original local date ("2026-12-01"); a one-off activity's single occurrence by "". Answers,
claims and per-occurrence changes are keyed by that name.
"""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.clock import now
from board.extensions import db
from board.models.base import UTCDateTime

ACTIVITY_KINDS = ("meeting", "training", "neighbourhood", "work_session", "intervision")
RECURRENCES = ("none", "weekly", "fortnightly", "monthly")
RSVP_ANSWERS = ("yes", "maybe", "no")


class Activity(db.Model):
    """A meeting, joint training, neighbourhood event or work session, once or repeating."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_coalition_id_starts_at", "coalition_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"))
    # The calendar UID: stable for the activity's whole life, whatever else changes.
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="meeting")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    work_site_id: Mapped[int | None] = mapped_column(ForeignKey("work_sites.id"), default=None)
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id"), default=None, index=True
    )
    recurrence: Mapped[str] = mapped_column(String(20), default="none")
    # The last local date a series may fall on (inclusive); None: no end.
    repeat_until: Mapped[date | None] = mapped_column(Date, default=None)
    # Rises with every change of the activity or one of its occurrences: the calendar SEQUENCE
    # (version - 1) and the stale-form check.
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    __mapper_args__ = {"version_id_col": version}

    work_site = relationship("WorkSite", lazy="raise")
    initiative = relationship("Initiative", lazy="raise")

    @property
    def repeats(self) -> bool:
        """True for a series."""
        return self.recurrence != "none"


class ActivityOrganiser(db.Model):
    """A member who organises an activity: may change it and sees who has not answered."""

    __tablename__ = "activity_organisers"
    __table_args__ = (UniqueConstraint("activity_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", lazy="raise")


class OccurrenceChange(db.Model):
    """One occurrence of a series moved to another time, or cancelled; the others stay."""

    __tablename__ = "occurrence_changes"
    __table_args__ = (UniqueConstraint("activity_id", "occurrence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    occurrence: Mapped[str] = mapped_column(String(10))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Rsvp(db.Model):
    """A member's answer for one occurrence: yes, maybe or no."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("activity_id", "occurrence", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    occurrence: Mapped[str] = mapped_column(String(10), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    answer: Mapped[str] = mapped_column(String(10))
    # Rises with every change of this answer, so a personal feed's SEQUENCE rises with it.
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    user = relationship("User", lazy="raise")


class ActivityItem(db.Model):
    """Something to bring ("koffie", "sleutel van de buurtkamer"), needed at every occurrence."""

    __tablename__ = "activity_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    text: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class ItemClaim(db.Model):
    """ "Ik neem het mee": one member per item per occurrence."""

    __tablename__ = "item_claims"
    __table_args__ = (UniqueConstraint("item_id", "occurrence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("activity_items.id"), index=True)
    occurrence: Mapped[str] = mapped_column(String(10), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    user = relationship("User", lazy="raise")
