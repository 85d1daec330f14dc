"""Mail waiting to be sent: written in the same transaction as the change that causes it, so a
mail server that is down loses nothing, and sent by a worker (`flask mail-worker`)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from board.clock import now
from board.extensions import db
from board.models.base import UTCDateTime


class OutboxMail(db.Model):
    """One composed mail: its kind (for batching and unsubscribing), the address, the subject
    and both bodies in the person's language, and how its delivery goes."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "sent_at", "send_after"),
        Index("ix_outbox_user_id_kind_thing", "user_id", "kind", "thing"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text, default="")
    # Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post.
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    # For a notice to a member: who, and about what ("card:12"), so a second happening within
    # the hour joins this mail instead of making another; what it says, to write it again then.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    thing: Mapped[str] = mapped_column(String(60), default="")
    notice: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # Not before this moment: a retry waits longer after each failure.
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # A worker that took the mail holds it until then; after that another may try.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
