"""What needs me ("Voor jou"): across the capabilities, what waits for this person in their
coalitions, each thing with what finishes it in one tap. The home of a coalition shows its own,
the start page those of every coalition the person is a member of.

The queries take a list of coalitions and cost the same however many coalitions, activities,
answers or cards there are: ten at most.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload

from board import clock
from board.activities import queries as activities
from board.activities import recurrence
from board.extensions import db
from board.models import (
    ActivityItem,
    Coalition,
    ConsentResponse,
    ConsentRound,
    Idea,
    Initiative,
    IntervisionParticipant,
    IntervisionSession,
    ItemClaim,
    PulseParticipation,
    PulseWave,
    Rsvp,
    User,
    Vote,
    VotingRound,
)

AHEAD = timedelta(days=14)  # activities this close ask for an answer


@dataclass
class ForYou:
    """What waits for one person, by kind, each list in the order it is due."""

    sessions: list = field(default_factory=list)  # IntervisionSession, planned or live
    pulses: list = field(default_factory=list)  # PulseWave open, not answered by me
    consents: list = field(default_factory=list)  # Idea waiting for my consent
    rounds: list = field(default_factory=list)  # VotingRound open, without my ballot
    answers: list = field(default_factory=list)  # Occurrence in the coming two weeks
    bring: list = field(default_factory=list)  # (Occurrence, [ActivityItem]) nobody brings yet
    overdue: list = field(default_factory=list)  # Initiative I lead, past its date

    @property
    def count(self) -> int:
        """How many things wait."""
        waiting = (
            self.sessions,
            self.pulses,
            self.consents,
            self.rounds,
            self.answers,
            self.overdue,
        )
        return sum(len(things) for things in waiting) + sum(len(free) for _, free in self.bring)


def for_you(coalitions: list[Coalition], user: User, now: datetime) -> ForYou:
    """What waits for user in coalitions (those they are a member of)."""
    found = ForYou()
    ids = [coalition.id for coalition in coalitions]
    if not ids:
        return found
    found.sessions = _sessions(ids, user)
    found.pulses = _pulses(ids, user, now)
    found.consents = _consents(ids, user)
    found.rounds = _rounds(ids, user, now)
    found.answers, found.bring = _activities(ids, user, now)
    found.overdue = _overdue(ids, user, now)
    return found


def _sessions(ids: list[int], user: User) -> list[IntervisionSession]:
    """Intervision sessions the person is invited to that have not been held yet."""
    return list(
        db.session.scalars(
            select(IntervisionSession)
            .options(joinedload(IntervisionSession.activity))
            .join(
                IntervisionParticipant, IntervisionParticipant.session_id == IntervisionSession.id
            )
            .where(
                IntervisionSession.coalition_id.in_(ids),
                IntervisionSession.state != "closed",
                IntervisionParticipant.user_id == user.id,
            )
            .order_by(IntervisionSession.state.desc(), IntervisionSession.id)
        )
    )


def _pulses(ids: list[int], user: User, now: datetime) -> list[PulseWave]:
    """Open pulse waves the person has not answered, the first to close first."""
    answered = exists().where(
        PulseParticipation.wave_id == PulseWave.id, PulseParticipation.user_id == user.id
    )
    return list(
        db.session.scalars(
            select(PulseWave)
            .where(
                PulseWave.coalition_id.in_(ids),
                PulseWave.opens_at <= now,
                PulseWave.closes_at > now,
                PulseWave.closed_early_at.is_(None),
                ~answered,
            )
            .order_by(PulseWave.closes_at)
        )
    )


def _consents(ids: list[int], user: User) -> list[Idea]:
    """Chosen ideas whose consent round has no answer of the person yet."""
    answered = exists().where(
        ConsentResponse.consent_round_id == ConsentRound.id, ConsentResponse.user_id == user.id
    )
    return list(
        db.session.scalars(
            select(Idea)
            .join(ConsentRound, ConsentRound.idea_id == Idea.id)
            .where(Idea.coalition_id.in_(ids), Idea.status == "chosen", ~answered)
            .order_by(ConsentRound.started_at)
        )
    )


def _rounds(ids: list[int], user: User, now: datetime) -> list[VotingRound]:
    """Open voting rounds without a ballot of the person, the first to close first."""
    voted = exists().where(Vote.round_id == VotingRound.id, Vote.user_id == user.id)
    return list(
        db.session.scalars(
            select(VotingRound)
            .where(
                VotingRound.coalition_id.in_(ids),
                VotingRound.opens_at <= now,
                VotingRound.closes_at > now,
                ~voted,
            )
            .order_by(VotingRound.closes_at)
        )
    )


def _activities(ids: list[int], user: User, now: datetime) -> tuple[list, list]:
    """The coming two weeks: dates the person has not answered, and for the dates they come
    to, the things nobody brings yet."""
    today = clock.to_local(now).date()
    last = clock.to_local(now + AHEAD).date()
    found = [a for a in activities.activities_between(ids, today, last) if a.cancelled_at is None]
    changes = activities.changes_of([a.id for a in found])
    dates = [
        occurrence
        for activity in found
        for occurrence in recurrence.occurrences(
            activity, changes.get(activity.id, {}), today, last
        )
        if now < occurrence.ends_at
        and occurrence.starts_at < now + AHEAD
        and not occurrence.cancelled
    ]
    if not dates:
        return [], []
    dates.sort(key=lambda o: (o.starts_at, o.activity.title))
    activity_ids = list({o.activity.id for o in dates})
    keys = list({o.key for o in dates})
    mine = {
        (activity_id, key): answer
        for activity_id, key, answer in db.session.execute(
            select(Rsvp.activity_id, Rsvp.occurrence, Rsvp.answer).where(
                Rsvp.user_id == user.id, Rsvp.activity_id.in_(activity_ids)
            )
        )
    }
    items = db.session.scalars(
        select(ActivityItem)
        .where(ActivityItem.activity_id.in_(activity_ids))
        .order_by(ActivityItem.position, ActivityItem.id)
    ).all()
    taken = set(
        db.session.execute(
            select(ItemClaim.item_id, ItemClaim.occurrence).where(
                ItemClaim.activity_id.in_(activity_ids), ItemClaim.occurrence.in_(keys)
            )
        ).all()
    )
    unanswered = [o for o in dates if (o.activity.id, o.key) not in mine]
    coming = [o for o in dates if mine.get((o.activity.id, o.key)) == "yes"]
    bring = []
    for occurrence in coming:
        free = [
            item
            for item in items
            if item.activity_id == occurrence.activity.id and (item.id, occurrence.key) not in taken
        ]
        if free:
            bring.append((occurrence, free))
    return unanswered, bring


def _overdue(ids: list[int], user: User, now: datetime) -> list[Initiative]:
    """Cards the person leads whose date has passed."""
    return list(
        db.session.scalars(
            select(Initiative)
            .where(
                Initiative.coalition_id.in_(ids),
                Initiative.archived_at.is_(None),
                Initiative.due_date < clock.to_local(now).date(),
                or_(
                    Initiative.resident_lead_id == user.id,
                    Initiative.professional_lead_id == user.id,
                ),
            )
            .order_by(Initiative.due_date, Initiative.id)
        )
    )
