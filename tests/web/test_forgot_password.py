"""'Wachtwoord vergeten?': a link, valid for an hour and once, mailed to the account's own
address; the same answer whether the address has an account or not; limited per address."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from board import clock
from board.extensions import db, limiter
from board.models import OutboxMail
from tests.conftest import BoardClient, together


@pytest.fixture(autouse=True)
def fresh_limits():
    """Each test starts with no links asked for."""
    limiter.reset()
    yield
    limiter.reset()


def mails(app) -> list[OutboxMail]:
    """The outbox, oldest first."""
    with app.app_context():
        found = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        db.session.expunge_all()
        return found


def ask(client, email: str):
    """Ask for a link for email."""
    return client.post("/forgot", {"email": email})


def link_in(mail: OutboxMail) -> str:
    """The path of the password link in a mail."""
    return re.search(r"https?://[^/\s]+(/reset/[\w-]+)", mail.text_body).group(1)


def test_a_link_by_mail_sets_a_new_password_once(client, team, app):
    login = client.get("/login").get_data(as_text=True)
    assert 'href="/forgot"' in login and "Wachtwoord vergeten?" in login
    answer = ask(client, "  BEWONER@utrecht.test ")
    assert answer.status_code == 200
    assert "Hoort bewoner@utrecht.test bij een account?" in answer.get_data(as_text=True)
    [mail] = mails(app)
    assert mail.to_address == "bewoner@utrecht.test" and mail.kind == "password_reset"
    assert mail.subject == "Kies een nieuw wachtwoord voor Buurtbord"
    assert "Hallo Anna de Vries," in mail.text_body and "werkt een uur" in mail.text_body
    path = link_in(mail)
    assert f'href="http://localhost{path}"' in mail.html_body
    assert client.get(path).status_code == 200
    assert client.post(path, {"password": "kort"}).status_code == 422
    assert client.post(path, {"password": "een nieuw wachtwoord"}).status_code == 303
    assert client.get(path).status_code == 404  # once
    fresh = BoardClient(app)
    fresh.login(team.resident, "een nieuw wachtwoord")


def test_the_answer_is_the_same_for_an_unknown_address(client, team, app):
    known = ask(client, "bewoner@utrecht.test").get_data(as_text=True)
    unknown = ask(client, "niemand@utrecht.test").get_data(as_text=True)

    def words(page: str) -> str:
        # The CSRF token, in the meta tag and in htmx's headers: it holds the second it was
        # made in.
        page = re.sub(r'content="[^"]+"', "", page)
        page = re.sub(r'"X-CSRFToken": *"[^"]+"', "", page)
        return page.replace("niemand@utrecht.test", "…").replace("bewoner@utrecht.test", "…")

    assert words(known) == words(unknown)
    assert [m.to_address for m in mails(app)] == ["bewoner@utrecht.test"]


def test_a_link_expires_after_an_hour(client, team, app):
    ask(client, "bewoner@utrecht.test")
    path = link_in(mails(app)[0])
    with clock.pretending(clock.now() + timedelta(minutes=61)):
        assert client.get(path).status_code == 404
        assert client.post(path, {"password": "een nieuw wachtwoord"}).status_code == 404
    assert client.get(path).status_code == 200


def test_bad_addresses_are_refused_in_the_form(client, team, app):
    for typed in ("", "geen-adres", "twee woorden@utrecht.test", "x@" + "a" * 300):
        answer = ask(client, typed)
        assert answer.status_code == 422, typed
        assert "Vul het e-mailadres in waarmee je inlogt." in answer.get_data(as_text=True)
    assert mails(app) == []


def test_links_are_limited_per_address(client, team, app):
    for _ in range(3):
        assert ask(client, "bewoner@utrecht.test").status_code == 200
    refused = ask(client, "bewoner@utrecht.test")
    assert refused.status_code == 429
    assert "Wacht even" in refused.get_data(as_text=True)
    assert len(mails(app)) == 3
    assert ask(client, "professional@utrecht.test").status_code == 200  # another address


def test_a_link_used_twice_at_once_sets_one_password(client, team, app):
    ask(client, "bewoner@utrecht.test")
    path = link_in(mails(app)[0])
    first, second = BoardClient(app), BoardClient(app)
    first.csrf_token(), second.csrf_token()
    answers = together(
        lambda: first.post(path, {"password": "wachtwoord van een"}),
        lambda: second.post(path, {"password": "wachtwoord van twee"}),
    )
    assert sorted(a.status_code for a in answers) == [303, 404]
    winner = "wachtwoord van een" if answers[0].status_code == 303 else "wachtwoord van twee"
    BoardClient(app).login(team.resident, winner)
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMail.id))) == 1


def test_the_mail_speaks_the_language_of_the_account(client, team, app):
    client.login(team.resident)
    client.post("/account/language", {"language": "en"})
    BoardClient(app).post("/forgot", {"email": "bewoner@utrecht.test"})  # asked in Dutch
    [mail] = mails(app)
    assert mail.subject == "Choose a new password for Buurtbord"
    assert "Hello Anna de Vries," in mail.text_body and '<html lang="en">' in mail.html_body
