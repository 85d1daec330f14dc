"""Units of work and the event log.

Every change to a coalition's data runs inside `change(coalition)`: it takes the coalition's
change lock first, so changes of one coalition run one after the other and nothing is decided
on what someone else is about to change; it records what happened as events; it commits once
at the end and rolls back on any error, a stale version becoming a Conflict. The events are the
history on cards and the coalition home, the audit trail and the source of live updates.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from flask import g, has_app_context
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import delete, inspect, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError

from board.database import WRITE_INTENT, writing
from board.errors import Conflict, Invalid, NotFound
from board.extensions import db
from board.models import Coalition, Event, User
from board.parsing import MAX_ID, parse_count
from board.verbs import PRIVATE_VERBS, VERBS

_DEPTH = "unit_of_work_depth"


@contextmanager
def unit_of_work() -> Iterator[None]:
    """One transaction that writes: committed once at the end, rolled back on any error.

    Inside a unit of work already open, it joins that one (the outer one commits). On SQLite
    the transaction takes the write lock when it begins; a read-only transaction still open
    (a GET that must write, a command) is ended first, so the write never meets a changed
    database halfway. An update of a row someone else changed first (its version moved on)
    becomes a Conflict.
    """
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    if depth:
        session.info[_DEPTH] = depth + 1
        try:
            yield
        finally:
            session.info[_DEPTH] = depth
        return
    with _write_intent(session):
        session.info[_DEPTH] = 1
        try:
            yield
            session.commit()
        except StaleDataError:
            session.rollback()
            raise Conflict() from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.info[_DEPTH] = 0


@contextmanager
def _write_intent(session: Session) -> Iterator[None]:
    """Writing from here on; a transaction opened for reading is ended first."""
    if WRITE_INTENT.get():
        yield
        return
    if session.new or session.deleted or any(session.is_modified(obj) for obj in session.dirty):
        raise RuntimeError("A unit of work must begin before anything is changed.")
    if session.in_transaction():
        session.commit()
    with writing():
        yield


class Change:
    """The unit of work of one change to a coalition: records its events."""

    def __init__(self, coalition_id: int, seq: int, quiet: bool = False):
        self.coalition_id = coalition_id
        self.seq = seq
        self.quiet = quiet
        # (event, subject, actor) of every event recorded, for those who follow changes.
        self.recorded: list[tuple[Event, object, User | None]] = []

    def record(self, actor: User | None, verb: str, subject, **payload) -> Event:
        """Add an event saying actor did verb to subject (a model object with an id)."""
        if verb not in VERBS:
            raise ValueError(f"Unknown event verb {verb!r}: declare it in board/verbs.py")
        if self.quiet and not VERBS[verb].private:
            raise ValueError(f"A quiet change records only private events, not {verb!r}")
        if subject.id is None:
            db.session.flush()
        event = Event(
            coalition_id=self.coalition_id,
            seq=self.seq,
            actor_id=actor.id if actor else None,
            verb=verb,
            subject_type=type(subject).__name__.lower(),
            subject_id=subject.id,
            payload=payload,
        )
        db.session.add(event)
        self.recorded.append((event, subject, actor))
        return event


@contextmanager
def change(coalition: Coalition | int, *reread, quiet: bool = False) -> Iterator[Change]:
    """A change to a coalition's data: its lock first, then reread, then the work, one commit.

    Objects in reread (loaded before the lock, by the view) are read again once the lock is
    held, so the change decides on what is stored now, not on what someone changed meanwhile.
    A quiet change (a ballot, while results are hidden) takes the same lock but leaves the
    coalition's change number as it is, so nobody watching the board can tell it happened.
    """
    coalition_id = coalition if isinstance(coalition, int) else coalition.id
    with unit_of_work():
        seq = _lock_quietly(coalition_id) if quiet else _claim_seq(coalition_id)
        if reread:
            db.session.flush()  # nothing pending on them is lost when they are read again
        for obj in reread:
            columns = [attr.key for attr in inspect(obj).mapper.column_attrs]
            try:
                db.session.refresh(obj, attribute_names=columns)
            except InvalidRequestError:  # deleted meanwhile
                raise NotFound() from None
        done = Change(coalition_id, seq, quiet)
        yield done
        for follower in FOLLOWERS:
            follower(done)


# Called with every change once its work is done, inside its unit of work (so what they add,
# such as mail, is committed with it or not at all).
FOLLOWERS: list = []


def _lock_quietly(coalition_id: int) -> int:
    """Take the coalition's change lock without claiming a new change number; the number as
    it is (or the one this transaction already claimed)."""
    claimed = db.session.info.get(("change_seq", coalition_id))
    if claimed is not None:
        return claimed
    return db.session.execute(
        select(Coalition.event_seq).where(Coalition.id == coalition_id).with_for_update()
    ).scalar_one()


def _claim_seq(coalition_id: int) -> int:
    """Claim the coalition's next change number; this locks the coalition row until commit.

    Concurrent changes of one coalition then run one after the other, so card ranks never
    collide and change numbers are committed in the order clients see them.
    """
    key = ("change_seq", coalition_id)
    seq = db.session.info.get(key)
    if seq is None:
        seq = db.session.execute(
            update(Coalition)
            .where(Coalition.id == coalition_id)
            .values(event_seq=Coalition.event_seq + 1)
            .returning(Coalition.event_seq)
            .execution_options(synchronize_session=False)
        ).scalar_one()
        db.session.info[key] = seq
    return seq


@sa_event.listens_for(Session, "after_commit")
def _remember_own_changes(session):
    """The change numbers this request committed, by coalition (see own_changes)."""
    if not has_app_context():
        return
    for key, seq in session.info.items():
        if isinstance(key, tuple) and key[0] == "change_seq":
            g.setdefault("own_changes", {})[key[1]] = seq


def own_changes() -> dict[int, int]:
    """The latest change number this request committed in each coalition it changed."""
    return g.get("own_changes", {}) if has_app_context() else {}


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_change_seq(session, transaction):
    """A change number belongs to one transaction."""
    if transaction.parent is None:
        for key in [k for k in session.info if isinstance(k, tuple) and k[0] == "change_seq"]:
            del session.info[key]


def check_version(obj, expected_version) -> None:
    """Conflict when obj's version is no longer the one the form showed; Invalid when the form
    did not say which version it showed."""
    expected = parse_count(expected_version, MAX_ID)
    if expected is None:
        raise Invalid({"version": _("The form is incomplete; reload the page.")})
    if expected != obj.version:
        raise Conflict(obj)


# ---- reading and telling ----------------------------------------------------------------------


def recent(coalition_id: int, limit: int = 20, subject=None) -> list[Event]:
    """The newest events of a coalition (or of one subject), actors loaded, private ones out."""
    query = (
        select(Event)
        .options(joinedload(Event.actor))
        .where(Event.coalition_id == coalition_id, Event.verb.not_in(PRIVATE_VERBS))
        .order_by(Event.seq.desc(), Event.id.desc())
        .limit(limit)
    )
    if subject is not None:
        query = query.where(
            Event.subject_type == type(subject).__name__.lower(), Event.subject_id == subject.id
        )
    return list(db.session.scalars(query))


def _words(event: Event) -> dict:
    """What an event's sentence may name: its payload, the actor, and an occurrence's day."""
    words = dict(event.payload or {})
    words["actor"] = event.actor.display_name if event.actor else _("Someone")
    if words.get("occurrence"):
        try:
            words["day"] = format_date(date.fromisoformat(words["occurrence"]), "d MMMM")
        except ValueError:
            words["day"] = words["occurrence"]
    return words


def _tell(event: Event, sentence) -> str:
    words = _words(event)
    try:
        return str(sentence) % words
    except (KeyError, TypeError):
        return _("%(actor)s made a change", actor=words["actor"])


def describe(event: Event) -> str:
    """One sentence, in the current language, saying what happened (for the coalition home)."""
    return _tell(event, VERBS[event.verb].home)


def describe_own(event: Event) -> str:
    """Like describe(), for the history of the thing itself: its name is not repeated."""
    return _tell(event, VERBS[event.verb].own)


# ---- keeping the log in check ---------------------------------------------------------------

PRUNE_BATCH = 5000


def prune(before: datetime) -> int:
    """Delete the events made before a moment, a batch at a time (each its own transaction, so
    the app keeps working meanwhile); how many went. Histories then start at that moment; the
    programme's figures reach back a year, so keep at least thirteen months."""
    gone = 0
    while True:
        with unit_of_work():
            ids = db.session.scalars(
                select(Event.id).where(Event.created_at < before).limit(PRUNE_BATCH)
            ).all()
            if ids:
                db.session.execute(delete(Event).where(Event.id.in_(ids)))
        gone += len(ids)
        if len(ids) < PRUNE_BATCH:
            return gone
