"""Invites, joining, password links and the language switch."""

import re
from datetime import timedelta

from board.extensions import db
from board.models import Invite, Membership, User
from board.models.base import utcnow


def make_invite(client, team, role="member", side="resident"):
    """A coordinator makes an invite; returns its join path."""
    client.login(team.coordinator)
    response = client.post("/c/utrecht/invites", {"role": role, "side": side, "note": "Buurtkamer"})
    assert response.status_code == 303
    page = client.get("/c/utrecht/members").get_data(as_text=True)
    link = re.findall(r'value="http://localhost(/join/[^"]+)"', page)
    assert link, "the members page shows the invite link to copy"
    client.post("/logout")
    return link[0]


def test_invite_link_lets_a_new_person_join_with_role_and_side(client, team, app):
    link = make_invite(client, team, role="facilitator", side="professional")
    page = client.get(link)
    assert page.status_code == 200
    assert "Utrecht Zuilen" in page.get_data(as_text=True)
    response = client.post(
        link,
        {
            "display_name": "Fatima El Amrani",
            "email": "Fatima@Example.nl",
            "password": "lang genoeg",
        },
    )
    assert response.status_code == 303
    assert response.location == "/c/utrecht/"
    assert client.get("/c/utrecht/board").status_code == 200
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "fatima@example.nl"))
        membership = db.session.scalar(db.select(Membership).where(Membership.user_id == user.id))
        assert (membership.role, membership.side) == ("facilitator", "professional")


def test_join_form_errors_are_422_and_create_nothing(client, team, app):
    link = make_invite(client, team)
    response = client.post(link, {"display_name": " ", "email": "geen-adres", "password": "kort"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count('class="field-error"') == 3
    response = client.post(
        link, {"display_name": "Anna", "email": team.resident.email, "password": "lang genoeg"}
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 3


def test_revoked_and_expired_invites_are_404(client, team, app):
    link = make_invite(client, team)
    token = link.rsplit("/", 1)[1]
    with app.app_context():
        invite = db.session.scalar(db.select(Invite).where(Invite.token == token))
        invite.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get(link).status_code == 404
    link = make_invite(client, team)
    client.login(team.coordinator)
    page = client.get("/c/utrecht/members").get_data(as_text=True)
    invite_id = re.search(r"/c/utrecht/invites/(\d+)/revoke", page).group(1)
    assert client.post(f"/c/utrecht/invites/{invite_id}/revoke").status_code == 303
    client.post("/logout")
    assert client.get(link).status_code == 404
    assert client.get("/join/does-not-exist").status_code == 404


def test_a_coordinator_invite_works_once(client, team):
    link = make_invite(client, team, role="coordinator")
    client.post(
        link, {"display_name": "Nieuwe Coördinator", "email": "nc@x.nl", "password": "lang genoeg"}
    )
    client.post("/logout")
    assert client.get(link).status_code == 404


def test_a_logged_in_person_joins_with_one_click(client, team, world, app):
    other = world.coalition("voorst", "Voorst", sites=())
    person = world.person(other)
    link = make_invite(client, team, side="professional")
    client.login(person)
    assert client.post(link).status_code == 303
    assert client.get("/c/utrecht/board").status_code == 200


def test_password_link_works_once(client, team):
    client.login(team.coordinator)
    page = client.get("/c/utrecht/members").get_data(as_text=True)
    membership_id = re.search(r'id="membership-(\d+)".*?Anna de Vries', page, re.S).group(1)
    response = client.post(f"/c/utrecht/members/{membership_id}/reset")
    link = re.search(
        r'value="http://localhost(/reset/[^"]+)"', response.get_data(as_text=True)
    ).group(1)
    client.post("/logout")
    assert client.post(link, {"password": "kort"}).status_code == 422
    assert client.post(link, {"password": "nieuw wachtwoord"}).status_code == 303
    client.post("/logout")
    assert client.get(link).status_code == 404
    assert (
        client.post(
            "/login", {"email": team.resident.email, "password": "nieuw wachtwoord"}
        ).status_code
        == 303
    )


def test_members_cannot_make_invites_or_reset_links(client, team):
    client.login(team.resident)
    assert (
        client.post("/c/utrecht/invites", {"role": "coordinator", "side": "resident"}).status_code
        == 403
    )
    page = client.get("/c/utrecht/members").get_data(as_text=True)
    assert "/reset" not in page and "/invites" not in page


def test_coordinator_manages_members_but_never_removes_the_last_coordinator(client, team, app):
    client.login(team.coordinator)
    page = client.get("/c/utrecht/members").get_data(as_text=True)
    ids = dict(
        (name, int(mid))
        for mid, name in re.findall(r'id="membership-(\d+)".*?<strong>([^<]+)</strong>', page, re.S)
    )
    anna = ids["Anna de Vries"]
    me = next(v for k, v in ids.items() if k not in ("Anna de Vries", "Bram Jansen"))
    assert (
        client.post(
            f"/c/utrecht/members/{anna}", {"role": "facilitator", "side": "professional"}
        ).status_code
        == 303
    )
    assert (
        client.post(f"/c/utrecht/members/{anna}", {"role": "boss", "side": "resident"}).status_code
        == 422
    )
    response = client.post(f"/c/utrecht/members/{me}", {"role": "member", "side": "resident"})
    assert response.status_code == 422
    assert client.post(f"/c/utrecht/members/{me}/remove", {"confirm": "1"}).status_code == 422
    refused = client.post(f"/c/utrecht/members/{me}/remove")  # refused before asking
    assert refused.status_code == 422
    assert "minstens één coördinator" in refused.get_data(as_text=True)

    # Removing asks first; only the confirmed form removes.
    question = client.post(f"/c/utrecht/members/{anna}/remove")
    assert question.status_code == 200
    html = question.get_data(as_text=True)
    assert "Anna de Vries uit Utrecht Zuilen halen?" in html
    assert 'name="confirm" value="1"' in html and 'href="/c/utrecht/members"' in html
    with app.app_context():
        assert db.session.get(Membership, anna) is not None
    assert client.post(f"/c/utrecht/members/{anna}/remove", {"confirm": "1"}).status_code == 303
    with app.app_context():
        assert db.session.get(Membership, anna) is None


def test_language_switch_remembers_english(client, team):
    client.login(team.resident)
    assert 'lang="nl"' in client.get("/c/utrecht/board").get_data(as_text=True)
    response = client.post("/language", {"language": "en", "next": "/c/utrecht/board"})
    assert response.status_code == 303 and response.location == "/c/utrecht/board"
    page = client.get("/c/utrecht/board").get_data(as_text=True)
    assert 'lang="en"' in page and "Exploring" not in page  # column names are data, kept as created
    assert "Only my cards" in page
    client.post("/language", {"language": "xx", "next": "https://evil.example/"})
    assert 'lang="en"' in client.get("/c/utrecht/board").get_data(as_text=True)
