"""The start page: a member's own coalitions (straight into the one they have); programme
viewers and admins also find every coalition there, 25 to a page and by name, at a cost that
does not grow with their number; the admin's list of coalitions the same."""

import re

import pytest

from board.auth.actions import create_user
from board.coalitions.actions import create_coalition
from board.extensions import db
from tests.conftest import PASSWORD, steady_query_count


@pytest.fixture
def viewers(app):
    """A programme viewer and an admin, members of nothing."""
    with app.app_context():
        create_user("kijker@programma.test", "Kijker", PASSWORD, is_programme_viewer=True)
        create_user("beheer@programma.test", "Beheer", PASSWORD, is_admin=True)
        db.session.commit()
    return {"viewer": "kijker@programma.test", "admin": "beheer@programma.test"}


def add_coalitions(app, count: int, start: int = 0, name="Wijkteam"):
    with app.app_context():
        for number in range(start, start + count):
            create_coalition(f"wijk-{number:03d}", f"{name} {number:03d}", "", "werkplaats")


def names(page: str) -> list[str]:
    return re.findall(r'<li><a href="/c/[^"]+/">([^<]+)</a>', page)


@pytest.mark.parametrize(
    "who, path", [("viewer", "/"), ("admin", "/"), ("admin", "/admin/coalitions")]
)
def test_every_coalition_a_page_at_a_time_and_by_name(client, app, viewers, who, path):
    add_coalitions(app, 30)
    add_coalitions(app, 2, 30, name="Buurtkracht")
    client.login(viewers[who])
    first = client.get(path).get_data(as_text=True)
    assert len(names(first)) == 25 and names(first)[0] == "Buurtkracht 030"
    # The whole list is not counted (that would read every coalition): "Pagina 1", and on.
    assert "<span>Pagina 1</span>" in first and "?page=1" in first and "Vorige" not in first
    second = client.get(f"{path}?page=1").get_data(as_text=True)
    assert len(names(second)) == 7 and "<span>Pagina 2</span>" in second
    assert "Vorige" in second and "Volgende" not in second
    assert not set(names(first)) & set(names(second))
    past = client.get(f"{path}?page=40").get_data(as_text=True)
    assert names(past) == names(second) and "<span>Pagina 2</span>" in past

    found = client.get(f"{path}?q=buurtKRACHT").get_data(as_text=True)
    assert names(found) == ["Buurtkracht 030", "Buurtkracht 031"]
    assert "2 coalities gevonden voor „buurtKRACHT”." in found and "Pagina" not in found
    # A search counts what it finds, and its pages.
    many = client.get(f"{path}?q=wijkteam").get_data(as_text=True)
    assert "30 coalities gevonden" in many and "Pagina 1 van 2" in many
    last = client.get(f"{path}?q=wijkteam&page=9").get_data(as_text=True)
    assert len(names(last)) == 5 and "Pagina 2 van 2" in last and "Volgende" not in last
    nothing = client.get(f"{path}?q=%25_%5C").get_data(as_text=True)
    assert names(nothing) == [] and "Geen coalitie gevonden." in nothing


@pytest.mark.parametrize(
    "query", ["page=-1", "page=x", "page=99999999999", "page=400", "q=" + "a" * 5000, "q=%00"]
)
def test_whatever_is_asked_the_list_answers_without_failing(client, app, viewers, query):
    add_coalitions(app, 3)
    client.login(viewers["admin"])
    for path in ("/", "/admin/coalitions"):
        answer = client.get(f"{path}?{query}")
        assert answer.status_code in (200, 400), (path, query, answer.status_code)


def test_the_start_page_costs_the_same_with_5_and_60_coalitions(client, app, viewers):
    add_coalitions(app, 5)
    client.login(viewers["viewer"])
    few = steady_query_count(app, lambda: client.get("/"))
    add_coalitions(app, 55, 5)
    many = steady_query_count(app, lambda: client.get("/"))
    assert few == many
    assert len(names(client.get("/").get_data(as_text=True))) == 25


def test_a_member_with_one_coalition_goes_straight_to_it(client, team):
    client.login(team.resident)
    answer = client.get("/")
    assert answer.status_code == 302 and answer.location.endswith("/c/utrecht/")
    assert client.get("/?page=3").status_code == 302
