"""The board: columns, initiative cards, their checklists and comments."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.clock import now
from board.extensions import db
from board.models.base import UTCDateTime


class Column(db.Model):
    """A stage on a coalition's board."""

    __tablename__ = "board_columns"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    wip_limit: Mapped[int | None] = mapped_column(default=None)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The active cards in the column, counted as cards come and go (under the coalition's
    # change lock: board/kanban/actions.py), so a board counts no cards to show its columns.
    card_count: Mapped[int] = mapped_column(default=0, server_default="0")


class Initiative(db.Model):
    """A card: a joint piece of work with a resident lead and a professional lead."""

    __tablename__ = "initiatives"
    __table_args__ = (
        # Active cards of a column have distinct ranks; archived ones keep theirs aside.
        Index(
            "ix_initiatives_column_rank",
            "column_id",
            "rank",
            unique=True,
            sqlite_where=text("archived_at IS NULL"),
            postgresql_where=text("archived_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    column_id: Mapped[int] = mapped_column(ForeignKey("board_columns.id"))
    # Sparse ordering key inside a column: a move writes one row, not the whole column.
    rank: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    work_site_id: Mapped[int | None] = mapped_column(ForeignKey("work_sites.id"), default=None)
    resident_lead_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    professional_lead_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    # The date the leads were last told by mail that the card is past: once per date.
    overdue_told_for: Mapped[date | None] = mapped_column(Date, default=None)
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    # The idea this initiative grew from, when it did.
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id"), default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # What the card shows of its checklist and comments, counted as they change (under the
    # coalition's change lock: board/kanban/actions.py), so a board reads no rows of either.
    checklist_total: Mapped[int] = mapped_column(default=0, server_default="0")
    checklist_done: Mapped[int] = mapped_column(default=0, server_default="0")
    comment_count: Mapped[int] = mapped_column(default=0, server_default="0")

    # Every UPDATE of a card checks and raises its version: a concurrent save cannot slip through.
    __mapper_args__ = {"version_id_col": version}

    column = relationship("Column", lazy="raise")
    work_site = relationship("WorkSite", lazy="raise")
    resident_lead = relationship("User", foreign_keys=[resident_lead_id], lazy="raise")
    professional_lead = relationship("User", foreign_keys=[professional_lead_id], lazy="raise")


class ChecklistItem(db.Model):
    """One step on an initiative's checklist."""

    __tablename__ = "checklist_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    done: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class Comment(db.Model):
    """A member's comment on an initiative."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    author = relationship("User", lazy="raise")
