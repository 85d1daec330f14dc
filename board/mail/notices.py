"""A notice: a short mail telling one member what happened to a thing of theirs (a card they
lead, their idea, a round), with one link to it.

Nobody gets more than one mail of a kind about one thing per hour. A second happening while
the first mail still waits joins it (the mail is written again with both lines); one that
comes after the mail went out waits in a new mail until the hour is over, gathering what else
happens meanwhile. So nothing is lost and nothing is sent twice.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from board import clock
from board.extensions import db
from board.mail import outbox
from board.mail.kinds import DIGEST, KINDS, label_of, wants
from board.mail.writing import written
from board.models import OutboxMail

HOUR = timedelta(hours=1)
LINES_MAX = 20  # a batch longer than this says "and more" on the page it links to
_SALT = "mail-off"
_QUIET: ContextVar[bool] = ContextVar("mail_quiet", default=False)


@contextmanager
def without_notices() -> Iterator[None]:
    """Changes made inside tell nobody (the demo data's made-up history, for one)."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def quiet() -> bool:
    """Whether changes now tell nobody."""
    return _QUIET.get()


@contextmanager
def with_links() -> Iterator[None]:
    """Links in mail made outside a request (the worker, a command) start with BASE_URL."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context("/", base_url=current_app.config["BASE_URL"]):
        yield


def _signer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def off_token(user_id: int, kind: str) -> str:
    """The secret in the one-click link that turns off one kind of mail for one person."""
    return _signer().dumps([user_id, kind])


def read_off_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) from an unsubscribe token, or None when it is not one of ours."""
    try:
        user_id, kind = _signer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or (kind != DIGEST and kind not in KINDS):
        return None
    return user_id, kind


def off_headers(user, kind: str) -> tuple[str, dict]:
    """The unsubscribe link of a mail of kind, and its List-Unsubscribe headers (RFC 8058: a
    mail program turns the kind off with one POST, without the person logging in)."""
    link = url_for("mail.unsubscribe", token=off_token(user.id, kind), _external=True)
    return link, {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def language_of(user) -> str:
    """The language mail to user is written in."""
    return user.language or str(get_locale())


def send(user, kind: str, name: str, subject, *, thing: str = "", **context) -> OutboxMail:
    """Queue the mail mail/<name> of a kind to user, with the unsubscribe link and headers."""
    off_link, headers = off_headers(user, kind)
    subject, text, html = written(
        user, name, subject, off_link=off_link, kind_label=_kind_label(user, kind), **context
    )
    mail = outbox.queue(kind, user.email, subject, text, html, headers)
    mail.user_id, mail.thing = user.id, thing
    return mail


def _kind_label(user, kind: str) -> str:
    with force_locale(language_of(user)):
        return str(label_of(kind))


def tell(people, kind: str, thing: str, *, heading, line, link: str, button, quote: str = ""):
    """Tell each of people who wants mail of this kind of a happening to thing ("card:12").

    heading names the thing, line says what happened; both (and button) are lazy strings, put
    in each person's language. The mails queued or added to, one per person told.
    """
    people = [p for p in people if p.email and wants(p, kind)]
    if not people:
        return []
    now = clock.now()
    last = {}
    for mail in db.session.scalars(
        select(OutboxMail)
        .where(
            OutboxMail.user_id.in_([p.id for p in people]),
            OutboxMail.kind == kind,
            OutboxMail.thing == thing,
        )
        .order_by(OutboxMail.id)
        .with_for_update()
    ):
        last[mail.user_id] = mail
    told = []
    for person in people:
        with force_locale(language_of(person)):
            entry = {"text": str(line), "quote": quote}
            notice = {"heading": str(heading), "link": link, "button": str(button)}
        before = last.get(person.id)
        if before is not None and before.sent_at is None and not _taken(before, now):
            lines = [*before.notice.get("lines", []), entry][-LINES_MAX:]
            _write(person, kind, before, {**notice, "lines": lines})
            told.append(before)
            continue
        mail = send(person, kind, "notice", "", thing=thing, lines=[entry], **notice)
        mail.notice = {**notice, "lines": [entry]}
        mail.subject = _subject(person, notice["heading"], [entry])
        if before is not None:
            mail.send_after = max(now, (before.sent_at or now) + HOUR)
        told.append(mail)
    return told


def _taken(mail: OutboxMail, now) -> bool:
    """A worker holds the mail: it may be leaving right now."""
    return mail.claimed_until is not None and mail.claimed_until >= now


def _subject(user, heading: str, lines: list) -> str:
    """The subject: the happening itself, or, for several, the thing and how many."""
    if len(lines) == 1:
        return f"{heading}: {lines[0]['text']}"[: outbox.SUBJECT_MAX]
    with force_locale(language_of(user)):
        return str(_l("%(heading)s: %(count)s updates", heading=heading, count=len(lines)))


def _write(user, kind: str, mail: OutboxMail, notice: dict) -> None:
    """Write a waiting notice again with all its lines."""
    off_link, _headers = off_headers(user, kind)
    context = {k: v for k, v in notice.items() if k != "lines"}
    _subject_text, mail.text_body, mail.html_body = written(
        user,
        "notice",
        "",
        lines=notice["lines"],
        off_link=off_link,
        kind_label=_kind_label(user, kind),
        **context,
    )
    mail.subject = _subject(user, notice["heading"], notice["lines"])
    mail.notice = notice
