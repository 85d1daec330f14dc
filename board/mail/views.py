"""The link at the bottom of every mail that can be turned off: it works without logging in.

A person opening it sees a button (mail programs and virus scanners open links to look at
them first, and that must not change anything); a mail program that offers "unsubscribe"
posts to the same address (RFC 8058), which turns the kind off at once.
"""

from flask import Blueprint, abort

from board.extensions import csrf
from board.htmx import render
from board.mail.kinds import label_of
from board.mail.notices import read_off_token
from board.mail.settings import has_account, turn_off

bp = Blueprint("mail", __name__, url_prefix="/mail")


def _reader(token: str) -> tuple[int, str]:
    found = read_off_token(token)
    if found is None:
        abort(404)
    return found


@bp.get("/off/<token>")
def unsubscribe_page(token):
    """What the link turns off, and the button that does it."""
    user_id, kind = _reader(token)
    if not has_account(user_id):
        abort(404)
    return render("account/mail_off.html", kind=label_of(kind), done=False)


@csrf.exempt
@bp.post("/off/<token>")
def unsubscribe(token):
    """Turn the kind off (from the button, or one click in a mail program)."""
    user_id, kind = _reader(token)
    if turn_off(user_id, kind) is None:
        abort(404)
    return render("account/mail_off.html", kind=label_of(kind), done=True)
