"""Delivering the outbox: a worker takes a batch of due mails (on PostgreSQL skipping those
another worker holds), sends them outside any transaction, and marks each sent, or due again
later after a failure (waiting longer each time).

A mail is taken by setting claimed_until: until then no other worker takes it, so several
workers never send one mail twice; a worker that dies mid-batch leaves its mails to be taken
again once their claim runs out.
"""

import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from board import clock
from board.events import unit_of_work
from board.extensions import db
from board.mail import schedule
from board.mail.transport import compose, transport_for
from board.models import OutboxMail

BATCH = 20
CLAIM = timedelta(minutes=5)
# After the 1st, 2nd, … failure the mail waits this long; the last wait repeats.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
ERROR_MAX = 500
SCHEDULE_EVERY = 60  # seconds


@dataclass(frozen=True)
class Taken:
    """What a worker needs of a mail it took, read while it held the row."""

    id: int
    to_address: str
    subject: str
    text_body: str
    html_body: str
    headers: dict


def _take(limit: int) -> list[Taken]:
    """Claim up to limit due mails, the oldest first."""
    now = clock.now()
    with unit_of_work():
        rows = db.session.scalars(
            select(OutboxMail)
            .where(
                OutboxMail.sent_at.is_(None),
                OutboxMail.send_after <= now,
                or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
            )
            .order_by(OutboxMail.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        taken = []
        for row in rows:
            row.claimed_until = now + CLAIM
            taken.append(
                Taken(
                    row.id,
                    row.to_address,
                    row.subject,
                    row.text_body,
                    row.html_body,
                    dict(row.headers or {}),
                )
            )
    return taken


def _done(mail_id: int, error: Exception | None) -> None:
    """Mark a taken mail sent, or due again after its next wait."""
    now = clock.now()
    with unit_of_work():
        if error is None:
            # Sent mail keeps who, which kind, about what and when (for batching), not what
            # it said: the outbox is no archive of people's names and doings.
            values = {
                "sent_at": now,
                "claimed_until": None,
                "last_error": "",
                "subject": "",
                "text_body": "",
                "html_body": "",
                "headers": {},
                "notice": {},
            }
        else:
            attempts = db.session.scalar(
                select(OutboxMail.attempts).where(OutboxMail.id == mail_id)
            )
            wait = BACKOFF[min(attempts, len(BACKOFF) - 1)]
            values = {
                "attempts": attempts + 1,
                "send_after": now + wait,
                "claimed_until": None,
                "last_error": f"{type(error).__name__}: {error}"[:ERROR_MAX],
            }
        db.session.execute(update(OutboxMail).where(OutboxMail.id == mail_id).values(**values))


def deliver_due(transport=None, limit: int = BATCH) -> int:
    """Send the mails that are due (a batch); return how many went out."""
    config = current_app.config
    transport = transport or transport_for(config.get("MAIL_URL"), current_app.instance_path)
    taken, sent, finished = _take(limit), 0, set()
    if not taken:
        return 0
    try:
        with transport.batch() as send:
            for mail in taken:
                try:
                    send(compose(mail, config["MAIL_FROM"]), mail.id)
                except smtplib.SMTPRecipientsRefused as error:
                    _done(mail.id, error)  # this address only; the connection stays good
                else:
                    _done(mail.id, None)
                    sent += 1
                finished.add(mail.id)
    except (OSError, smtplib.SMTPException) as error:  # no connection, or it broke: try later
        for mail in taken:
            if mail.id not in finished:
                _done(mail.id, error)
    return sent


def run(interval: float = 2.0, once: bool = False) -> None:
    """Deliver until stopped: a batch, and a short sleep whenever nothing was due; every minute
    first what time brings (digests, reminders, rounds, late cards)."""
    planned_at = None
    while True:
        if planned_at is None or time.monotonic() - planned_at >= SCHEDULE_EVERY:
            planned_at = time.monotonic()
            schedule.run_due()
            db.session.remove()
        sent = deliver_due()
        db.session.remove()
        if once:
            return
        if not sent:
            time.sleep(interval)
