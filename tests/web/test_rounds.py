"""Voting rounds and consent over HTTP."""

import re
from datetime import timedelta

import pytest

from board import clock
from board.extensions import db
from board.ideas import actions, decisions
from board.ideas.inputs import IdeaInput
from board.models import RoundIdea, VotingRound
from tests.conftest import attached, steady_query_count
from tests.web.test_ideas import propose


def shortlist(client, team, *titles):
    """Ideas proposed by the resident and shortlisted by the coordinator; returns their ids."""
    client.login(team.resident)
    ids = [propose(client, title) for title in titles]
    client.login(team.coordinator)
    for idea in ids:
        client.post(f"/c/utrecht/ideas/{idea}/status", {"action": "shortlist"})
    return ids


def make_round(client, ideas, dots="3", opens=None, closes=None):
    """The coordinator (logged in) opens a round; returns its id."""
    now = clock.now()
    response = client.post(
        "/c/utrecht/ideas/rounds",
        {
            "title": "Najaarsronde",
            "dots_per_member": dots,
            "allow_stacking": "1",
            "opens_at": clock.local_input(opens or now - timedelta(minutes=2)),
            "closes_at": clock.local_input(closes or now + timedelta(days=1)),
            "idea_ids": ideas,
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.location.rsplit("/", 1)[1])


def close_round(app, round_id):
    """Time passes: the round is now closed."""
    with app.app_context():
        voting_round = db.session.get(VotingRound, round_id)
        voting_round.closes_at = clock.now() - timedelta(seconds=1)
        db.session.commit()


def test_round_form_errors_and_member_403(client, team):
    ideas = shortlist(client, team, "Moestuin")
    new = client.get("/c/utrecht/ideas/rounds/new")
    assert new.status_code == 200
    assert ">Open de ronde nu</button>" in new.get_data(as_text=True)  # it opens now by default
    response = client.post(
        "/c/utrecht/ideas/rounds",
        {
            "title": "",
            "dots_per_member": "99",
            "opens_at": "morgen",
            "closes_at": "",
            "idea_ids": ideas,
        },
    )
    assert response.status_code == 422
    assert response.get_data(as_text=True).count('class="field-error"') == 4
    client.login(team.resident)
    assert client.get("/c/utrecht/ideas/rounds/new").status_code == 403
    assert client.post("/c/utrecht/ideas/rounds", {"title": "x"}).status_code == 403


def test_vote_confirm_change_and_results_after_close(client, team, app):
    moestuin, krant = shortlist(client, team, "Moestuin", "Buurtkrant")
    round_id = make_round(client, [moestuin, krant])
    client.login(team.resident)
    page = client.get(f"/c/utrecht/ideas/rounds/{round_id}").get_data(as_text=True)
    assert "Je hebt 3 stippen te geven." in page and f'name="dots-{moestuin}"' in page
    response = client.post(
        f"/c/utrecht/ideas/rounds/{round_id}/ballot",
        {f"dots-{moestuin}": "2", f"dots-{krant}": "1"},
    )
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "Je stem is opgeslagen: 2 stippen op ‘Moestuin’, 1 op ‘Buurtkrant’." in page
    assert "Je stem telt mee" in page
    assert "stemmers" not in page  # no counts while the round is open
    assert re.search(r"1 van de \d+ leden hebben gestemd\.", page)  # only how many voted
    # A ballot is a quiet change: the answer tells no change number, so it shows nobody that
    # someone voted.
    again = client.post(
        f"/c/utrecht/ideas/rounds/{round_id}/ballot",
        {f"dots-{moestuin}": "2", f"dots-{krant}": "1"},
        htmx=True,
    )
    assert again.status_code == 303
    assert "own-change" not in again.headers.get("HX-Trigger-After-Settle", "")
    too_many = client.post(
        f"/c/utrecht/ideas/rounds/{round_id}/ballot",
        {f"dots-{moestuin}": "3", f"dots-{krant}": "2"},
    )
    assert too_many.status_code == 422
    html = too_many.get_data(as_text=True)
    assert "Je gaf 5 stippen; je hebt er 3." in html and f'name="dots-{krant}"' in html
    assert re.search(rf'name="dots-{krant}"[^>]*value="2"', html)  # what was typed stays
    client.login(team.professional)
    client.post(f"/c/utrecht/ideas/rounds/{round_id}/ballot", {f"dots-{krant}": "3"})
    close_round(app, round_id)
    late = client.post(f"/c/utrecht/ideas/rounds/{round_id}/ballot", {f"dots-{moestuin}": "1"})
    assert late.status_code == 422 and "gesloten" in late.get_data(as_text=True)
    results = client.get(f"/c/utrecht/ideas/rounds/{round_id}").get_data(as_text=True)
    assert "2 leden hebben gestemd." in results
    assert results.index("Buurtkrant") < results.index("Moestuin")  # 4 dots before 2
    assert "4 stippen · 2 stemmers" in results and "2 stippen · 1 stemmer" in results
    assert 'class="result__bar"' in results and 'aria-hidden="true"' in results
    assert "Kies dit idee" not in results  # a member does not decide
    client.login(team.coordinator)
    lead = client.get(f"/c/utrecht/ideas/rounds/{round_id}").get_data(as_text=True)
    assert lead.count("Kies dit idee") == 2
    chosen = client.post(f"/c/utrecht/ideas/{krant}/status", {"action": "choose"})
    assert chosen.status_code == 303
    after = client.get(f"/c/utrecht/ideas/rounds/{round_id}").get_data(as_text=True)
    assert after.count("Kies dit idee") == 1 and "gekozen" in after


def test_rules_frozen_once_open_and_foreign_404(client, team, world):
    ideas = shortlist(client, team, "Moestuin")
    running = make_round(client, ideas)
    response = client.post(
        f"/c/utrecht/ideas/rounds/{running}",
        {
            "title": "Anders",
            "dots_per_member": "5",
            "opens_at": clock.local_input(clock.now()),
            "closes_at": clock.local_input(clock.now() + timedelta(days=3)),
            "idea_ids": ideas,
        },
    )
    assert response.status_code == 422
    assert "kunnen de regels niet meer veranderen" in response.get_data(as_text=True)
    outsider = world.person(world.coalition("voorst", "Voorst", sites=()))
    client.login(outsider)
    assert client.get(f"/c/utrecht/ideas/rounds/{running}").status_code == 404
    assert client.post(f"/c/utrecht/ideas/rounds/{running}/ballot", {}).status_code == 404


def test_consent_and_initiative_over_http(client, team):
    (idea,) = shortlist(client, team, "Moestuin")
    client.post(f"/c/utrecht/ideas/{idea}/status", {"action": "choose"})
    assert client.post(f"/c/utrecht/ideas/{idea}/consent/start").status_code == 303
    client.login(team.resident)
    assert client.post(f"/c/utrecht/ideas/{idea}/consent/start").status_code == 403
    asked = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert 'name="answer" value="consent">' in asked and " checked" not in asked  # none chosen
    silent = client.post(f"/c/utrecht/ideas/{idea}/consent", {"reason": ""})
    assert silent.status_code == 422
    assert "Kies: je gaat akkoord, of je maakt bezwaar." in silent.get_data(as_text=True)
    objection = client.post(f"/c/utrecht/ideas/{idea}/consent", {"answer": "object", "reason": ""})
    assert objection.status_code == 422
    client.post(f"/c/utrecht/ideas/{idea}/consent", {"answer": "object", "reason": "Wie sproeit?"})
    page = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert "Wie sproeit?" in page and "1 bezwaar" in page
    client.login(team.coordinator)
    lead_view = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert re.search(r"1 van de \d+ leden hebben geantwoord", lead_view)
    assert "Zet het op het bord" not in lead_view  # not while there is an objection
    refused = client.post(
        f"/c/utrecht/ideas/{idea}/initiative",
        {"resident_lead_id": team.resident.id, "professional_lead_id": team.professional.id},
    )
    assert refused.status_code == 422 and "Er zijn bezwaren" in refused.get_data(as_text=True)
    client.login(team.resident)
    client.post(f"/c/utrecht/ideas/{idea}/consent", {"answer": "consent"})
    client.login(team.coordinator)
    resolved = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert "Zet het op het bord" in resolved and "0 bezwaren" in resolved
    # The withdrawn objection stays readable, as resolved.
    assert "Opgeloste bezwaren" in resolved and "trok dit bezwaar in:" in resolved
    assert "<s>Wie sproeit?</s>" in resolved
    made = client.post(
        f"/c/utrecht/ideas/{idea}/initiative",
        {"resident_lead_id": team.resident.id, "professional_lead_id": team.professional.id},
    )
    assert made.status_code == 303 and "/initiatives/" in made.location
    card = client.get(made.location).get_data(as_text=True)
    assert "Moestuin" in card and f"/c/utrecht/ideas/{idea}" in card
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    first_column = re.search(rf'id="column-{team.columns[0]}-cards".*?</ol>', board, re.S).group(0)
    assert "Moestuin" in first_column
    idea_page = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert made.location in idea_page


def test_ballot_page_query_count_is_fixed(client, team, app, world):
    titles = [f"Idee {n}" for n in range(3)]
    ideas = shortlist(client, team, *titles)
    round_id = make_round(client, ideas, dots="20")
    client.login(team.resident)
    small = steady_query_count(app, lambda: client.get(f"/c/utrecht/ideas/rounds/{round_id}"))
    with app.app_context():
        coalition = attached(team.coalition)
        coordinator = attached(team.coordinator)
        more = []
        for n in range(30):
            typed = IdeaInput(title=f"Extra {n}")
            idea = actions.propose_idea(coalition, coordinator, "resident", typed)
            actions.change_status(coalition, coordinator, idea, "shortlist")
            more.append(idea.id)
        voting_round = db.session.get(VotingRound, round_id)
        for idea_id in more:
            db.session.add(RoundIdea(coalition_id=coalition.id, round_id=round_id, idea_id=idea_id))
        db.session.commit()
        for _ in range(10):
            person = attached(world.person(coalition))
            decisions.cast_ballot(coalition, person, voting_round, {more[0]: 5, more[1]: 5})
    big = steady_query_count(app, lambda: client.get(f"/c/utrecht/ideas/rounds/{round_id}"))
    page = client.get(f"/c/utrecht/ideas/rounds/{round_id}").get_data(as_text=True)
    assert page.count('class="ballot__idea"') == 33
    assert small == big


def test_a_coordinator_closes_an_open_round_early_after_confirming(client, team, app):
    moestuin, krant = shortlist(client, team, "Moestuin", "Buurtkrant")
    round_id = make_round(client, [moestuin, krant])
    url = f"/c/utrecht/ideas/rounds/{round_id}"
    client.login(team.resident)
    client.post(f"{url}/ballot", {f"dots-{moestuin}": "3"})
    assert "Sluit de ronde nu" not in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/close", {"confirm": "1"}).status_code == 403

    # Who voted stays out of the coalition's recent events while the round is open.
    home = client.get("/c/utrecht/").get_data(as_text=True)
    assert "Najaarsronde" in home and "Anna de Vries veranderde iets" not in home

    client.login(team.coordinator)
    assert "Sluit de ronde nu" in client.get(url).get_data(as_text=True)
    question = client.post(f"{url}/close")
    assert question.status_code == 200
    assert "‘Najaarsronde’ nu sluiten?" in question.get_data(as_text=True)
    assert "stemmers" not in client.get(url).get_data(as_text=True)  # still open
    closed = client.post(f"{url}/close", {"confirm": "1"})
    assert closed.status_code == 303
    results = client.get(url).get_data(as_text=True)
    assert "3 stippen · 1 stemmer" in results
    late = client.post(f"{url}/ballot", {f"dots-{krant}": "1"})
    assert late.status_code == 422
    again = client.post(f"{url}/close", {"confirm": "1"}, follow_redirects=True)
    assert "Alleen een open ronde kan gesloten worden." in again.get_data(as_text=True)
    home = client.get("/c/utrecht/").get_data(as_text=True)
    assert "sloot de stemronde ‘Najaarsronde’" in home


@pytest.mark.parametrize("field", ["opens_at", "closes_at"])
def test_a_round_dated_in_the_year_1_is_refused_not_a_500(client, team, app, field):
    ideas = shortlist(client, team, "Moestuin")
    now = clock.now()
    rules = {
        "title": "Najaarsronde",
        "dots_per_member": "3",
        "opens_at": clock.local_input(now),
        "closes_at": clock.local_input(now + timedelta(days=1)),
        "idea_ids": ideas,
        field: "0001-01-01T00:00",
    }
    response = client.post("/c/utrecht/ideas/rounds", rules)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    shown_as = {"opens_at": "round-opens", "closes_at": "round-closes"}[field]
    assert f'aria-describedby="{shown_as}-error"' in html and html.count('class="field-error"') == 1
    assert 'value="0001-01-01T00:00"' in html  # what was typed stays
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(VotingRound.id))) == 0


def test_the_home_tells_who_consents_and_who_objects(client, team):
    (idea,) = shortlist(client, team, "Moestuin")
    client.post(f"/c/utrecht/ideas/{idea}/status", {"action": "choose"})
    client.post(f"/c/utrecht/ideas/{idea}/consent/start")
    client.login(team.resident)
    client.post(f"/c/utrecht/ideas/{idea}/consent", {"answer": "consent"})
    client.login(team.professional)
    client.post(f"/c/utrecht/ideas/{idea}/consent", {"answer": "object", "reason": "Wie sproeit?"})
    home = client.get("/c/utrecht/").get_data(as_text=True)
    assert "Anna de Vries stemt in met het proberen van ‘Moestuin’" in home
    assert "Bram Jansen heeft bezwaar tegen ‘Moestuin’" in home
    assert "veranderde iets" not in home
