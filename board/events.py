"""Record events and tell them as sentences, for card history and the coalition home."""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import event as sa_event
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from board.extensions import db
from board.models import Coalition, Event, User


def begin_change(coalition_id: int) -> int:
    """Claim the coalition's next change number; this locks the coalition row until commit.

    Call it first in every transaction that changes a coalition's work: concurrent changes of one
    coalition then run one after the other, so card ranks never collide and change numbers are
    committed in the order clients see them.
    """
    key = ("change_seq", coalition_id)
    seq = db.session.info.get(key)
    if seq is None:
        seq = db.session.execute(
            update(Coalition)
            .where(Coalition.id == coalition_id)
            .values(event_seq=Coalition.event_seq + 1)
            .returning(Coalition.event_seq)
            .execution_options(synchronize_session=False)
        ).scalar_one()
        db.session.info[key] = seq
    return seq


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_change_seq(session, transaction):
    """A change number belongs to one transaction."""
    if transaction.parent is None:
        for key in [k for k in session.info if isinstance(k, tuple) and k[0] == "change_seq"]:
            del session.info[key]


def record(coalition_id: int, actor: User | None, verb: str, subject, **payload) -> Event:
    """Add an event for subject (a model object) to the session; the caller commits."""
    event = Event(
        coalition_id=coalition_id,
        seq=begin_change(coalition_id),
        actor_id=actor.id if actor else None,
        verb=verb,
        subject_type=type(subject).__name__.lower(),
        subject_id=subject.id,
        payload=payload,
    )
    db.session.add(event)
    return event


PRIVATE_VERBS = ("round.voted",)


def recent(coalition_id: int, limit: int = 20, subject=None) -> list[Event]:
    """The newest events of a coalition (or of one subject and its children), actor loaded."""
    query = (
        select(Event)
        .options(joinedload(Event.actor))
        # Who voted, and how many, stays out of sight like the results until the round closes.
        .where(Event.coalition_id == coalition_id, Event.verb.not_in(PRIVATE_VERBS))
        .order_by(Event.seq.desc(), Event.id.desc())
        .limit(limit)
    )
    if subject is not None:
        query = query.where(
            Event.subject_type == type(subject).__name__.lower(), Event.subject_id == subject.id
        )
    return list(db.session.scalars(query))


def _words(event: Event) -> dict:
    """What an event's sentence may name: its payload, the actor, and an occurrence's day."""
    p = dict(event.payload or {})
    p["actor"] = event.actor.display_name if event.actor else _("Someone")
    if p.get("occurrence"):
        try:
            p["day"] = format_date(date.fromisoformat(p["occurrence"]), "d MMMM")
        except ValueError:
            p["day"] = p["occurrence"]
    return p


def describe_on_card(event: Event) -> str:
    """Like describe(), for the card's own history: the card's title is not repeated."""
    sentences = {
        "initiative.created": _("%(actor)s put the card in %(column)s"),
        "initiative.moved": _("%(actor)s moved the card to %(column)s"),
        "initiative.updated": _("%(actor)s edited the card"),
        "initiative.archived": _("%(actor)s archived the card"),
        "initiative.restored": _("%(actor)s restored the card"),
        "checklist.added": _("%(actor)s added '%(item)s' to the checklist"),
        "checklist.checked": _("%(actor)s ticked off '%(item)s'"),
        "checklist.unchecked": _("%(actor)s reopened '%(item)s'"),
        "checklist.removed": _("%(actor)s removed '%(item)s' from the checklist"),
        "comment.added": _("%(actor)s commented"),
    }
    template = sentences.get(event.verb)
    if template is None:
        return describe(event)
    try:
        return template % _words(event)
    except (KeyError, TypeError):
        return describe(event)


def describe(event: Event) -> str:
    """One sentence, in the current language, saying what happened."""
    p = _words(event)
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
        "idea.proposed": _("%(actor)s proposed the idea '%(title)s'"),
        "idea.supported": _("%(actor)s supports the idea '%(title)s'"),
        "idea.unsupported": _("%(actor)s withdrew support for '%(title)s'"),
        "idea.commented": _("%(actor)s commented on the idea '%(title)s'"),
        "idea.shortlisted": _("%(actor)s put '%(title)s' on the shortlist"),
        "idea.reopened": _("%(actor)s opened '%(title)s' again"),
        "idea.chosen": _("%(actor)s marked '%(title)s' as chosen"),
        "idea.not_chosen": _("%(actor)s marked '%(title)s' as not chosen"),
        "idea.merged": _("%(actor)s merged '%(title)s' into '%(into)s'"),
        "idea.edited": _("%(actor)s changed the idea '%(title)s'"),
        "idea.consent_started": _("%(actor)s asked for consent on '%(title)s'"),
        "idea.became_initiative": _("'%(title)s' became an initiative on the board"),
        "round.created": _("%(actor)s set up the voting round '%(title)s'"),
        "round.changed": _("%(actor)s changed the rules of the voting round '%(title)s'"),
        "round.closed": _("%(actor)s closed the voting round '%(title)s'; the results are in"),
        "activity.planned": _("%(actor)s planned '%(title)s'"),
        "activity.changed": _("%(actor)s changed the activity '%(title)s'"),
        "activity.cancelled": _("%(actor)s called off '%(title)s'"),
        "activity.restored": _("%(actor)s put '%(title)s' back on"),
        "occurrence.moved": _("%(actor)s moved '%(title)s' of %(day)s"),
        "occurrence.cancelled": _("%(actor)s called off '%(title)s' on %(day)s"),
        "occurrence.restored": _("%(actor)s put '%(title)s' on %(day)s back as planned"),
        "rsvp.yes": _("%(actor)s is coming to '%(title)s'"),
        "rsvp.maybe": _("%(actor)s might come to '%(title)s'"),
        "rsvp.no": _("%(actor)s cannot come to '%(title)s'"),
        "item.added": _("%(actor)s asked for '%(item)s' at '%(title)s'"),
        "item.removed": _("%(actor)s took '%(item)s' off the list of '%(title)s'"),
        "item.claimed": _("%(actor)s brings '%(item)s' to '%(title)s'"),
        "item.released": _("%(actor)s made '%(item)s' free again for '%(title)s'"),
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
