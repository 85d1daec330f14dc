"""Deciding together: dot-voting rounds over shortlisted ideas, and consent before an idea
becomes an initiative. One function per action, each one unit of work that decides on the
round or idea as it is stored once the coalition's change lock is held."""

from flask_babel import gettext as _
from sqlalchemy import delete, select

from board import clock, events
from board.coalitions.queries import check_lead
from board.errors import Invalid
from board.extensions import db
from board.ideas.actions import REASON_MAX, TITLE_MAX
from board.ideas.inputs import RoundInput
from board.ideas.queries import consent_of, ideas_in
from board.kanban.actions import cards_entered
from board.kanban.queries import active_columns
from board.kanban.ranks import bottom_rank
from board.models import (
    Coalition,
    ConsentResponse,
    ConsentRound,
    Idea,
    Initiative,
    RoundIdea,
    User,
    Vote,
    VotingRound,
)
from board.parsing import parse_count, parse_id

MAX_DOTS = 20
MAX_NUMBER = 10**6  # what a number field may say before it is read as this


# ---- rounds --------------------------------------------------------------------------------------


def _overlapping(ideas: list[Idea], opens, closes, other_than: int | None) -> tuple | None:
    """(idea, round) when one of the ideas is on the ballot of another round open at some
    time from opens to closes; else None."""
    row = db.session.execute(
        select(Idea, VotingRound)
        .join(RoundIdea, RoundIdea.idea_id == Idea.id)
        .join(VotingRound, VotingRound.id == RoundIdea.round_id)
        .where(
            Idea.id.in_([idea.id for idea in ideas]),
            VotingRound.opens_at < closes,
            VotingRound.closes_at > opens,
            VotingRound.id != (other_than or 0),
        )
        .order_by(VotingRound.opens_at)
        .limit(1)
    ).first()
    return tuple(row) if row else None


