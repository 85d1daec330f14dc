"""Logging in finds the person through an index: the statement find_user runs is one lookup in
the addresses' unique index, on SQLite and on PostgreSQL, whatever the case or spaces typed."""

from sqlalchemy import event, text

from board.auth.actions import create_user
from board.auth.queries import find_user
from board.extensions import db


def _statement_of(call):
    """The SQL and parameters of the one statement call() runs."""
    seen = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    [found] = seen
    return found


def test_an_address_is_found_whatever_its_case_and_spaces(app_ctx):
    anna = create_user("  Anna.de.Vries@Voorbeeld.NL ", "Anna", "een lang wachtwoord")
    assert anna.email == "anna.de.vries@voorbeeld.nl"
    assert find_user("ANNA.DE.VRIES@voorbeeld.nl ").id == anna.id
    assert find_user("anna@voorbeeld.nl") is None


def test_the_lookup_is_one_search_of_the_unique_index(app_ctx):
    for number in range(50):
        create_user(f"persoon{number}@voorbeeld.nl", f"Persoon {number}", "een lang wachtwoord")
    statement, parameters = _statement_of(lambda: find_user("Persoon7@voorbeeld.nl"))
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        details = " ".join(str(row[-1]) for row in plan)
        assert "USING INDEX" in details and "(email=?)" in details, details
    else:
        # A table this small is cheaper to read whole; forbid that to see whether the index
        # can answer the statement at all (lower(email) = … could not use it).
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars().all()
        details = " ".join(plan)
        assert "Index" in details and "uq_users_email" in details, details
        assert "Seq Scan" not in details, details
    db.session.rollback()
