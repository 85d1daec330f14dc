"""Reading a coalition: its members, work sites, partners and invites.

Every capability asks these (who may lead a card, which work sites a form offers); the checks
answer Invalid with a message for the form field that named a person or a site.
"""

from dataclasses import dataclass
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select

from board.clock import now
from board.errors import Invalid, NotFound
from board.extensions import db
from board.models import Coalition, Column, Invite, Membership, Organisation, User, WorkSite
from board.parsing import parse_count, parse_id


def one(coalition: Coalition, model, object_id, *options):
    """One row of model in this coalition by the id a URL or form named, as stored now, loaded
    with options; NotFound for a missing, foreign or malformed id."""
    object_id = parse_id(object_id)
    found = None
    if object_id is not None:
        found = db.session.scalar(
            select(model)
            .options(*options)
            .where(model.id == object_id, model.coalition_id == coalition.id)
            .execution_options(populate_existing=True)
        )
    if found is None:
        raise NotFound()
    return found


def memberships(coalition: Coalition) -> list[Membership]:
    """The coalition's memberships, by name (users loaded in the same query)."""
    rows = db.session.scalars(select(Membership).where(Membership.coalition_id == coalition.id))
    return sorted(rows, key=lambda m: m.user.display_name.lower())


def members(coalition: Coalition) -> list[User]:
    """The coalition's members by name: who may organise, and who may answer."""
    return [membership.user for membership in memberships(coalition)]


def members_by_side(coalition: Coalition) -> dict[str, list[User]]:
    """The coalition's members per side, by name: the people who may lead a card."""
    sides: dict[str, list[User]] = {"resident": [], "professional": []}
    for membership in memberships(coalition):
        sides.setdefault(membership.side, []).append(membership.user)
    return sides


def coordinator_count(coalition: Coalition) -> int:
    """How many coordinators the coalition has."""
    return db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.coalition_id == coalition.id, Membership.role == "coordinator"
        )
    )


def member_coalition_ids(user: User) -> list[int]:
    """The coalitions a person is a member of."""
    return list(
        db.session.scalars(select(Membership.coalition_id).where(Membership.user_id == user.id))
    )


def member_coalitions(user: User) -> list[Coalition]:
    """The coalitions a person is a member of, by name."""
    return list(
        db.session.scalars(
            select(Coalition)
            .join(Membership, Membership.coalition_id == Coalition.id)
            .where(Membership.user_id == user.id)
            .order_by(Coalition.name)
        )
    )


@cache
def _active_sites():
    """The statement of active_sites, built once (every board and card runs it)."""
    return (
        select(WorkSite)
        .where(WorkSite.coalition_id == bindparam("coalition_id"), WorkSite.archived_at.is_(None))
        .order_by(WorkSite.name)
    )


def active_sites(coalition: Coalition) -> list[WorkSite]:
    """The coalition's work sites that are not archived, by name."""
    return list(db.session.scalars(_active_sites(), {"coalition_id": coalition.id}))


def all_sites(coalition: Coalition) -> list[WorkSite]:
    """Every work site, active ones first, by name."""
    return list(
        db.session.scalars(
            select(WorkSite)
            .where(WorkSite.coalition_id == coalition.id)
            .order_by(WorkSite.archived_at.is_not(None), WorkSite.name)
        )
    )


def site_by_slug(coalition: Coalition, slug: str) -> WorkSite | None:
    """The coalition's work site with this filter address, or None (a filter then ignores it)."""
    if not slug:
        return None
    return db.session.scalar(
        select(WorkSite).where(WorkSite.coalition_id == coalition.id, WorkSite.slug == slug)
    )


def all_columns(coalition: Coalition) -> list[Column]:
    """Every column, active ones in board order, then archived ones."""
    return list(
        db.session.scalars(
            select(Column)
            .where(Column.coalition_id == coalition.id)
            .order_by(Column.archived_at.is_not(None), Column.position, Column.id)
        )
    )


