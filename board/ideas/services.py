"""The domain actions on ideas: proposing, supporting, commenting, shortlisting, merging."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import joinedload

from board import events
from board.errors import Conflict, Invalid, NotFound
from board.extensions import db
from board.models import Coalition, Idea, IdeaComment, Support, User, WorkSite
from board.parsing import parse_id

SUPPORTABLE = ("open", "shortlisted")
LISTED = ("open", "shortlisted", "chosen", "not_chosen", "initiative")
SORTS = ("new", "support")


@dataclass
class IdeaRow:
    """An idea as the list shows it."""

    idea: Idea
    supports: int = 0
    supported: bool = False
    comments: int = 0


def _clean(text: str, field: str, limit: int, required: bool = True) -> str:
    """Text with outer spaces removed; Invalid when required and empty, or too long."""
    text = (text or "").strip()
    if required and not text:
        messages = {
            "title": _l("Give your idea a short title."),
            "reason": _l("Say why, so everyone understands the choice."),
            "body": _l("Write a comment first."),
        }
        raise Invalid({field: str(messages.get(field, _l("This field is required.")))})
    if len(text) > limit:
        raise Invalid({field: str(_l("This can have at most %(limit)s characters.", limit=limit))})
    return text


def load_idea(coalition: Coalition, idea_id) -> Idea:
    """One idea of this coalition with its proposer and work site, or NotFound."""
    idea_id = parse_id(idea_id)
    idea = None
    if idea_id is not None:
        idea = db.session.scalar(
            select(Idea)
            .options(joinedload(Idea.proposer), joinedload(Idea.work_site))
            .where(Idea.id == idea_id, Idea.coalition_id == coalition.id)
            .execution_options(populate_existing=True)
        )
    if idea is None:
        raise NotFound()
    return idea


def list_ideas(
    coalition: Coalition,
    user: User,
    sort: str = "new",
    site: WorkSite | None = None,
    status: str | None = None,
    ids: list[int] | None = None,
) -> list[IdeaRow]:
    """The coalition's ideas with support and comment counts: four queries, however many."""
    query = (
        select(Idea)
        .options(joinedload(Idea.proposer), joinedload(Idea.work_site))
        .where(Idea.coalition_id == coalition.id)
    )
    if ids is not None:
        query = query.where(Idea.id.in_(ids))
    elif status in LISTED:
        query = query.where(Idea.status == status)
    else:
        query = query.where(Idea.status.in_(LISTED))
    if site is not None:
        query = query.where(Idea.work_site_id == site.id)
    rows = {idea.id: IdeaRow(idea) for idea in db.session.scalars(query)}
    counts = select(Support.idea_id, func.count(Support.id)).where(
        Support.coalition_id == coalition.id
    )
    for idea_id, count in db.session.execute(counts.group_by(Support.idea_id)):
        if idea_id in rows:
            rows[idea_id].supports = count
    mine = select(Support.idea_id).where(
        Support.coalition_id == coalition.id, Support.user_id == user.id
    )
    for idea_id in db.session.scalars(mine):
        if idea_id in rows:
            rows[idea_id].supported = True
    comments = select(IdeaComment.idea_id, func.count(IdeaComment.id)).where(
        IdeaComment.coalition_id == coalition.id
    )
    for idea_id, count in db.session.execute(comments.group_by(IdeaComment.idea_id)):
        if idea_id in rows:
            rows[idea_id].comments = count
    ordered = sorted(rows.values(), key=lambda row: row.idea.created_at, reverse=True)
    if sort == "support":
        ordered.sort(key=lambda row: row.supports, reverse=True)
    return ordered


def idea_row(coalition: Coalition, user: User, idea: Idea) -> IdeaRow:
    """One idea with its counts, as the list shows it."""
    return list_ideas(coalition, user, ids=[idea.id])[0] if idea.status in LISTED else IdeaRow(idea)


def comments_of(idea: Idea) -> list[IdeaComment]:
    """The comments on an idea, oldest first, authors loaded."""
    return list(
        db.session.scalars(
            select(IdeaComment)
            .options(joinedload(IdeaComment.author))
            .where(IdeaComment.idea_id == idea.id)
            .order_by(IdeaComment.created_at, IdeaComment.id)
        )
    )


def _checked_text(coalition: Coalition, title: str, description: str, site_id) -> tuple:
    """Title, description and work site of an idea as values to store; Invalid with every error."""
    errors = {}
    try:
        title = _clean(title, "title", 200)
    except Invalid as error:
        errors.update(error.errors)
    try:
        description = _clean(description, "description", 2000, required=False)
    except Invalid as error:
        errors.update(error.errors)
    site = None
    if site_id not in (None, ""):
        site = db.session.get(WorkSite, parse_id(site_id) or 0)
        if site is None or site.coalition_id != coalition.id or site.archived_at is not None:
            errors["work_site_id"] = str(_l("Choose one of this coalition's work sites."))
    if errors:
        raise Invalid(errors)
    return title, description, site


def propose_idea(
    coalition: Coalition, actor: User, side: str, title: str, description: str, site_id=None
) -> Idea:
    """A member proposes an idea."""
    events.begin_change(coalition.id)
    title, description, site = _checked_text(coalition, title, description, site_id)
    idea = Idea(
        coalition_id=coalition.id,
        title=title,
        description=description,
        work_site_id=site.id if site else None,
        proposer_id=actor.id,
        proposer_side=side,
    )
    db.session.add(idea)
    db.session.flush()
    events.record(coalition.id, actor, "idea.proposed", idea, title=title)
    db.session.commit()
    return idea


