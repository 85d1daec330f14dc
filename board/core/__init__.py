"""Pages outside any coalition: health, home, language."""

from board.core import views  # noqa: F401
