"""Intervision over HTTP: who may open and steer a session, what each person sees of it, the
poll, bad input and stale pages, and that nothing typed survives closing."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from board import clock
from board.auth.actions import create_user
from board.database import writing
from board.extensions import db
from board.intervision.methods import METHODS
from board.models import (
    Activity,
    Coalition,
    IntervisionNote,
    IntervisionParticipant,
    IntervisionSession,
    User,
)
from tests.conftest import PASSWORD, BoardClient, count_queries, together
from tests.scan import rows_holding

INCIDENT = METHODS["incident"]
START = datetime(2026, 12, 1, 18, 30, tzinfo=UTC)
SECRET = "Mevrouw op nummer 12 wil niets meer met ons te maken hebben"


@dataclass
class Circle:
    """Voorst's intervision group and who else is around."""

    slug: str
    facilitator: User
    people: list[User]  # invited: the first is the inbrenger
    outsider: User  # a member of Voorst who is not invited
    coordinator: User
    admin: User
    viewer: User
    stranger: User  # a member of another coalition only


@pytest.fixture
def circle(world, app):
    coalition = world.coalition("voorst", "Voorst", sites=("Leernetwerk",))
    facilitator = world.person(coalition, "facilitator", "professional", name="Wouter Mulder")
    people = [
        world.person(coalition, "member", side, name=name)
        for name, side in (
            ("Dinie Bos", "resident"),
            ("Hennie Wolters", "resident"),
            ("Ilse Kamp", "professional"),
            ("Jan Hoekstra", "resident"),
        )
    ]
    outsider = world.person(coalition, "member", "resident", name="Karin Smit")
    other = world.coalition("utrecht", "Utrecht")
    stranger = world.person(other, "facilitator", "professional", name="Sanne")
    with app.app_context():
        admin = create_user("admin@test.nl", "Beheer", PASSWORD, is_admin=True)
        viewer = create_user("kijker@test.nl", "Kijker", PASSWORD, is_programme_viewer=True)
        db.session.commit()
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@voorst.test"))
        for user in (admin, viewer, coordinator):
            db.session.refresh(user)
            db.session.expunge(user)
    return Circle("voorst", facilitator, people, outsider, coordinator, admin, viewer, stranger)


def as_user(app, user) -> BoardClient:
    client = BoardClient(app)
    client.login(user)
    return client


@pytest.fixture
def frozen(monkeypatch):
    """The server's clock, moved by hand."""
    moment = {"at": START}
    monkeypatch.setattr(clock, "now", lambda: moment["at"])
    return moment


def plan_form(circle, **fields) -> dict:
    return {
        "method": "incident",
        "day": "2026-12-01",
        "start_time": "19:30",
        "end_time": "21:00",
        "participant_ids": [str(p.id) for p in circle.people],
        "inbrenger_id": str(circle.people[0].id),
        "minutes": [str(phase.minutes) for phase in INCIDENT.phases],
        **fields,
    }


def stored(app, session_id) -> IntervisionSession:
    with app.app_context():
        session = db.session.get(IntervisionSession, session_id)
        db.session.expunge(session)
        return session


@pytest.fixture
def planned(app, circle, frozen):
    """A planned session: (session id, {name: logged-in client}, its URL)."""
    lead = as_user(app, circle.facilitator)
    response = lead.post("/c/voorst/intervision", plan_form(circle))
    assert response.status_code == 303
    session_id = int(re.search(r"/intervision/(\d+)$", response.headers["Location"]).group(1))
    clients = {"lead": lead}
    for number, person in enumerate(circle.people):
        clients[f"p{number}"] = as_user(app, person)
    return session_id, clients, f"/c/voorst/intervision/{session_id}"


@pytest.fixture
def live(app, planned):
    """The planned session with everyone in, begun by the facilitator."""
    session_id, clients, url = planned
    for client in clients.values():
        assert client.post(f"{url}/agree").status_code == 303
    version = stored(app, session_id).version
    assert clients["lead"].post(f"{url}/open", {"version": version}).status_code == 303
    return planned


