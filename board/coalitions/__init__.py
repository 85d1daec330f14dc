"""The coalition: home, members, work sites, partners, columns."""

from board.coalitions import views  # noqa: F401
