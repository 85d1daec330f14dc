"""My account: the name others see, my password (the current one first; other sessions end)
and my language (kept with the account, for mail); bad input changes nothing."""

import io
import json
import zipfile

from sqlalchemy import select

from board.extensions import db
from board.models import User
from tests.conftest import BoardClient


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
