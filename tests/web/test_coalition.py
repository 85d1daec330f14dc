"""Coalition home, settings (work sites, partners, columns) and the admin's coalition page."""

import re

from board.extensions import db
from board.models import Column, WorkSite
from tests.conftest import attached, steady_query_count
from tests.web.test_board import _fill_board
from tests.web.test_people import field_errors


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
    assert "Anna de Vries verplaatste ‘Buurtkamer’ naar Uitvoeren" in html


def test_coordinator_manages_sites_and_the_board_columns(client, team, make_card, app):
    client.login(team.coordinator)
    assert client.post("/c/utrecht/sites", {"name": "Wijkinformatiepunt"}).status_code == 303
    assert client.post("/c/utrecht/sites", {"name": ""}).status_code == 422
    page = client.get("/c/utrecht/settings").get_data(as_text=True)
    site = re.search(
        r'id="worksite-(\d+)-name" name="name"[^>]*value="Wijkinformatiepunt"', page
    ).group(1)
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
    from board.auth.actions import create_user

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
    # Without a coordinator yet, the invite offers to invite one.
    members = client.get(response.location).get_data(as_text=True)
    assert re.search(r'<option value="coordinator" selected>', members)
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

        coalition = attached(team.coalition)
        target = db.session.get(Initiative, card)
        for n in range(20):
            actions.add_checklist_item(coalition, attached(team.resident), target, f"Stap {n}")
            actions.add_comment(coalition, attached(team.resident), target, f"Reactie {n}")
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


def test_settings_show_a_refused_form_at_its_own_fields_with_what_was_typed(
    client, team, make_card, app
):
    client.login(team.coordinator)
    with app.app_context():
        site = db.session.scalar(db.select(WorkSite.id).filter_by(name="Burennetwerk"))
    first = team.columns[0]

    response = client.post(f"/c/utrecht/sites/{site}", {"name": "  "})
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True)) == {
        f"worksite-{site}-name": "Vul dit veld in."
    }
    response = client.post("/c/utrecht/sites", {"name": ""})
    assert field_errors(response.get_data(as_text=True)) == {"new-site-name": "Vul dit veld in."}

    response = client.post(f"/c/utrecht/columns/{first}", {"name": "Ideeën", "wip_limit": "-3"})
    html = response.get_data(as_text=True)
    assert field_errors(html) == {
        f"column-{first}-wip": "Vul een getal van 1 tot en met 999 in, of laat het leeg."
    }
    assert (
        f'id="column-{first}-name" name="name" maxlength="60" required="required" value="Ideeën"'
        in html
    )

    response = client.post("/c/utrecht/columns", {"name": "", "wip_limit": "0"})
    assert field_errors(response.get_data(as_text=True)) == {
        "new-column-name": "Vul dit veld in.",
        "new-column-wip": "Vul een getal van 1 tot en met 999 in, of laat het leeg.",
    }
    response = client.post("/c/utrecht/organisations", {"name": "", "kind": "club"})
    assert field_errors(response.get_data(as_text=True)) == {
        "new-organisation-name": "Vul dit veld in.",
        "new-organisation-kind": "Kies wat voor organisatie het is.",
    }

    make_card("Houdt de kolom bezet")
    response = client.post(f"/c/utrecht/columns/{first}/archive")
    assert response.status_code == 422
    row = re.search(rf'<li id="column-{first}".*?</li>', response.get_data(as_text=True), re.S)
    assert 'role="alert"' in row.group(0) and "Verplaats of archiveer eerst" in row.group(0)


