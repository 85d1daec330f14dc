"""The demo's intervision: a past session in every coalition, played through every phase on its
day, with attendance from both sides, ratings and learning points at each level and nothing
typed left behind but the inbrenger's keepsake; a planned session in Voorst made from its
intervision activity; and nothing new on a second run."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from board import clock
from board.activities.actions import cancel_activity
from board.demo.activities import activity_day
from board.demo.loader import coalitions, seed_demo
from board.extensions import db
from board.intervision import queries
from board.intervision.methods import METHODS
from board.models import (
    Activity,
    ActivityOrganiser,
    Coalition,
    Event,
    IntervisionKeepsake,
    IntervisionNote,
    IntervisionParticipant,
    IntervisionSession,
    LearningPoint,
    User,
)

DATA = {data["slug"]: data for data in coalitions()}
SLUGS = sorted(DATA)
PAST = {
    slug: next(spec for spec in data["intervision"] if "activity" not in spec)
    for slug, data in DATA.items()
}
TABLES = (
    IntervisionSession,
    IntervisionParticipant,
    IntervisionNote,
    IntervisionKeepsake,
    LearningPoint,
    Activity,
    ActivityOrganiser,
    Event,
)


@pytest.fixture
def seeded(app_ctx, demo_readonly):
    """The demo, seeded once for this module's readers."""
    return demo_readonly


def _coalition(slug: str) -> Coalition:
    return db.session.scalar(select(Coalition).where(Coalition.slug == slug))


