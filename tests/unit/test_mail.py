"""The outbox and its worker, against a real SMTP server in the test process: a mail exists
exactly when the change that queued it does, arrives with its headers and both bodies, waits
while the server is down and goes once it is back, and two workers send each mail once."""

import threading
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from board import clock
from board.events import unit_of_work
from board.extensions import db
from board.mail import worker
from board.mail.outbox import queue
from board.models import OutboxMail
from tests.unit.conftest import Inbox, free_port


def reset_link(to="anna@example.nl", subject="Je nieuwe wachtwoord"):
    """Queue a mail as a change would, in a unit of work of its own."""
    with unit_of_work():
        queue(
            "password_reset",
            to,
            subject,
            "Kies een nieuw wachtwoord: https://buurtbord.example/reset/abc",
            "<p>Kies een <a href='https://buurtbord.example/reset/abc'>nieuw wachtwoord</a>.</p>",
            {"List-Unsubscribe": "<https://buurtbord.example/unsubscribe/x>"},
        )


def outbox_count(**where) -> int:
    return db.session.scalar(select(func.count(OutboxMail.id)).filter_by(**where))


def test_a_change_that_is_rolled_back_sends_nothing(app_ctx):
    with pytest.raises(RuntimeError), unit_of_work():
        queue("password_reset", "anna@example.nl", "Onderwerp", "Tekst")
        raise RuntimeError("the change fails")
    assert outbox_count() == 0


def test_a_mail_arrives_with_its_headers_and_both_bodies_once(app_ctx, smtp):
    reset_link()
    assert worker.deliver_due() == 1
    assert worker.deliver_due() == 0  # sent is sent
    [message] = smtp.messages
    assert message["To"] == "anna@example.nl" and message["Subject"] == "Je nieuwe wachtwoord"
    assert "Buurtbord" in message["From"] and message["Message-ID"]
    assert message["List-Unsubscribe"] == "<https://buurtbord.example/unsubscribe/x>"
    assert "https://buurtbord.example/reset/abc" in message.get_body(("plain",)).get_content()
    assert "<a href=" in message.get_body(("html",)).get_content()
    stored = db.session.scalar(select(OutboxMail))
    assert stored.sent_at is not None and stored.attempts == 0


def test_with_the_server_down_the_mail_waits_and_goes_when_it_is_back(app, app_ctx):
    port = free_port()
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{port}"  # nobody listens yet
    try:
        reset_link()
        assert worker.deliver_due() == 0
        waiting = db.session.scalar(select(OutboxMail))
        db.session.refresh(waiting)
        assert waiting.sent_at is None and waiting.attempts == 1 and waiting.last_error
        assert waiting.send_after > clock.now() + timedelta(seconds=30)
        inbox = Inbox()
        server = Controller(inbox, hostname="127.0.0.1", port=port)
        server.start()
        try:
            assert worker.deliver_due() == 0  # not before its wait is over
            with clock.pretending(clock.now() + timedelta(minutes=2)):
                assert worker.deliver_due() == 1
        finally:
            server.stop()
        assert [m["Subject"] for m in inbox.messages] == ["Je nieuwe wachtwoord"]
    finally:
        app.config["MAIL_URL"] = ""


def test_without_a_mail_server_each_mail_is_an_eml_file(app, app_ctx, tmp_path):
    app.config["MAIL_URL"] = f"file://{tmp_path}"
    try:
        reset_link(subject="Welkom bij Buurtbord")
        assert worker.deliver_due() == 1
    finally:
        app.config["MAIL_URL"] = ""
    [written] = list(tmp_path.glob("*.eml"))
    message = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert message["Subject"] == "Welkom bij Buurtbord"


def test_two_workers_send_two_hundred_mails_exactly_once(app, app_ctx, smtp):
    with unit_of_work():
        for number in range(200):
            queue("digest", f"lid{number}@example.nl", f"Mail {number}", "Tekst")
    db.session.remove()
    barrier = threading.Barrier(2)

    def work():
        with app.app_context():
            barrier.wait()
            while worker.deliver_due(limit=7):
                pass
            db.session.remove()

    workers = [threading.Thread(target=work) for _ in range(2)]
    for each in workers:
        each.start()
    for each in workers:
        each.join(timeout=120)
    subjects = sorted(message["Subject"] for message in smtp.messages)
    assert subjects == sorted(f"Mail {number}" for number in range(200))
    assert outbox_count(sent_at=None) == 0


class Picky(Inbox):
    """An SMTP server that refuses one address."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == "weg@example.nl":
            return "550 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_an_address_refused_waits_alone_and_the_others_go(app, app_ctx):
    inbox, port = Picky(), free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{port}"
    try:
        for address in ("anna@example.nl", "weg@example.nl", "bram@example.nl"):
            reset_link(to=address)
        assert worker.deliver_due() == 2
    finally:
        server.stop()
        app.config["MAIL_URL"] = ""
    assert sorted(m["To"] for m in inbox.messages) == ["anna@example.nl", "bram@example.nl"]
    refused = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == "weg@example.nl"))
    db.session.refresh(refused)
    assert refused.sent_at is None and refused.attempts == 1 and "550" in refused.last_error


def test_sent_mail_older_than_kept_is_pruned_and_waiting_mail_never(app, app_ctx, tmp_path):
    from board.mail.outbox import prune_sent

    app.config["MAIL_URL"] = f"file://{tmp_path}"
    try:
        with clock.pretending(clock.now() - timedelta(days=40)):
            reset_link(subject="Oud")
            assert worker.deliver_due() == 1
        reset_link(subject="Nieuw")
        assert worker.deliver_due() == 1
        reset_link(subject="Wacht nog")
        assert prune_sent(clock.now() - timedelta(days=30)) == 1
        left = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        assert [m.sent_at is None for m in left] == [False, True]
        runner = app.test_cli_runner()
        assert runner.invoke(args=["prune-outbox", "--days", "1"]).exit_code != 0
        assert "Deleted 0 mails" in runner.invoke(args=["prune-outbox"]).output
    finally:
        app.config["MAIL_URL"] = ""
