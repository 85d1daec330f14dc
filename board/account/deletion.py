"""Deleting one's own account: after the password, what names the person is gone; what they
wrote and counted in stays for their coalitions, under "oud-lid".

The users row stays, with its id, so the cards, comments, ideas, supports, votes, consent
answers, learning points shared with others and past answers that point at it stay attached
and counted; its name becomes the former-member word, its address a placeholder no mail
reaches and nobody logs in with, its password a hash of a secret nobody knows. What is theirs
alone goes: memberships, organiser places, answers and things to bring still to come, links
and address changes, keepsakes and learning points kept for themselves, the record that they
answered a pulse wave (the answers themselves never named anyone), mail to them. Copies of
their name in what the app wrote (events, mail waiting for others, an invite's note) become
the former-member word.

A coalition whose last coordinator this is, while others remain, would be left without anyone
to run it; an admin who is the only one would leave nobody to make coalitions. Both are asked
to hand over first (see blockers).
"""

import re
from dataclasses import dataclass, field
from secrets import token_urlsafe

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import JSON, String, Text, and_, case, cast, delete, func, or_, select, update

from board import clock, events
from board.account.inputs import DeletionInput
from board.activities import recurrence
from board.activities.queries import changes_of
from board.errors import Invalid
from board.extensions import db
from board.mail.kinds import DIGEST, KINDS
from board.models import (
    Activity,
    ActivityOrganiser,
    Coalition,
    EmailChange,
    Event,
    Initiative,
    IntervisionKeepsake,
    IntervisionNote,
    IntervisionParticipant,
    IntervisionSession,
    Invite,
    ItemClaim,
    LearningPoint,
    Membership,
    OutboxMail,
    PasswordReset,
    PulseParticipation,
    Rsvp,
    User,
)
from board.models.user import hash_password

# Rows that are the person's alone, whatever they hold: they go.
ONLY_THEIRS = (
    ActivityOrganiser.user_id,
    PasswordReset.user_id,
    EmailChange.user_id,
    IntervisionKeepsake.owner_id,
    PulseParticipation.user_id,
)


@dataclass
class Blockers:
    """What must be handed over before an account can go."""

    # Coalitions where the person is the last coordinator and others remain, by name.
    coalitions: list[Coalition] = field(default_factory=list)
    # The person is the only admin.
    only_admin: bool = False

    def __bool__(self) -> bool:
        """True while something must be handed over."""
        return bool(self.coalitions) or self.only_admin

    def message(self) -> str:
        """What the person is asked to do first, in one sentence per kind."""
        said = []
        if self.coalitions:
            names = ", ".join(coalition.name for coalition in self.coalitions)
            said.append(
                _(
                    "You are the last coordinator of %(names)s. First make someone else "
                    "coordinator there.",
                    names=names,
                )
            )
        if self.only_admin:
            said.append(
                _(
                    "You are the only admin. Ask the person who runs Buurtbord to make "
                    "someone else admin first."
                )
            )
        return " ".join(said)


def blockers(user: User) -> Blockers:
    """The coalitions the person is the last coordinator of while others remain, and whether
    they are the only admin."""
    coordinating = select(Membership.coalition_id).where(
        Membership.user_id == user.id, Membership.role == "coordinator"
    )
    coordinators = func.sum(case((Membership.role == "coordinator", 1), else_=0))
    coalitions = db.session.scalars(
        select(Coalition)
        .join(Membership, Membership.coalition_id == Coalition.id)
        .where(Coalition.id.in_(coordinating))
        .group_by(Coalition.id)
        .having(and_(func.count(Membership.id) > 1, coordinators == 1))
        .order_by(Coalition.name)
    ).all()
    only_admin = user.is_admin and (
        db.session.scalar(
            select(User.id).where(User.is_admin.is_(True), User.id != user.id).limit(1)
        )
        is None
    )
    return Blockers(list(coalitions), bool(only_admin))


