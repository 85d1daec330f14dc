"""A person's choice of mail: from their settings page, or one kind off through the link in a
mail (which works without logging in)."""

from flask_babel import gettext as _
from sqlalchemy import select

from board import clock
from board.errors import Invalid
from board.events import unit_of_work
from board.extensions import db
from board.mail.kinds import DIGEST, DIGEST_CHOICES, KINDS, next_digest
from board.models import User


def _mine(user_id: int) -> User | None:
    """The person's row, held until the unit of work ends (two saves at once: one after the
    other)."""
    return db.session.scalars(select(User).where(User.id == user_id).with_for_update()).first()


def save_settings(user: User, typed) -> User:
    """Every kind on or off as ticked, and the digest as chosen (off, daily, weekly)."""
    if typed.digest not in DIGEST_CHOICES:
        raise Invalid({"digest": _("Choose how often the digest comes.")})
    unknown = set(typed.kinds) - set(KINDS)
    if unknown:
        raise Invalid({"kinds": _("Choose from the kinds of mail shown.")})
    with unit_of_work():
        mine = _mine(user.id)
        settings = {kind: kind in typed.kinds for kind in KINDS}
        settings[DIGEST] = typed.digest
        if typed.digest != (mine.mail_settings or {}).get(DIGEST):
            mine.digest_due_at = next_digest(typed.digest, clock.now())
        mine.mail_settings = settings
    return mine


def turn_off(user_id: int, kind: str) -> User | None:
    """One kind of mail off for the person (the digest: no digest); None when the account is
    gone. Turning off what is off changes nothing."""
    with unit_of_work():
        mine = _mine(user_id)
        if mine is None:
            return None
        settings = dict(mine.mail_settings or {})
        settings[kind] = "off" if kind == DIGEST else False
        if kind == DIGEST:
            mine.digest_due_at = None
        mine.mail_settings = settings
    return mine


def has_account(user_id: int) -> bool:
    """Whether the account still exists."""
    return db.session.get(User, user_id) is not None