def organisations(coalition: Coalition) -> list[Organisation]:
    """The coalition's partner organisations by name."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.coalition_id == coalition.id)
            .order_by(Organisation.name)
        )
    )


def open_invites(coalition: Coalition) -> list[Invite]:
    """Invites that still work, newest first."""
    invites = db.session.scalars(
        select(Invite)
        .where(
            Invite.coalition_id == coalition.id,
            Invite.revoked_at.is_(None),
            Invite.expires_at > now(),
        )
        .order_by(Invite.created_at.desc())
    )
    return [i for i in invites if not (i.role == "coordinator" and i.uses > 0)]


# ---- checks of what a form names -----------------------------------------------------------


def check_site(coalition: Coalition, site_id, field: str = "work_site_id") -> int | None:
    """The id of an active work site of the coalition named by a form (or None for none)."""
    if site_id in (None, ""):
        return None
    site = db.session.get(WorkSite, parse_id(site_id) or 0)
    if site is None or site.coalition_id != coalition.id or site.archived_at is not None:
        raise Invalid({field: _("Choose one of this coalition's work sites.")})
    return site.id


def check_lead(coalition: Coalition, user_id, side: str, field: str) -> int | None:
    """The id of a member on side named by a form as a lead (or None for nobody)."""
    if user_id in (None, ""):
        return None
    membership = db.session.scalar(
        select(Membership).where(
            Membership.coalition_id == coalition.id,
            Membership.user_id == (parse_id(user_id) or 0),
        )
    )
    if membership is None or membership.side != side:
        message = (
            _("Choose a resident who is a member of this coalition.")
            if side == "resident"
            else _("Choose a professional who is a member of this coalition.")
        )
        raise Invalid({field: message})
    return membership.user_id


def check_members(coalition: Coalition, values, field: str) -> list[int]:
    """The ids of the coalition's members a form names, in order (none named: an empty list)."""
    wanted = {parse_id(value) for value in values or []} - {None}
    if not wanted:
        return []
    found = set(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.coalition_id == coalition.id, Membership.user_id.in_(wanted)
            )
        )
    )
    if found != wanted:
        raise Invalid({field: _("Choose people who are members of this coalition.")})
    return sorted(found)


# ---- many coalitions: a page at a time, found by name ----------------------------------------

LIST_PAGE = 25
SEARCH_MAX = 100
PAGES_MAX = 10_000


@dataclass
class CoalitionList:
    """One page of coalitions by name, those whose name holds search; whether more follow, and
    (for a search) how many match."""

    coalitions: list[Coalition]
    page: int
    search: str
    more: bool
    matching: int | None = None  # counted for a search only: all coalitions would be read

    @property
    def pages(self) -> int | None:
        """How many pages the matching coalitions fill (at least one), when they were counted."""
        return None if self.matching is None else max(1, -(-self.matching // LIST_PAGE))


def list_request(args) -> tuple[str, int]:
    """(search, page) from a request's ?q= and ?page= (from 0), whatever was typed."""
    search = " ".join(str(args.get("q", "")).split())[:SEARCH_MAX]
    return search, parse_count(args.get("page"), PAGES_MAX) or 0


def coalitions_named(search: str):
    """The coalitions whose name holds search (any case), or all of them."""
    query = select(Coalition)
    if search:
        query = query.where(func.lower(Coalition.name).contains(search.lower(), autoescape=True))
    return query


def coalition_list(search: str, page: int) -> CoalitionList:
    """A page of every coalition by name (a page past the end is the last one), read along the
    index on names: its cost does not grow with the number of coalitions.

    The page reads one coalition more than it shows, to know whether another page follows.
    Only a search counts what it finds (PostgreSQL finds names along a trigram index); the
    whole list is not counted, which would read every coalition.
    """
    query = coalitions_named(search)
    ordered = query.order_by(Coalition.name, Coalition.id)
    rows = list(db.session.scalars(ordered.limit(LIST_PAGE + 1).offset(page * LIST_PAGE)))
    matching = None
    if search or (page and not rows):
        matching = db.session.scalar(select(func.count()).select_from(query.subquery()))
    if page and not rows:  # past the end: the last page
        page = max(0, -(-matching // LIST_PAGE) - 1)
        rows = list(db.session.scalars(ordered.limit(LIST_PAGE).offset(page * LIST_PAGE)))
        matching = matching if search else None
    return CoalitionList(rows[:LIST_PAGE], page, search, len(rows) > LIST_PAGE, matching)
