"""Ideas: propose, support, decide together."""

from board.ideas import views  # noqa: F401