EDITABLE = ("open",)


def may_edit(idea: Idea, user: User, is_coordinator: bool) -> bool:
    """The proposer and coordinators change an idea's text while it is open."""
    return idea.status in EDITABLE and (is_coordinator or idea.proposer_id == user.id)


def edit_idea(
    coalition: Coalition,
    actor: User,
    idea: Idea,
    title: str,
    description: str,
    site_id,
    expected_version,
) -> Idea:
    """Change an open idea's text; Conflict when someone saved it in between."""
    events.begin_change(coalition.id)
    db.session.refresh(idea)  # as it is now that the coalition's changes wait for ours
    if idea.status not in EDITABLE:
        raise Invalid(
            {"": str(_l("This idea can no longer change: it is on the shortlist or decided."))}
        )
    if parse_id(expected_version) != idea.version:
        raise Conflict(idea)
    title, description, site = _checked_text(coalition, title, description, site_id)
    idea.title, idea.description = title, description
    idea.work_site_id = site.id if site else None
    idea.version += 1
    events.record(coalition.id, actor, "idea.edited", idea, title=title)
    db.session.commit()
    return idea


def _insert_ignoring_duplicates(table, values: dict) -> bool:
    """INSERT that does nothing when a unique constraint says the row is already there.

    Returns whether a row was inserted.
    """
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        statement = postgresql_insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite_insert(table).values(**values).on_conflict_do_nothing()
    else:
        statement = insert(table).values(**values)
    return db.session.execute(statement.returning(table.c.id)).first() is not None


def set_support(coalition: Coalition, actor: User, idea: Idea, support: bool) -> bool:
    """Set the member's support to the given state; repeating a request changes nothing.

    Returns whether anything changed.
    """
    if idea.status not in SUPPORTABLE:
        raise Invalid({"support": str(_l("Support is closed for this idea."))})
    events.begin_change(coalition.id)
    if support:
        changed = _insert_ignoring_duplicates(
            Support.__table__,
            {"coalition_id": coalition.id, "idea_id": idea.id, "user_id": actor.id},
        )
    else:
        removed = db.session.execute(
            delete(Support)
            .where(Support.idea_id == idea.id, Support.user_id == actor.id)
            .returning(Support.id)
            .execution_options(synchronize_session=False)
        )
        changed = removed.first() is not None
    if changed:
        verb = "idea.supported" if support else "idea.unsupported"
        events.record(coalition.id, actor, verb, idea, title=idea.title)
    db.session.commit()
    return changed


def add_comment(coalition: Coalition, actor: User, idea: Idea, body: str) -> IdeaComment:
    """Add a comment to an idea."""
    body = _clean(body, "body", 5000)
    events.begin_change(coalition.id)
    comment = IdeaComment(coalition_id=coalition.id, idea_id=idea.id, author_id=actor.id, body=body)
    db.session.add(comment)
    events.record(coalition.id, actor, "idea.commented", idea, title=idea.title)
    db.session.commit()
    return comment


TRANSITIONS = {
    "shortlist": ({"open", "not_chosen"}, "shortlisted", "idea.shortlisted"),
    "reopen": ({"shortlisted", "not_chosen", "chosen"}, "open", "idea.reopened"),
    "choose": ({"shortlisted", "open"}, "chosen", "idea.chosen"),
    "reject": ({"open", "shortlisted", "chosen"}, "not_chosen", "idea.not_chosen"),
}


def change_status(
    coalition: Coalition, actor: User, idea: Idea, action: str, reason: str = ""
) -> Idea:
    """A coordinator moves an idea along: shortlist, reopen, choose, or not choose (with reason)."""
    if action not in TRANSITIONS:
        raise Invalid({"": str(_l("Unknown action."))})
    allowed_from, status, verb = TRANSITIONS[action]
    if idea.status not in allowed_from:
        raise Invalid({"": str(_l("This idea cannot be changed that way any more."))})
    reason = _clean(reason, "reason", 2000, required=action == "reject")
    events.begin_change(coalition.id)
    idea.status = status
    idea.status_reason = reason if action == "reject" else ""
    events.record(coalition.id, actor, verb, idea, title=idea.title)
    db.session.commit()
    return idea


def merge_ideas(coalition: Coalition, actor: User, duplicate: Idea, kept_id) -> Idea:
    """Fold a duplicate into the idea that is kept: its supporters support the kept idea once."""
    kept = load_idea(coalition, kept_id) if parse_id(kept_id) else None
    if kept is None or kept.id == duplicate.id or kept.status not in SUPPORTABLE + ("chosen",):
        raise Invalid({"into": str(_l("Choose another open idea to keep."))})
    if duplicate.status not in SUPPORTABLE:
        raise Invalid({"into": str(_l("This idea cannot be merged any more."))})
    events.begin_change(coalition.id)
    supporters = db.session.scalars(
        select(Support.user_id).where(Support.idea_id == duplicate.id)
    ).all()
    for user_id in supporters:
        _insert_ignoring_duplicates(
            Support.__table__,
            {"coalition_id": coalition.id, "idea_id": kept.id, "user_id": user_id},
        )
    db.session.execute(delete(Support).where(Support.idea_id == duplicate.id))
    duplicate.status = "merged"
    duplicate.merged_into_id = kept.id
    events.record(
        coalition.id, actor, "idea.merged", duplicate, title=duplicate.title, into=kept.title
    )
    db.session.commit()
    return kept
