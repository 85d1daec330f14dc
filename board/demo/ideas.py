"""The demo ideas with their supporters, and two voting rounds: one closed, one open."""

from datetime import timedelta

from sqlalchemy import select

from board import clock
from board.coalitions.queries import active_sites
from board.extensions import db
from board.ideas import actions, decisions, queries
from board.ideas.inputs import IdeaInput, RoundInput
from board.models import Coalition, Idea, Membership, User


def load_ideas(coalition: Coalition, data: dict, people: dict[str, User]) -> None:
    """Propose the demo ideas the coalition does not have yet, with their supports."""
    existing = set(db.session.scalars(select(Idea.title).where(Idea.coalition_id == coalition.id)))
    sides = dict(
        db.session.execute(
            select(Membership.user_id, Membership.side).where(
                Membership.coalition_id == coalition.id
            )
        ).all()
    )
    sites = {site.name: site.id for site in active_sites(coalition)}
    for spec in data.get("ideas", []):
        if spec["title"] in existing:
            continue
        author = people[spec["proposer"]]
        site_id = sites.get(spec.get("site"))
        idea = actions.propose_idea(
            coalition,
            author,
            sides[author.id],
            IdeaInput(
                title=spec["title"],
                description=spec["description"],
                work_site_id="" if site_id is None else str(site_id),
            ),
        )
        for supporter in spec["supporters"]:
            actions.set_support(coalition, people[supporter], idea, True)
        if spec["status"] == "shortlisted":
            actions.change_status(coalition, people["coordinator"], idea, "shortlist")
        if spec.get("merged_into"):  # a duplicate, folded into an idea proposed before it
            kept = db.session.scalar(
                select(Idea.id).where(
                    Idea.coalition_id == coalition.id, Idea.title == spec["merged_into"]
                )
            )
            actions.merge_ideas(coalition, people["coordinator"], idea, kept)


def load_rounds(coalition: Coalition, people: dict[str, User]) -> None:
    """A closed round with its results and an open one, unless the coalition has rounds."""
    if queries.rounds_of(coalition):
        return
    shortlisted = [
        row.idea.id
        for row in queries.list_ideas(coalition, people["coordinator"], status="shortlisted")
    ]
    if len(shortlisted) < 2:
        return
    now = clock.now()
    coordinator = people["coordinator"]
    spring = decisions.create_round(
        coalition,
        coordinator,
        RoundInput(
            title="Voorjaarsronde",
            dots_per_member="3",
            allow_stacking=True,
            opens_at=clock.local_input(now - timedelta(days=1)),
            closes_at=clock.local_input(now + timedelta(days=1)),
            idea_ids=[str(idea_id) for idea_id in shortlisted[:2]],
        ),
    )
    voters = [person for name, person in people.items() if name != "coordinator"]
    for number, person in enumerate(voters):
        first = (1, 2, 3)[number % 3]
        decisions.cast_ballot(
            coalition, person, spring, {shortlisted[0]: first, shortlisted[1]: 3 - first}
        )
    # The spring round lies in the past: its results are what the demo shows.
    spring.opens_at, spring.closes_at = now - timedelta(days=60), now - timedelta(days=46)
    db.session.flush()
    autumn = decisions.create_round(
        coalition,
        coordinator,
        RoundInput(
            title="Najaarsronde",
            dots_per_member="3",
            allow_stacking=True,
            opens_at=clock.local_input(now - timedelta(days=2)),
            closes_at=clock.local_input(now + timedelta(days=12)),
            idea_ids=[str(idea_id) for idea_id in shortlisted],
        ),
    )
    decisions.cast_ballot(coalition, people["professional"], autumn, {shortlisted[-1]: 3})