def former_member() -> str:
    """The name a deleted account goes by, in the product's own language ("oud-lid")."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _("former member")


def delete_account(user: User, typed: DeletionInput) -> None:
    """Delete the person's account once they typed their password; Invalid for a wrong or
    missing password, or while something must be handed over first (nothing changes then)."""
    if not typed.password:
        raise Invalid({"password": _("Type your password to confirm.")})
    if not user.check_password(typed.password):
        raise Invalid({"password": _("This is not your password.")})
    word = former_member()
    with events.unit_of_work():
        mine = db.session.get(User, user.id, populate_existing=True)
        memberships = _lock_coalitions(mine)
        found = blockers(mine)
        if found:
            raise Invalid({"": found.message()})
        for membership in memberships:
            with events.change(membership.coalition_id) as change:
                change.record(mine, "member.left", membership)
        words = _words_of(mine)  # before the address changes it asked for go
        _scrub_events(mine, memberships, word)
        _leave(mine, memberships)
        _forget_mail(mine, words, word)
        _scrub_invite_notes(words, word)
        _anonymise(mine, word)


def _lock_coalitions(user: User) -> list[Membership]:
    """Take the change lock of every coalition the person is a member of (in id order, so two
    people leaving at once cannot deadlock), and of the admins' rows; the memberships as
    stored once the locks are held."""
    locked: set[int] = set()
    while True:
        memberships = db.session.scalars(
            select(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Membership.coalition_id)
            .execution_options(populate_existing=True)
        ).all()
        new = sorted({m.coalition_id for m in memberships} - locked)
        if not new:
            break
        for coalition_id in new:
            with events.change(coalition_id):
                locked.add(coalition_id)
    if user.is_admin:
        db.session.execute(select(User.id).where(User.is_admin.is_(True)).with_for_update())
    return list(memberships)


def _scrub_events(user: User, memberships: list[Membership], word: str) -> None:
    """The person's name in events becomes word: in those about their memberships (whatever
    name they had then) and wherever an event names someone of their present name who is not
    a member under it now."""
    about_them = [
        and_(
            Event.coalition_id == m.coalition_id,
            Event.subject_type == "membership",
            Event.subject_id == m.id,
            Event.created_at >= m.joined_at,
        )
        for m in memberships
    ]
    # Someone else of the same name, still a member, keeps their name in events about them.
    namesake = and_(
        Event.subject_type == "membership",
        Event.subject_id.in_(select(Membership.id).where(Membership.user_id != user.id)),
    )
    named = and_(Event.payload["name"].as_string() == user.display_name, ~namesake)
    for event in db.session.scalars(select(Event).where(or_(named, *about_them))):
        if "name" in (event.payload or {}):
            event.payload = {**event.payload, "name": word}


def _leave(user: User, memberships: list[Membership]) -> None:
    """Out of every coalition: no lead of a card, no organiser, no answer or thing to bring
    still to come, no invitation to a session not begun, no notes of a session still live;
    what was theirs alone goes."""
    for lead in ("resident_lead_id", "professional_lead_id"):
        db.session.execute(
            update(Initiative)
            .where(getattr(Initiative, lead) == user.id)
            .values({lead: None, "version": Initiative.version + 1})
            .execution_options(synchronize_session=False)
        )
    _drop_answers_to_come(user)
    not_begun = select(IntervisionSession.id).where(IntervisionSession.state == "planned")
    unclosed = select(IntervisionSession.id).where(IntervisionSession.state != "closed")
    db.session.execute(
        update(IntervisionSession)
        .where(IntervisionSession.inbrenger_id == user.id, IntervisionSession.state == "planned")
        .values(inbrenger_id=None)
        .execution_options(synchronize_session=False)
    )
    gone = [
        delete(IntervisionParticipant).where(
            IntervisionParticipant.user_id == user.id,
            IntervisionParticipant.session_id.in_(not_begun),
        ),
        delete(IntervisionNote).where(
            IntervisionNote.author_id == user.id, IntervisionNote.session_id.in_(unclosed)
        ),
        delete(LearningPoint).where(
            LearningPoint.author_id == user.id, LearningPoint.visibility == "me"
        ),
        *(delete(column.table).where(column == user.id) for column in ONLY_THEIRS),
    ]
    for statement in gone:
        db.session.execute(statement.execution_options(synchronize_session=False))
    for membership in memberships:
        db.session.delete(membership)


def _drop_answers_to_come(user: User) -> None:
    """The person's answers and things to bring for occurrences not over yet (or no longer
    planned) go; those of what already happened stay, counted under the former member."""
    answers = db.session.execute(
        select(Rsvp.id, Rsvp.occurrence, Activity).join(Activity).where(Rsvp.user_id == user.id)
    ).all()
    claims = db.session.execute(
        select(ItemClaim.id, ItemClaim.occurrence, Activity)
        .join(Activity)
        .where(ItemClaim.user_id == user.id)
    ).all()
    changes = changes_of({activity.id for _id, _key, activity in [*answers, *claims]})
    now = clock.now()

    def to_come(key: str, activity: Activity) -> bool:
        """Whether the occurrence is not over yet, or no longer planned at all."""
        found = recurrence.find_occurrence(activity, changes.get(activity.id, {}), key)
        return found is None or found.ends_at > now

    for model, rows in ((Rsvp, answers), (ItemClaim, claims)):
        ids = [row_id for row_id, key, activity in rows if to_come(key, activity)]
        if ids:
            db.session.execute(
                delete(model).where(model.id.in_(ids)).execution_options(synchronize_session=False)
            )


def _words_of(user: User) -> list[str]:
    """The person's name and every address they had here, as text and as HTML writes them."""
    addresses = db.session.scalars(
        select(EmailChange.new_email).where(EmailChange.user_id == user.id)
    ).all()
    words = {user.display_name, user.email, *addresses}
    words |= {str(escape(w)) for w in words}
    return sorted((w for w in words if w.strip()), key=len, reverse=True)