def steer(app, clients, url, session_id, move, value="", htmx=False):
    version = stored(app, session_id).version
    data = {"move": move, "version": version, "value": value}
    return clients["lead"].post(f"{url}/steer", data, htmx=htmx)


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


# ---- planning ------------------------------------------------------------------------------------


def test_a_facilitator_chooses_a_method_plans_and_finds_it_in_the_agenda(app, circle, frozen):
    lead = as_user(app, circle.facilitator)
    methods = page(lead, "/c/voorst/intervision/new")
    for name in (
        "Incidentmethode",
        "Roddelmethode",
        "Balintmethode",
        "TOPOI",
        "Socratisch gesprek",
        "Probleemoplossende methode",
    ):
        assert name in methods
    assert "Goed voor een concrete situatie" in methods  # what the incident method is good for
    form = page(lead, "/c/voorst/intervision/new?method=incident")
    assert form.count('name="minutes"') == len(INCIDENT.phases)
    assert "Stille vragen" in form and "Dinie Bos" in form
    response = lead.post("/c/voorst/intervision", plan_form(circle, skip=["0"]))
    assert response.status_code == 303
    agenda = page(lead, "/c/voorst/activities")
    assert "Intervisie: Incidentmethode" in agenda
    listing = page(as_user(app, circle.people[1]), "/c/voorst/intervision")
    assert "Je bent uitgenodigd" in listing


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"participant_ids": []}, "Nodig 3 tot 8 leden uit"),
        ({"minutes": ["5", "0", "3", "15", "10", "10", "10"]}, "Geef elke fase 1 tot 120 minuten."),
        ({"skip": [str(i) for i in range(7)]}, "Houd minstens één fase over."),
        ({"day": ""}, "datum"),
    ],
)
def test_a_bad_plan_is_shown_again_with_its_message_and_plans_nothing(
    app, circle, frozen, fields, message
):
    lead = as_user(app, circle.facilitator)
    response = lead.post("/c/voorst/intervision", plan_form(circle, **fields))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message.lower() in body.lower()
    assert 'name="method" value="incident"' in body  # still step two, what was typed kept
    with app.app_context():
        assert db.session.scalar(select(func.count(Activity.id))) == 0


def test_an_intervision_activity_of_the_agenda_can_become_the_session(app, circle, frozen):
    lead = as_user(app, circle.facilitator)
    response = lead.post(
        "/c/voorst/activities",
        {
            "title": "Leernetwerk december",
            "kind": "intervision",
            "day": "2026-12-08",
            "start_time": "19:30",
            "end_time": "21:30",
            "recurrence": "none",
            "organiser_ids": [str(circle.facilitator.id)],
        },
    )
    assert response.status_code == 303
    activity_url = response.headers["Location"]
    activity_id = int(re.search(r"/activities/(\d+)", activity_url).group(1))
    assert "Maak hier een intervisiebijeenkomst van" in page(lead, activity_url)
    form = page(lead, f"/c/voorst/intervision/new?method=balint&activity={activity_id}")
    assert "Leernetwerk december" in form and 'name="day"' not in form
    response = lead.post(
        "/c/voorst/intervision",
        plan_form(
            circle,
            method="balint",
            activity_id=str(activity_id),
            minutes=[str(p.minutes) for p in METHODS["balint"].phases],
        ),
    )
    assert response.status_code == 303
    assert "Open de intervisiebijeenkomst" in page(lead, activity_url)
    assert "Open de intervisiebijeenkomst" not in page(as_user(app, circle.outsider), activity_url)


# ---- who may see and do what -------------------------------------------------------------------


