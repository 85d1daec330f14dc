""" "Voor jou": on the coalition home and the start page, what waits for the person, each thing
done in one tap (without JavaScript too), gone once done; nothing for someone who only views;
the same number of queries however much waits."""

import re
from datetime import timedelta

from sqlalchemy import select

from board import clock
from board.activities.actions import plan_activity
from board.activities.inputs import ActivityInput
from board.extensions import db
from board.models import Activity, Coalition, Initiative, IntervisionSession, User
from tests.conftest import BoardClient, count_queries

PASSWORD = "samenwerken"


def person(app, email: str) -> BoardClient:
    client = BoardClient(app)
    client.login(email, PASSWORD)
    return client


def for_you(html: str) -> str:
    """The "Voor jou" part of a page."""
    found = re.search(r'<section class="panel for-you".*?</section>', html, re.S)
    assert found, "no Voor jou on the page"
    return found.group(0)


def test_the_home_says_what_waits_and_an_answer_takes_one_tap(app, demo):
    gerda = person(app, "bewoner@voorst.example")
    part = for_you(gerda.get("/c/voorst/").get_data(as_text=True))
    assert "Je bent uitgenodigd voor intervisie: Incidentmethode" in part
    assert "Je hebt nog niet gestemd in" in part
    assert "Kom je naar Huiskamer in Duistervoorde?" in part
    assert "Dit neemt nog niemand mee:" in part
    with app.app_context():
        session_id = db.session.scalar(
            select(IntervisionSession.id).where(IntervisionSession.state == "planned")
        )
        activity_id = db.session.scalar(
            select(Activity.id).where(Activity.title == "Huiskamer in Duistervoorde")
        )
    assert f'href="/c/voorst/intervision/{session_id}"' in part
    key = re.search(
        rf'/c/voorst/activities/{activity_id}/rsvp".*?name="on" value="([^"]*)"', part, re.S
    )
    answered = gerda.post(
        f"/c/voorst/activities/{activity_id}/rsvp",
        {"on": key.group(1), "answer": "yes", "next": "/c/voorst/"},
    )
    assert answered.status_code == 303 and answered.location.endswith("/c/voorst/")
    after = gerda.get("/c/voorst/").get_data(as_text=True)
    assert "Je antwoord is opgeslagen." in after
    assert "Kom je naar Huiskamer in Duistervoorde?" not in for_you(after)
    # A next outside the coalition is not followed: the activity's own page instead.
    elsewhere = gerda.post(
        f"/c/voorst/activities/{activity_id}/rsvp",
        {"on": key.group(1), "answer": "yes", "next": "/c/utrecht/"},
    )
    assert f"/c/voorst/activities/{activity_id}" in elsewhere.location


def test_the_start_page_gathers_every_coalition_and_a_viewer_is_asked_nothing(app, demo):
    with app.app_context():
        voorst = db.session.scalar(select(Coalition).where(Coalition.slug == "voorst"))
        card = db.session.scalar(
            select(Initiative).where(
                Initiative.coalition_id == voorst.id, Initiative.archived_at.is_(None)
            )
        )
        lead = card.resident_lead_id or card.professional_lead_id
        card.due_date = clock.today() - timedelta(days=30)
        db.session.commit()
        title = card.title
        email = db.session.get(User, lead).email
    lead_client = person(app, email)
    start = lead_client.get("/")
    if start.status_code == 302:  # a member of one coalition goes straight to it
        start = lead_client.get(start.location)
    part = for_you(start.get_data(as_text=True))
    assert f"„{title}” stond gepland voor" in part
    viewer = person(app, "programma@buurtbord.example")
    assert "for-you" not in viewer.get("/").get_data(as_text=True)
    assert "for-you" not in viewer.get("/c/voorst/").get_data(as_text=True)


def test_the_home_costs_the_same_however_much_waits(app, demo):
    gerda = person(app, "bewoner@voorst.example")
    with count_queries(app) as before:
        page = gerda.get("/c/voorst/").get_data(as_text=True)
    waiting = for_you(page).count("for-you__item")
    with app.app_context():
        voorst = db.session.scalar(select(Coalition).where(Coalition.slug == "voorst"))
        wouter = db.session.scalar(select(User).where(User.email == "facilitator@voorst.example"))
        for number in range(6):
            day = (clock.today() + timedelta(days=2 + number)).isoformat()
            plan = ActivityInput(
                title=f"Extra overleg {number}",
                kind="meeting",
                day=day,
                start_time="10:00",
                end_time="11:00",
                organiser_ids=[str(wouter.id)],
                items="Koffie\nThee",
            )
            plan_activity(voorst, wouter, plan)
    with count_queries(app) as after:
        page = gerda.get("/c/voorst/").get_data(as_text=True)
    assert for_you(page).count("for-you__item") == waiting + 6
    assert after[0] == before[0]
