"""My account: the name others see, my password (the current one first; other sessions end)
and my language (kept with the account, for mail); bad input changes nothing."""

import io
import json
import re
import zipfile
from datetime import timedelta

from sqlalchemy import select

from board import clock
from board.extensions import db
from board.models import OutboxMail, User
from tests.conftest import BoardClient, together


def stored(app, email: str) -> User:
    """The account as stored now."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_only_for_someone_logged_in(client):
    answer = client.get("/account")
    assert answer.status_code == 302 and "/login" in answer.location


def test_the_header_leads_to_my_account_and_i_change_my_name(client, team, app):
    client.login(team.resident)
    home = client.get("/c/utrecht/").get_data(as_text=True)
    assert 'href="/account"' in home
    page = client.get("/account").get_data(as_text=True)
    assert "Je logt in als bewoner@utrecht.test." in page and 'value="Anna de Vries"' in page
    for bad in ("", "   ", "x" * 81):
        refused = client.post("/account/name", {"display_name": bad})
        assert refused.status_code == 422, bad
        assert 'aria-invalid="true"' in refused.get_data(as_text=True)
    assert stored(app, "bewoner@utrecht.test").display_name == "Anna de Vries"
    saved = client.post("/account/name", {"display_name": "  Anna   Visser "})
    assert saved.status_code == 303 and saved.location.endswith("/account#name")
    assert "✓ Je naam is veranderd." in client.get("/account").get_data(as_text=True)
    assert stored(app, "bewoner@utrecht.test").display_name == "Anna Visser"


def test_a_new_password_needs_the_current_one_and_ends_other_sessions(client, team, app):
    client.login(team.resident)
    elsewhere = BoardClient(app)
    elsewhere.login(team.resident)
    wrong = client.post(
        "/account/password", {"current_password": "fout", "password": "een nieuw wachtwoord"}
    )
    assert wrong.status_code == 422
    assert "Dit is niet je huidige wachtwoord." in wrong.get_data(as_text=True)
    short = client.post(
        "/account/password", {"current_password": "samenwerken", "password": "kort"}
    )
    assert short.status_code == 422
    assert elsewhere.get("/c/utrecht/").status_code == 200  # nothing changed yet
    saved = client.post(
        "/account/password",
        {"current_password": "samenwerken", "password": "een nieuw wachtwoord"},
    )
    assert saved.status_code == 303
    assert client.get("/c/utrecht/").status_code == 200  # this device stays logged in
    assert elsewhere.get("/c/utrecht/").status_code == 302  # the other is logged out
    BoardClient(app).login(team.resident, "een nieuw wachtwoord")


def test_my_language_is_kept_with_my_account(client, team, app):
    client.login(team.resident)
    assert client.post("/account/language", {"language": "fr"}).status_code == 422
    assert stored(app, "bewoner@utrecht.test").language is None
    saved = client.post("/account/language", {"language": "en"})
    assert saved.status_code == 303 and "lang=en" in saved.headers["Set-Cookie"]
    assert stored(app, "bewoner@utrecht.test").language == "en"
    assert "The language is changed." in client.get("/account").get_data(as_text=True)
    # The switch in the header keeps it too.
    client.post("/language", {"language": "nl", "next": "/account"})
    assert stored(app, "bewoner@utrecht.test").language == "nl"


def test_my_data_holds_my_rows_and_nobody_elses(client, team, app, make_card):
    card = make_card("Buurtkamer")  # made by the resident
    client.login(team.resident)
    client.post(f"/c/utrecht/initiatives/{card}/comments", {"body": "Mijn eigen reactie"})
    client.post("/c/utrecht/ideas", {"title": "Mijn moestuin", "description": ""})
    client.login(team.professional)
    client.post(f"/c/utrecht/initiatives/{card}/comments", {"body": "Reactie van Bram"})
    client.post("/c/utrecht/ideas", {"title": "Brams idee", "description": ""})
    client.login(team.resident)
    answer = client.get("/account/data")
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    assert "buurtbord-mijn-gegevens-" in answer.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(answer.get_data()))
    data = json.loads(archive.read("buurtbord.json"))
    assert data["profile"]["email"] == "bewoner@utrecht.test"
    assert [m["coalition"] for m in data["memberships"]] == ["Utrecht Zuilen"]
    assert [c["title"] for c in data["cards"]] == ["Buurtkamer"]
    assert [c["body"] for c in data["card_comments"]] == ["Mijn eigen reactie"]
    assert [i["title"] for i in data["ideas"]] == ["Mijn moestuin"]
    everything = archive.read("buurtbord.json").decode() + "".join(
        archive.read(name).decode() for name in archive.namelist() if name.endswith(".csv")
    )
    assert "Reactie van Bram" not in everything and "Brams idee" not in everything
    assert "password" not in everything and "calendar" not in everything
    assert "Mijn eigen reactie" in archive.read("card_comments.csv").decode()


def email_link(app) -> str:
    """The path of the confirmation link in the newest mail."""
    with app.app_context():
        mail = db.session.scalar(select(OutboxMail).order_by(OutboxMail.id.desc()))
        return re.search(r"https?://[^/\s]+(/account/email/[\w-]+)", mail.text_body).group(1)


def test_a_new_address_counts_once_its_link_is_opened(client, team, app):
    client.login(team.resident)
    for bad in ("", "geen-adres", "bewoner@utrecht.test", "professional@utrecht.test"):
        refused = client.post("/account/email", {"email": bad})
        assert refused.status_code == 422, bad
    asked = client.post("/account/email", {"email": " Anna.Nieuw@Voorbeeld.nl "})
    assert asked.status_code == 303
    page = client.get("/account").get_data(as_text=True)
    assert "We hebben een link gestuurd naar anna.nieuw@voorbeeld.nl." in page
    assert stored(app, "bewoner@utrecht.test") is not None  # nothing changed yet
    path = email_link(app)
    other = BoardClient(app)  # the mail may be opened on another device, not logged in
    assert other.get(path).status_code == 200  # looking at it changes nothing
    assert stored(app, "bewoner@utrecht.test") is not None
    assert other.post(path).status_code == 303
    assert stored(app, "anna.nieuw@voorbeeld.nl").display_name == "Anna de Vries"
    with app.app_context():  # the old address hears of it
        notice = db.session.scalar(select(OutboxMail).order_by(OutboxMail.id.desc()))
        assert (notice.kind, notice.to_address) == ("email_changed", "bewoner@utrecht.test")
        assert "anna.nieuw@voorbeeld.nl in plaats van bewoner@utrecht.test" in notice.text_body
    assert other.post(path).status_code == 404  # once
    assert other.get(path).status_code == 404
    BoardClient(app).login("anna.nieuw@voorbeeld.nl")


def test_a_confirmation_link_expires_and_two_at_once_change_it_once(client, team, app):
    client.login(team.resident)
    client.post("/account/email", {"email": "later@voorbeeld.nl"})
    late = email_link(app)
    with clock.pretending(clock.now() + timedelta(days=1, minutes=1)):
        assert client.get(late).status_code == 404
        assert client.post(late).status_code == 404
    client.post("/account/email", {"email": "snel@voorbeeld.nl"})
    path = email_link(app)
    first, second = BoardClient(app), BoardClient(app)
    first.csrf_token(), second.csrf_token()
    answers = together(lambda: first.post(path), lambda: second.post(path))
    assert sorted(a.status_code for a in answers) == [303, 404]
    assert stored(app, "snel@voorbeeld.nl").display_name == "Anna de Vries"
