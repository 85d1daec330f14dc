"""Record events and tell them as sentences, for card history and the coalition home."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from board.extensions import db
from board.models import Event, User


def record(coalition_id: int, actor: User | None, verb: str, subject, **payload) -> Event:
    """Add an event for subject (a model object) to the session; the caller commits."""
    event = Event(
        coalition_id=coalition_id,
        actor_id=actor.id if actor else None,
        verb=verb,
        subject_type=type(subject).__name__.lower(),
        subject_id=subject.id,
        payload=payload,
    )
    db.session.add(event)
    return event


def recent(coalition_id: int, limit: int = 20, subject=None) -> list[Event]:
    """The newest events of a coalition (or of one subject and its children), actor loaded."""
    query = (
        select(Event)
        .options(joinedload(Event.actor))
        .where(Event.coalition_id == coalition_id)
        .order_by(Event.id.desc())
        .limit(limit)
    )
    if subject is not None:
        query = query.where(
            Event.subject_type == type(subject).__name__.lower(), Event.subject_id == subject.id
        )
    return list(db.session.scalars(query))


def describe(event: Event) -> str:
    """One sentence, in the current language, saying what happened."""
    p = dict(event.payload or {})
    p["actor"] = event.actor.display_name if event.actor else _("Someone")
    sentences = {
        "initiative.created": _("%(actor)s added '%(title)s' to %(column)s"),
        "initiative.moved": _("%(actor)s moved '%(title)s' to %(column)s"),
        "initiative.updated": _("%(actor)s edited '%(title)s'"),
        "initiative.archived": _("%(actor)s archived '%(title)s'"),
        "initiative.restored": _("%(actor)s restored '%(title)s'"),
        "checklist.added": _("%(actor)s added '%(item)s' to the checklist of '%(title)s'"),
        "checklist.checked": _("%(actor)s ticked off '%(item)s' on '%(title)s'"),
        "checklist.unchecked": _("%(actor)s reopened '%(item)s' on '%(title)s'"),
        "checklist.removed": _("%(actor)s removed '%(item)s' from '%(title)s'"),
        "comment.added": _("%(actor)s commented on '%(title)s'"),
        "member.joined": _("%(actor)s joined the coalition"),
        "member.changed": _("%(actor)s changed the role or side of %(name)s"),
        "member.removed": _("%(actor)s removed %(name)s from the coalition"),
        "column.added": _("%(actor)s added the column %(column)s"),
        "column.changed": _("%(actor)s changed the column %(column)s"),
        "column.archived": _("%(actor)s archived the column %(column)s"),
        "site.added": _("%(actor)s added %(site)s"),
        "site.changed": _("%(actor)s renamed %(old)s to %(site)s"),
        "site.archived": _("%(actor)s archived %(site)s"),
        "site.restored": _("%(actor)s brought back %(site)s"),
        "organisation.added": _("%(actor)s added the partner %(organisation)s"),
        "organisation.removed": _("%(actor)s removed the partner %(organisation)s"),
    }
    template = sentences.get(event.verb)
    if template is None:
        return _("%(actor)s made a change", actor=p["actor"])
    try:
        return template % p
    except (KeyError, TypeError):
        return _("%(actor)s made a change", actor=p["actor"])
