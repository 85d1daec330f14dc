"""The pulse over HTTP: who opens a wave and answers it, one question per screen kept as a draft
until sent, nothing shown before the close, small groups kept back, open answers without names,
bad input, double sending, and a page that costs the same however many waves it shows."""

import re

import pytest
from sqlalchemy import func, select

from board.extensions import db
from board.models import PulseAnswer, PulseParticipation
from board.pulse.items import ITEMS, SCALE_KEYS
from tests.conftest import BoardClient, steady_query_count, together

PULSE = "/c/utrecht/pulse"


def open_wave(client) -> int:
    """Open a wave as the (facilitating) client; returns its id."""
    response = client.post(PULSE, {"last_day": ""})  # refused: the day is missing
    assert response.status_code == 422
    assert "Kies de laatste dag" in response.get_data(as_text=True)
    page = client.get(PULSE).get_data(as_text=True)
    last_day = re.search(r'name="last_day"[^>]*value="([0-9-]+)"', page).group(1)
    assert client.post(PULSE, {"last_day": last_day}).status_code == 303
    page = client.get(PULSE).get_data(as_text=True)
    return int(re.search(r"/c/utrecht/pulse/(\d+)/answer", page).group(1))


def take_part(client, wave: int, values=None, text="") -> None:
    """Answer every question on its screen and send: 4 unless values say else, "better"."""
    values = values or {}
    for step, item in enumerate(ITEMS):
        if item.kind == "scale":
            form = {"answer": values.get(item.key, "4")}
        elif item.kind == "trend":
            form = {"answer": values.get("trend", "better")}
        else:
            form = {"text": text}
        answered = client.post(f"{PULSE}/{wave}/answer", {"step": str(step), **form})
        assert answered.status_code == 303, answered.get_data(as_text=True)[:300]
    assert client.get(f"{PULSE}/{wave}/review").status_code == 200
    sent = client.post(f"{PULSE}/{wave}/send")
    assert sent.status_code == 303, sent.get_data(as_text=True)[:500]


def close(client, wave: int) -> str:
    """Close the wave (after its question) and return the results page."""
    asked = client.post(f"{PULSE}/{wave}/close")
    assert asked.status_code == 200 and "De peiling nu sluiten?" in asked.get_data(as_text=True)
    closed = client.post(f"{PULSE}/{wave}/close", {"confirm": "1"})
    assert closed.status_code == 303
    return client.get(closed.location).get_data(as_text=True)


@pytest.fixture
def crowd(world, team):
    """Three more residents and two more professionals of Utrecht (with the team: 4 and 3)."""
    return {
        "resident": [world.person(team.coalition, side="resident") for _ in range(3)],
        "professional": [world.person(team.coalition, side="professional") for _ in range(2)],
    }


def member(app, person) -> BoardClient:
    """A client logged in as person."""
    client = BoardClient(app)
    client.login(person)
    return client


def test_a_member_answers_one_question_per_screen_and_sends_once(client, team, app):
    client.login(team.coordinator)
    wave = open_wave(client)
    client.login(team.resident)
    home = client.get("/c/utrecht/").get_data(as_text=True)
    assert "Hoe gaat de samenwerking? Doe mee met de peiling" in home
    first = client.get(f"{PULSE}/{wave}/answer")
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and "Vraag 1 van 10" in page
    assert "De anderen doen wat ze zeggen." in page and "Weet ik niet" in page
    bad = client.post(f"{PULSE}/{wave}/answer", {"step": "0", "answer": "7"})
    assert bad.status_code == 422
    assert "Kies een van de antwoorden" in bad.get_data(as_text=True)
    step = client.post(f"{PULSE}/{wave}/answer", {"step": "0", "answer": "unknown"})
    assert step.status_code == 303 and step.location.endswith("step=1")
    # Leaving and coming back: the draft goes on where it was.
    assert client.get(PULSE).get_data(as_text=True).count("Ga verder waar je was") == 1
    again = client.get(f"{PULSE}/{wave}/answer").get_data(as_text=True)
    assert "Vraag 2 van 10" in again
    # Sending with questions open is refused, naming what is missing, and stores nothing.
    early = client.post(f"{PULSE}/{wave}/send")
    assert early.status_code == 422 and "Nog geen antwoord" in early.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(PulseAnswer.id))) == 0
    take_part(client, wave, text="Vaker koffie samen.")
    done = client.get(PULSE).get_data(as_text=True)
    assert "Je antwoorden zijn binnen" in done
    assert "Doe mee met de peiling" not in client.get("/c/utrecht/").get_data(as_text=True)
    second = client.post(f"{PULSE}/{wave}/send")
    assert second.status_code == 422
    assert "al binnen" in second.get_data(as_text=True)
    late_step = client.post(f"{PULSE}/{wave}/answer", {"step": "0", "answer": "3"})
    assert late_step.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(PulseParticipation.id))) == 1
        assert db.session.scalar(select(func.count(PulseAnswer.id))) == len(SCALE_KEYS) + 2


