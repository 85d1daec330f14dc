"""Changing one's own account, each change one unit of work on the person's own row."""

from flask import current_app
from flask_babel import gettext as _

from board import events
from board.account.inputs import LanguageInput, NameInput, PasswordInput
from board.auth.actions import NAME_MAX, check_password_rules
from board.errors import Invalid
from board.extensions import db
from board.inputs import checked_text
from board.models import User


def _mine(user: User) -> User:
    """The person's row as stored now, in this unit of work."""
    return db.session.get(User, user.id, populate_existing=True)


def change_name(user: User, typed: NameInput) -> User:
    """The name others see, from 1 to 80 characters."""
    name = checked_text(
        typed.display_name,
        "display_name",
        NAME_MAX,
        required=_("Tell us the name others will see."),
        one_line=True,
    )
    with events.unit_of_work():
        mine = _mine(user)
        mine.display_name = name
    return mine


def change_password(user: User, typed: PasswordInput) -> User:
    """A new password, after the current one: every other session of the person ends."""
    errors = {}
    if not user.check_password(typed.current_password or ""):
        errors["current_password"] = _("This is not your current password.")
    try:
        check_password_rules(typed.password)
    except Invalid as error:
        errors.update(error.errors)
    if errors:
        raise Invalid(errors)
    with events.unit_of_work():
        mine = _mine(user)
        mine.set_password(typed.password)
        mine.session_version = mine.session_version + 1
    return mine


def change_language(user: User, typed: LanguageInput) -> User:
    """The language of the pages and of the mail the person gets."""
    if typed.language not in current_app.config["LANGUAGES"]:
        raise Invalid({"language": _("Choose Nederlands or English.")})
    with events.unit_of_work():
        mine = _mine(user)
        mine.language = typed.language
    return mine
