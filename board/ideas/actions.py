"""What members and coordinators do with ideas: one function per action, each one unit of work.

Every action takes the coalition's change lock first and decides on the idea as it is stored
then: a coordinator's decision and a member's support, or two merges, never both pass a check
that only one of them can still meet.
"""

from flask_babel import gettext as _
from sqlalchemy import delete, select

from board import events
from board.coalitions.queries import check_site
from board.errors import Invalid, NotFound
from board.extensions import db
from board.ideas.inputs import IdeaInput
from board.ideas.queries import SUPPORTABLE, load_idea
from board.inputs import checked_text, every_problem
from board.models import Coalition, Idea, IdeaComment, Support, User
from board.parsing import parse_id

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
REASON_MAX = 2000
COMMENT_MAX = 5000
EDITABLE = ("open",)
TRANSITIONS = {
    "shortlist": ({"open", "not_chosen"}, "shortlisted", "idea.shortlisted"),
    "reopen": ({"shortlisted", "not_chosen", "chosen"}, "open", "idea.reopened"),
    "choose": ({"shortlisted", "open"}, "chosen", "idea.chosen"),
    "reject": ({"open", "shortlisted", "chosen"}, "not_chosen", "idea.not_chosen"),
}


def _checked_text(coalition: Coalition, typed: IdeaInput) -> dict:
    """Title, description and work site of an idea as values to store; Invalid with every error."""
    return every_problem(
        {
            "title": lambda: checked_text(
                typed.title, "title", TITLE_MAX, required=_("Give your idea a short title.")
            ),
            "description": lambda: checked_text(typed.description, "description", DESCRIPTION_MAX),
            "work_site_id": lambda: check_site(coalition, typed.work_site_id),
        }
    )


def propose_idea(coalition: Coalition, actor: User, side: str, typed: IdeaInput) -> Idea:
    """A member (of side) proposes an idea."""
    with events.change(coalition) as change:
        idea = Idea(
            coalition_id=coalition.id,
            proposer_id=actor.id,
            proposer_side=side,
            **_checked_text(coalition, typed),
        )
        db.session.add(idea)
        change.record(actor, "idea.proposed", idea, title=idea.title)
    return idea


def edit_idea(coalition: Coalition, actor: User, idea: Idea, typed: IdeaInput) -> Idea:
    """Change an open idea's text; Conflict when someone saved it in between."""
    with events.change(coalition, idea) as change:
        if idea.status not in EDITABLE:
            raise Invalid(
                {"": _("This idea can no longer change: it is on the shortlist or decided.")}
            )
        events.check_version(idea, typed.version)
        for name, value in _checked_text(coalition, typed).items():
            setattr(idea, name, value)
        idea.version += 1
        change.record(actor, "idea.edited", idea, title=idea.title)
    return idea


def _supported(idea_id: int, user_id: int) -> bool:
    """Whether the person supports the idea."""
    found = db.session.scalar(
        select(Support.id).where(Support.idea_id == idea_id, Support.user_id == user_id)
    )
    return found is not None


def set_support(coalition: Coalition, actor: User, idea: Idea, support: bool) -> bool:
    """Set the member's support to the given state; repeating a request changes nothing.

    Returns whether anything changed.
    """
    with events.change(coalition, idea) as change:
        if idea.status not in SUPPORTABLE:
            raise Invalid({"support": _("Support is closed for this idea.")})
        if _supported(idea.id, actor.id) == support:
            return False
        if support:
            db.session.add(Support(coalition_id=coalition.id, idea_id=idea.id, user_id=actor.id))
        else:
            db.session.execute(
                delete(Support).where(Support.idea_id == idea.id, Support.user_id == actor.id)
            )
        verb = "idea.supported" if support else "idea.unsupported"
        change.record(actor, verb, idea, title=idea.title)
    return True