def _person(slug: str, mailbox: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{mailbox}@{slug}.example"))


def _sessions(slug: str, state: str) -> list[IntervisionSession]:
    return list(
        db.session.scalars(
            select(IntervisionSession).where(
                IntervisionSession.coalition_id == _coalition(slug).id,
                IntervisionSession.state == state,
            )
        )
    )


def _came(session: IntervisionSession) -> dict[str, IntervisionParticipant]:
    """Who came in, by mailbox."""
    return {p.user.email.split("@")[0]: p for p in queries.participants(session) if p.agreed_at}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_seed_reports_its_sessions(seeded):
    assert seeded["sessions"] == sum(len(data["intervision"]) for data in DATA.values())
    assert _count(IntervisionSession) == seeded["sessions"]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_coalition_held_one_session_on_its_day_phase_by_phase(seeded, slug):
    spec = PAST[slug]
    [session] = _sessions(slug, "closed")
    assert session.method == spec["method"]
    assert session.facilitator_id == _person(slug, spec["facilitator"]).id
    assert session.inbrenger_id == _person(slug, spec["inbrenger"]).id
    activity = db.session.get(Activity, session.activity_id)
    assert activity.kind == "intervision" and activity.place == spec["place"]
    day = activity_day(clock.today(), spec)
    assert day < clock.today()
    assert session.started_at == activity.starts_at
    assert clock.to_local(session.started_at).date() == day
    assert clock.to_local(session.started_at).strftime("%H:%M") == spec["start"]
    planned = queries.planned_phases(session)
    assert sorted(int(index) for index in session.actual_seconds) == [i for i, _, _ in planned]
    for index, _phase, minutes in planned:
        assert session.actual_seconds[str(index)] == minutes * 60
    minutes = sum(m for _, _, m in planned)
    assert session.closed_at - session.started_at == timedelta(minutes=minutes)
    assert session.closed_at <= activity.ends_at
    assert [p["skipped"] for p in session.plan] == [
        index in spec.get("skip", []) for index in range(len(session.plan))
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_its_history_happened_in_the_order_of_the_day(seeded, slug):
    [session] = _sessions(slug, "closed")
    verbs = {
        verb: at
        for verb, at in db.session.execute(
            select(Event.verb, Event.created_at).where(
                Event.subject_type == "intervisionsession", Event.subject_id == session.id
            )
        )
    }
    assert verbs["session.planned"] == session.created_at
    assert verbs["session.planned"] + timedelta(days=14) == session.started_at
    assert verbs["session.opened"] == session.started_at
    assert verbs["session.closed"] == session.closed_at
    came = _came(session)
    assert all(p.agreed_at < session.started_at for p in came.values())
    assert all(p.closed_at > session.closed_at for p in came.values() if p.closed_at)
    points = db.session.scalars(select(LearningPoint).where(LearningPoint.session_id == session.id))
    assert all(point.created_at > session.closed_at for point in points)


@pytest.mark.parametrize("slug", SLUGS)
def test_attendance_from_both_sides_and_everyones_ratings(seeded, slug):
    spec = PAST[slug]
    [session] = _sessions(slug, "closed")
    invited = {p.user.email.split("@")[0] for p in queries.participants(session)}
    assert invited == {spec["facilitator"], *spec["participants"]}
    came = _came(session)
    assert set(came) == invited - set(spec.get("absent", []))
    sides = [p.side for name, p in came.items() if name != spec["facilitator"]]
    assert sides.count("resident") >= 2 and sides.count("professional") >= 2
    rated = {name: [p.safe_rating, p.useful_rating] for name, p in came.items() if p.closed_at}
    assert rated == spec["ratings"]
    facilitator = _person(slug, spec["facilitator"])
    [held] = queries.overview(_coalition(slug), facilitator).held
    assert held.session.id == session.id
    assert held.came["resident"] == sides.count("resident")
    assert held.came["professional"] == sides.count("professional") + 1  # the facilitator
    ratings = list(spec["ratings"].values())
    assert held.safe == pytest.approx(sum(r[0] for r in ratings) / len(ratings))
    assert held.useful == pytest.approx(sum(r[1] for r in ratings) / len(ratings))
    assert held.minutes == sum(m for _, _, m in queries.planned_phases(session))


@pytest.mark.parametrize("slug", SLUGS)
def test_learning_points_at_each_level_for_whom_they_are_meant(seeded, slug):
    spec = PAST[slug]
    [session] = _sessions(slug, "closed")
    stored = {
        (point.author_id, point.body, point.visibility)
        for point in db.session.scalars(
            select(LearningPoint).where(LearningPoint.session_id == session.id)
        )
    }
    wanted = {
        (_person(slug, p["author"]).id, p["text"], p["level"]) for p in spec["learning_points"]
    }
    assert stored == wanted
    coalition = _coalition(slug)
    bewoner = _person(slug, "bewoner")
    seen = {point.body for point in queries.learning_points_for(coalition, bewoner)}
    assert seen == {
        p["text"] for p in spec["learning_points"] if p["level"] != "me" or p["author"] == "bewoner"
    }
    facilitator = _person(slug, spec["facilitator"])
    shared = {point.body for point in queries.overview(coalition, facilitator).shared}
    assert shared == {p["text"] for p in spec["learning_points"] if p["level"] != "me"}


def test_nothing_typed_is_left_but_the_inbrengers_keepsake(seeded):
    assert _count(IntervisionNote) == 0
    keepsakes = {k.session_id: k for k in db.session.scalars(select(IntervisionKeepsake))}
    gone = []
    for slug, spec in PAST.items():
        [session] = _sessions(slug, "closed")
        useful = [a["text"] for a in spec.get("advice", []) if a.get("useful")]
        gone += [a["text"] for a in spec.get("advice", []) if not a.get("useful")]
        if not useful:
            assert session.id not in keepsakes, slug
            continue
        keepsake = keepsakes[session.id]
        assert keepsake.owner_id == session.inbrenger_id
        assert (keepsake.advice, keepsake.next_step) == (useful, spec["next_step"])
        assert keepsake.expires_at == session.closed_at + timedelta(days=90)
        assert keepsake.expires_at > clock.now()
        owner = db.session.get(User, keepsake.owner_id)
        assert [k.id for k in queries.keepsakes_of(owner)] == [keepsake.id]
    assert gone
    everything = "\n".join(
        str(value)
        for table in db.metadata.sorted_tables
        for row in db.session.execute(table.select())
        for value in row
    )
    for text in gone:
        assert text not in everything


def test_voorst_plans_its_next_session_from_the_intervision_activity(seeded):
    spec = next(s for s in DATA["voorst"]["intervision"] if "activity" in s)
    [session] = _sessions("voorst", "planned")
    [activity] = db.session.scalars(select(Activity).where(Activity.title == spec["activity"]))
    assert session.activity_id == activity.id and activity.kind == "intervision"
    assert activity.starts_at > clock.now()
    assert (session.method, session.inbrenger_id, session.phase) == ("incident", None, 0)
    assert session.facilitator_id == _person("voorst", "facilitator").id
    people = queries.participants(session)
    invited = {p.user.email.split("@")[0] for p in people}
    assert invited == {"facilitator", *spec["participants"]}
    assert all(p.agreed_at is None for p in people)
    assert 4 <= len(spec["participants"]) <= 6
    assert {"bewoner", "professional"} <= set(invited)
    assert _sessions("voorst", "live") == []
    for slug in SLUGS:
        if slug != "voorst":
            assert _sessions(slug, "planned") == []


def test_the_data_speaks_of_what_each_method_asks():
    """Advice only where the method asks for it, from people who came, not the inbrenger;
    ratings from those who came; every learning point's author closes; three levels each."""
    for slug, spec in PAST.items():
        method = METHODS[spec["method"]]
        came = set(spec["participants"]) - set(spec.get("absent", []))
        assert method.group[0] <= len(spec["participants"]) + 1 <= method.group[1], slug
        assert {"bewoner", "professional"} <= came and spec["inbrenger"] in came, slug
        asks_advice = any(phase.writes == "advice" for phase in method.phases)
        assert bool(spec.get("advice")) == asks_advice, slug
        assert {a["author"] for a in spec.get("advice", [])} <= came - {spec["inbrenger"]}, slug
        assert set(spec["ratings"]) <= came, slug
        authors = [point["author"] for point in spec["learning_points"]]
        assert len(authors) == len(set(authors)) and set(authors) <= set(spec["ratings"]), slug
        assert {point["level"] for point in spec["learning_points"]} == {
            "me",
            "group",
            "programme",
        }, slug
    assert sorted(spec["method"] for spec in PAST.values()) == sorted(
        ["incident", "balint", "topoi", "socratic", "problem"]
    )


def test_a_second_seed_adds_nothing(demo, app_ctx):
    before = {model: _count(model) for model in TABLES}
    assert before[IntervisionSession] == demo["sessions"]
    again = seed_demo()
    assert again["sessions"] == 0
    assert {model: _count(model) for model in TABLES} == before


def _as_before_intervision(coalition: Coalition) -> None:
    """Take the coalition back to a demo seeded before intervision: no sessions, and no
    activities of the past sessions."""
    sessions = select(IntervisionSession.id).where(IntervisionSession.coalition_id == coalition.id)
    own = select(IntervisionSession.activity_id).where(
        IntervisionSession.coalition_id == coalition.id, IntervisionSession.state == "closed"
    )
    activity_ids = list(db.session.scalars(own))
    for model in (LearningPoint, IntervisionKeepsake, IntervisionNote, IntervisionParticipant):
        db.session.execute(delete(model).where(model.session_id.in_(sessions)))
    db.session.execute(
        delete(IntervisionSession).where(IntervisionSession.coalition_id == coalition.id)
    )
    db.session.execute(
        delete(ActivityOrganiser).where(ActivityOrganiser.activity_id.in_(activity_ids))
    )
    db.session.execute(delete(Activity).where(Activity.id.in_(activity_ids)))
    db.session.commit()


def test_an_older_demo_gets_its_sessions_and_a_called_off_activity_stays_off(demo, app_ctx):
    voorst = _coalition("voorst")
    _as_before_intervision(voorst)
    spec = next(s for s in DATA["voorst"]["intervision"] if "activity" in s)
    activity = db.session.scalar(select(Activity).where(Activity.title == spec["activity"]))
    cancel_activity(voorst, _person("voorst", "facilitator"), activity)
    again = seed_demo()
    assert again["sessions"] == 1
    [session] = _sessions("voorst", "closed")
    assert session.method == PAST["voorst"]["method"]
    assert _sessions("voorst", "planned") == []
