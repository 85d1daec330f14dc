"""Changing one's own account, each change one unit of work on the person's own row."""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from board import clock, events
from board.account.inputs import EmailInput, LanguageInput, NameInput, PasswordInput
from board.auth.actions import NAME_MAX, check_password_rules, new_token
from board.auth.queries import find_user, normalise_email, well_formed_email
from board.errors import Invalid, NotFound
from board.extensions import db
from board.inputs import checked_text
from board.mail.outbox import queue
from board.models import EmailChange, Membership, User

EMAIL_LINK = timedelta(days=1)  # how long the link to a new address works


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
        if mine.display_name == name:
            return mine
        # Every coalition of the person hears of it (in coalition order, as others take these
        # locks): its change number moves on, so boards and pages kept with the old name on
        # them are not shown again (board/kept.py), and open boards offer to reload.
        memberships = db.session.scalars(
            select(Membership)
            .where(Membership.user_id == mine.id)
            .order_by(Membership.coalition_id)
        ).all()
        for membership in memberships:
            with events.change(membership.coalition_id) as change:
                change.record(mine, "member.renamed", membership)
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


def _free_address(user: User, typed: str) -> str:
    """A new address as stored: well formed, not the one now, not another account's."""
    email = normalise_email(typed)
    if not well_formed_email(email):
        raise Invalid({"email": _("Fill in a whole email address, like naam@voorbeeld.nl.")})
    if email == normalise_email(user.email):
        raise Invalid({"email": _("This is the address you have now.")})
    if find_user(email) is not None:
        raise Invalid({"email": _("Another account uses this address.")})
    return email


def ask_email_change(user: User, typed: EmailInput, compose) -> EmailChange:
    """A link to confirm a new address, mailed to that address (compose(user, change) gives
    the mail's subject, text and HTML); the address changes only once the link is opened."""
    email = _free_address(user, typed.email)
    with events.unit_of_work():
        change = EmailChange(
            user_id=user.id,
            new_email=email,
            token=new_token(),
            expires_at=clock.now() + EMAIL_LINK,
        )
        db.session.add(change)
        subject, text, html = compose(user, change)
        queue("email_change", email, subject, text, html)
    return change


def _link_gone() -> NotFound:
    return NotFound(_("This link no longer works. Ask for a new one on your account page."))


def open_email_change(token: str) -> EmailChange:
    """The address change of this link while the link works, or NotFound."""
    change = db.session.scalar(select(EmailChange).where(EmailChange.token == (token or "")[:64]))
    if change is None or change.used_at is not None or change.expires_at <= clock.now():
        raise _link_gone()
    return change


def confirm_email_change(token: str, notice=None) -> User:
    """Use the link sent to a new address: the account's address becomes it. The link works
    once and for a day; of two opened at once only one changes anything. NotFound when the
    link no longer works; Invalid when the address went to another account meanwhile.

    notice(user, old_address) gives (subject, text, html) of a mail to the old address, so
    someone whose account was taken over hears of it."""
    with events.unit_of_work():
        now = clock.now()
        claimed = db.session.execute(
            update(EmailChange)
            .where(
                EmailChange.token == (token or "")[:64],
                EmailChange.used_at.is_(None),
                EmailChange.expires_at > now,
            )
            .values(used_at=now)
            .returning(EmailChange.user_id, EmailChange.new_email)
            .execution_options(synchronize_session=False)
        ).first()
        if claimed is None:
            raise _link_gone()
        taken = find_user(claimed.new_email)
        if taken is not None and taken.id != claimed.user_id:
            raise Invalid({"": _("Another account uses this address.")})
        user = db.session.get(User, claimed.user_id)
        old = user.email
        user.email = claimed.new_email
        if notice is not None:
            subject, text, html = notice(user, old)
            queue("email_changed", old, subject, text, html)
    return user
