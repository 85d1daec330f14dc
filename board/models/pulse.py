"""The collaboration pulse: waves of a short questionnaire, answered without names.

An answer (PulseAnswer) holds the wave, the item, the side of whoever gave it and the value or
text, and nothing that leads back to a person: no user, no time, and an id drawn at random so
not even the order of the rows tells who answered when. That a member took part is a row of its
own (PulseParticipation), with nothing of what they answered; it makes "one answer per member
per wave" a unique key.

The wording of the items is versioned: a wave keeps, from the moment it opens, the wording
people see in it (PulseWave.items), so results always stand next to the words they answered.
Changed wordings are PulseWording rows; without one an item has its first wording (in code).
"""

import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from board.clock import now, to_local
from board.extensions import db
from board.models.base import UTCDateTime


def _random_id() -> str:
    """An id that says nothing about when its row was made."""
    return secrets.token_hex(16)


class PulseWording(db.Model):
    """A changed wording of one item (version 2 and up), in Dutch and in English."""

    __tablename__ = "pulse_wordings"
    __table_args__ = (UniqueConstraint("item", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(20))
    version: Mapped[int]
    text_nl: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class PulseWave(db.Model):
    """One round of the pulse in a coalition: open from opens_at until closes_at (or until a
    facilitator closes it early); results show only once it is closed."""

    __tablename__ = "pulse_waves"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The items as people see them in this wave: [{item, version, nl, en}], in order.
    items: Mapped[list] = mapped_column(JSON, default=list)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    def ends_at(self) -> datetime:
        """When answering stops: the closing time, or the moment it was closed early."""
        return self.closed_early_at or self.closes_at

    def last_day(self) -> date:
        """The last day people may answer (Dutch time)."""
        return to_local(self.ends_at() - timedelta(seconds=1)).date()

    def is_open(self, moment: datetime) -> bool:
        """Whether members may answer at moment."""
        return self.opens_at <= moment < self.ends_at()

    def is_closed(self, moment: datetime) -> bool:
        """Whether the wave is over at moment (its results may show)."""
        return moment >= self.ends_at()


class PulseParticipation(db.Model):
    """That a member answered a wave; nothing of what they answered."""

    __tablename__ = "pulse_participations"
    __table_args__ = (UniqueConstraint("wave_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("pulse_waves.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class PulseAnswer(db.Model):
    """One answer to one item, without a name: a value from 1 to 5 (the trend item: 1 worse,
    2 the same, 3 better), None for "weet niet", or the text of the open question."""

    __tablename__ = "pulse_answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"))
    wave_id: Mapped[int] = mapped_column(ForeignKey("pulse_waves.id"), index=True)
    item: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(20))
    value: Mapped[int | None] = mapped_column(default=None)
    text: Mapped[str] = mapped_column(Text, default="")
    # A facilitator may hide an open answer from the results (never see who wrote it).
    hidden: Mapped[bool] = mapped_column(default=False)
