"""Deleting my account over HTTP: a page that says what goes and what stays, the password to
confirm (422 and nothing changed without it), a last coordinator asked to hand over first, and
afterwards no session and no login."""

from flask_babel import gettext
from sqlalchemy import func, select

from board.coalitions.actions import add_member
from board.extensions import db
from board.models import Membership, User
from tests.conftest import PASSWORD, BoardClient, attached, together


def stored(app, user_id: int) -> User:
    """The account as stored now."""
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def memberships(app) -> int:
    """How many memberships there are now."""
    with app.app_context():
        return db.session.scalar(select(func.count(Membership.id)))


def said(app, text: str, **values) -> str:
    """text as the pages say it (in Dutch)."""
    with app.test_request_context():
        return gettext(text, **values)


def test_only_for_someone_logged_in(client):
    for answer in (client.get("/account/delete"), client.post("/account/delete", {})):
        assert answer.status_code == 302 and "/login" in answer.location


def test_the_account_page_leads_to_a_page_that_says_what_goes_and_what_stays(client, team):
    client.login(team.resident)
    assert 'href="/account/delete"' in client.get("/account").get_data(as_text=True)
    page = client.get("/account/delete")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'type="password"' in text and 'action="/account/delete"' in text
    assert 'href="/account/data"' in text  # the data, to keep it first


def test_a_wrong_or_missing_password_is_refused_in_the_form_and_changes_nothing(client, team, app):
    client.login(team.resident)
    before = stored(app, team.resident.id)
    for typed in ({}, {"password": ""}, {"password": "fout"}):
        refused = client.post("/account/delete", typed)
        assert refused.status_code == 422, typed
        text = refused.get_data(as_text=True)
        assert 'aria-invalid="true"' in text and 'id="delete-password-error"' in text
    after = stored(app, team.resident.id)
    assert (after.display_name, after.email, after.session_version) == (
        before.display_name,
        before.email,
        before.session_version,
    )
    assert memberships(app) == 3
    assert client.get("/account").status_code == 200  # still logged in


def test_a_last_coordinator_is_asked_to_hand_over_first(client, team, app):
    client.login(team.coordinator)
    page = client.get("/account/delete").get_data(as_text=True)
    assert 'href="/c/utrecht/members"' in page and "Utrecht Zuilen" in page
    assert 'action="/account/delete"' not in page  # no form until someone else coordinates
    refused = client.post("/account/delete", {"password": PASSWORD})
    assert refused.status_code == 422
    assert "Utrecht Zuilen" in refused.get_data(as_text=True)
    assert stored(app, team.coordinator.id).email == "coordinator@utrecht.test"
    assert memberships(app) == 3


def test_after_deleting_the_session_is_gone_and_the_old_login_fails(client, team, app, make_card):
    card = make_card()
    client.login(team.resident)
    comment = {"body": "Ik haal de sleutel."}
    assert client.post(f"/c/utrecht/initiatives/{card}/comments", comment).status_code == 303
    elsewhere = BoardClient(app)
    elsewhere.login(team.resident)
    done = client.post("/account/delete", {"password": PASSWORD})
    assert done.status_code == 303 and done.location.endswith("/login")
    login_page = client.get("/login").get_data(as_text=True)
    assert said(app, "Your account is deleted.") in login_page
    for someone in (client, elsewhere):
        answer = someone.get("/account")
        assert answer.status_code == 302 and "/login" in answer.location
    old = BoardClient(app).post("/login", {"email": "bewoner@utrecht.test", "password": PASSWORD})
    assert old.status_code == 422
    assert memberships(app) == 2
    # The coalition's home tells she left, with the former-member word for her name.
    other = BoardClient(app)
    other.login(team.professional)
    home = other.get("/c/utrecht/").get_data(as_text=True)
    assert said(app, "former member") in home and "Anna de Vries" not in home
    # Her comment stays on the card, by the former member; the card she made stays too.
    page = other.get(f"/c/utrecht/initiatives/{card}").get_data(as_text=True)
    assert "Ik haal de sleutel." in page and "Anna de Vries" not in page
    assert said(app, "former member") in page


def test_of_two_coordinators_leaving_at_once_one_stays(team, app):
    with app.app_context():
        coalition = attached(team.coalition)
        add_member(coalition, attached(team.resident), "coordinator", "resident")
    first, second = BoardClient(app), BoardClient(app)
    first.login(team.coordinator)
    second.login(team.resident)
    answers = together(
        lambda: first.post("/account/delete", {"password": PASSWORD}),
        lambda: second.post("/account/delete", {"password": PASSWORD}),
    )
    assert sorted(a.status_code for a in answers) == [303, 422]
    with app.app_context():
        roles = db.session.scalars(select(Membership.role)).all()
    assert sorted(roles) == ["coordinator", "member"]
