"""Accounts: whose password a coordinator may reset, sessions that end, the cost and limits of
logging in, and links that work once even when opened at the same moment."""

import os
import re

import pytest

import board.models.user as user_model
from board.auth.actions import create_user
from board.coalitions.actions import add_member
from board.extensions import db
from board.models import Event, Invite, Membership, PasswordReset, User
from tests.conftest import PASSWORD, BoardClient, attached, count_queries, together

on_postgres = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="concurrent writers need a database server (PostgreSQL run)",
)
# Pages are read in English (the lang cookie): the Dutch of new sentences comes with make messages.
NO_LONGER_WORKS = "This link no longer works. Ask a coordinator for a new link."


def in_english(client: BoardClient) -> BoardClient:
    """client, reading pages in English from now on."""
    client.raw.set_cookie("lang", "en")
    return client


def invite_link(app, coalition, role="member", side="resident") -> str:
    """The join path of a new invite of coalition, made by its coordinator over HTTP."""
    coordinator = BoardClient(app)
    coordinator.login(f"coordinator@{coalition.slug}.test")
    response = coordinator.post(f"/c/{coalition.slug}/invites", {"role": role, "side": side})
    assert response.status_code == 303
    page = coordinator.get(f"/c/{coalition.slug}/members").get_data(as_text=True)
    return re.findall(r'value="http://localhost(/join/[^"]+)"', page)[0]


def membership_id(app, user, coalition) -> int:
    """The id of user's membership of coalition."""
    with app.app_context():
        return db.session.scalar(
            db.select(Membership.id).where(
                Membership.user_id == user.id, Membership.coalition_id == coalition.id
            )
        )


def password_link(client, coalition, membership) -> str:
    """The reset path a logged-in coordinator (or admin) makes for a membership."""
    response = client.post(f"/c/{coalition.slug}/members/{membership}/reset")
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    return re.search(r'value="http://localhost(/reset/[^"]+)"', html).group(1)


def count(app, model) -> int:
    """How many rows of model are stored."""
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


# ---- links opened at the same moment ------------------------------------------------------------


@on_postgres
def test_six_people_opening_one_coordinator_invite_at_once_make_one_coordinator(app, team):
    link = invite_link(app, team.coalition, role="coordinator")
    users, memberships, events = count(app, User), count(app, Membership), count(app, Event)
    clients = [in_english(BoardClient(app)) for _ in range(6)]
    for person in clients:
        person.csrf_token()

    def join(number):
        """Person number makes an account through the invite."""
        response = clients[number].post(
            link,
            {
                "display_name": f"Nieuw {number}",
                "email": f"nieuw{number}@x.nl",
                "password": "lang genoeg",
            },
        )
        return response.status_code, response.get_data(as_text=True)

    answers = together(*(lambda number=number: join(number) for number in range(6)))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [303, 404, 404, 404, 404, 404]
    assert all(NO_LONGER_WORKS in html for status, html in answers if status == 404)
    assert count(app, User) == users + 1 and count(app, Membership) == memberships + 1
    assert count(app, Event) == events + 1  # one "joined"
    with app.app_context():
        assert db.session.scalar(db.select(Invite.uses)) == 1
        roles = db.session.scalars(db.select(Membership.role)).all()
    assert roles.count("coordinator") == 2  # the one who made the invite, and one new


@on_postgres
def test_a_password_link_opened_at_once_works_once(app, team):
    coordinator = BoardClient(app)
    coordinator.login(team.coordinator)
    link = password_link(
        coordinator, team.coalition, membership_id(app, team.resident, team.coalition)
    )
    clients = [BoardClient(app) for _ in range(4)]
    for person in clients:
        person.csrf_token()

    def choose(number):
        """Device number chooses password number through the link."""
        return clients[number].post(link, {"password": f"nieuw wachtwoord {number}"}).status_code

    statuses = together(*(lambda number=number: choose(number) for number in range(4)))
    assert sorted(statuses) == [303, 404, 404, 404]
    winner = statuses.index(303)
    for number in range(4):
        attempt = BoardClient(app).post(
            "/login", {"email": team.resident.email, "password": f"nieuw wachtwoord {number}"}
        )
        assert attempt.status_code == (303 if number == winner else 422)


