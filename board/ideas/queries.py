"""Reading ideas, voting rounds and consent: lists with their counts, ballots and results.

The list costs a fixed number of queries however many ideas, supports and comments there are.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from board import clock
from board.coalitions.queries import one
from board.errors import NotFound
from board.extensions import db
from board.models import (
    Coalition,
    ConsentResponse,
    ConsentRound,
    Idea,
    IdeaComment,
    Initiative,
    Membership,
    RoundIdea,
    Support,
    User,
    Vote,
    VotingRound,
    WorkSite,
)

SUPPORTABLE = ("open", "shortlisted")
LISTED = ("open", "shortlisted", "chosen", "not_chosen", "initiative")
SORTS = ("new", "support")
SIDE_MINIMUM = 3  # a side's figures show only with this many voters or more


@dataclass
class IdeaRow:
    """An idea as the list shows it."""

    idea: Idea
    supports: int = 0
    supported: bool = False
    comments: int = 0


def load_idea(coalition: Coalition, idea_id) -> Idea:
    """One idea of this coalition with its proposer and work site, or NotFound."""
    return one(coalition, Idea, idea_id, joinedload(Idea.proposer), joinedload(Idea.work_site))


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


def shortlisted_ideas(coalition: Coalition) -> list[Idea]:
    """The ideas on the shortlist, newest first: what a voting round may put on its ballot."""
    return list(
        db.session.scalars(
            select(Idea)
            .where(Idea.coalition_id == coalition.id, Idea.status == "shortlisted")
            .order_by(Idea.created_at.desc(), Idea.id.desc())
        )
    )


def merge_candidates(coalition: Coalition, idea: Idea) -> list[Idea]:
    """The other ideas that still gather support, newest first: what a duplicate may join."""
    return list(
        db.session.scalars(
            select(Idea)
            .where(
                Idea.coalition_id == coalition.id,
                Idea.status.in_(SUPPORTABLE),
                Idea.id != idea.id,
            )
            .order_by(Idea.created_at.desc(), Idea.id.desc())
        )
    )


def merged_into(idea: Idea) -> list[Idea]:
    """The ideas merged into this one, oldest merge first by proposal: one query."""
    return list(
        db.session.scalars(
            select(Idea)
            .where(
                Idea.coalition_id == idea.coalition_id,
                Idea.merged_into_id == idea.id,
                Idea.status == "merged",
            )
            .order_by(Idea.created_at, Idea.id)
        )
    )


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


def initiative_of(idea: Idea) -> int | None:
    """The id of the card the idea became, if it became one."""
    return db.session.scalar(select(Initiative.id).where(Initiative.idea_id == idea.id))


# ---- rounds --------------------------------------------------------------------------------------


def load_round(coalition: Coalition, round_id) -> VotingRound:
    """A voting round of this coalition, or NotFound."""
    return one(coalition, VotingRound, round_id)


def rounds_of(coalition: Coalition) -> list[VotingRound]:
    """The coalition's rounds, the most recently opening first."""
    return list(
        db.session.scalars(
            select(VotingRound)
            .where(VotingRound.coalition_id == coalition.id)
            .order_by(VotingRound.opens_at.desc())
        )
    )


def ideas_in(voting: VotingRound) -> list[Idea]:
    """The ideas on a round's ballot, by title."""
    return list(
        db.session.scalars(
            select(Idea)
            .join(RoundIdea, RoundIdea.idea_id == Idea.id)
            .where(RoundIdea.round_id == voting.id)
            .order_by(Idea.title)
        )
    )


def ballot_of(voting: VotingRound, user: User) -> dict[int, int]:
    """The member's dots per idea in a round."""
    return dict(
        db.session.execute(
            select(Vote.idea_id, Vote.dots).where(
                Vote.round_id == voting.id, Vote.user_id == user.id
            )
        ).all()
    )


@dataclass
class IdeaResult:
    """An idea's dots and voters in a closed round, with the split by side where shown."""

    idea: Idea
    dots: int = 0
    voters: int = 0
    by_side: dict[str, int] = field(default_factory=dict)


@dataclass
class RoundResults:
    """A closed round's results."""

    rows: list[IdeaResult]
    voters: int
    voters_by_side: dict[str, int]
    sides_shown: list[str]

    @property
    def most_dots(self) -> int:
        """The highest number of dots, for scaling the bars."""
        return max((row.dots for row in self.rows), default=0)


def results_of(voting: VotingRound) -> RoundResults:
    """Dots and voters per idea; the split by side only for sides with 3 or more voters.

    Refuses (NotFound) while the round is not closed: results, counts included, stay hidden.
    """
    if voting.state(clock.now()) != "closed":
        raise NotFound()
    rows = {idea.id: IdeaResult(idea) for idea in ideas_in(voting)}
    votes = db.session.execute(
        select(Vote.idea_id, Vote.user_id, Vote.dots, Membership.side)
        .outerjoin(
            Membership,
            (Membership.user_id == Vote.user_id) & (Membership.coalition_id == Vote.coalition_id),
        )
        .where(Vote.round_id == voting.id)
    ).all()
    voters_by_side: dict[str, set] = {"resident": set(), "professional": set()}
    everyone = set()
    for idea_id, user_id, dots, side in votes:
        everyone.add(user_id)
        if side in voters_by_side:
            voters_by_side[side].add(user_id)
        row = rows.get(idea_id)
        if row is not None:
            row.dots += dots
            row.voters += 1
            row.by_side[side] = row.by_side.get(side, 0) + dots
    shown = [side for side, users in voters_by_side.items() if len(users) >= SIDE_MINIMUM]
    if len(shown) < 2:
        shown = []  # a split with one side hidden would reveal the other side's figures
    return RoundResults(
        rows=sorted(rows.values(), key=lambda row: (-row.dots, row.idea.title)),
        voters=len(everyone),
        voters_by_side={side: len(users) for side, users in voters_by_side.items()},
        sides_shown=shown,
    )


# ---- consent -------------------------------------------------------------------------------------


def consent_of(idea: Idea) -> tuple[ConsentRound | None, list[ConsentResponse]]:
    """The idea's consent round and its responses (people loaded), if it has one."""
    consent = db.session.scalar(select(ConsentRound).where(ConsentRound.idea_id == idea.id))
    if consent is None:
        return None, []
    responses = db.session.scalars(
        select(ConsentResponse)
        .options(joinedload(ConsentResponse.user))
        .where(ConsentResponse.consent_round_id == consent.id)
        .order_by(ConsentResponse.updated_at)
    ).all()
    return consent, list(responses)


def turnout_of(voting: VotingRound) -> tuple[int, int]:
    """(members who voted, members) of an open round: how many, never who or how."""
    voted = db.session.scalar(
        select(func.count(func.distinct(Vote.user_id))).where(Vote.round_id == voting.id)
    )
    everyone = db.session.scalar(
        select(func.count(Membership.id)).where(Membership.coalition_id == voting.coalition_id)
    )
    return voted or 0, everyone or 0
