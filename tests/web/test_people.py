"""Invites, joining, password links and the language switch."""

import os
import re
import threading
from datetime import timedelta
from urllib.parse import quote, unquote

import pytest
from sqlalchemy import event

from board.clock import now
from board.extensions import db
from board.models import Invite, Membership, User
from tests.conftest import BoardClient


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


def test_an_invite_is_shared_by_whatsapp_or_a_qr_code(client, team):
    make_invite(client, team)
    client.login(team.coordinator)
    page = client.get("/c/utrecht/members").get_data(as_text=True)
    link = re.findall(r'value="(http://localhost/join/[^"]+)"', page)[0]
    share = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', page).group(1)
    assert quote(link, safe="") in share and "Doe%20mee%20op%20Buurtbord" in share
    qr = re.search(
        r'<img src="(data:image/svg\+xml[^"]+)" alt="QR-code van de uitnodigingslink"', page
    )
    assert qr and "svg" in unquote(qr.group(1))


def test_invite_link_lets_a_new_person_join_with_role_and_side(client, team, app):
    link = make_invite(client, team, role="facilitator", side="professional")
    page = client.get(link)
    assert page.status_code == 200
    joining = page.get_data(as_text=True)
    assert "Utrecht Zuilen" in joining
    assert f"{team.coordinator.display_name} nodigt je uit." in joining  # who invites
    response = client.post(
        link,
        {
            "display_name": "Fatima El Amrani",
            "email": "Fatima@Example.nl",
            "password": "lang genoeg",
        },
    )
    assert response.status_code == 303
    assert response.location == "/c/utrecht/?welcome=1"
    welcome = client.get(response.location).get_data(as_text=True)
    assert "Welkom! Hier begin je" in welcome and 'href="/calendar"' in welcome
    assert "Welkom! Hier begin je" not in client.get("/c/utrecht/").get_data(as_text=True)
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
        invite.expires_at = now() - timedelta(minutes=1)
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

    # With another coordinator, giving it up yourself is asked first, then done.
    bram = ids["Bram Jansen"]
    made = client.post(
        f"/c/utrecht/members/{bram}", {"role": "coordinator", "side": "professional"}
    )
    assert made.status_code == 303
    asked = client.post(f"/c/utrecht/members/{me}", {"role": "member", "side": "resident"})
    assert asked.status_code == 200
    question = asked.get_data(as_text=True)
    assert "Geen coördinator meer zijn van Utrecht Zuilen?" in question
    assert 'name="role" value="member"' in question and 'name="confirm" value="1"' in question
    with app.app_context():
        assert db.session.get(Membership, me).role == "coordinator"
    done = client.post(
        f"/c/utrecht/members/{me}", {"role": "member", "side": "resident", "confirm": "1"}
    )
    assert done.status_code == 303
    with app.app_context():
        assert db.session.get(Membership, me).role == "member"


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


# ---- errors at their fields --------------------------------------------------------------------


def field_errors(html: str) -> dict[str, str]:
    """The page's field errors by the id of the control they belong to."""
    return dict(re.findall(r'<p class="field-error" id="([^"]+)-error">([^<]+)</p>', html))