def test_only_those_invited_open_the_session(app, circle, planned):
    session_id, clients, url = planned
    assert clients["p1"].get(url).status_code == 200
    for person in (circle.outsider, circle.coordinator, circle.admin, circle.viewer):
        response = as_user(app, person).get(url)
        assert response.status_code == 403, person.display_name
        assert "Alleen wie is uitgenodigd" in response.get_data(as_text=True)
    assert as_user(app, circle.stranger).get(url).status_code == 404
    # A session of Voorst under another coalition's address does not exist.
    assert (
        as_user(app, circle.stranger).get(f"/c/utrecht/intervision/{session_id}").status_code == 404
    )


def test_planning_and_the_overview_are_for_facilitators(app, circle, frozen):
    for person, status in (
        (circle.facilitator, 200),
        (circle.coordinator, 200),
        (circle.admin, 200),
        (circle.people[0], 403),
        (circle.viewer, 403),
    ):
        client = as_user(app, person)
        assert client.get("/c/voorst/intervision/new").status_code == status
        assert client.get("/c/voorst/intervision/overview").status_code == status
    response = as_user(app, circle.people[0]).post("/c/voorst/intervision", plan_form(circle))
    assert response.status_code == 403


def test_the_lobby_asks_each_participant_to_agree_to_the_rules(app, circle, planned):
    session_id, clients, url = planned
    lobby = page(clients["p1"], url)
    assert "Wat hier gezegd wordt, blijft hier." in lobby
    assert "Geen namen van bewoners die je helpt" in lobby
    assert "Ik houd me hieraan" in lobby
    clients["p1"].post(f"{url}/agree")
    waiting = page(clients["p1"], url)
    assert "Je bent binnen" in waiting and "Wouter Mulder" in waiting
    lead_view = page(clients["lead"], url)
    assert "Ik houd me hieraan" in lead_view  # the facilitator agrees too
    clients["lead"].post(f"{url}/agree")
    lead_view = page(clients["lead"], url)
    assert "Wie is er?" in lead_view and "Begin de bijeenkomst" in lead_view
    assert re.search(r"Hennie Wolters\s*(<[^>]+>\s*)*</li>", lead_view)  # in: no "not yet"
    assert re.search(r"Ilse Kamp\s*<span class=\"subtle\">nog niet binnen", lead_view)


def test_only_the_facilitator_steers(app, circle, live):
    session_id, clients, url = live
    version = stored(app, session_id).version
    response = clients["p1"].post(f"{url}/steer", {"move": "next", "version": version})
    assert response.status_code == 403
    assert stored(app, session_id).phase == 0
    response = as_user(app, circle.coordinator).post(
        f"{url}/steer", {"move": "next", "version": version}
    )
    assert response.status_code == 403
    assert stored(app, session_id).phase == 0


# ---- live ----------------------------------------------------------------------------------


def test_every_screen_shows_the_phase_what_to_do_and_the_time_from_the_server(app, live, frozen):
    session_id, clients, url = live
    frozen["at"] = START + timedelta(minutes=3, seconds=20)
    screen = page(clients["p2"], url)
    assert "Fase 1 van 7" in screen and "Terugblik" in screen
    assert "Kijk kort terug" in screen
    assert "1:40 over" not in screen and "1:40 te gaan" in screen
    assert 'data-remaining="100"' in screen
    frozen["at"] = START + timedelta(minutes=6)
    assert "1:00 over de tijd" in page(clients["p2"], url)  # the clock never moves on by itself
    assert stored(app, session_id).phase == 0
    steer(app, clients, url, session_id, "pause")
    frozen["at"] = START + timedelta(minutes=20)
    steer(app, clients, url, session_id, "resume")
    steer(app, clients, url, session_id, "more", "5")
    assert "4:00 te gaan" in page(clients["p2"], url)  # paused time left out, five minutes more


