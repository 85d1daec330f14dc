"""What the start page and the health check ask the database."""

from sqlalchemy import text

from board.extensions import db


def database_answers() -> None:
    """Ask the database the simplest question; raises when it does not answer."""
    db.session.execute(text("SELECT 1"))
