"""Activities: meetings, trainings and neighbourhood events, with answers and calendars."""

from board.activities import views  # noqa: F401