def _checked_rules(coalition: Coalition, rules: RoundInput, other_than: int | None = None) -> dict:
    """The rules as values to store; Invalid with every problem at once. An idea is on one
    open round at a time (other_than: the round being changed)."""
    errors = {}
    title = " ".join((rules.title or "").split())
    if not title:
        errors["title"] = _("Give the round a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("This can have at most %(limit)s characters.", limit=TITLE_MAX)
    dots = parse_count(rules.dots_per_member, MAX_NUMBER)
    if dots is None or not 1 <= dots <= MAX_DOTS:
        errors["dots_per_member"] = _("Choose from 1 to 20 dots per member.")
    opens, closes = clock.parse_local(rules.opens_at), clock.parse_local(rules.closes_at)
    if opens is None:
        errors["opens_at"] = _("Give a date and time between 2000 and 2100.")
    if closes is None:
        errors["closes_at"] = _("Give a date and time between 2000 and 2100.")
    elif opens is not None and closes <= opens:
        errors["closes_at"] = _("The round must close after it opens.")
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
        errors["idea_ids"] = _("Choose at least one idea from the shortlist.")
    elif opens is not None and closes is not None and closes > opens:
        clash = _overlapping(ideas, opens, closes, other_than)
        if clash:
            errors["idea_ids"] = _(
                "“%(idea)s” is on the ballot of “%(round)s” at that time already: one round at a "
                "time per idea.",
                idea=clash[0].title,
                round=clash[1].title,
            )
    if errors:
        raise Invalid(errors)
    return {
        "title": title,
        "dots_per_member": dots,
        "allow_stacking": rules.allow_stacking,
        "opens_at": opens,
        "closes_at": closes,
        "ideas": ideas,
    }


def _put_on_ballot(coalition: Coalition, voting: VotingRound, ideas: list[Idea]) -> None:
    """Make ideas the round's ballot."""
    for idea in ideas:
        db.session.add(RoundIdea(coalition_id=coalition.id, round_id=voting.id, idea_id=idea.id))


def create_round(coalition: Coalition, actor: User, rules: RoundInput) -> VotingRound:
    """Open a round over shortlisted ideas with its rules and dates."""
    with events.change(coalition) as change:
        values = _checked_rules(coalition, rules)
        ideas = values.pop("ideas")
        voting = VotingRound(coalition_id=coalition.id, created_by_id=actor.id, **values)
        db.session.add(voting)
        db.session.flush()
        _put_on_ballot(coalition, voting, ideas)
        change.record(actor, "round.created", voting, title=voting.title)
    return voting


def change_round(
    coalition: Coalition, actor: User, voting: VotingRound, rules: RoundInput
) -> VotingRound:
    """Change a round's rules; refused once the round has opened (rules are then frozen)."""
    with events.change(coalition, voting) as change:
        if voting.state(clock.now()) != "upcoming":
            raise Invalid({"": _("This round has opened: its rules can no longer change.")})
        values = _checked_rules(coalition, rules, other_than=voting.id)
        ideas = values.pop("ideas")
        for name, value in values.items():
            setattr(voting, name, value)
        db.session.execute(delete(RoundIdea).where(RoundIdea.round_id == voting.id))
        _put_on_ballot(coalition, voting, ideas)
        change.record(actor, "round.changed", voting, title=voting.title)
    return voting


def close_round(coalition: Coalition, actor: User, voting: VotingRound) -> VotingRound:
    """Close an open round now (everyone has voted, say): its results show from this moment."""
    with events.change(coalition, voting) as change:
        now = clock.now()
        if voting.state(now) != "open":
            raise Invalid({"": _("Only an open round can be closed.")})
        voting.closes_at = now
        change.record(actor, "round.closed", voting, title=voting.title)
    return voting


# ---- ballots -------------------------------------------------------------------------------------


def _checked_ballot(voting: VotingRound, allocation: dict) -> dict[int, int]:
    """The dots per idea of a ballot for this round; Invalid when it breaks the round's rules."""
    on_ballot = {idea.id for idea in ideas_in(voting)}
    dots = {}
    for raw_id, raw_dots in allocation.items():
        idea_id, count = parse_id(raw_id), parse_count(raw_dots, MAX_NUMBER)
        if idea_id not in on_ballot or count is None:
            raise Invalid({"": _("Use whole numbers of dots for the ideas on the ballot.")})
        if count:
            dots[idea_id] = count
    if not voting.allow_stacking and any(count > 1 for count in dots.values()):
        raise Invalid({"": _("In this round each idea gets at most one of your dots.")})
    given = sum(dots.values())
    if given > voting.dots_per_member:
        raise Invalid(
            {
                "": _(
                    "You gave %(given)s dots; you have %(allowed)s.",
                    given=given,
                    allowed=voting.dots_per_member,
                )
            }
        )
    return dots


def cast_ballot(
    coalition: Coalition, actor: User, voting: VotingRound, allocation: dict
) -> dict[int, int]:
    """Replace the member's ballot with allocation (idea id → dots), checked as a whole.

    Ballots of one coalition are cast one after the other, so concurrent submissions of one
    member can never add up to more dots than allowed. The change is quiet: while the results
    are hidden, nobody watching the board can count ballots by its change number.
    """
    with events.change(coalition, voting, quiet=True) as change:
        state = voting.state(clock.now())
        if state != "open":
            message = (
                _("This round has closed; votes can no longer change.")
                if state == "closed"
                else _("This round has not opened yet.")
            )
            raise Invalid({"": message})
        dots = _checked_ballot(voting, allocation)
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
        change.record(actor, "round.voted", voting, title=voting.title)
    return dots


# ---- consent -------------------------------------------------------------------------------------


def start_consent(coalition: Coalition, actor: User, idea: Idea) -> ConsentRound:
    """Ask the coalition whether a chosen idea is good enough to try."""
    with events.change(coalition, idea) as change:
        if idea.status != "chosen":
            raise Invalid({"": _("Only a chosen idea goes to a consent round.")})
        if consent_of(idea)[0] is not None:
            raise Invalid({"": _("This idea already has a consent round.")})
        consent = ConsentRound(coalition_id=coalition.id, idea_id=idea.id, started_by_id=actor.id)
        db.session.add(consent)
        change.record(actor, "idea.consent_started", idea, title=idea.title)
    return consent


def answer_consent(
    coalition: Coalition, actor: User, idea: Idea, objects: bool, reason: str
) -> ConsentResponse:
    """A member consents, or objects with a reason; a later answer replaces the earlier one."""
    reason = (reason or "").strip()
    if objects and not reason:
        raise Invalid({"reason": _("An objection needs a reason, so it can be resolved.")})
    if len(reason) > REASON_MAX:
        raise Invalid(
            {"reason": _("This can have at most %(limit)s characters.", limit=REASON_MAX)}
        )
    with events.change(coalition, idea) as change:
        consent, responses = consent_of(idea)
        if consent is None or idea.status != "chosen":
            raise Invalid({"": _("There is no consent round open for this idea.")})
        response = next((r for r in responses if r.user_id == actor.id), None)
        if response is None:
            response = ConsentResponse(
                coalition_id=coalition.id, consent_round_id=consent.id, user_id=actor.id
            )
            db.session.add(response)
        # An objection withdrawn stays readable, as resolved: its reason is kept.
        withdrawn = (response.reason or "") if (response.objects or response.reason) else ""
        response.objects = objects
        response.reason = reason if objects else withdrawn
        response.updated_at = clock.now()
        verb = "idea.objected" if objects else "idea.consented"
        change.record(actor, verb, idea, title=idea.title)
    return response


def _checked_leads(coalition: Coalition, resident_lead_id, professional_lead_id) -> dict:
    """The two leads of the new card, one member of each side; Invalid with both problems."""
    errors, leads = {}, {}
    for side, field_name, user_id in (
        ("resident", "resident_lead_id", resident_lead_id),
        ("professional", "professional_lead_id", professional_lead_id),
    ):
        try:
            leads[field_name] = check_lead(coalition, user_id, side, field_name)
        except Invalid as error:
            errors.update(error.errors)
            continue
        if leads[field_name] is None:
            errors[field_name] = _("Choose who leads it on this side.")
    if errors:
        raise Invalid(errors)
    return leads


def make_initiative(
    coalition: Coalition, actor: User, idea: Idea, resident_lead_id, professional_lead_id
) -> Initiative:
    """With consent and no objections, the idea becomes a card in the board's first column.

    One unit of work: the card with its leads, the links both ways, and the events.
    """
    with events.change(coalition, idea) as change:
        consent, responses = consent_of(idea)
        if consent is None or idea.status != "chosen":
            raise Invalid({"": _("Start a consent round first.")})
        if not responses:
            raise Invalid({"": _("Nobody has answered the consent round yet.")})
        if any(response.objects for response in responses):
            raise Invalid({"": _("There are objections: resolve them first.")})
        leads = _checked_leads(coalition, resident_lead_id, professional_lead_id)
        columns = active_columns(coalition)
        if not columns:
            raise Invalid({"": _("The board has no column to put the initiative in.")})
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
        cards_entered(columns[0].id)
        idea.status = "initiative"
        change.record(actor, "initiative.created", card, title=card.title, column=columns[0].name)
        change.record(actor, "idea.became_initiative", idea, title=idea.title)
    return card
