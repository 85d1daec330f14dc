"""Who may see and do what: login, foreign coalitions, roles, CSRF."""

import pytest

from tests.conftest import attached
from tests.web.conftest import card_state

COALITION_PAGES = ["/", "/board", "/members", "/archive", "/initiatives/{card}"]


def test_login_with_wrong_password_says_so_and_stays_anonymous(client, team):
    response = client.post("/login", {"email": team.resident.email, "password": "fout"})
    assert response.status_code == 422
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(as_text=True)
    assert client.get("/c/utrecht/board").status_code == 302


def test_login_follows_only_local_next(client, team):
    response = client.post(
        "/login",
        {"email": team.resident.email, "password": "samenwerken", "next": "//evil.example/x"},
    )
    assert response.status_code == 303
    assert response.location == "/"
    client.post("/logout")
    response = client.post(
        "/login",
        {"email": team.resident.email, "password": "samenwerken", "next": "/c/utrecht/archive"},
    )
    assert response.location == "/c/utrecht/archive"


def test_logout_ends_the_session(client, team):
    client.login(team.resident)
    assert client.get("/c/utrecht/board").status_code == 200
    assert client.post("/logout").status_code == 303
    assert client.get("/c/utrecht/board").status_code == 302


def test_anonymous_visitors_are_sent_to_login(client, team, make_card):
    card = make_card()
    for page in COALITION_PAGES:
        response = client.get("/c/utrecht" + page.format(card=card))
        assert response.status_code == 302
        assert "/login" in response.location


def test_member_of_another_coalition_gets_404_everywhere(client, world, team, make_card):
    card = make_card()
    other = world.coalition("wageningen", "Wageningen De Nude", sites=())
    outsider = world.person(other)
    client.login(outsider)
    for page in COALITION_PAGES:
        assert client.get("/c/utrecht" + page.format(card=card)).status_code == 404
    for url, data in [
        ("/c/utrecht/initiatives", {"column_id": team.columns[0], "title": "X"}),
        (f"/c/utrecht/initiatives/{card}", {"title": "X", "version": 1}),
        (f"/c/utrecht/initiatives/{card}/move", {"column_id": team.columns[1], "position": 0}),
        (f"/c/utrecht/initiatives/{card}/archive", {}),
        (f"/c/utrecht/initiatives/{card}/comments", {"body": "hoi"}),
        ("/c/utrecht/invites", {"role": "member", "side": "resident"}),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert card_state(client.app, card).title == "Buurtkamer"
    assert client.get("/c/wageningen/board").status_code == 200


def test_cards_of_another_coalition_are_404_inside_your_own(client, world, team, app):
    other = world.coalition("wageningen", "Wageningen De Nude", sites=())
    outsider = world.person(other)
    from board.kanban import actions, queries

    with app.app_context():
        foreign = actions.create_initiative(
            attached(other),
            attached(outsider),
            queries.active_columns(attached(other))[0].id,
            "Van een ander",
        ).id
    client.login(team.resident)
    assert client.get(f"/c/utrecht/initiatives/{foreign}").status_code == 404
    response = client.post(
        f"/c/utrecht/initiatives/{foreign}/move", {"column_id": team.columns[1], "position": 0}
    )
    assert response.status_code == 404
    assert card_state(app, foreign).column_id != team.columns[1]


@pytest.mark.parametrize(
    "url,data",
    [
        ("/c/utrecht/invites", {"role": "member", "side": "resident"}),
        ("/c/utrecht/sites", {"name": "Nieuwe plek"}),
        ("/c/utrecht/columns", {"name": "Wachten"}),
        ("/c/utrecht/organisations", {"name": "Dock", "kind": "welfare"}),
    ],
)
def test_members_get_403_for_coordinator_actions(client, team, url, data):
    client.login(team.resident)
    assert client.post(url, data).status_code == 403
    assert client.get("/c/utrecht/settings").status_code == 403
    client.login(team.coordinator)
    assert client.post(url, data).status_code == 303


def test_post_without_csrf_token_is_refused(client, team, make_card):
    card = make_card()
    client.login(team.resident)
    response = client.post(
        f"/c/utrecht/initiatives/{card}/move",
        {"column_id": team.columns[2], "position": 0},
        csrf=False,
    )
    assert response.status_code == 400
    assert card_state(client.app, card).column_id == team.columns[0]


def test_programme_viewer_sees_but_cannot_change(client, team, app, make_card):
    from board.auth.actions import create_user
    from board.extensions import db

    with app.app_context():
        create_user("programma@test.nl", "Programma", "samenwerken", is_programme_viewer=True)
        db.session.commit()
    card = make_card()
    client.login("programma@test.nl")
    assert client.get("/c/utrecht/board").status_code == 200
    page = client.get(f"/c/utrecht/initiatives/{card}").get_data(as_text=True)
    assert 'name="title"' not in page
    response = client.post(
        f"/c/utrecht/initiatives/{card}/move", {"column_id": team.columns[1], "position": 0}
    )
    assert response.status_code == 403


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "HX-Request" in response.headers["Vary"]


def test_failed_logins_are_limited_per_device_and_email(client, team):
    for _ in range(10):
        response = client.post("/login", {"email": team.resident.email, "password": "fout"})
        assert response.status_code == 422
    refused = client.post("/login", {"email": team.resident.email, "password": "samenwerken"})
    assert refused.status_code == 429
    assert "Wacht een paar minuten" in refused.get_data(as_text=True)
    assert client.get("/c/utrecht/board").status_code == 302  # not logged in
    # Someone else at the same device (a shared computer in the buurthuis) can still log in.
    assert (
        client.post(
            "/login", {"email": team.professional.email, "password": "samenwerken"}
        ).status_code
        == 303
    )
