"""Dot-voting rounds over shortlisted ideas, and consent before an idea becomes an initiative."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from board import events
from board.coalitions.queries import check_lead
from board.errors import Invalid, NotFound
from board.extensions import db
from board.kanban.queries import active_columns
from board.kanban.ranks import bottom_rank
from board.models import (
    Coalition,
    ConsentResponse,
    ConsentRound,
    Idea,
    Initiative,
    Membership,
    RoundIdea,
    User,
    Vote,
    VotingRound,
)
from board.models.base import utcnow
from board.parsing import parse_count, parse_id

LOCAL = ZoneInfo("Europe/Amsterdam")
MAX_DOTS = 20
SIDE_MINIMUM = 3  # a side's figures show only with this many voters or more


def parse_local(value: str) -> datetime | None:
    """A form's local date and time (Europe/Amsterdam) as an aware UTC datetime, or None."""
    try:
        naive = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return None
    return naive.replace(tzinfo=LOCAL).astimezone(ZoneInfo("UTC"))


def local_input(moment: datetime) -> str:
    """A moment as a datetime-local form value in Dutch time (what parse_local reads back)."""
    return moment.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M")


# ---- rounds --------------------------------------------------------------------------------------


def load_round(coalition: Coalition, round_id) -> VotingRound:
    """A voting round of this coalition, or NotFound."""
    round_id = parse_id(round_id)
    voting = db.session.get(VotingRound, round_id) if round_id else None
    if voting is None or voting.coalition_id != coalition.id:
        raise NotFound()
    return voting


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


@dataclass
class RoundRules:
    """What a coordinator sets for a round."""

    title: str
    dots_per_member: object = 3
    allow_stacking: bool = True
    opens_at: str = ""
    closes_at: str = ""
    idea_ids: list = field(default_factory=list)


def _checked_rules(coalition: Coalition, rules: RoundRules) -> dict:
    """The rules as values to store; Invalid with every problem at once."""
    errors = {}
    title = " ".join((rules.title or "").split())
    if not title:
        errors["title"] = str(_l("Give the round a title."))
    elif len(title) > 200:
        errors["title"] = str(_l("This can have at most %(limit)s characters.", limit=200))
    dots = parse_count(rules.dots_per_member, 10**6)
    if dots is None or not 1 <= dots <= MAX_DOTS:
        errors["dots_per_member"] = str(_l("Choose from 1 to 20 dots per member."))
    opens, closes = parse_local(rules.opens_at), parse_local(rules.closes_at)
    if opens is None:
        errors["opens_at"] = str(_l("Give a date and time."))
    if closes is None:
        errors["closes_at"] = str(_l("Give a date and time."))
    elif opens is not None and closes <= opens:
        errors["closes_at"] = str(_l("The round must close after it opens."))
    wanted = {parse_id(i) for i in rules.idea_ids} - {None}
    ideas = []
    if wanted:
        ideas = list(
            db.session.scalars(
                select(Idea).where(
                    Idea.id.in_(wanted),
                    Idea.coalition_id == coalition.id,
                    Idea.status == "shortlisted",
                )
            )
        )
    if not ideas or len(ideas) != len(wanted):
        errors["idea_ids"] = str(_l("Choose at least one idea from the shortlist."))
    if errors:
        raise Invalid(errors)
    return {
        "title": title,
        "dots_per_member": dots,
        "allow_stacking": bool(rules.allow_stacking),
        "opens_at": opens,
        "closes_at": closes,
        "ideas": ideas,
    }


def create_round(coalition: Coalition, actor: User, rules: RoundRules) -> VotingRound:
    """Open a round over shortlisted ideas with its rules and dates."""
    values = _checked_rules(coalition, rules)
    events.begin_change(coalition.id)
    ideas = values.pop("ideas")
    voting = VotingRound(coalition_id=coalition.id, created_by_id=actor.id, **values)
    db.session.add(voting)
    db.session.flush()
    for idea in ideas:
        db.session.add(RoundIdea(coalition_id=coalition.id, round_id=voting.id, idea_id=idea.id))
    events.record(coalition.id, actor, "round.created", voting, title=voting.title)
    db.session.commit()
    return voting


