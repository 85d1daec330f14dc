"""Coalition home, settings (work sites, partners, columns) and the admin's coalition page."""

import re

from board.extensions import db
from board.models import Column
from tests.conftest import steady_query_count
from tests.web.test_board import _fill_board


def test_home_shows_aim_partners_sites_members_and_recent_events(client, team, make_card):
    card = make_card("Buurtkamer")
    client.login(team.resident)
    client.post(
        f"/c/utrecht/initiatives/{card}/move", {"column_id": team.columns[2], "position": 0}
    )
    client.login(team.coordinator)
    client.post("/c/utrecht/organisations", {"name": "Dock", "kind": "welfare"})
    html = client.get("/c/utrecht/").get_data(as_text=True)
    assert "Samen sterker in de wijk." in html
    assert "Dock" in html and "welzijnsorganisatie" in html
    assert "Burennetwerk" in html
    assert "Anna de Vries" in html and "Bram Jansen" in html
    assert "Anna de Vries verplaatste &#39;Buurtkamer&#39; naar Uitvoeren" in html


def test_coordinator_manages_sites_and_the_board_columns(client, team, make_card, app):
    client.login(team.coordinator)
    assert client.post("/c/utrecht/sites", {"name": "Wijkinformatiepunt"}).status_code == 303
    assert client.post("/c/utrecht/sites", {"name": ""}).status_code == 422
    page = client.get("/c/utrecht/settings").get_data(as_text=True)
    site = re.search(r'id="site-(\d+)-name" name="name" value="Wijkinformatiepunt"', page).group(1)
    assert client.post(f"/c/utrecht/sites/{site}", {"name": "Infopunt"}).status_code == 303
    assert client.post(f"/c/utrecht/sites/{site}/archive").status_code == 303
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    assert "Infopunt" not in board

    first = team.columns[0]
    assert (
        client.post(f"/c/utrecht/columns/{first}", {"name": "Ideeën", "wip_limit": "2"}).status_code
        == 303
    )
    assert (
        client.post(
            f"/c/utrecht/columns/{first}", {"name": "Ideeën", "wip_limit": "-3"}
        ).status_code
        == 422
    )
    assert (
        client.post(f"/c/utrecht/columns/{first}/shift", {"direction": "right"}).status_code == 303
    )
    assert client.post("/c/utrecht/columns", {"name": "Wacht op gemeente"}).status_code == 303
    with app.app_context():
        names = [
            c.name
            for c in db.session.scalars(
                db.select(Column).where(Column.archived_at.is_(None)).order_by(Column.position)
            )
        ]
    assert names == ["Voorbereiden", "Ideeën", "Uitvoeren", "Afgerond", "Wacht op gemeente"]

    for n in range(3):
        make_card(f"Kaart {n}")
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    counter = re.search(rf'id="column-{first}-count".*?</span>\s*</span>', board, re.S).group(0)
    assert "3 / 2" in counter and "boven de limiet" in counter
    assert client.post(f"/c/utrecht/columns/{first}/archive").status_code == 422


def test_admin_creates_a_coalition_and_nobody_else_can(client, team, app):
    from board.auth.services import create_user

    with app.app_context():
        create_user("admin@test.nl", "Beheer", "samenwerken", is_admin=True)
        db.session.commit()
    client.login(team.coordinator)
    assert client.get("/admin/coalitions").status_code == 403
    client.login("admin@test.nl")
    response = client.post(
        "/admin/coalitions", {"name": "Apeldoorn Zuid", "slug": "", "site_kind": "actieteam"}
    )
    assert response.status_code == 303 and response.location == "/c/apeldoorn-zuid/members"
    response = client.post(
        "/admin/coalitions", {"name": "Dubbel", "slug": "apeldoorn-zuid", "site_kind": "x"}
    )
    assert response.status_code == 422
    assert (
        client.post("/admin/coalitions", {"name": "", "slug": "", "site_kind": ""}).status_code
        == 422
    )
    assert client.get("/c/apeldoorn-zuid/board").status_code == 200


def test_home_and_card_pages_have_a_fixed_query_count(client, team, app, make_card):
    client.login(team.resident)
    _fill_board(app, team, 5)
    card = make_card("Gemeten")
    home_small = steady_query_count(app, lambda: client.get("/c/utrecht/"))
    card_small = steady_query_count(app, lambda: client.get(f"/c/utrecht/initiatives/{card}"))
    _fill_board(app, team, 60)
    with app.app_context():
        from board.kanban import actions
        from board.models import Initiative

        coalition = db.session.merge(team.coalition)
        target = db.session.get(Initiative, card)
        for n in range(20):
            actions.add_checklist_item(
                coalition, db.session.merge(team.resident), target, f"Stap {n}"
            )
            actions.add_comment(coalition, db.session.merge(team.resident), target, f"Reactie {n}")
    home_big = steady_query_count(app, lambda: client.get("/c/utrecht/"))
    card_big = steady_query_count(app, lambda: client.get(f"/c/utrecht/initiatives/{card}"))
    assert home_small == home_big
    assert card_small == card_big


def test_removing_a_partner_asks_first(client, team, app):
    from board.models import Organisation

    client.login(team.coordinator)
    client.post("/c/utrecht/organisations", {"name": "Dock", "kind": "welfare"})
    with app.app_context():
        dock = db.session.scalar(db.select(Organisation.id).filter_by(name="Dock"))
    question = client.post(f"/c/utrecht/organisations/{dock}/remove")
    assert question.status_code == 200
    assert "Partner Dock verwijderen?" in question.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Organisation, dock) is not None
    client.login(team.resident)
    assert client.post(f"/c/utrecht/organisations/{dock}/remove").status_code == 403
    client.login(team.coordinator)
    done = client.post(f"/c/utrecht/organisations/{dock}/remove", {"confirm": "1"})
    assert done.status_code == 303
    with app.app_context():
        assert db.session.get(Organisation, dock) is None