def test_the_admin_form_shows_every_problem_at_its_field(client, app):
    from board.auth.actions import create_user

    with app.app_context():
        create_user("admin@test.nl", "Beheer", "samenwerken", is_admin=True)
    client.login("admin@test.nl")
    response = client.post(
        "/admin/coalitions",
        {"name": "", "slug": "Geen Adres", "site_kind": "x" * 41, "aim": "Doel"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_errors(html) == {
        "coalition-name": "Vul dit veld in.",
        "coalition-slug": "Gebruik kleine letters, cijfers en streepjes, bijvoorbeeld "
        "‘utrecht-zuilen’.",
        "coalition-site_kind": "Dit mag maximaal 40 tekens hebben.",
    }
    assert 'value="Geen Adres"' in html and ">Doel</textarea>" in html
    page = client.get("/admin/coalitions").get_data(as_text=True)
    assert re.search(r'name="site_kind"[^>]*value="werkplaats"', page)


def test_commands_create_an_admin_and_a_coalition(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "beheer@test.nl", "--name", "Beheer", "--password", "lang genoeg"]
    )
    assert result.exit_code == 0, result.output
    assert "Admin beheer@test.nl created." in result.output
    again = runner.invoke(args=["create-admin", "beheer@test.nl", "--password", "lang genoeg"])
    assert again.exit_code != 0 and "already has an account" in again.output
    short = runner.invoke(args=["create-admin", "ander@test.nl", "--password", "kort"])
    assert short.exit_code != 0

    result = runner.invoke(args=["create-coalition", "apeldoorn-zuid", "Apeldoorn Zuid"])
    assert result.exit_code == 0, result.output
    assert "Created Apeldoorn Zuid at /c/apeldoorn-zuid/" in result.output
    taken = runner.invoke(args=["create-coalition", "apeldoorn-zuid", "Nog een"])
    assert taken.exit_code != 0

    client.login("beheer@test.nl", "lang genoeg")
    assert client.get("/c/apeldoorn-zuid/board").status_code == 200


def test_a_long_work_site_name_gets_a_slug_that_fits_even_twice(client, team, app):
    """A name of 120 characters slugs to 120 characters; the second one with that name needed
    a number behind it and outgrew its column (a 500 on PostgreSQL)."""
    client.login(team.coordinator)
    name = "Ontmoetingsplekken " * 6 + "Zuilen"
    name = name[:120]
    for _ in range(2):
        assert client.post("/c/utrecht/sites", {"name": name}).status_code == 303
    with app.app_context():
        slugs = db.session.scalars(
            db.select(WorkSite.slug).where(WorkSite.name == name).order_by(WorkSite.id)
        ).all()
    assert len(slugs) == 2 and len(set(slugs)) == 2
    assert all(len(slug) <= 120 for slug in slugs)
    board = client.get(f"/c/utrecht/board?site={slugs[1]}")
    assert board.status_code == 200


def test_shifting_an_archived_column_changes_nothing_and_is_no_500(client, team, app):
    """An archived column is not among the columns it could swap with (a StopIteration)."""
    client.login(team.coordinator)
    last = team.columns[3]
    assert client.post(f"/c/utrecht/columns/{last}/archive").status_code == 303
    with app.app_context():
        before = dict(db.session.execute(db.select(Column.id, Column.position)).all())
    for direction in ("left", "right"):
        response = client.post(f"/c/utrecht/columns/{last}/shift", {"direction": direction})
        assert response.status_code == 303
    with app.app_context():
        assert dict(db.session.execute(db.select(Column.id, Column.position)).all()) == before


def test_the_first_column_is_not_offered_to_the_left_nor_the_last_to_the_right(client, team):
    client.login(team.coordinator)
    html = client.get("/c/utrecht/settings").get_data(as_text=True)
    first, last = team.columns[0], team.columns[-1]

    def moves(column_id):
        row = re.search(rf'<li id="column-{column_id}".*?</li>', html, re.S).group(0)
        return [m for m in ("Naar links", "Naar rechts") if m in row]

    assert moves(first) == ["Naar rechts"]
    assert moves(last) == ["Naar links"]
    assert moves(team.columns[1]) == ["Naar links", "Naar rechts"]


def test_a_new_coalition_explains_each_page_and_offers_its_first_action(client, team):
    client.login(team.coordinator)
    board = client.get("/c/utrecht/board").get_data(as_text=True)
    assert "Het bord is nog leeg." in board and "Typ de eerste onder een kolom" in board
    ideas = client.get("/c/utrecht/ideas").get_data(as_text=True)
    assert "Een idee is iets wat bewoners" in ideas and "Stel het eerste idee voor" in ideas
    agenda = client.get("/c/utrecht/activities").get_data(as_text=True)
    assert "Overleg, trainingen, buurtactiviteiten" in agenda and "Plan een activiteit" in agenda


def test_a_settings_change_is_confirmed_next_to_what_changed(client, team, app):
    client.login(team.coordinator)
    with app.app_context():
        site = db.session.scalar(db.select(WorkSite.id).filter_by(name="Burennetwerk"))
    response = client.post(f"/c/utrecht/sites/{site}", {"name": "Burenhulp"})
    assert response.status_code == 303 and response.location.endswith(f"#worksite-{site}")
    html = client.get(response.location).get_data(as_text=True)
    row = re.search(rf'<li id="worksite-{site}".*?</li>', html, re.S).group(0)
    assert 'class="saved" role="status"' in row
    assert 'class="flashes"' not in html  # said there, not at the top the page scrolled away from