def change_round(
    coalition: Coalition, actor: User, voting: VotingRound, rules: RoundRules
) -> VotingRound:
    """Change a round's rules; refused once the round has opened (rules are then frozen)."""
    if voting.state(utcnow()) != "upcoming":
        raise Invalid({"": str(_l("This round has opened: its rules can no longer change."))})
    values = _checked_rules(coalition, rules)
    events.begin_change(coalition.id)
    ideas = values.pop("ideas")
    for name, value in values.items():
        setattr(voting, name, value)
    db.session.execute(delete(RoundIdea).where(RoundIdea.round_id == voting.id))
    for idea in ideas:
        db.session.add(RoundIdea(coalition_id=coalition.id, round_id=voting.id, idea_id=idea.id))
    events.record(coalition.id, actor, "round.changed", voting, title=voting.title)
    db.session.commit()
    return voting


def close_round(coalition: Coalition, actor: User, voting: VotingRound) -> VotingRound:
    """Close an open round now (everyone has voted, say): its results show from this moment."""
    events.begin_change(coalition.id)
    voting = db.session.scalars(
        select(VotingRound)
        .where(VotingRound.id == voting.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    now = utcnow()
    if voting.state(now) != "open":
        raise Invalid({"": str(_l("Only an open round can be closed."))})
    voting.closes_at = now
    events.record(coalition.id, actor, "round.closed", voting, title=voting.title)
    db.session.commit()
    return voting


# ---- ballots -------------------------------------------------------------------------------------


def ballot_of(voting: VotingRound, user: User) -> dict[int, int]:
    """The member's dots per idea in a round."""
    return dict(
        db.session.execute(
            select(Vote.idea_id, Vote.dots).where(
                Vote.round_id == voting.id, Vote.user_id == user.id
            )
        ).all()
    )


def cast_ballot(
    coalition: Coalition, actor: User, voting: VotingRound, allocation: dict
) -> dict[int, int]:
    """Replace the member's ballot with allocation (idea id → dots), checked as a whole.

    The round is locked for the transaction, so concurrent submissions of one member can never
    add up to more dots than allowed.
    """
    events.begin_change(coalition.id)
    voting = db.session.scalars(
        select(VotingRound)
        .where(VotingRound.id == voting.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if voting.state(utcnow()) != "open":
        message = (
            _l("This round has closed; votes can no longer change.")
            if voting.state(utcnow()) == "closed"
            else _l("This round has not opened yet.")
        )
        raise Invalid({"": str(message)})
    on_ballot = {idea.id for idea in ideas_in(voting)}
    dots = {}
    for raw_id, raw_dots in allocation.items():
        idea_id, count = parse_id(raw_id), parse_count(raw_dots, 10**6)
        if idea_id not in on_ballot or count is None:
            raise Invalid({"": str(_l("Use whole numbers of dots for the ideas on the ballot."))})
        if count:
            dots[idea_id] = count
    if not voting.allow_stacking and any(count > 1 for count in dots.values()):
        raise Invalid({"": str(_l("In this round each idea gets at most one of your dots."))})
    if sum(dots.values()) > voting.dots_per_member:
        raise Invalid(
            {
                "": str(
                    _l(
                        "You gave %(given)s dots; you have %(allowed)s.",
                        given=sum(dots.values()),
                        allowed=voting.dots_per_member,
                    )
                )
            }
        )
    db.session.execute(
        delete(Vote)
        .where(Vote.round_id == voting.id, Vote.user_id == actor.id)
        .execution_options(synchronize_session=False)
    )
    for idea_id, count in dots.items():
        db.session.add(
            Vote(
                coalition_id=coalition.id,
                round_id=voting.id,
                idea_id=idea_id,
                user_id=actor.id,
                dots=count,
            )
        )
    events.record(coalition.id, actor, "round.voted", voting, title=voting.title)
    db.session.commit()
    return dots


# ---- results -------------------------------------------------------------------------------------


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
    if voting.state(utcnow()) != "closed":
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


def start_consent(coalition: Coalition, actor: User, idea: Idea) -> ConsentRound:
    """Ask the coalition whether a chosen idea is good enough to try."""
    if idea.status != "chosen":
        raise Invalid({"": str(_l("Only a chosen idea goes to a consent round."))})
    if consent_of(idea)[0] is not None:
        raise Invalid({"": str(_l("This idea already has a consent round."))})
    events.begin_change(coalition.id)
    consent = ConsentRound(coalition_id=coalition.id, idea_id=idea.id, started_by_id=actor.id)
    db.session.add(consent)
    events.record(coalition.id, actor, "idea.consent_started", idea, title=idea.title)
    db.session.commit()
    return consent


def respond(coalition: Coalition, actor: User, idea: Idea, objects: bool, reason: str):
    """A member consents, or objects with a reason; a later answer replaces the earlier one."""
    consent, _ = consent_of(idea)
    if consent is None or idea.status != "chosen":
        raise Invalid({"": str(_l("There is no consent round open for this idea."))})
    reason = (reason or "").strip()
    if objects and not reason:
        raise Invalid({"reason": str(_l("An objection needs a reason, so it can be resolved."))})
    if len(reason) > 2000:
        raise Invalid(
            {"reason": str(_l("This can have at most %(limit)s characters.", limit=2000))}
        )
    events.begin_change(coalition.id)
    response = db.session.scalar(
        select(ConsentResponse).where(
            ConsentResponse.consent_round_id == consent.id, ConsentResponse.user_id == actor.id
        )
    )
    if response is None:
        response = ConsentResponse(
            coalition_id=coalition.id, consent_round_id=consent.id, user_id=actor.id
        )
        db.session.add(response)
    response.objects = objects
    response.reason = reason if objects else ""
    response.updated_at = utcnow()
    events.record(
        coalition.id,
        actor,
        "idea.objected" if objects else "idea.consented",
        idea,
        title=idea.title,
    )
    db.session.commit()
    return response


def make_initiative(
    coalition: Coalition, actor: User, idea: Idea, resident_lead_id, professional_lead_id
) -> Initiative:
    """With consent and no objections, the idea becomes a card in the board's first column.

    One transaction: the card with its leads, the links both ways, and the events.
    """
    consent, responses = consent_of(idea)
    if consent is None or idea.status != "chosen":
        raise Invalid({"": str(_l("Start a consent round first."))})
    if not responses:
        raise Invalid({"": str(_l("Nobody has answered the consent round yet."))})
    if any(response.objects for response in responses):
        raise Invalid({"": str(_l("There are objections: resolve them first."))})
    events.begin_change(coalition.id)
    errors, leads = {}, {}
    for side, field_name, user_id in (
        ("resident", "resident_lead_id", resident_lead_id),
        ("professional", "professional_lead_id", professional_lead_id),
    ):
        try:
            leads[field_name] = check_lead(coalition, user_id, side, field_name)
        except Invalid as error:
            errors.update(error.errors)
        if leads.get(field_name) is None and field_name not in errors:
            errors[field_name] = str(_l("Choose who leads it on this side."))
    if errors:
        raise Invalid(errors)
    columns = active_columns(coalition)
    if not columns:
        raise Invalid({"": str(_l("The board has no column to put the initiative in."))})
    card = Initiative(
        coalition_id=coalition.id,
        column_id=columns[0].id,
        rank=bottom_rank(columns[0]),
        title=idea.title,
        description=idea.description,
        work_site_id=idea.work_site_id,
        created_by_id=actor.id,
        idea_id=idea.id,
        **leads,
    )
    db.session.add(card)
    db.session.flush()
    idea.status = "initiative"
    events.record(
        coalition.id, actor, "initiative.created", card, title=card.title, column=columns[0].name
    )
    events.record(coalition.id, actor, "idea.became_initiative", idea, title=idea.title)
    db.session.commit()
    return card
