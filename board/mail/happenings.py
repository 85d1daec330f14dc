"""What members hear by mail of what others do: each event that concerns someone becomes a
notice to them (never to the one who did it), in the same unit of work as the change.

Nothing confidential goes out: an intervision invitation names the method, the date and the
place, nothing said in a session; voting rounds are told by the schedule (board/mail/schedule.py)
and their results only by a link, once the round has closed.
"""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from board.extensions import db
from board.mail.notices import quiet, tell, with_links
from board.mail.writing import Written
from board.models import (
    Activity,
    Coalition,
    Comment,
    IntervisionParticipant,
    Membership,
    Support,
    User,
)

QUOTE_MAX = 300


def follow(change) -> None:
    """Tell the people concerned of what a change recorded."""
    told = [(e, s, a) for e, s, a in change.recorded if e.verb in _HANDLERS]
    if not told or quiet():
        return
    coalition = db.session.get(Coalition, change.coalition_id)
    with with_links():
        for event, subject, actor in told:
            _HANDLERS[event.verb](coalition, subject, actor, event.payload)


def _people(ids, actor) -> list[User]:
    """The users among ids, the actor left out."""
    ids = {i for i in ids if i is not None and (actor is None or i != actor.id)}
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def _members(coalition, actor) -> list[User]:
    """Every member of the coalition but the actor."""
    ids = db.session.scalars(
        select(Membership.user_id).where(Membership.coalition_id == coalition.id)
    ).all()
    return _people(ids, actor)


def _actor_name(actor) -> str:
    return actor.display_name if actor else ""


# ---- ideas --------------------------------------------------------------------------------------


def _tell_proposer(coalition, idea, actor, line, quote: str = "") -> None:
    link = url_for("ideas.idea", slug=coalition.slug, idea_id=idea.id, _external=True)
    tell(
        _people([idea.proposer_id], actor),
        "ideas",
        f"idea:{idea.id}",
        heading=_l("Your idea “%(title)s”", title=idea.title),
        line=line,
        link=link,
        button=_l("Open your idea"),
        quote=quote,
    )


def _supported(coalition, idea, actor, payload) -> None:
    count = db.session.scalar(
        select(func.count()).select_from(Support).where(Support.idea_id == idea.id)
    )
    if count == 1:
        line = _l("%(actor)s is the first to support it.", actor=_actor_name(actor))
        _tell_proposer(coalition, idea, actor, line)


def _status(line, with_reason: bool = False):
    def told(coalition, idea, actor, payload):
        _tell_proposer(coalition, idea, actor, line, idea.status_reason if with_reason else "")

    return told


def _merged(coalition, idea, actor, payload) -> None:
    line = _l("It is merged with the idea “%(into)s”.", into=payload.get("into", ""))
    _tell_proposer(coalition, idea, actor, line)


def _consent(coalition, idea, actor, payload) -> None:
    link = url_for(
        "ideas.idea", slug=coalition.slug, idea_id=idea.id, _anchor="consent", _external=True
    )
    tell(
        _members(coalition, actor),
        "consent",
        f"idea:{idea.id}",
        heading=_l("Consent asked for “%(title)s”", title=idea.title),
        line=_l("Is this idea good enough to try? Give your answer."),
        link=link,
        button=_l("Give your answer"),
    )


# ---- cards --------------------------------------------------------------------------------------


def _tell_leads(coalition, card, actor, line, quote: str = "") -> None:
    link = url_for("kanban.initiative", slug=coalition.slug, initiative_id=card.id, _external=True)
    tell(
        _people([card.resident_lead_id, card.professional_lead_id], actor),
        "cards",
        f"card:{card.id}",
        heading=_l("The card “%(title)s”", title=card.title),
        line=line,
        link=link,
        button=_l("Open the card"),
        quote=quote,
    )


def _moved(coalition, card, actor, payload) -> None:
    line = _l(
        "%(actor)s moved it to %(column)s.",
        actor=_actor_name(actor),
        column=payload.get("column", ""),
    )
    _tell_leads(coalition, card, actor, line)


def _commented(coalition, card, actor, payload) -> None:
    body = db.session.scalar(
        select(Comment.body)
        .where(Comment.initiative_id == card.id)
        .order_by(Comment.id.desc())
        .limit(1)
    )
    quote = (body or "")[:QUOTE_MAX]
    _tell_leads(coalition, card, actor, _l("%(actor)s commented.", actor=_actor_name(actor)), quote)


# ---- intervision --------------------------------------------------------------------------------


def _invited(coalition, session, actor, payload) -> None:
    activity = db.session.get(Activity, session.activity_id)
    invited = db.session.scalars(
        select(IntervisionParticipant.user_id).where(
            IntervisionParticipant.session_id == session.id
        )
    ).all()
    link = url_for(
        "intervision.session_page", slug=coalition.slug, session_id=session.id, _external=True
    )
    when = Written(activity.starts_at)
    tell(
        _people(invited, actor),
        "intervision",
        f"session:{session.id}",
        heading=_l("Intervision: %(method)s", method=payload.get("method", "")),
        line=_l(
            "%(actor)s invites you: %(when)s, %(place)s.",
            actor=_actor_name(actor),
            when=when,
            place=activity.place or "–",
        ),
        link=link,
        button=_l("See the session"),
    )


_HANDLERS = {
    "idea.supported": _supported,
    "idea.shortlisted": _status(_l("It is on the shortlist: it can go to a voting round.")),
    "idea.chosen": _status(_l("It is chosen.")),
    "idea.not_chosen": _status(_l("It is not chosen. The reason:"), with_reason=True),
    "idea.merged": _merged,
    "idea.became_initiative": _status(_l("It is now an initiative on the board.")),
    "idea.consent_started": _consent,
    "initiative.moved": _moved,
    "comment.added": _commented,
    "session.planned": _invited,
}
