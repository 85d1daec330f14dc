"""How a mail leaves: through an SMTP server (MAIL_URL smtp://user:pass@host:587, with STARTTLS;
smtps:// for TLS from the start), or, without MAIL_URL, as an .eml file in instance/outbox/
with one line printed per mail (what `make run` does)."""

import smtplib
import ssl
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

TIMEOUT = 20  # seconds an SMTP server may take to answer


def compose(mail, sender: str) -> EmailMessage:
    """The message of an outbox mail: plain text, and simple HTML beside it when there is some."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=f"outbox-{mail.id}", domain=_domain(sender))
    for name, value in (mail.headers or {}).items():
        message[name] = value
    message.set_content(mail.text_body)
    if mail.html_body:
        message.add_alternative(mail.html_body, subtype="html")
    return message


def _domain(sender: str) -> str:
    """The domain of the sender's address (for Message-IDs)."""
    return sender.rsplit("@", 1)[-1].strip("> ") or "buurtbord.local"


class FileTransport:
    """Writes each mail as an .eml file into a folder and prints one line about it."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @contextmanager
    def batch(self) -> Iterator[Callable[[EmailMessage, int], None]]:
        """A sender for a batch of mails."""
        self.folder.mkdir(parents=True, exist_ok=True)
        yield self._write

    def _write(self, message: EmailMessage, mail_id: int) -> None:
        path = self.folder / f"{mail_id:06d}.eml"
        path.write_bytes(bytes(message))
        print(f"mail {mail_id} to {message['To']}: {message['Subject']} → {path}", file=sys.stderr)


class SmtpTransport:
    """Sends through an SMTP server: STARTTLS on smtp:// (when the server offers it), TLS from
    the start on smtps://, a login when the URL has a user."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.secure = parts.scheme == "smtps"
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.secure else 587)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None

    @contextmanager
    def batch(self) -> Iterator[Callable[[EmailMessage, int], None]]:
        """One connection for a batch of mails, and a sender that uses it."""
        context = ssl.create_default_context()
        if self.secure:
            server = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=context)
        else:
            server = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        with server:
            if not self.secure:
                server.ehlo()
                if server.has_extn("starttls"):
                    server.starttls(context=context)
                    server.ehlo()
            if self.user:
                server.login(self.user, self.password or "")
            yield lambda message, mail_id: server.send_message(message)


def transport_for(url: str | None, instance_path: str):
    """The transport MAIL_URL names; without one, .eml files in the instance folder."""
    if url and url.startswith(("smtp://", "smtps://")):
        return SmtpTransport(url)
    folder = Path(urlsplit(url).path) if url and url.startswith("file://") else None
    return FileTransport(folder or Path(instance_path) / "outbox")