def test_nothing_shows_before_the_close_and_small_groups_stay_hidden(client, team, app, crowd):
    client.login(team.coordinator)
    wave = open_wave(client)
    for person in crowd["resident"] + [team.professional]:
        take_part(member(app, person), wave, {"trust": "5", "say": "2"})
    take_part(member(app, crowd["professional"][0]), wave, {"trust": "2"})
    page = client.get(PULSE).get_data(as_text=True)
    assert "deden mee" not in page and "Uitkomst" not in page and "Bewoners 5,0" not in page
    assert client.get(f"{PULSE}/{wave}").status_code == 200  # the wave's own page: still open
    results = close(client, wave)
    assert "5 mensen deden mee." in results
    # Three residents, two professionals: the sides do not show apart, everyone does.
    assert "Bewoners 5,0" not in results and "Iedereen 4,4" in results
    assert "Waar verschillen we" not in results and "Wat kan beter?" in results


def test_the_sides_show_with_three_each_and_open_answers_without_names(client, team, app, crowd):
    client.login(team.coordinator)
    wave = open_wave(client)
    for person in crowd["resident"]:
        take_part(member(app, person), wave, {"say": "2"}, text="Meer samen doen in de wijk.")
    for person in crowd["professional"] + [team.professional]:
        take_part(member(app, person), wave, {"say": "5"})
    results = close(client, wave)
    assert "Bewoners 2,0, professionals 5,0, iedereen 3,5" in results
    assert "Waar verschillen we, en waarom?" in results and "grootste verschil" in results
    assert results.count("Meer samen doen in de wijk.") == 3
    # A facilitator hides one; members no longer see it, the facilitator still does.
    answer_id = re.search(r"/pulse/\d+/answers/([0-9a-f]{32})/hidden", results).group(1)
    hidden = client.post(f"{PULSE}/{wave}/answers/{answer_id}/hidden", {"hidden": "1"})
    assert hidden.status_code == 303
    assert "verborgen" in client.get(f"{PULSE}/{wave}").get_data(as_text=True)
    seen = member(app, team.resident).get(f"{PULSE}/{wave}").get_data(as_text=True)
    assert seen.count("Meer samen doen in de wijk.") == 2 and "Verberg" not in seen
    assert (
        member(app, team.resident)
        .post(f"{PULSE}/{wave}/answers/{answer_id}/hidden", {"hidden": "0"})
        .status_code
        == 403
    )


