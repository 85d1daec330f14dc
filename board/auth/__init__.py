"""Login, logout, invites and password resets."""

from board.auth import views  # noqa: F401
