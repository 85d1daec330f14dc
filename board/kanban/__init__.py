"""The board: initiative cards in columns."""

from board.kanban import views  # noqa: F401