def test_the_facilitator_moves_through_the_phases_and_sees_who_is_ready(app, live):
    session_id, clients, url = live
    assert steer(app, clients, url, session_id, "next").status_code == 303
    assert "Fase 2 van 7" in page(clients["p3"], url)
    clients["p1"].post(f"{url}/ready")
    clients["p2"].post(f"{url}/ready")
    lead_view = page(clients["lead"], url)
    assert "Klaar: 2 van 4" in lead_view
    assert "Jij bent klaar" in page(clients["p1"], url)
    steer(app, clients, url, session_id, "back")
    assert "Fase 1 van 7" in page(clients["p3"], url)
    response = steer(app, clients, url, session_id, "back")
    assert response.status_code == 422
    assert "Dit is de eerste fase." in response.get_data(as_text=True)


def test_written_input_stays_private_until_revealed(app, live):
    session_id, clients, url = live
    steer(app, clients, url, session_id, "next")  # choose a situation
    steer(app, clients, url, session_id, "next")  # silent questions
    notes = f"{url}/notes"
    response = clients["p1"].post(notes, {"phase": "2", "kind": "question", "body": "Wat wil zij?"})
    assert response.status_code == 303
    clients["p2"].post(notes, {"phase": "2", "kind": "question", "body": "Wie kent haar?"})
    assert "Wat wil zij?" in page(clients["p1"], url)
    assert "Wat wil zij?" not in page(clients["p2"], url)
    assert "Wat wil zij?" not in page(clients["p0"], url)  # the inbrenger neither
    assert "2 notities geschreven" in page(clients["lead"], url)
    assert "Wat wil zij?" not in page(clients["lead"], url)
    steer(app, clients, url, session_id, "reveal")
    for name in ("p0", "p2", "p3", "lead"):
        screen = page(clients[name], url)
        assert "Wat wil zij?" in screen and "Wie kent haar?" in screen


def test_a_slow_facilitator_blocks_nobody_and_a_late_note_lands_in_its_phase(app, live):
    session_id, clients, url = live
    steer(app, clients, url, session_id, "next")
    steer(app, clients, url, session_id, "next")  # silent questions (phase 2)
    steer(app, clients, url, session_id, "next")  # the facilitator already went on
    response = clients["p1"].post(
        f"{url}/notes", {"phase": "2", "kind": "question", "body": "Nog een vraag"}
    )
    assert response.status_code == 303
    with app.app_context():
        note = db.session.scalar(select(IntervisionNote))
        assert (note.phase, note.body) == (2, "Nog een vraag")


@pytest.mark.parametrize(
    "data, field_message",
    [
        ({"phase": "2", "kind": "question", "body": "   "}, "Schrijf eerst iets op."),
        ({"phase": "2", "kind": "question", "body": "x" * 2001}, "2000"),
        ({"phase": "9", "kind": "question", "body": "Te ver"}, "In deze fase hoef je niets"),
        ({"phase": "-1", "kind": "question", "body": "Min"}, "In deze fase hoef je niets"),
        ({"phase": "2", "kind": "advice", "body": "Verkeerd"}, "Dit kun je hier niet"),
    ],
)
def test_bad_input_is_refused_in_the_form_and_changes_nothing(app, live, data, field_message):
    session_id, clients, url = live
    steer(app, clients, url, session_id, "next")
    steer(app, clients, url, session_id, "next")
    before = stored(app, session_id).updates
    response = clients["p1"].post(f"{url}/notes", data, htmx=True)
    assert response.status_code == 422
    assert field_message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(IntervisionNote.id))) == 0
    assert stored(app, session_id).updates == before


def test_a_stale_page_gets_the_session_as_it_is_now_and_changes_nothing(app, live):
    session_id, clients, url = live
    version = stored(app, session_id).version
    steer(app, clients, url, session_id, "next")
    response = clients["lead"].post(f"{url}/steer", {"move": "next", "version": version})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "al verder" in body and "Fase 2 van 7" in body
    assert stored(app, session_id).phase == 1
    for bad in ({"move": "next"}, {"move": "fly", "version": "x"}, {"move": "more", "value": "7"}):
        data = {**bad}
        if "version" not in bad and bad["move"] != "next":
            data["version"] = stored(app, session_id).version
        response = clients["lead"].post(f"{url}/steer", data)
        assert response.status_code == 422, bad
    assert stored(app, session_id).phase == 1