def test_a_refused_member_change_shows_at_that_members_fields_only(client, team, app):
    client.login(team.coordinator)
    with app.app_context():
        anna, me = (
            db.session.scalar(db.select(Membership.id).where(Membership.user_id == user.id))
            for user in (team.resident, team.coordinator)
        )
    response = client.post(f"/c/utrecht/members/{anna}", {"role": "boss", "side": "nowhere"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_errors(html) == {
        f"membership-{anna}-role": "Kies een rol.",
        f"membership-{anna}-side": "Kies: bewoner of professional.",
    }
    assert f'id="membership-{anna}-role" name="role" aria-describedby=' in html
    assert 'aria-invalid="true"' in html

    refused = client.post(f"/c/utrecht/members/{me}", {"role": "member", "side": "resident"})
    assert refused.status_code == 422
    assert field_errors(refused.get_data(as_text=True)) == {
        f"membership-{me}-role": "Een coalitie heeft minstens één coördinator nodig."
    }
    removal = client.post(f"/c/utrecht/members/{me}/remove", {"confirm": "1"})
    assert field_errors(removal.get_data(as_text=True)) == {
        f"membership-{me}-role": "Een coalitie heeft minstens één coördinator nodig."
    }


def test_a_refused_invite_shows_at_the_invite_fields_with_what_was_typed(client, team):
    client.login(team.coordinator)
    response = client.post("/c/utrecht/invites", {"role": "boss", "side": "", "note": "Buurtkamer"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_errors(html) == {
        "invite-role": "Kies een rol.",
        "invite-side": "Kies: bewoner of professional.",
    }
    assert 'id="invite-note" name="note" maxlength="120" value="Buurtkamer"' in html


def test_login_join_and_reset_forms_say_what_is_missing_at_the_field(client, team):
    response = client.post("/login", {"email": " ", "password": ""})
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True)) == {
        "email": "Vul je e-mailadres in.",
        "password": "Vul je wachtwoord in.",
    }
    wrong = client.post("/login", {"email": team.resident.email, "password": "geheim-fout"})
    html = wrong.get_data(as_text=True)
    assert f'value="{team.resident.email}"' in html and "geheim-fout" not in html
    assert 'name="next" value="/c/utrecht/archive"' in client.get(
        "/login?next=/c/utrecht/archive"
    ).get_data(as_text=True)

    link = make_invite(client, team)
    response = client.post(link, {"display_name": "Fatima", "email": "f@x.nl", "password": "kort"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_errors(html) == {"password": "Kies een wachtwoord van minstens 8 tekens."}
    assert 'value="Fatima"' in html and 'value="f@x.nl"' in html and "kort" not in html

    client.login(team.coordinator)
    page = client.get("/c/utrecht/members").get_data(as_text=True)
    membership_id = re.search(r'id="membership-(\d+)".*?Anna de Vries', page, re.S).group(1)
    reset = client.post(f"/c/utrecht/members/{membership_id}/reset").get_data(as_text=True)
    reset_link = re.search(r'value="http://localhost(/reset/[^"]+)"', reset).group(1)
    client.post("/logout")
    response = client.post(reset_link, {"password": ""})
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True)) == {
        "password": "Kies een wachtwoord van minstens 8 tekens."
    }


# ---- two coordinators at once ------------------------------------------------------------------

ACTIONS = {
    "demote": lambda membership: (
        f"/c/utrecht/members/{membership}",
        {"role": "member", "side": "resident"},
    ),
    "remove": lambda membership: (f"/c/utrecht/members/{membership}/remove", {"confirm": "1"}),
}


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="concurrent writers need a database server (PostgreSQL run)",
)
@pytest.mark.parametrize(
    "first,second", [("demote", "demote"), ("remove", "remove"), ("demote", "remove")]
)
def test_two_coordinators_stepping_each_other_down_at_once_leave_one(
    app, world, team, first, second
):
    """Each of the two coordinators demotes or removes the other at the same moment: one of
    them wins, the other is told the coalition needs a coordinator, and one always remains."""
    other = world.person(team.coalition, role="coordinator", email="tweede@utrecht.test")
    with app.app_context():
        membership_of = {
            user.id: db.session.scalar(
                db.select(Membership.id).where(Membership.user_id == user.id)
            )
            for user in (team.coordinator, other)
        }
    requests = [
        (team.coordinator, ACTIONS[first](membership_of[other.id])),
        (other, ACTIONS[second](membership_of[team.coordinator.id])),
    ]
    clients = []
    for person, _ in requests:
        person_client = BoardClient(app)
        person_client.login(person)
        clients.append(person_client)

    # Both requests reach the coalition's change lock before either takes it: the worst moment.
    at_the_lock = threading.Barrier(len(requests), timeout=20)
    racing, waited = set(), set()

    def before_cursor_execute(conn, cursor, statement, *args):
        me = threading.get_ident()
        if me in racing and me not in waited and statement.startswith("UPDATE coalitions SET"):
            waited.add(me)
            at_the_lock.wait()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    outcome, failures = {}, []

    def post(index):
        racing.add(threading.get_ident())
        url, data = requests[index][1]
        try:
            response = clients[index].post(url, data)
            outcome[index] = (response.status_code, response.get_data(as_text=True))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(repr(error))

    threads = [threading.Thread(target=post, args=(n,)) for n in range(len(requests))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)

    assert failures == []
    assert sorted(status for status, _ in outcome.values()) == [303, 422]
    refused = next(html for status, html in outcome.values() if status == 422)
    assert "Een coalitie heeft minstens één coördinator nodig." in refused
    with app.app_context():
        coordinators = db.session.scalar(
            db.select(db.func.count(Membership.id)).where(Membership.role == "coordinator")
        )
    assert coordinators == 1