def test_who_may_do_what_with_the_pulse(client, team, app, world):
    client.login(team.resident)
    assert client.get(PULSE).status_code == 200
    assert client.post(PULSE, {"last_day": "2026-12-20"}).status_code == 403
    client.login(team.coordinator)
    wave = open_wave(client)
    again = client.post(PULSE, {"last_day": "2030-01-01"})
    assert again.status_code == 422 and "Er loopt al een peiling" in again.get_data(as_text=True)
    other = world.coalition("voorst", "Voorst", sites=())
    client.login(world.person(other, role="coordinator"))
    for url in (PULSE, f"{PULSE}/{wave}", f"{PULSE}/{wave}/answer"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{PULSE}/{wave}/send").status_code == 404
    from board.auth.actions import create_user

    with app.app_context():
        viewer = create_user("programma@test.example", "Programma", "samenwerken12")
        viewer.is_programme_viewer = True
        db.session.commit()
    client.login("programma@test.example", "samenwerken12")
    assert client.get(PULSE).status_code == 200
    assert client.get(f"{PULSE}/{wave}/answer").status_code == 403  # only members answer


def test_a_closed_wave_takes_no_answers(client, team, app):
    client.login(team.coordinator)
    wave = open_wave(client)
    client.login(team.resident)
    client.post(f"{PULSE}/{wave}/answer", {"step": "0", "answer": "4"})
    member(app, team.coordinator).post(f"{PULSE}/{wave}/close", {"confirm": "1"})
    refused = client.post(f"{PULSE}/{wave}/answer", {"step": "1", "answer": "4"})
    assert refused.status_code == 422 and "gesloten" in refused.get_data(as_text=True)
    assert client.post(f"{PULSE}/{wave}/send").status_code == 422
    away = client.get(f"{PULSE}/{wave}/answer")
    assert away.status_code == 303 and away.location == PULSE
    with app.app_context():
        assert db.session.scalar(select(func.count(PulseAnswer.id))) == 0


def test_two_sends_at_once_store_one_set_of_answers(app, team):
    coordinator = member(app, team.coordinator)
    wave = open_wave(coordinator)
    one = member(app, team.resident)
    for step, item in enumerate(ITEMS):
        form = {"text": ""} if item.kind == "open" else {"answer": "3"}
        if item.kind == "trend":
            form = {"answer": "same"}
        one.post(f"{PULSE}/{wave}/answer", {"step": str(step), **form})
    two = BoardClient(app)  # the same browser session on a second connection (a double click)
    two.raw.set_cookie("session", one.raw.get_cookie("session").value, domain="localhost")
    two._token = one.csrf_token()
    answers = together(
        lambda: one.post(f"{PULSE}/{wave}/send"), lambda: two.post(f"{PULSE}/{wave}/send")
    )
    assert sorted(r.status_code for r in answers) == [303, 422]
    with app.app_context():
        assert db.session.scalar(select(func.count(PulseParticipation.id))) == 1
        assert db.session.scalar(select(func.count(PulseAnswer.id))) == len(SCALE_KEYS) + 1


def test_the_pulse_page_costs_the_same_however_many_waves(client, team, app, crowd):
    client.login(team.coordinator)
    people = crowd["resident"] + crowd["professional"] + [team.resident, team.professional]

    def wave_with_answers():
        wave = open_wave(client)
        for person in people:
            take_part(member(app, person), wave, text="Samen eten.")
        client.post(f"{PULSE}/{wave}/close", {"confirm": "1"})

    wave_with_answers()
    client.login(team.resident)
    small = steady_query_count(app, lambda: client.get(PULSE))
    client.login(team.coordinator)
    for _ in range(2):
        wave_with_answers()
    client.login(team.resident)
    big = steady_query_count(app, lambda: client.get(PULSE))
    page = client.get(PULSE).get_data(as_text=True)
    assert "In de loop van de tijd" in page and page.count("De peiling van") == 3
    assert small == big


def test_an_admin_changes_a_wording_for_the_waves_to_come(client, team, app):
    client.login(team.coordinator)
    first = open_wave(client)
    assert client.get("/admin/pulse").status_code == 403
    from board.auth.actions import create_user

    with app.app_context():
        create_user("beheer@test.example", "Beheer", "samenwerken12", is_admin=True)
        db.session.commit()
    admin = BoardClient(app)
    admin.login("beheer@test.example", "samenwerken12")
    page = admin.get("/admin/pulse").get_data(as_text=True)
    assert "De anderen doen wat ze zeggen." in page and "versie 1" in page
    new = {"text_nl": "Anderen komen afspraken na.", "text_en": "Others keep promises."}
    empty = admin.post("/admin/pulse/trust", {"text_nl": " ", "text_en": "", "version": "1"})
    assert empty.status_code == 422 and "Schrijf de Nederlandse tekst." in empty.get_data(
        as_text=True
    )
    assert admin.post("/admin/pulse/trust", {**new, "version": "1"}).status_code == 303
    stale = admin.post(
        "/admin/pulse/trust", {"text_nl": "Mijn tekst", "text_en": "Mine", "version": "1"}
    )
    assert stale.status_code == 409
    kept = stale.get_data(as_text=True)
    assert "Mijn tekst" in kept and "Anderen komen afspraken na." in kept  # both shown
    assert admin.post("/admin/pulse/nothing", {**new, "version": "2"}).status_code == 404
    # The open wave keeps the wording it opened with; the next one asks the new wording.
    assert "De anderen doen wat ze zeggen." in client.get(
        f"{PULSE}/{first}/answer?step=0"
    ).get_data(as_text=True)
    client.post(f"{PULSE}/{first}/close", {"confirm": "1"})
    second = open_wave(client)
    assert "Anderen komen afspraken na." in client.get(f"{PULSE}/{second}/answer?step=0").get_data(
        as_text=True
    )


def test_carry_on_only_for_the_wave_that_is_open(client, team, app):
    client.login(team.coordinator)
    first = open_wave(client)
    client.login(team.resident)
    client.post(f"{PULSE}/{first}/answer", {"step": "0", "answer": "4"})
    assert "Ga verder waar je was" in client.get(PULSE).get_data(as_text=True)
    member(app, team.coordinator).post(f"{PULSE}/{first}/close", {"confirm": "1"})
    coordinator = member(app, team.coordinator)
    open_wave(coordinator)
    page = client.get(PULSE).get_data(as_text=True)
    assert "Ga verder waar je was" not in page and ">Doe mee</a>" in page
