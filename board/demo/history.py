"""Playing demo data in at moments of the past."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from board import clock
from board.extensions import db


@contextmanager
def then(moment: datetime) -> Iterator[None]:
    """Inside the block it is moment, and what is done there is written at once: inside the
    seed's one transaction rows would otherwise get their times when flushed, later on."""
    with clock.pretending(moment):
        yield
        db.session.flush()
