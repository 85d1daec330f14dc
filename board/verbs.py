"""Every kind of event, declared once: how the coalition home tells it, how the history of the
thing itself tells it, whether it stays private, and whether open boards must reload.

A sentence names the actor and what its event's payload holds (title, column, item, …). The
"home" sentence stands among everything that happened in the coalition, so it names the thing;
the "own" sentence stands in the thing's own history (a card's), so it does not repeat its name.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Verb:
    """What an event verb means to the people who read it and to the live board."""

    home: object
    own: object
    # Who did this stays out of every list of events (who voted, before the results are out).
    private: bool = False
    # Open boards cannot place this change card by card: they offer to reload.
    reloads_board: bool = False


VERBS: dict[str, Verb] = {
    # The board
    "initiative.created": Verb(
        _l("%(actor)s added '%(title)s' to %(column)s"),
        _l("%(actor)s put the card in %(column)s"),
    ),
    "initiative.moved": Verb(
        _l("%(actor)s moved '%(title)s' to %(column)s"),
        _l("%(actor)s moved the card to %(column)s"),
    ),
    "initiative.updated": Verb(_l("%(actor)s edited '%(title)s'"), _l("%(actor)s edited the card")),
    "initiative.archived": Verb(
        _l("%(actor)s archived '%(title)s'"), _l("%(actor)s archived the card")
    ),
    "initiative.restored": Verb(
        _l("%(actor)s restored '%(title)s'"), _l("%(actor)s restored the card")
    ),
    "checklist.added": Verb(
        _l("%(actor)s added '%(item)s' to the checklist of '%(title)s'"),
        _l("%(actor)s added '%(item)s' to the checklist"),
    ),
    "checklist.checked": Verb(
        _l("%(actor)s ticked off '%(item)s' on '%(title)s'"),
        _l("%(actor)s ticked off '%(item)s'"),
    ),
    "checklist.unchecked": Verb(
        _l("%(actor)s reopened '%(item)s' on '%(title)s'"), _l("%(actor)s reopened '%(item)s'")
    ),
    "checklist.removed": Verb(
        _l("%(actor)s removed '%(item)s' from '%(title)s'"),
        _l("%(actor)s removed '%(item)s' from the checklist"),
    ),
    "comment.added": Verb(_l("%(actor)s commented on '%(title)s'"), _l("%(actor)s commented")),
    "column.added": Verb(
        _l("%(actor)s added the column %(column)s"),
        _l("%(actor)s added the column"),
        reloads_board=True,
    ),
    "column.changed": Verb(
        _l("%(actor)s changed the column %(column)s"),
        _l("%(actor)s changed the column"),
        reloads_board=True,
    ),
    "column.archived": Verb(
        _l("%(actor)s archived the column %(column)s"),
        _l("%(actor)s archived the column"),
        reloads_board=True,
    ),
    # The coalition
    "member.joined": Verb(_l("%(actor)s joined the coalition"), _l("%(actor)s joined")),
    "member.changed": Verb(
        _l("%(actor)s changed the role or side of %(name)s"),
        _l("%(actor)s changed the role or side"),
    ),
    "member.removed": Verb(
        _l("%(actor)s removed %(name)s from the coalition"),
        _l("%(actor)s removed this member"),
        reloads_board=True,
    ),
    # The actor chose another name on their account page (the old one is not kept).
    "member.renamed": Verb(
        _l("%(actor)s changed their name"), _l("%(actor)s changed their name"), reloads_board=True
    ),
    # The actor deleted their own account: they are shown as a former member from then on.
    "member.left": Verb(
        _l("%(actor)s deleted their account and left the coalition"),
        _l("%(actor)s deleted their account"),
        reloads_board=True,
    ),
    "site.added": Verb(
        _l("%(actor)s added %(site)s"), _l("%(actor)s added it"), reloads_board=True
    ),
    "site.changed": Verb(
        _l("%(actor)s renamed %(old)s to %(site)s"),
        _l("%(actor)s renamed it to %(site)s"),
        reloads_board=True,
    ),
    "site.archived": Verb(
        _l("%(actor)s archived %(site)s"), _l("%(actor)s archived it"), reloads_board=True
    ),
    "site.restored": Verb(
        _l("%(actor)s brought back %(site)s"), _l("%(actor)s brought it back"), reloads_board=True
    ),
    "organisation.added": Verb(
        _l("%(actor)s added the partner %(organisation)s"), _l("%(actor)s added the partner")
    ),
    "organisation.removed": Verb(
        _l("%(actor)s removed the partner %(organisation)s"), _l("%(actor)s removed the partner")
    ),
    # Ideas
    "idea.proposed": Verb(
        _l("%(actor)s proposed the idea '%(title)s'"), _l("%(actor)s proposed the idea")
    ),
    "idea.edited": Verb(
        _l("%(actor)s changed the idea '%(title)s'"), _l("%(actor)s changed the idea")
    ),
    "idea.supported": Verb(
        _l("%(actor)s supports the idea '%(title)s'"), _l("%(actor)s supports the idea")
    ),
    "idea.unsupported": Verb(
        _l("%(actor)s withdrew support for '%(title)s'"), _l("%(actor)s withdrew their support")
    ),
    "idea.commented": Verb(
        _l("%(actor)s commented on the idea '%(title)s'"), _l("%(actor)s commented")
    ),
    "idea.shortlisted": Verb(
        _l("%(actor)s put '%(title)s' on the shortlist"),
        _l("%(actor)s put the idea on the shortlist"),
    ),
    "idea.reopened": Verb(
        _l("%(actor)s opened '%(title)s' again"), _l("%(actor)s opened the idea again")
    ),
    "idea.chosen": Verb(
        _l("%(actor)s marked '%(title)s' as chosen"), _l("%(actor)s marked the idea as chosen")
    ),
    "idea.not_chosen": Verb(
        _l("%(actor)s marked '%(title)s' as not chosen"),
        _l("%(actor)s marked the idea as not chosen"),
    ),
    "idea.merged": Verb(
        _l("%(actor)s merged '%(title)s' into '%(into)s'"),
        _l("%(actor)s merged it into '%(into)s'"),
    ),
    "idea.separated": Verb(
        _l("%(actor)s separated '%(title)s' from '%(into)s' again"),
        _l("%(actor)s separated it from '%(into)s' again"),
    ),
    "idea.consent_started": Verb(
        _l("%(actor)s asked for consent on '%(title)s'"), _l("%(actor)s asked for consent")
    ),
    "idea.consented": Verb(
        _l("%(actor)s consents to trying '%(title)s'"), _l("%(actor)s consents to trying it")
    ),
    "idea.objected": Verb(
        _l("%(actor)s objects to '%(title)s'"), _l("%(actor)s objects, with a reason")
    ),
    "idea.became_initiative": Verb(
        _l("'%(title)s' became an initiative on the board"),
        _l("The idea became an initiative on the board"),
    ),
    "round.created": Verb(
        _l("%(actor)s set up the voting round '%(title)s'"), _l("%(actor)s set up the round")
    ),
    "round.changed": Verb(
        _l("%(actor)s changed the rules of the voting round '%(title)s'"),
        _l("%(actor)s changed the rules"),
    ),
    "round.voted": Verb(_l("%(actor)s voted in '%(title)s'"), _l("%(actor)s voted"), private=True),
    "round.closed": Verb(
        _l("%(actor)s closed the voting round '%(title)s'; the results are in"),
        _l("%(actor)s closed the round; the results are in"),
    ),
    # Activities
    "activity.planned": Verb(_l("%(actor)s planned '%(title)s'"), _l("%(actor)s planned it")),
    "activity.changed": Verb(
        _l("%(actor)s changed the activity '%(title)s'"), _l("%(actor)s changed the activity")
    ),
    "activity.cancelled": Verb(
        _l("%(actor)s called off '%(title)s'"), _l("%(actor)s called it off")
    ),
    "activity.restored": Verb(
        _l("%(actor)s put '%(title)s' back on"), _l("%(actor)s put it back on")
    ),
    "occurrence.moved": Verb(
        _l("%(actor)s moved '%(title)s' of %(day)s"), _l("%(actor)s moved the date of %(day)s")
    ),
    "occurrence.cancelled": Verb(
        _l("%(actor)s called off '%(title)s' on %(day)s"), _l("%(actor)s called off %(day)s")
    ),
    "occurrence.restored": Verb(
        _l("%(actor)s put '%(title)s' on %(day)s back as planned"),
        _l("%(actor)s put %(day)s back as planned"),
    ),
    "rsvp.yes": Verb(_l("%(actor)s is coming to '%(title)s'"), _l("%(actor)s is coming")),
    "rsvp.maybe": Verb(_l("%(actor)s might come to '%(title)s'"), _l("%(actor)s might come")),
    "rsvp.no": Verb(_l("%(actor)s cannot come to '%(title)s'"), _l("%(actor)s cannot come")),
    "item.added": Verb(
        _l("%(actor)s asked for '%(item)s' at '%(title)s'"), _l("%(actor)s asked for '%(item)s'")
    ),
    "item.removed": Verb(
        _l("%(actor)s took '%(item)s' off the list of '%(title)s'"),
        _l("%(actor)s took '%(item)s' off the list"),
    ),
    "item.claimed": Verb(
        _l("%(actor)s brings '%(item)s' to '%(title)s'"), _l("%(actor)s brings '%(item)s'")
    ),
    "item.released": Verb(
        _l("%(actor)s made '%(item)s' free again for '%(title)s'"),
        _l("%(actor)s made '%(item)s' free again"),
    ),
    # Intervision: never what was said, only that the group met.
    "session.planned": Verb(
        _l("%(actor)s planned an intervision session (%(method)s)"),
        _l("%(actor)s planned the session"),
    ),
    "session.opened": Verb(
        _l("%(actor)s started an intervision session (%(method)s)"),
        _l("%(actor)s started the session"),
    ),
    "session.closed": Verb(
        _l("%(actor)s closed an intervision session (%(method)s)"),
        _l("%(actor)s closed the session"),
    ),
    # The pulse: that a wave opened and closed; never who answered, nor how many.
    "pulse.opened": Verb(
        _l("%(actor)s opened the collaboration pulse, until %(day)s"),
        _l("%(actor)s opened the pulse, until %(day)s"),
    ),
    "pulse.closed": Verb(
        _l("%(actor)s closed the collaboration pulse; the results are in"),
        _l("%(actor)s closed the pulse"),
    ),
}

PRIVATE_VERBS = tuple(name for name, verb in VERBS.items() if verb.private)
