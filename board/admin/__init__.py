"""Administration: creating coalitions."""

from board.admin import views  # noqa: F401