# ---- whose password a coordinator may reset ----------------------------------------------------

ONLY_AN_ADMIN = (
    "also uses this account outside Utrecht Zuilen, so only an admin can make a password link. "
    "Ask an admin to make one."
)


def make_account(app, email, coalition=None, role="member", **flags) -> User:
    """An account (an admin or programme viewer with flags), a member of coalition if given."""
    with app.app_context():
        user = create_user(email, email.split("@")[0].title(), PASSWORD, **flags)
        if coalition is not None:
            add_member(attached(coalition), attached(user), role, "resident")
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def logged_in(client) -> bool:
    """Whether the client's cookies still open a page that needs a login."""
    response = client.get("/c/utrecht/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_coordinator_cannot_take_over_the_account_of_a_coordinator_elsewhere(app, team, world):
    """The reproduction: coordinator@voorst joins Utrecht through a member invite; Utrecht's
    coordinator asks for a password link for that membership and is refused, saying why."""
    world.coalition("voorst", "Voorst", sites=())
    visitor = BoardClient(app)
    visitor.login("coordinator@voorst.test")
    assert visitor.post(invite_link(app, team.coalition)).status_code == 303
    with app.app_context():
        voorst_coordinator = db.session.scalar(
            db.select(User).where(User.email == "coordinator@voorst.test")
        )
    membership = membership_id(app, voorst_coordinator, team.coalition)

    utrecht = in_english(BoardClient(app))
    utrecht.login(team.coordinator)
    response = utrecht.post(f"/c/utrecht/members/{membership}/reset")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"{voorst_coordinator.display_name} {ONLY_AN_ADMIN}" in html
    assert "/reset/" not in html.split("member-list", 1)[0]  # no link to copy
    assert count(app, PasswordReset) == 0
    # Nothing changed for the person: they still log in with their own password.
    assert BoardClient(app).login("coordinator@voorst.test").status_code == 303


@pytest.mark.parametrize("flag", ["is_admin", "is_programme_viewer"])
def test_no_password_link_from_a_coordinator_for_an_admin_or_programme_viewer(
    app, team, client, flag
):
    person = make_account(app, "breed@x.nl", team.coalition, **{flag: True})
    in_english(client).login(team.coordinator)
    response = client.post(f"/c/utrecht/members/{membership_id(app, person, team.coalition)}/reset")
    assert response.status_code == 422
    assert ONLY_AN_ADMIN in response.get_data(as_text=True)
    assert count(app, PasswordReset) == 0


def test_a_coordinator_still_makes_links_for_their_own_members_and_an_admin_for_anyone(
    app, team, world
):
    world.coalition("voorst", "Voorst", sites=())
    visitor = BoardClient(app)
    visitor.login("coordinator@voorst.test")
    assert visitor.post(invite_link(app, team.coalition)).status_code == 303
    coordinator = BoardClient(app)
    coordinator.login(team.coordinator)
    assert password_link(
        coordinator, team.coalition, membership_id(app, team.resident, team.coalition)
    ).startswith("/reset/")

    admin = make_account(app, "admin@x.nl", is_admin=True)
    by_admin = BoardClient(app)
    by_admin.login(admin)
    with app.app_context():
        voorst_coordinator = db.session.scalar(
            db.select(User).where(User.email == "coordinator@voorst.test")
        )
    link = password_link(
        by_admin, team.coalition, membership_id(app, voorst_coordinator, team.coalition)
    )
    assert BoardClient(app).post(link, {"password": "nieuw wachtwoord"}).status_code == 303
    assert BoardClient(app).login("coordinator@voorst.test", "nieuw wachtwoord").status_code == 303


def test_a_password_link_stops_working_once_the_account_is_used_elsewhere(app, team, world):
    coordinator = BoardClient(app)
    coordinator.login(team.coordinator)
    link = password_link(
        coordinator, team.coalition, membership_id(app, team.resident, team.coalition)
    )
    voorst = world.coalition("voorst", "Voorst", sites=())
    resident = BoardClient(app)
    resident.login(team.resident)
    assert resident.post(invite_link(app, voorst, role="coordinator")).status_code == 303

    holder = in_english(BoardClient(app))
    for response in (holder.get(link), holder.post(link, {"password": "overgenomen!"})):
        assert response.status_code == 404
        assert NO_LONGER_WORKS in response.get_data(as_text=True)
    assert BoardClient(app).login(team.resident).status_code == 303  # the old password stays


def test_a_password_link_stops_working_when_its_maker_is_no_longer_coordinator(app, team, world):
    second = world.person(team.coalition, role="coordinator", email="tweede@utrecht.test")
    maker = BoardClient(app)
    maker.login(second)
    link = password_link(maker, team.coalition, membership_id(app, team.resident, team.coalition))
    coordinator = BoardClient(app)
    coordinator.login(team.coordinator)
    demoted = coordinator.post(
        f"/c/utrecht/members/{membership_id(app, second, team.coalition)}",
        {"role": "member", "side": "resident"},
    )
    assert demoted.status_code == 303
    assert BoardClient(app).get(link).status_code == 404
    assert BoardClient(app).post(link, {"password": "overgenomen!"}).status_code == 404


def test_a_password_link_stops_working_when_the_person_left_the_coalition(app, team):
    coordinator = BoardClient(app)
    coordinator.login(team.coordinator)
    membership = membership_id(app, team.resident, team.coalition)
    link = password_link(coordinator, team.coalition, membership)
    removed = coordinator.post(f"/c/utrecht/members/{membership}/remove", {"confirm": "1"})
    assert removed.status_code == 303
    assert BoardClient(app).post(link, {"password": "overgenomen!"}).status_code == 404


# ---- sessions end at logout and at a new password ----------------------------------------------


def copy_of(app, client, *names) -> BoardClient:
    """A new client (another device) holding copies of client's cookies with these names."""
    device = BoardClient(app)
    for name in names:
        device.raw.set_cookie(name, client.raw.get_cookie(name).value)
    return device


def test_a_copied_session_cookie_stops_working_after_logout(app, client, team):
    client.login(team.resident)
    copied = copy_of(app, client, "session")
    assert logged_in(copied)
    assert client.post("/logout").status_code == 303
    assert not logged_in(client)
    assert not logged_in(copy_of(app, copied, "session"))


def test_a_remember_cookie_stops_working_after_logout(app, client, team):
    response = client.post(
        "/login", {"email": team.resident.email, "password": PASSWORD, "remember": "1"}
    )
    assert response.status_code == 303
    remembered = copy_of(app, client, "remember_token")
    assert logged_in(remembered)
    client.post("/logout")
    assert not logged_in(copy_of(app, remembered, "remember_token"))
    # Logging in again makes a new remember cookie, which works.
    client.post("/login", {"email": team.resident.email, "password": PASSWORD, "remember": "1"})
    assert logged_in(copy_of(app, client, "remember_token"))


def test_a_new_password_ends_every_other_session_and_keeps_the_device_that_chose_it(app, team):
    laptop = BoardClient(app)
    laptop.post("/login", {"email": team.resident.email, "password": PASSWORD, "remember": "1"})
    phone = BoardClient(app)
    phone.login(team.resident)
    remembered = copy_of(app, laptop, "remember_token")
    coordinator = BoardClient(app)
    coordinator.login(team.coordinator)
    link = password_link(
        coordinator, team.coalition, membership_id(app, team.resident, team.coalition)
    )

    new_device = BoardClient(app)
    assert new_device.post(link, {"password": "nieuw wachtwoord"}).status_code == 303
    assert logged_in(new_device)
    assert not logged_in(laptop) and not logged_in(phone) and not logged_in(remembered)
    assert logged_in(new_device)


def test_a_poll_with_an_ended_session_answers_401(app, client, team):
    client.login(team.resident)
    copied = copy_of(app, client, "session")
    assert copied.get("/c/utrecht/board/changes?since=0", htmx=True).status_code == 200
    client.post("/logout")
    assert copied.get("/c/utrecht/board/changes?since=0", htmx=True).status_code == 401
    assert client.get("/c/utrecht/board/changes?since=0", htmx=True).status_code == 401


def test_a_poll_of_a_coalition_that_does_not_exist_is_404(app, client, team):
    client.login(team.resident)
    assert client.get("/c/nergens/board/changes?since=0", htmx=True).status_code == 404
    # An address no coalition can have (capitals, an underscore) is not looked up at all.
    for slug in ("Utrecht", "wijk_zuid"):
        with count_queries(app) as seen:
            answer = client.get(f"/c/{slug}/board/changes?since=0", htmx=True)
        assert (answer.status_code, seen[0]) == (404, 0), slug


# ---- the cost and the limits of logging in -----------------------------------------------------


@pytest.fixture
def hash_checks(monkeypatch) -> list:
    """The stored hashes the app checks a password against, as it checks them."""
    checked = []
    check = user_model.check_password_hash

    def counting(stored, password):
        checked.append(stored.split("$", 1)[0])
        return check(stored, password)

    monkeypatch.setattr(user_model, "check_password_hash", counting)
    return checked


def test_an_unknown_address_costs_one_password_check_like_a_known_one(client, team, hash_checks):
    for email in (team.resident.email, "niemand@utrecht.test"):
        hash_checks.clear()
        response = client.post("/login", {"email": email, "password": "geheim-fout"})
        assert response.status_code == 422
        assert hash_checks == ["pbkdf2:sha256:1"]  # the method of the tests' hashes


def test_a_hash_made_with_other_parameters_is_made_again_at_the_next_login(
    app, client, team, monkeypatch, hash_checks
):
    def stored_method():
        with app.app_context():
            stored = db.session.get(User, team.resident.id).password_hash
        return stored.split("$", 1)[0]

    monkeypatch.setattr(user_model, "PASSWORD_METHOD", "pbkdf2:sha256:2", raising=False)
    wrong = client.post("/login", {"email": team.resident.email, "password": "geheim-fout"})
    assert wrong.status_code == 422 and stored_method() == "pbkdf2:sha256:1"  # refused: kept
    client.login(team.resident)
    assert stored_method() == "pbkdf2:sha256:2"
    client.post("/logout")
    hash_checks.clear()
    client.login(team.resident)  # the new hash holds the same password
    assert hash_checks == ["pbkdf2:sha256:2"] and stored_method() == "pbkdf2:sha256:2"


def attempt(app, address: str, email: str) -> int:
    """The status of a failed login for email from a device at address."""
    device = BoardClient(app)
    device.raw.environ_base["REMOTE_ADDR"] = address
    return device.post("/login", {"email": email, "password": "geheim-fout"}).status_code


@pytest.mark.parametrize(
    "network,other_network",
    [
        (["203.0.113.4", "203.0.113.77", "203.0.113.200", "203.0.113.9"], "203.0.114.4"),
        (
            ["2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:2::abcd", "2001:db8:1:2::5"],
            "2001:db8:1:3::1",
        ),
    ],
)
def test_failed_logins_for_one_address_count_per_network(
    app, team, monkeypatch, network, other_network
):
    monkeypatch.setitem(app.config, "LOGIN_NETWORK_RATE_LIMIT", "3 per minute")
    email = team.resident.email
    assert [attempt(app, address, email) for address in network] == [422, 422, 422, 429]
    assert attempt(app, other_network, email) == 422
    assert attempt(app, network[1], "ander@utrecht.test") == 422


def test_failed_logins_from_one_device_count_over_every_address(app, team, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_DEVICE_RATE_LIMIT", "3 per minute")
    statuses = [attempt(app, "198.51.100.7", f"iemand{n}@x.nl") for n in range(4)]
    assert statuses == [422, 422, 422, 429]
    assert attempt(app, "198.51.100.8", "iemand9@x.nl") == 422