def test_htmx_gets_the_live_part_and_a_poll_answers_204_with_one_query(app, circle, live):
    session_id, clients, url = live
    response = steer(app, clients, url, session_id, "next", htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="session-live"') and "<html" not in body
    poll = f"{url}/changes?since={stored(app, session_id).updates}"
    with count_queries(app) as counted:
        response = clients["p2"].get(poll, htmx=True)
    assert response.status_code == 204
    assert counted[0] == 1
    clients["p1"].post(f"{url}/ready")
    response = clients["p2"].get(poll, htmx=True)
    assert response.status_code == 200 and 'id="session-live"' in response.get_data(as_text=True)
    assert clients["p2"].get(f"{url}/changes?since=nope", htmx=True).status_code == 422
    assert as_user(app, circle.outsider).get(poll, htmx=True).status_code == 403
    assert as_user(app, circle.stranger).get(poll, htmx=True).status_code == 404


def more_came_in(app, world, session_id: int, count: int) -> None:
    """count more members of Voorst in the session, come in as residents (written straight
    into the table: planning allows 8 at most)."""
    with app.app_context():
        voorst = db.session.scalar(select(Coalition).where(Coalition.slug == "voorst"))
        voorst_id, first = voorst.id, db.session.scalar(select(func.count(User.id)))
        extra = [
            world.person(voorst, email=f"extra{first + n}@voorst.test").id for n in range(count)
        ]
    with writing(), app.app_context():
        for person_id in extra:
            db.session.add(
                IntervisionParticipant(
                    coalition_id=voorst_id,
                    session_id=session_id,
                    user_id=person_id,
                    side="resident",
                    agreed_at=START,
                )
            )
        db.session.commit()


def test_a_poll_costs_the_same_however_many_take_part(app, world, circle, live):
    session_id, clients, url = live
    since = stored(app, session_id).updates - 1

    def cost():
        with count_queries(app) as counted:
            assert clients["p2"].get(f"{url}/changes?since={since}").status_code == 200
        return counted[0]

    few = cost()
    more_came_in(app, world, session_id, 8)
    assert cost() == few


def test_two_clicks_on_next_at_once_advance_one_phase(app, circle, live):
    session_id, clients, url = live
    version = stored(app, session_id).version
    second = as_user(app, circle.facilitator)  # the same person on a second device
    answers = together(
        lambda: clients["lead"].post(f"{url}/steer", {"move": "next", "version": version}),
        lambda: second.post(f"{url}/steer", {"move": "next", "version": version}),
    )
    assert sorted(a.status_code for a in answers) == [303, 409]
    assert stored(app, session_id).phase == 1


# ---- closing ------------------------------------------------------------------------------------


def run_to_the_end(app, clients, url, session_id):
    """Through the incident method with a case, questions, advice, a notepad and a next step."""
    notes = f"{url}/notes"
    steer(app, clients, url, session_id, "next")  # choose a situation
    clients["p0"].post(notes, {"phase": "1", "kind": "case", "body": SECRET})
    steer(app, clients, url, session_id, "next")  # silent questions
    clients["p1"].post(
        notes, {"phase": "2", "kind": "question", "body": "Sinds wanneer is dit zo?"}
    )
    steer(app, clients, url, session_id, "reveal")
    steer(app, clients, url, session_id, "next")  # questions about the facts
    steer(app, clients, url, session_id, "turn")
    steer(app, clients, url, session_id, "next")  # analysis; the inbrenger listens
    clients["p0"].post(notes, {"phase": "4", "kind": "notepad", "body": "Notitie: ik was boos"})
    steer(app, clients, url, session_id, "next")  # advice
    clients["p2"].post(notes, {"phase": "5", "kind": "advice", "body": "Bel haar dochter"})
    clients["p3"].post(notes, {"phase": "5", "kind": "advice", "body": "Ga samen koffie drinken"})
    steer(app, clients, url, session_id, "reveal")
    steer(app, clients, url, session_id, "next")  # evaluation and next step
    with app.app_context():
        advice = db.session.scalar(
            select(IntervisionNote).where(IntervisionNote.body == "Ga samen koffie drinken")
        )
    clients["p0"].post(f"{url}/notes/{advice.id}/useful", {"useful": "1"})
    clients["p0"].post(
        notes, {"phase": "6", "kind": "next_step", "body": "Volgende week aanbellen"}
    )


def test_closing_deletes_everything_typed_from_every_table(app, live):
    session_id, clients, url = live
    run_to_the_end(app, clients, url, session_id)
    assert "Volgende week aanbellen" in page(clients["p3"], url)
    version = stored(app, session_id).version
    confirm = clients["lead"].post(f"{url}/close", {"version": version})
    assert confirm.status_code == 200 and "wordt voorgoed gewist" in confirm.get_data(as_text=True)
    # The question's own form carries the version of the page it came from.
    assert f'name="version" value="{version}"' in confirm.get_data(as_text=True)
    response = clients["lead"].post(f"{url}/close", {"version": version, "confirm": "1"})
    assert response.status_code == 303
    typed = [SECRET, "Sinds wanneer", "Notitie: ik was boos", "Bel haar dochter"]
    assert rows_holding(app, typed) == []
    # The inbrenger keeps the advice they found useful and their next step; nobody else.
    mine = page(clients["p0"], "/c/voorst/intervision")
    assert "Ga samen koffie drinken" in mine and "Volgende week aanbellen" in mine
    assert "Ga samen koffie drinken" not in page(clients["p1"], "/c/voorst/intervision")


def test_each_participant_closes_with_a_learning_point_and_two_ratings(app, circle, live):
    session_id, clients, url = live
    run_to_the_end(app, clients, url, session_id)
    version = stored(app, session_id).version
    clients["lead"].post(f"{url}/close", {"version": version, "confirm": "1"})
    closing = page(clients["p1"], url)
    assert "Hoe veilig voelde het?" in closing and "Hoe nuttig was het voor jou?" in closing
    assert "heel goed" in closing and closing.count('class="rating__face') == 10
    response = clients["p1"].post(
        f"{url}/closing", {"learning_point": "x", "visibility": "everyone", "safe": "6"}
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Kies van 1 tot 5." in body and "Kies wie het mag lezen." in body
    for name, point, level in (
        ("p1", "Eerst vragen, dan pas advies", "group"),
        ("p2", "Ik let op mijn eigen oordeel", "me"),
        ("p3", "Bewoners en professionals zien elk iets anders", "programme"),
    ):
        data = {"learning_point": point, "visibility": level, "safe": "4", "useful": "5"}
        assert clients[name].post(f"{url}/closing", data).status_code == 303
    assert "Dank je wel" in page(clients["p1"], url)
    assert "Eerst vragen, dan pas advies" in page(clients["p0"], "/c/voorst/intervision")
    assert "Ik let op mijn eigen oordeel" not in page(clients["p0"], "/c/voorst/intervision")
    outsider = page(as_user(app, circle.outsider), "/c/voorst/intervision")
    assert "Eerst vragen" not in outsider and "Bewoners en professionals" not in outsider
    overview = page(clients["lead"], "/c/voorst/intervision/overview")
    assert "Incidentmethode" in overview and "<svg" in overview
    assert "4.0" in overview and "5.0" in overview  # the averages, also in the table
    assert "Eerst vragen, dan pas advies" in overview
    assert "Ik let op mijn eigen oordeel" not in overview


def test_nothing_of_a_session_reaches_the_events_or_other_pages(app, circle, live):
    session_id, clients, url = live
    run_to_the_end(app, clients, url, session_id)
    for person in (circle.coordinator, circle.admin, circle.viewer, circle.outsider):
        client = as_user(app, person)
        for address in ("/c/voorst", "/c/voorst/intervision", "/c/voorst/activities", url):
            response = client.get(address)
            assert SECRET not in response.get_data(as_text=True), (person.display_name, address)


# ---- what pages cost -----------------------------------------------------------------------------


def queries_of(app, client, url) -> int:
    with count_queries(app) as counted:
        assert client.get(url).status_code == 200
    return counted[0]


def test_the_live_page_costs_the_same_however_much_was_written(app, live):
    session_id, clients, url = live
    steer(app, clients, url, session_id, "next")
    steer(app, clients, url, session_id, "next")  # silent questions
    notes = f"{url}/notes"
    clients["p1"].post(notes, {"phase": "2", "kind": "question", "body": "Vraag 1"})
    steer(app, clients, url, session_id, "reveal")
    few = {name: queries_of(app, clients[name], url) for name in ("lead", "p0", "p1")}
    for number in range(2, 12):
        author = clients[f"p{1 + number % 3}"]
        author.post(notes, {"phase": "2", "kind": "question", "body": f"Vraag {number}"})
    assert "Vraag 11" in page(clients["p0"], url)
    assert {name: queries_of(app, clients[name], url) for name in few} == few


def hold(app, circle, day: str) -> None:
    """A whole session on day, from planning to everyone's closing with a shared point."""
    lead = as_user(app, circle.facilitator)
    response = lead.post("/c/voorst/intervision", plan_form(circle, day=day))
    url = response.headers["Location"]
    people = [as_user(app, person) for person in circle.people]
    for client in (lead, *people):
        client.post(f"{url}/agree")
    session_id = int(url.rsplit("/", 1)[1])
    lead.post(f"{url}/open", {"version": stored(app, session_id).version})
    close = {"version": stored(app, session_id).version, "confirm": "1"}
    assert lead.post(f"{url}/close", close).status_code == 303
    for number, client in enumerate(people):
        closing = {"learning_point": f"Punt {day} {number}", "visibility": "group"}
        response = client.post(f"{url}/closing", {**closing, "safe": "4", "useful": "3"})
        assert response.status_code == 303


def test_the_list_and_the_overview_cost_the_same_however_many_sessions_were_held(
    app, circle, frozen
):
    lead = as_user(app, circle.facilitator)
    member = as_user(app, circle.people[1])
    pages = {
        "list": (member, "/c/voorst/intervision"),
        "overview": (lead, "/c/voorst/intervision/overview"),
    }
    hold(app, circle, "2026-11-10")
    once = {name: queries_of(app, *where) for name, where in pages.items()}
    for day in ("2026-11-17", "2026-11-24", "2026-12-01"):
        hold(app, circle, day)
    overview = page(lead, "/c/voorst/intervision/overview")
    assert overview.count("Punt 2026-") == 16 and overview.count("<tr>") >= 4 + 4
    assert {name: queries_of(app, *where) for name, where in pages.items()} == once


def test_the_closed_page_of_the_inbrenger_costs_the_same_however_many_took_part(
    app, world, circle, live
):
    session_id, clients, url = live
    run_to_the_end(app, clients, url, session_id)
    close = {"version": stored(app, session_id).version, "confirm": "1"}
    assert clients["lead"].post(f"{url}/close", close).status_code == 303
    rated = {"learning_point": "", "visibility": "me", "safe": "4", "useful": "4"}
    assert clients["p0"].post(f"{url}/closing", rated).status_code == 303
    few = queries_of(app, clients["p0"], url)
    assert "Ga samen koffie drinken" in page(clients["p0"], url)  # the keepsake
    more_came_in(app, world, session_id, 4)
    assert queries_of(app, clients["p0"], url) == few
