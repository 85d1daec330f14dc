"""What every request and answer passes through: NUL characters, sizes, redirects, headers,
an unreachable database."""

import re

import pytest
from sqlalchemy.exc import OperationalError

from board import create_app
from board.extensions import db
from board.models import Initiative
from board.security import SecurityHeaders
from tests.conftest import PASSWORD, BoardClient

# ---- NUL characters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/join/%00",
        "/reset/%00",
        "/calendar/abcdefghijklmnopqrstuvwxyz%00.ics",
        "/c/utrecht/board?q=a%00b",
        "/c/utrecht/ideas?status=open%00",
        "/login?next=/c/utrecht/%00",
    ],
)
def test_a_nul_in_an_address_is_a_bad_request(client, team, path):
    client.login(team.resident)
    assert client.get(path).status_code == 400


def test_a_nul_in_a_form_is_refused_with_a_message_and_changes_nothing(client, team, app):
    response = client.post("/login", {"email": "bewoner@utrecht.test\x00", "password": PASSWORD})
    assert response.status_code == 422
    assert "Dit formulier bevat een teken dat niet kan worden bewaard." in response.get_data(
        as_text=True
    )
    client.login(team.resident)
    response = client.post(
        "/c/utrecht/initiatives", {"column_id": team.columns[0], "title": "Koffie\x00"}
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Initiative.id))) == 0


# ---- sizes ----------------------------------------------------------------------------------


def test_a_huge_post_is_refused_before_it_is_read_and_never_echoed(client):
    response = client.post("/login", {"email": "x" * 400_000, "password": "y"})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert len(page) < 20_000 and "xxxxxxxxxx" not in page
    assert "Te veel tegelijk" in page


def test_a_refused_form_shows_what_was_typed_only_up_to_what_the_field_holds(
    client, team, make_card
):
    card = make_card()
    client.login(team.resident)
    response = client.post(f"/c/utrecht/initiatives/{card}", {"title": "t" * 5000, "version": 1})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "t" * 200 in page and "t" * 201 not in page


# ---- redirects ------------------------------------------------------------------------------

HOSTILE_NEXT = [
    "/\t/evil.example",
    "/%09/evil.example",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "/c/utrecht/\r\nSet-Cookie: x=1",
    "/\n/evil.example",
]


# Where each hostile target leads: the start page, except an escaped tab, which is a path of
# this site (a page that does not exist) and harmless.
LANDS_ON = {target: "/" for target in HOSTILE_NEXT} | {"/%09/evil.example": "/%09/evil.example"}


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_sends_anyone_to_another_site(client, team, target):
    response = client.post(
        "/login", {"email": team.resident.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 303
    assert response.location == LANDS_ON[target]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switch_never_sends_anyone_to_another_site(client, target):
    response = client.post("/language", {"language": "en", "next": target})
    assert response.status_code == 303
    assert response.location == LANDS_ON[target]


def test_the_language_switch_on_a_404_page_stays_on_this_site(client):
    page = client.get("/%09/evil.example")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert 'name="next"' in html
    response = client.post("/language", {"language": "en", "next": "/\t/evil.example?"})
    assert response.status_code == 303 and response.location == "/"


def test_support_sends_back_only_to_a_page_of_the_coalition(client, team):
    client.login(team.resident)
    idea = client.post("/c/utrecht/ideas", {"title": "Bankjes"}).location
    for target in HOSTILE_NEXT:
        response = client.post(f"{idea}/support", {"support": "1", "next": target})
        assert response.status_code == 303
        assert response.location == idea


# ---- headers --------------------------------------------------------------------------------


def test_every_answer_carries_the_security_headers_and_pages_are_not_stored(client, team):
    client.login(team.resident)
    for path in ("/login", "/c/utrecht/board", "/c/utrecht/members", "/nergens", "/healthz"):
        response = client.get(path)
        headers = response.headers
        assert "script-src 'self'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "camera=()" in headers["Permissions-Policy"]
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store", path
        assert "Strict-Transport-Security" not in headers  # plain HTTP in tests
    static = client.get("/static/css/app.css")
    assert static.headers["Cache-Control"] != "no-store"
    static.close()


def test_behind_https_browsers_are_told_to_stay_on_https(app):
    secure = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SESSION_COOKIE_SECURE": True,
        }
    )
    response = secure.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_an_error_made_outside_flask_carries_the_headers_too():
    def failing_app(environ, start_response):
        start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")])
        return [b"Internal Server Error"]

    seen = {}

    def start_response(status, headers, exc_info=None):
        seen.update(headers)

    SecurityHeaders(failing_app, https_only=False)({}, start_response)
    assert "Content-Security-Policy" in seen and seen["X-Frame-Options"] == "DENY"


# ---- an unreachable database ------------------------------------------------------------------


def _unreachable(*args, **kwargs):
    raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))


def test_while_the_database_is_away_pages_say_so_with_503(client, team, monkeypatch):
    client.login(team.resident)
    monkeypatch.setattr("board.permissions.coalition_access", _unreachable)
    monkeypatch.setattr("board.permissions.polled_access", _unreachable)
    response = client.get("/c/utrecht/board")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "Buurtbord kan zijn gegevens nu niet bereiken." in response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    poll = client.get("/c/utrecht/board/changes?since=0", htmx=True)
    assert poll.status_code == 503 and poll.headers["Retry-After"] == "5"


# ---- a ballot leaves the board as it is ---------------------------------------------------------


def test_a_ballot_does_not_move_the_board_version(client, team, app):
    client.login(team.coordinator)
    ideas = []
    for title in ("Bankjes", "Bloembakken"):
        client.post("/c/utrecht/ideas", {"title": title})
    with app.app_context():
        from board.models import Idea

        ideas = [idea.id for idea in db.session.scalars(db.select(Idea))]
    for idea in ideas:
        client.post(f"/c/utrecht/ideas/{idea}/status", {"action": "shortlist"})
    form = {
        "title": "Ronde",
        "dots_per_member": "3",
        "allow_stacking": "1",
        "opens_at": "2000-01-01T10:00",
        "closes_at": "2100-01-01T10:00",
        "idea_ids": [str(i) for i in ideas],
    }
    round_url = client.post("/c/utrecht/ideas/rounds", form).location
    watcher = BoardClient(app)
    watcher.login(team.professional)
    board = watcher.get("/c/utrecht/board").get_data(as_text=True)
    version = int(re.search(r'class="board"[^>]*data-version="(\d+)"', board, re.S).group(1))
    voter = BoardClient(app)
    voter.login(team.resident)
    response = voter.post(f"{round_url}/ballot", {f"dots-{ideas[0]}": "2", f"dots-{ideas[1]}": "1"})
    assert response.status_code == 303
    assert watcher.get(f"/c/utrecht/board/changes?since={version}").status_code == 204
