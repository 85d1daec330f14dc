"""Which mail I get: my settings on /account (bad input 422, nothing changed), and the link in
every mail that turns one kind off without logging in: looking at it changes nothing, the
button or a mail program's one-click POST (RFC 8058) turns off that kind and no other."""

import re

from sqlalchemy import select

from board.extensions import db
from board.kanban import actions as kanban
from board.kanban.inputs import MoveInput
from board.mail import kinds
from board.mail.notices import off_token
from board.models import Initiative, OutboxMail, User
from tests.conftest import attached


def stored(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_my_mail_settings_show_the_defaults_and_save_what_i_tick(client, team, app):
    client.login(team.resident)
    page = client.get("/account").get_data(as_text=True)
    assert 'id="mail"' in page and "Mail als er iets gebeurt" in page
    assert re.search(r'value="off" checked', page)  # no digest until asked for
    assert re.search(r'name="kinds" value="cards"[^>]*checked', page)

    saved = client.post("/account/mail", {"digest": "weekly", "kinds": ["reminder", "rounds"]})
    assert saved.status_code == 303 and saved.location.endswith("/account#mail")
    page = client.get("/account").get_data(as_text=True)
    assert "✓ Je mailinstellingen zijn opgeslagen." in page
    assert re.search(r'value="weekly" checked', page)
    assert not re.search(r'name="kinds" value="cards"[^>]*checked', page)
    anna = stored(app, "bewoner@utrecht.test")
    assert kinds.wants(anna, "reminder") and kinds.wants(anna, "rounds")
    assert not kinds.wants(anna, "cards") and anna.digest_due_at is not None


def test_bad_mail_settings_get_422_in_the_form_and_change_nothing(client, team, app):
    client.login(team.resident)
    for form in (
        {"digest": "hourly", "kinds": ["cards"]},
        {"kinds": ["cards"]},
        {"digest": "daily", "kinds": ["cards", "everything"]},
    ):
        refused = client.post("/account/mail", form)
        assert refused.status_code == 422, form
        page = refused.get_data(as_text=True)
        assert 'class="field-error"' in page
    anna = stored(app, "bewoner@utrecht.test")
    assert anna.mail_settings == {} and anna.digest_due_at is None


def _moved_card_mail(app, team, make_card):
    """The professional moves a card the resident leads: the resident's notice."""
    card_id = make_card()
    with app.app_context():
        card = db.session.get(Initiative, card_id)
        card.resident_lead_id = team.resident.id
        db.session.commit()
        kanban.move_initiative(
            attached(team.coalition),
            attached(team.professional),
            db.session.get(Initiative, card_id),
            MoveInput(column_id=str(team.columns[1])),
        )
        mail = db.session.scalar(select(OutboxMail).where(OutboxMail.user_id == team.resident.id))
        db.session.expunge(mail)
        return mail


def test_the_link_in_a_mail_turns_off_that_kind_only_without_logging_in(
    client, team, app, make_card
):
    mail = _moved_card_mail(app, team, make_card)
    link = re.search(r"<(http[^>]+)>", mail.headers["List-Unsubscribe"]).group(1)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert f"/{path}" in mail.text_body and f"/{path}" in mail.html_body

    looked = client.get(f"/{path}")
    assert looked.status_code == 200
    page = looked.get_data(as_text=True)
    assert "Deze mail uitzetten?" in page and "Kaarten waar ik aanspreekpunt van ben" in page
    assert kinds.wants(stored(app, "bewoner@utrecht.test"), "cards")  # looking changes nothing

    # A mail program's one-click POST: no session, no CSRF token.
    done = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"}, csrf=False)
    assert done.status_code == 200 and "Deze mail staat uit" in done.get_data(as_text=True)
    anna = stored(app, "bewoner@utrecht.test")
    assert not kinds.wants(anna, "cards")
    assert all(kinds.wants(anna, kind) for kind in kinds.KINDS if kind != "cards")
    # Again: still off, still fine.
    assert client.post(f"/{path}", csrf=False).status_code == 200


def test_the_digest_link_turns_the_digest_off(client, team, app):
    client.login(team.resident)
    client.post("/account/mail", {"digest": "daily", "kinds": ["cards"]})
    with app.app_context():
        token = off_token(team.resident.id, "digest")
    other = client.__class__(app)
    assert other.post(f"/mail/off/{token}", csrf=False).status_code == 200
    anna = stored(app, "bewoner@utrecht.test")
    assert kinds.digest_choice(anna) == "off" and anna.digest_due_at is None
    assert kinds.wants(anna, "cards")


def test_a_link_that_is_not_ours_is_404_and_changes_nothing(client, team, app):
    with app.app_context():
        good = off_token(team.resident.id, "cards")
        unknown_person = off_token(99999, "cards")
    for token in (good[:-3] + "abc", "x", unknown_person):
        assert client.get(f"/mail/off/{token}").status_code == 404, token
        assert client.post(f"/mail/off/{token}", csrf=False).status_code == 404, token
    assert kinds.wants(stored(app, "bewoner@utrecht.test"), "cards")
