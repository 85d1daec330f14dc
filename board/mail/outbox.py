"""Putting a mail in the outbox: inside the unit of work of the change that causes it, so the
mail exists exactly when the change does (a change rolled back sends nothing)."""

from sqlalchemy import delete

from board.events import unit_of_work
from board.extensions import db
from board.models import OutboxMail

SUBJECT_MAX = 200


def queue(kind: str, to: str, subject: str, text: str, html: str = "", headers=None):
    """Add a composed mail to the outbox of the current transaction; it is sent once that
    transaction commits and a worker picks it up."""
    mail = OutboxMail(
        kind=kind,
        to_address=to,
        subject=" ".join(subject.split())[:SUBJECT_MAX],
        text_body=text,
        html_body=html,
        headers=dict(headers or {}),
    )
    db.session.add(mail)
    return mail


def prune_sent(before) -> int:
    """Delete the mails sent before a moment (they keep no content, only who and when, which
    batching and reminders need for a day at most); how many went."""
    with unit_of_work():
        result = db.session.execute(
            delete(OutboxMail).where(OutboxMail.sent_at.is_not(None), OutboxMail.sent_at < before)
        )
    return result.rowcount
