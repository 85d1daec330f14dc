"""Mail that time brings rather than a person: the digest of "Voor jou", the reminder the day
before an activity, a voting round that opened or closed, a card that is late.

The mail worker runs this every minute. Each job is one unit of work that also marks what it
told (a due time moved on, a flag set, a mail in the outbox), and on PostgreSQL holds a lock
only one worker gets, so two workers never tell anything twice.
"""

from datetime import datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select, text

from board import clock
from board.events import unit_of_work
from board.extensions import db
from board.foryou import for_you
from board.mail import reminders
from board.mail.kinds import digest_choice, next_digest, wants
from board.mail.notices import send, tell, with_links
from board.mail.writing import Written
from board.models import (
    Coalition,
    Initiative,
    Membership,
    OutboxMail,
    User,
    VotingRound,
)

DIGESTS_PER_RUN = 200
FRESH = timedelta(days=1)  # a round that opened or closed longer ago is not told any more
LATE_DAYS = 7  # a card is told late for this many days after its date, not longer
_LOCKS = {"digests": 7301, "reminders": 7302, "rounds": 7303, "late": 7304}


def run_due(now: datetime | None = None) -> dict[str, int]:
    """Queue every mail that is due now; how many of each went into the outbox."""
    now = now or clock.now()
    with with_links():
        return {
            "digests": _job("digests", queue_digests, now),
            "reminders": _job("reminders", reminders.queue_reminders, now),
            "rounds": _job("rounds", tell_rounds, now),
            "late": _job("late", tell_late_cards, now),
        }


def _job(name: str, work, now) -> int:
    """One job in its own unit of work, skipped when another worker is doing it."""
    with unit_of_work():
        if db.session.get_bind().dialect.name == "postgresql":
            mine = db.session.scalar(
                text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _LOCKS[name]}
            )
            if not mine:
                return 0
        return work(now)


# ---- the digest ---------------------------------------------------------------------------------


def queue_digests(now: datetime) -> int:
    """A digest to everyone whose digest is due and who has something waiting; the next one
    is then due a day or a week later."""
    people = db.session.scalars(
        select(User)
        .where(User.digest_due_at.is_not(None), User.digest_due_at <= now)
        .order_by(User.digest_due_at, User.id)
        .limit(DIGESTS_PER_RUN)
    ).all()
    queued = 0
    for person in people:
        person.digest_due_at = next_digest(digest_choice(person), now)
        if person.email and wants(person, "digest") and queue_digest(person, now) is not None:
            queued += 1
    return queued


def digest_of(person: User, now: datetime):
    """What waits for the person in all their coalitions, and those coalitions by id."""
    coalitions = db.session.scalars(
        select(Coalition)
        .join(Membership, Membership.coalition_id == Coalition.id)
        .where(Membership.user_id == person.id)
        .order_by(Coalition.name)
    ).all()
    return for_you(list(coalitions), person, now), {c.id: c for c in coalitions}


def queue_digest(person: User, now: datetime) -> OutboxMail | None:
    """The digest for one person, or None when nothing waits (nothing is sent then)."""
    waiting, coalitions = digest_of(person, now)
    if not waiting.count:
        return None
    with with_links():
        return send(
            person,
            "digest",
            "digest",
            lazy_ngettext(
                "For you on Buurtbord: %(num)s thing",
                "For you on Buurtbord: %(num)s things",
                waiting.count,
            ),
            thing=f"digest:{clock.to_local(now).date().isoformat()}",
            waiting=waiting,
            coalitions=coalitions,
            link=url_for("core.index", _external=True),
        )


# ---- voting rounds ------------------------------------------------------------------------------


def tell_rounds(now: datetime) -> int:
    """Tell the members of a round that opened (until when they can vote) and of one that
    closed (a link to the results, never the results themselves). A round is told once each
    way, and not when that happened more than a day ago."""
    rounds = db.session.scalars(
        select(VotingRound)
        .where(
            VotingRound.opens_at <= now,
            (
                (~VotingRound.opening_told)
                & (VotingRound.opens_at > now - FRESH)
                & (VotingRound.closes_at > now)
            )
            | (
                (~VotingRound.closing_told)
                & (VotingRound.closes_at <= now)
                & (VotingRound.closes_at > now - FRESH)
            ),
        )
        .order_by(VotingRound.id)
    ).all()
    if not rounds:
        return 0
    coalitions = {
        c.id: c
        for c in db.session.scalars(
            select(Coalition).where(Coalition.id.in_({r.coalition_id for r in rounds}))
        )
    }
    members = _members_of(coalitions)
    told = 0
    for voting in rounds:
        coalition = coalitions[voting.coalition_id]
        link = url_for(
            "ideas.voting_round", slug=coalition.slug, round_id=voting.id, _external=True
        )
        if voting.closes_at <= now:
            voting.opening_told = voting.closing_told = True
            line, button = (
                _l("The round has closed. The results are on its page."),
                _l("See the results"),
            )
        else:
            voting.opening_told = True
            line = _l(
                "The round is open until %(when)s. Give your dots.", when=Written(voting.closes_at)
            )
            button = _l("Vote now")
        told += len(
            tell(
                members.get(coalition.id, []),
                "rounds",
                f"round:{voting.id}",
                heading=_l("Voting round “%(title)s”", title=voting.title),
                line=line,
                link=link,
                button=button,
            )
        )
    return told


def _members_of(coalitions: dict) -> dict[int, list[User]]:
    """The members of each coalition, by coalition id."""
    found: dict[int, list[User]] = {}
    for coalition_id, person in db.session.execute(
        select(Membership.coalition_id, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.coalition_id.in_(coalitions))
        .order_by(User.id)
    ):
        found.setdefault(coalition_id, []).append(person)
    return found


# ---- late cards ---------------------------------------------------------------------------------


def tell_late_cards(now: datetime) -> int:
    """Tell the leads of a card whose date has passed, once per date (a new date: again)."""
    today = clock.to_local(now).date()
    cards = db.session.scalars(
        select(Initiative)
        .where(
            Initiative.archived_at.is_(None),
            Initiative.due_date < today,
            Initiative.due_date >= today - timedelta(days=LATE_DAYS),
            (Initiative.overdue_told_for.is_(None))
            | (Initiative.overdue_told_for != Initiative.due_date),
        )
        .order_by(Initiative.id)
    ).all()
    if not cards:
        return 0
    slugs = dict(
        db.session.execute(
            select(Coalition.id, Coalition.slug).where(
                Coalition.id.in_({c.coalition_id for c in cards})
            )
        ).all()
    )
    leads = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(
                User.id.in_(
                    {i for c in cards for i in (c.resident_lead_id, c.professional_lead_id) if i}
                )
            )
        )
    }
    told = 0
    for card in cards:
        card.overdue_told_for = card.due_date
        link = url_for(
            "kanban.initiative",
            slug=slugs[card.coalition_id],
            initiative_id=card.id,
            _external=True,
        )
        told += len(
            tell(
                [
                    leads[i]
                    for i in sorted({card.resident_lead_id, card.professional_lead_id} - {None})
                ],
                "cards",
                f"card:{card.id}",
                heading=_l("The card “%(title)s”", title=card.title),
                line=_l("It is late: it was to be done on %(date)s.", date=Written(card.due_date)),
                link=link,
                button=_l("Open the card"),
            )
        )
    return told
