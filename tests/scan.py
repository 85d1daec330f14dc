"""Searching the whole database: for tests that promise something is gone from every table."""

from sqlalchemy import inspect, text

from board.extensions import db


def rows_holding(app, words) -> list[tuple[str, str]]:
    """(table, word) for every row of every table in which one of words appears, whatever its
    case: each row read whole, every column as text."""
    wanted = [word.lower() for word in words]
    found = []
    with app.app_context():
        engine = db.engine
        with engine.connect() as connection:
            for table in inspect(engine).get_table_names():
                for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                    dump = " ".join(str(value) for value in row).lower()
                    found += [(table, word) for word in wanted if word in dump]
    return found