def add_comment(coalition: Coalition, actor: User, idea: Idea, body: str) -> IdeaComment:
    """Add a comment to an idea."""
    body = checked_text(body, "body", COMMENT_MAX, required=_("Write a comment first."))
    with events.change(coalition) as change:
        comment = IdeaComment(
            coalition_id=coalition.id, idea_id=idea.id, author_id=actor.id, body=body
        )
        db.session.add(comment)
        change.record(actor, "idea.commented", idea, title=idea.title)
    return comment


def change_status(
    coalition: Coalition, actor: User, idea: Idea, action: str, reason: str = ""
) -> Idea:
    """A coordinator moves an idea along: shortlist, reopen, choose, or not choose (with reason)."""
    if action not in TRANSITIONS:
        raise Invalid({"": _("Unknown action.")})
    allowed_from, status, verb = TRANSITIONS[action]
    asked = _("Say why, so everyone understands the choice.") if action == "reject" else None
    reason = checked_text(reason, "reason", REASON_MAX, required=asked)
    with events.change(coalition, idea) as change:
        if idea.status not in allowed_from:
            raise Invalid({"": _("This idea cannot be changed that way any more.")})
        idea.status = status
        idea.status_reason = reason if action == "reject" else ""
        change.record(actor, verb, idea, title=idea.title)
    return idea


def _idea_or_none(coalition: Coalition, idea_id) -> Idea | None:
    """The coalition's idea with this id as stored now, or None."""
    try:
        return load_idea(coalition, idea_id)
    except NotFound:
        return None


def merge_ideas(coalition: Coalition, actor: User, duplicate: Idea, kept_id) -> Idea:
    """Fold a duplicate into the idea that is kept: its supporters support the kept idea once.

    The duplicate keeps its own supports, and the ones it brings are marked as brought, so the
    two can be separated again exactly as they were. Both ideas are judged as they are once the
    lock is held: of two coordinators merging two ideas into each other at once, the second
    finds the idea to keep merged, and is refused.
    """
    if parse_id(kept_id) is None or parse_id(kept_id) == duplicate.id:
        raise Invalid({"into": _("Choose another open idea to keep.")})
    with events.change(coalition, duplicate) as change:
        if duplicate.status not in SUPPORTABLE:
            raise Invalid({"": _("This idea cannot be merged any more.")})
        kept = _idea_or_none(coalition, kept_id)
        if kept is None or kept.status not in SUPPORTABLE + ("chosen",):
            raise Invalid({"into": _("Choose another open idea to keep.")})
        supporters = set(
            db.session.scalars(select(Support.user_id).where(Support.idea_id == duplicate.id))
        )
        already = set(db.session.scalars(select(Support.user_id).where(Support.idea_id == kept.id)))
        for user_id in sorted(supporters - already):
            db.session.add(
                Support(
                    coalition_id=coalition.id,
                    idea_id=kept.id,
                    user_id=user_id,
                    merged_from_id=duplicate.id,
                )
            )
        duplicate.status_before_merge = duplicate.status
        duplicate.status = "merged"
        duplicate.merged_into_id = kept.id
        change.record(actor, "idea.merged", duplicate, title=duplicate.title, into=kept.title)
    return kept


def separate_idea(coalition: Coalition, actor: User, duplicate: Idea) -> bool:
    """Undo a merge: the duplicate is listed again as it was, with its own supporters, and the
    kept idea loses the supports the duplicate brought (not those given to it since).

    False when the idea is not merged (any more): a second click changes nothing.
    """
    with events.change(coalition, duplicate) as change:
        if duplicate.status != "merged":
            return False
        kept = _idea_or_none(coalition, duplicate.merged_into_id)
        db.session.execute(
            delete(Support).where(
                Support.idea_id == duplicate.merged_into_id,
                Support.merged_from_id == duplicate.id,
            )
        )
        duplicate.status = duplicate.status_before_merge or "open"
        duplicate.status_before_merge = None
        duplicate.merged_into_id = None
        change.record(
            actor,
            "idea.separated",
            duplicate,
            title=duplicate.title,
            into=kept.title if kept is not None else "",
        )
    return True
