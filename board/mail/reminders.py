"""The reminder the day before an activity: from 10:00 on the day before, to everyone who said
yes or maybe to an occurrence of tomorrow: when, where, and what they bring. Once per person
and occurrence (the outbox remembers)."""

from datetime import datetime, time, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from board import clock
from board.activities import queries as activities
from board.activities import recurrence
from board.extensions import db
from board.mail.kinds import wants
from board.mail.notices import send
from board.models import ActivityItem, Coalition, ItemClaim, OutboxMail, Rsvp, User

REMINDER_FROM = time(10, 0)  # Dutch time, on the day before


def queue_reminders(now: datetime) -> int:
    """From 10:00 on the day before, a reminder to everyone who said yes or maybe to an
    occurrence of tomorrow: when, where, what they bring. Once per person and occurrence."""
    local = clock.to_local(now)
    if local.time() < REMINDER_FROM:
        return 0
    tomorrow = local.date() + timedelta(days=1)
    found = [
        a for a in activities.activities_between(None, tomorrow, tomorrow) if not a.cancelled_at
    ]
    changes = activities.changes_of([a.id for a in found])
    dates = [
        occurrence
        for activity in found
        for occurrence in recurrence.occurrences(
            activity, changes.get(activity.id, {}), tomorrow, tomorrow
        )
        if not occurrence.cancelled
    ]
    if not dates:
        return 0
    by_key = {(o.activity.id, o.key): o for o in dates}
    answers = [
        rsvp
        for rsvp in db.session.scalars(
            select(Rsvp).where(
                Rsvp.activity_id.in_({o.activity.id for o in dates}),
                Rsvp.occurrence.in_({o.key for o in dates}),
                Rsvp.answer.in_(("yes", "maybe")),
            )
        )
        if (rsvp.activity_id, rsvp.occurrence) in by_key
    ]
    return _remind(answers, by_key)


def _thing(occurrence) -> str:
    return f"occurrence:{occurrence.activity.id}:{occurrence.key or 'once'}"


def _remind(answers: list, by_key: dict) -> int:
    """Queue the reminders of these answers that were not sent before."""
    if not answers:
        return 0
    things = {_thing(o) for o in by_key.values()}
    people = {
        u.id: u
        for u in db.session.scalars(select(User).where(User.id.in_({a.user_id for a in answers})))
    }
    told = set(
        db.session.execute(
            select(OutboxMail.user_id, OutboxMail.thing).where(
                OutboxMail.kind == "reminder",
                OutboxMail.user_id.in_(people),
                OutboxMail.thing.in_(things),
            )
        ).all()
    )
    brings: dict = {}
    for claim, item_text in db.session.execute(
        select(ItemClaim, ActivityItem.text)
        .join(ActivityItem, ActivityItem.id == ItemClaim.item_id)
        .where(
            ItemClaim.activity_id.in_({a.activity_id for a in answers}),
            ItemClaim.user_id.in_(people),
        )
    ):
        brings.setdefault((claim.user_id, claim.activity_id, claim.occurrence), []).append(
            item_text
        )
    slugs = dict(
        db.session.execute(
            select(Coalition.id, Coalition.slug).where(
                Coalition.id.in_({a.coalition_id for a in answers})
            )
        ).all()
    )
    queued = 0
    for answer in answers:
        occurrence = by_key[(answer.activity_id, answer.occurrence)]
        person = people[answer.user_id]
        if (
            (person.id, _thing(occurrence)) in told
            or not person.email
            or not wants(person, "reminder")
        ):
            continue
        activity = occurrence.activity
        link = url_for(
            "activities.activity",
            slug=slugs[activity.coalition_id],
            activity_id=activity.id,
            _external=True,
        )
        send(
            person,
            "reminder",
            "reminder",
            _l("Tomorrow: %(title)s", title=activity.title),
            thing=_thing(occurrence),
            activity=activity,
            occurrence=occurrence,
            answer=answer.answer,
            bring=brings.get((person.id, activity.id, answer.occurrence), []),
            link=link,
        )
        queued += 1
    return queued
