"""Every filter of every list, in every combination, with and without htmx: the page answers
200 and shows exactly what the filters let through (the ideas status filter was a 500)."""

import itertools
import re

import pytest

from board.extensions import db
from board.models import Idea, WorkSite
from tests.conftest import BoardClient

STATUSES = ("", "open", "shortlisted", "chosen", "not_chosen", "initiative", "verzonnen")


def _titles(html: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, html))


def _site_slugs(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(db.select(WorkSite.name, WorkSite.slug)).all())


def _make_cards(client, team, app):
    """Three cards: one at Burennetwerk led by the resident, one without a site, one at the
    second site; returns {title: (site name or None, led by the resident)}."""
    client.login(team.coordinator)
    client.post("/c/utrecht/sites", {"name": "Wijkinformatiepunt"})
    sites = _site_slugs(app)
    with app.app_context():
        site_ids = dict(db.session.execute(db.select(WorkSite.name, WorkSite.id)).all())
    cards = {
        "Koffie 50%": ("Burennetwerk", True),
        "Buurtkamer": (None, False),
        "Wandelen": ("Wijkinformatiepunt", False),
    }
    for title, (site, led) in cards.items():
        created = client.post(
            "/c/utrecht/initiatives", {"column_id": team.columns[0], "title": title}
        )
        assert created.status_code == 303
        card = int(created.location.rsplit("-", 1)[1])
        form = {"title": title, "version": 1}
        if site:
            form["work_site_id"] = site_ids[site]
        if led:
            form["resident_lead_id"] = team.resident.id
        assert client.post(f"/c/utrecht/initiatives/{card}", form).status_code == 303
    return cards, sites


def test_every_combination_of_the_board_filters(client, team, app):
    cards, sites = _make_cards(client, team, app)
    client.login(team.resident)
    for site, mine, text, htmx in itertools.product(
        ("", "Burennetwerk", "onbekend"), ("", "1"), ("", "50%", "buurt", "<b>"), (False, True)
    ):
        args = {"site": sites.get(site, site), "mine": mine, "q": text}
        query = "&".join(f"{k}={v}" for k, v in args.items() if v).replace("%", "%25")
        response = client.get(f"/c/utrecht/board?{query}", htmx=htmx)
        assert response.status_code == 200, query
        html = response.get_data(as_text=True)
        assert ("<html" in html) is not htmx, query
        expected = {
            title
            for title, (card_site, led) in cards.items()
            if (site in ("", "onbekend") or card_site == site)
            and (not mine or led)
            and (not text or text.lower() in title.lower())
        }
        shown = _titles(html, r'<h3 class="card__title">\s*<a href="[^"]+">([^<]+)</a>')
        assert shown == expected, (query, shown)
        column = f"/c/utrecht/board/columns/{team.columns[0]}?{query}"
        assert client.get(column, htmx=htmx).status_code == 200, column


def _make_ideas(client, team, app) -> dict[str, tuple]:
    """Ideas in every status the list shows, two of them at a work site; {title: (status,
    site)}."""
    client.login(team.coordinator)
    with app.app_context():
        site_id = db.session.scalar(db.select(WorkSite.id).where(WorkSite.name == "Burennetwerk"))
    ideas = {
        "Bankjes": ("open", "Burennetwerk"),
        "Bloembakken": ("shortlisted", None),
        "Buurtfeest": ("chosen", "Burennetwerk"),
        "Zwembad": ("not_chosen", None),
    }
    steps = {
        "open": [],
        "shortlisted": [{"action": "shortlist"}],
        "chosen": [{"action": "choose"}],
        "not_chosen": [{"action": "reject", "reason": "Te duur."}],
    }
    for title, (status, site) in ideas.items():
        form = {"title": title, "work_site_id": site_id if site else ""}
        idea = client.post("/c/utrecht/ideas", form).location
        for step in steps[status]:
            assert client.post(f"{idea}/status", step).status_code == 303
    with app.app_context():
        stored = dict(db.session.execute(db.select(Idea.title, Idea.status)).all())
    assert stored == {title: status for title, (status, _) in ideas.items()}
    return ideas


def test_every_combination_of_the_ideas_filters(client, team, app):
    ideas = _make_ideas(client, team, app)
    sites = _site_slugs(app)
    member = BoardClient(app)
    member.login(team.resident)
    for sort, site, status, htmx in itertools.product(
        ("", "new", "support", "raar"), ("", "Burennetwerk", "onbekend"), STATUSES, (False, True)
    ):
        args = {"sort": sort, "site": sites.get(site, site), "status": status}
        query = "&".join(f"{k}={v}" for k, v in args.items() if v)
        response = member.get(f"/c/utrecht/ideas?{query}", htmx=htmx)
        assert response.status_code == 200, query
        html = response.get_data(as_text=True)
        assert ("<html" in html) is not htmx, query
        known = status in STATUSES[1:-1]
        expected = {
            title
            for title, (idea_status, idea_site) in ideas.items()
            if (not known or idea_status == status)
            and (site in ("", "onbekend") or idea_site == site)
        }
        shown = _titles(html, r'<h2 class="idea__title"><a href="[^"]+">([^<]+)</a>')
        assert shown == expected, (query, shown)
        if known and not htmx:
            assert f'<option value="{status}" selected>' in html, query


@pytest.mark.parametrize("htmx", [False, True])
def test_every_view_and_period_of_the_agenda(client, team, htmx):
    client.login(team.resident)
    for view, weeks in itertools.product(
        ("", "past", "raar"), ("", "1", "8", "104", "0", "-3", "abc", "9" * 30)
    ):
        query = "&".join(f"{k}={v}" for k, v in {"view": view, "weeks": weeks}.items() if v)
        response = client.get(f"/c/utrecht/activities?{query}", htmx=htmx)
        assert response.status_code == 200, query
        # The agenda has no fragment of its own: htmx gets the whole page too.
        assert "<html" in response.get_data(as_text=True), query


def test_every_month_address(client, team):
    client.login(team.resident)
    for month, shown in (
        ("", None),
        ("2026-12", "december 2026"),
        ("2100-12", "december 2100"),
        ("2000-01", "januari 2000"),
        ("1999-12", None),
        ("2101-01", None),
        ("2026-13", None),
        ("2026-12-05", None),
        ("abc", None),
    ):
        response = client.get(f"/c/utrecht/activities/month?m={month}")
        assert response.status_code == 200, month
        if shown:
            assert shown in response.get_data(as_text=True).lower(), month