def _pattern(words: list[str]) -> re.Pattern:
    """Any of words as a whole word, whatever its case."""
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)


def _scrubbed(value, pattern: re.Pattern, word: str):
    """value (text, or JSON of lists and dicts) with every match of pattern replaced by word."""
    if isinstance(value, str):
        return pattern.sub(word, value)
    if isinstance(value, list):
        return [_scrubbed(each, pattern, word) for each in value]
    if isinstance(value, dict):
        return {key: _scrubbed(each, pattern, word) for key, each in value.items()}
    return value


def _holding(model, columns, words: list[str]):
    """The rows of model where one of columns holds one of words (case-insensitively for
    plain letters)."""
    found = [
        func.lower(cast(column, Text) if isinstance(column.type, JSON) else column).contains(
            word.lower(), autoescape=True
        )
        for column in columns
        for word in words
    ]
    return db.session.scalars(select(model).where(or_(*found))).all()


def _text_columns(model, leave_out=()) -> list:
    """model's columns that hold text or JSON."""
    return [
        column
        for column in model.__table__.columns
        if isinstance(column.type, String | Text | JSON) and column.name not in leave_out
    ]


def _forget_mail(user: User, words: list[str], word: str) -> None:
    """Mail to the person (at any of their addresses) goes, sent or not; in mail to others
    the person's name and addresses become word."""
    addresses = [w.lower() for w in words if "@" in w]
    db.session.execute(
        delete(OutboxMail)
        .where(or_(OutboxMail.user_id == user.id, func.lower(OutboxMail.to_address).in_(addresses)))
        .execution_options(synchronize_session=False)
    )
    columns = _text_columns(OutboxMail, leave_out=("to_address",))
    pattern = _pattern(words)
    for mail in _holding(OutboxMail, columns, words):
        for column in columns:
            value = getattr(mail, column.key)
            setattr(mail, column.key, _scrubbed(value, pattern, word))


def _scrub_invite_notes(words: list[str], word: str) -> None:
    """An invite's note naming the person (who it was for) names the former member."""
    pattern = _pattern(words)
    for invite in _holding(Invite, [Invite.note], words):
        invite.note = _scrubbed(invite.note, pattern, word)


def _anonymise(user: User, word: str) -> None:
    """The row that stays: word for a name, an address nobody has, a password nobody knows,
    no calendar feed, no mail, no rights, and every session ended."""
    user.display_name = word
    user.email = f"deleted-{user.id}@buurtbord.invalid"
    user.password_hash = hash_password(token_urlsafe(32))
    user.calendar_token = None
    user.language = None
    user.is_admin = False
    user.is_programme_viewer = False
    user.mail_settings = {**{kind: False for kind in KINDS}, DIGEST: "off"}
    user.digest_due_at = None
    user.session_version = user.session_version + 1
