"""Ideas over HTTP: proposing, the list, support in place, decisions, permissions."""

import re

import pytest
from sqlalchemy import select

from board.extensions import db
from board.ideas import actions
from board.ideas.inputs import IdeaInput
from board.models import Event, Idea, Support
from tests.conftest import BoardClient, attached, steady_query_count, together


def propose(client, title="Moestuin achter de flat", **extra):
    """Propose an idea through the form; returns its id."""
    response = client.post("/c/utrecht/ideas", {"title": title, "description": "Samen", **extra})
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.location.rsplit("/", 1)[1])


def test_propose_list_and_open_an_idea(client, team):
    client.login(team.resident)
    assert client.get("/c/utrecht/ideas/new").status_code == 200
    idea = propose(client)
    page = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert "Moestuin achter de flat" in page and "Anna de Vries" in page
    listing = client.get("/c/utrecht/ideas").get_data(as_text=True)
    assert f'id="idea-{idea}"' in listing and "van een bewoner" in listing


def test_bad_proposals_are_422_and_keep_the_text(client, team, app):
    client.login(team.resident)
    response = client.post("/c/utrecht/ideas", {"title": "", "description": "Mijn uitleg"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Mijn uitleg</textarea>" in html and 'class="field-error"' in html
    response = client.post("/c/utrecht/ideas", {"title": "X", "work_site_id": "999999"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Idea.id))) == 0


def test_support_updates_in_place_and_cannot_flip_twice(client, team):
    client.login(team.resident)
    idea = propose(client)
    client.login(team.professional)
    url = f"/c/utrecht/ideas/{idea}/support"
    first = client.post(url, {"support": "1"}, htmx=True)
    body = first.get_data(as_text=True)
    assert first.status_code == 200 and body.lstrip().startswith(
        f'<div class="support" id="idea-{idea}-support"'
    )
    assert "<strong>1</strong>" in body and 'aria-pressed="true"' in body
    again = client.post(url, {"support": "1"}, htmx=True).get_data(as_text=True)
    assert "<strong>1</strong>" in again  # a double click does not withdraw
    withdrawn = client.post(url, {"support": "0"}, htmx=True).get_data(as_text=True)
    assert "<strong>0</strong>" in withdrawn and 'aria-pressed="false"' in withdrawn
    plain = client.post(url, {"support": "1", "next": "/c/utrecht/ideas?sort=support"})
    assert plain.status_code == 303 and plain.location == "/c/utrecht/ideas?sort=support"
    evil = client.post(url, {"support": "1", "next": "https://evil.example/"})
    assert evil.location == f"/c/utrecht/ideas/{idea}"


def test_sort_and_filter_the_list(client, team):
    client.login(team.resident)
    quiet = propose(client, "Stille idee")
    popular = propose(client, "Populair idee")
    client.post(f"/c/utrecht/ideas/{popular}/support", {"support": "1"})
    client.login(team.professional)
    client.post(f"/c/utrecht/ideas/{popular}/support", {"support": "1"})
    by_support = client.get("/c/utrecht/ideas?sort=support").get_data(as_text=True)
    assert by_support.index("Populair idee") < by_support.index("Stille idee")
    newest = client.get("/c/utrecht/ideas").get_data(as_text=True)
    assert newest.index("Populair idee") < newest.index("Stille idee")
    client.login(team.coordinator)
    client.post(f"/c/utrecht/ideas/{quiet}/status", {"action": "shortlist"})
    for htmx in (False, True):
        response = client.get("/c/utrecht/ideas?status=shortlisted", htmx=htmx)
        assert response.status_code == 200
        shortlist = response.get_data(as_text=True)
        assert "Stille idee" in shortlist and "Populair idee" not in shortlist
    page = client.get("/c/utrecht/ideas?status=open").get_data(as_text=True)
    assert '<option value="open" selected>' in page
    assert "Populair idee" in page and "Stille idee" not in page
    assert client.get("/c/utrecht/ideas?status=nonsense&sort=x&site=y").status_code == 200


def test_coordinator_decisions_and_member_403(client, team):
    client.login(team.resident)
    idea = propose(client)
    assert (
        client.post(f"/c/utrecht/ideas/{idea}/status", {"action": "shortlist"}).status_code == 403
    )
    client.login(team.coordinator)
    response = client.post(f"/c/utrecht/ideas/{idea}/status", {"action": "reject", "reason": ""})
    assert response.status_code == 422
    response = client.post(
        f"/c/utrecht/ideas/{idea}/status", {"action": "reject", "reason": "Te duur voor nu."}
    )
    assert response.status_code == 303
    page = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert "Te duur voor nu." in page and "niet gekozen" in page
    assert client.post(f"/c/utrecht/ideas/{idea}/status", {"action": "fly"}).status_code == 422


def test_merge_over_http(client, team, app):
    client.login(team.resident)
    kept, duplicate = propose(client, "Moestuin"), propose(client, "Groentetuin")
    client.post(f"/c/utrecht/ideas/{duplicate}/support", {"support": "1"})
    client.login(team.coordinator)
    assert client.post(f"/c/utrecht/ideas/{duplicate}/merge", {"into": "abc"}).status_code == 422
    page = client.get(f"/c/utrecht/ideas/{duplicate}").get_data(as_text=True)
    assert '<option value="" selected>' in page  # no idea to keep is chosen beforehand
    asked = client.post(f"/c/utrecht/ideas/{duplicate}/merge", {"into": kept})
    assert asked.status_code == 200
    question = asked.get_data(as_text=True)
    assert "„Groentetuin” samenvoegen met „Moestuin”?" in question
    assert f'name="into" value="{kept}"' in question and 'name="confirm" value="1"' in question
    assert "Op de pagina van „Moestuin” kun je ze weer loshalen." in question
    response = client.post(f"/c/utrecht/ideas/{duplicate}/merge", {"into": kept, "confirm": "1"})
    assert response.status_code == 303 and response.location == f"/c/utrecht/ideas/{kept}"
    page = client.get(f"/c/utrecht/ideas/{kept}").get_data(as_text=True)
    assert "<strong>1</strong>" in page
    assert "Samengevoegd met dit idee" in page and ">Groentetuin</a>" in page
    assert f'action="/c/utrecht/ideas/{duplicate}/separate"' in page


def test_a_coordinator_separates_merged_ideas_again(client, team, world):
    client.login(team.resident)
    kept, duplicate = propose(client, "Moestuin"), propose(client, "Groentetuin")
    client.post(f"/c/utrecht/ideas/{duplicate}/support", {"support": "1"})
    client.login(team.coordinator)
    client.post(f"/c/utrecht/ideas/{duplicate}/merge", {"into": kept, "confirm": "1"})
    merged = client.get(f"/c/utrecht/ideas/{duplicate}").get_data(as_text=True)
    assert "Dit idee is samengevoegd met" in merged and "Haal het weer los" in merged
    # Members see where it went, not the button; other coalitions do not see it at all.
    client.login(team.resident)
    assert "Haal" not in client.get(f"/c/utrecht/ideas/{duplicate}").get_data(as_text=True)
    assert client.post(f"/c/utrecht/ideas/{duplicate}/separate").status_code == 403
    client.login(world.person(world.coalition("voorst", "Voorst", sites=()), role="coordinator"))
    assert client.post(f"/c/utrecht/ideas/{duplicate}/separate").status_code == 404
    client.login(team.coordinator)
    response = client.post(f"/c/utrecht/ideas/{duplicate}/separate")
    assert response.status_code == 303 and response.location == f"/c/utrecht/ideas/{duplicate}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Het idee staat weer los, met de mensen die het steunden." in page
    assert "<strong>1</strong>" in page and "samengevoegd met" not in page
    assert "Samengevoegd met dit idee" not in client.get(f"/c/utrecht/ideas/{kept}").get_data(
        as_text=True
    )
    listed = client.get("/c/utrecht/ideas").get_data(as_text=True)
    assert "Groentetuin" in listed and "Moestuin" in listed
    # A second click (or an idea that is not merged) changes nothing.
    again = client.post(f"/c/utrecht/ideas/{duplicate}/separate")
    assert again.status_code == 303
    assert "staat weer los" not in client.get(again.location).get_data(as_text=True)


def test_other_coalitions_get_404_and_viewers_cannot_support(client, world, team, app):
    client.login(team.resident)
    idea = propose(client)
    outsider = world.person(world.coalition("voorst", "Voorst", sites=()))
    client.login(outsider)
    for url in ("/c/utrecht/ideas", f"/c/utrecht/ideas/{idea}", "/c/utrecht/ideas/new"):
        assert client.get(url).status_code == 404
    assert client.post(f"/c/utrecht/ideas/{idea}/support", {"support": "1"}).status_code == 404
    from board.auth.actions import create_user

    with app.app_context():
        create_user("kijker@test.nl", "Kijker", "samenwerken", is_programme_viewer=True)
        db.session.commit()
    client.login("kijker@test.nl")
    assert client.get("/c/utrecht/ideas").status_code == 200
    assert client.post(f"/c/utrecht/ideas/{idea}/support", {"support": "1"}).status_code == 403


@pytest.mark.parametrize("count", [5])
def test_ideas_list_query_count_is_fixed(client, team, app, world, count):
    client.login(team.resident)
    people = [world.person(team.coalition) for _ in range(4)]

    def grow(n):
        with app.app_context():
            coalition = attached(team.coalition)
            for i in range(n):
                idea = actions.propose_idea(
                    coalition,
                    attached(team.resident),
                    "resident",
                    IdeaInput(title=f"Idee {i}"),
                )
                for person in people:
                    actions.set_support(coalition, attached(person), idea, True)
                actions.add_comment(coalition, attached(team.resident), idea, "Ja!")

    grow(count)
    small = steady_query_count(app, lambda: client.get("/c/utrecht/ideas"))
    grow(40)
    big = steady_query_count(app, lambda: client.get("/c/utrecht/ideas?sort=support"))
    html = client.get("/c/utrecht/ideas?sort=support").get_data(as_text=True)
    assert len(re.findall(r'<li class="idea"', html)) == count + 40
    assert small == big


def test_an_idea_page_costs_the_same_however_much_it_holds(client, team, app, world):
    client.login(team.coordinator)
    kept = propose(client, "Buurtkamer")
    people = [world.person(team.coalition) for _ in range(6)]

    def grow(n):
        with app.app_context():
            coalition, idea = attached(team.coalition), db.session.get(Idea, kept)
            for i in range(n):
                person = attached(people[i % len(people)])
                actions.add_comment(coalition, person, idea, f"Goed plan {i}")
                actions.set_support(coalition, person, idea, True)
                twin = actions.propose_idea(
                    coalition, person, "resident", IdeaInput(title=f"Ook {i}")
                )
                actions.merge_ideas(coalition, attached(team.coordinator), twin, kept)

    grow(1)
    small = steady_query_count(app, lambda: client.get(f"/c/utrecht/ideas/{kept}"))
    grow(12)
    big = steady_query_count(app, lambda: client.get(f"/c/utrecht/ideas/{kept}"))
    page = client.get(f"/c/utrecht/ideas/{kept}").get_data(as_text=True)
    assert page.count("Haal weer los") == 13 and page.count("Goed plan") == 13
    assert small == big


def test_support_from_a_stale_page_says_why_it_is_refused(client, team):
    client.login(team.resident)
    idea = propose(client)
    client.login(team.coordinator)
    client.post(f"/c/utrecht/ideas/{idea}/status", {"action": "reject", "reason": "Te duur."})
    client.login(team.professional)
    response = client.post(f"/c/utrecht/ideas/{idea}/support", {"support": "1"}, htmx=True)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Steunen kan niet meer bij dit idee." in body and "<strong>0</strong>" in body


def test_the_proposer_changes_an_open_idea_and_a_stale_form_is_a_conflict(client, team, app):
    client.login(team.resident)
    idea = propose(client, title="Moestuin achter de flat")
    page = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert f'href="/c/utrecht/ideas/{idea}/edit"' in page
    form = client.get(f"/c/utrecht/ideas/{idea}/edit").get_data(as_text=True)
    assert 'value="Moestuin achter de flat"' in form and 'name="version" value="1"' in form

    saved = client.post(
        f"/c/utrecht/ideas/{idea}/edit",
        {"title": "Moestuin achter flat De Linde", "description": "Met bakken", "version": "1"},
    )
    assert saved.status_code == 303
    page = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert "Moestuin achter flat De Linde" in page and "Met bakken" in page

    # A second tab still holds version 1: its save is refused and keeps what was typed.
    stale = client.post(
        f"/c/utrecht/ideas/{idea}/edit",
        {"title": "Moestuin bij de school", "description": "", "version": "1"},
    )
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert 'value="Moestuin bij de school"' in html  # what I typed
    assert "Moestuin achter flat De Linde" in html  # what they saved
    assert 'name="version" value="2"' in html

    empty = client.post(f"/c/utrecht/ideas/{idea}/edit", {"title": "", "version": "2"})
    assert empty.status_code == 422 and 'class="field-error"' in empty.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(Idea, idea)
        assert (stored.title, stored.version) == ("Moestuin achter flat De Linde", 2)


def test_only_the_proposer_or_a_coordinator_changes_an_idea_and_only_while_open(client, team, app):
    client.login(team.resident)
    idea = propose(client)
    client.login(team.professional)
    assert client.get(f"/c/utrecht/ideas/{idea}/edit").status_code == 403
    refused = client.post(f"/c/utrecht/ideas/{idea}/edit", {"title": "Anders", "version": "1"})
    assert refused.status_code == 403
    assert f"/c/utrecht/ideas/{idea}/edit" not in client.get(f"/c/utrecht/ideas/{idea}").get_data(
        as_text=True
    )
    client.login(team.coordinator)
    changed = client.post(
        f"/c/utrecht/ideas/{idea}/edit", {"title": "Moestuin (samengevat)", "version": "1"}
    )
    assert changed.status_code == 303
    with app.app_context():
        actions.change_status(
            attached(team.coalition),
            attached(team.coordinator),
            db.session.get(Idea, idea),
            "shortlist",
        )
    assert client.get(f"/c/utrecht/ideas/{idea}/edit").status_code == 403
    client.login(team.resident)
    late = client.post(f"/c/utrecht/ideas/{idea}/edit", {"title": "Nog anders", "version": "2"})
    assert late.status_code == 403
    assert client.get("/c/utrecht/ideas/999999/edit").status_code == 404
    with app.app_context():
        assert db.session.get(Idea, idea).title == "Moestuin (samengevat)"


def test_a_use_theirs_takes_one_field_of_their_version_and_saves_nothing(client, team, app):
    client.login(team.resident)
    idea = propose(client, title="Moestuin")
    client.login(team.coordinator)
    client.post(f"/c/utrecht/ideas/{idea}/edit", {"title": "Hun titel", "version": "1"})
    client.login(team.resident)
    mine = {"title": "Mijn titel", "description": "Mijn uitleg", "version": "1"}
    first = client.post(f"/c/utrecht/ideas/{idea}/edit", mine)
    assert first.status_code == 409
    html = first.get_data(as_text=True)
    assert 'class="conflict"' in html and html.count('class="conflict"') == 1
    assert 'name="use_theirs" value="title"' in html
    assert 'name="use_theirs" value="description"' in html  # theirs is empty, mine is not
    combined = client.post(
        f"/c/utrecht/ideas/{idea}/edit", {**mine, "version": "2", "use_theirs": "title"}
    )
    assert combined.status_code == 409
    html = combined.get_data(as_text=True)
    assert re.search(r'name="title"[^>]*value="Hun titel"', html)
    assert "Mijn uitleg</textarea>" in html
    assert 'name="use_theirs" value="title"' not in html  # that field no longer differs
    with app.app_context():
        assert db.session.get(Idea, idea).description == ""  # nothing saved yet
    saved = client.post(
        f"/c/utrecht/ideas/{idea}/edit",
        {"title": "Hun titel", "description": "Mijn uitleg", "version": "2"},
    )
    assert saved.status_code == 303
    with app.app_context():
        stored = db.session.get(Idea, idea)
        assert (stored.title, stored.description, stored.version) == (
            "Hun titel",
            "Mijn uitleg",
            3,
        )


def test_admins_comment_on_ideas_but_have_no_voice_of_their_own(client, team, app):
    from board.auth.actions import create_user

    client.login(team.resident)
    idea = propose(client)
    with app.app_context():
        create_user("beheer@test.nl", "Beheerder", "samenwerken", is_admin=True)
        db.session.commit()
    client.login("beheer@test.nl")
    page = client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert 'name="body"' in page and f"/c/utrecht/ideas/{idea}/support" not in page
    commented = client.post(f"/c/utrecht/ideas/{idea}/comments", {"body": "Goed plan."})
    assert commented.status_code == 303
    assert "Goed plan." in client.get(f"/c/utrecht/ideas/{idea}").get_data(as_text=True)
    assert client.post(f"/c/utrecht/ideas/{idea}/support", {"support": "1"}).status_code == 403
    assert client.get("/c/utrecht/ideas/new").status_code == 403
    empty = client.post(f"/c/utrecht/ideas/{idea}/comments", {"body": " "})
    assert empty.status_code == 422
    assert 'aria-describedby="idea-comment-error"' in empty.get_data(as_text=True)


def test_a_refused_form_shows_its_errors_and_no_other_form_does(client, team):
    client.login(team.resident)
    idea = propose(client)
    client.login(team.coordinator)
    refused = client.post(f"/c/utrecht/ideas/{idea}/status", {"action": "reject", "reason": ""})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="reject-reason-error"' in html and html.count('class="field-error"') == 1
    refused = client.post(f"/c/utrecht/ideas/{idea}/comments", {"body": ""})
    html = refused.get_data(as_text=True)
    assert 'id="idea-comment-error"' in html and 'id="reject-reason-error"' not in html


# ---- at the same moment (the races show on PostgreSQL; SQLite runs writers one at a time) -------


def logged_in(app, person) -> BoardClient:
    """A client of its own for person, logged in, with its CSRF token already fetched."""
    client = BoardClient(app)
    client.login(person)
    client.csrf_token()
    return client


def at_once(*requests) -> list:
    """Send the posts (client, url, form, htmx) together; the responses in the order given."""
    return together(
        *(
            (lambda client=client, url=url, form=form, htmx=htmx: client.post(url, form, htmx=htmx))
            for client, url, form, htmx in requests
        )
    )


def test_no_support_lands_on_an_idea_marked_not_chosen_at_the_same_moment(app, world, team):
    coordinator = logged_in(app, team.coordinator)
    members = [logged_in(app, world.person(team.coalition)) for _ in range(6)]
    for attempt in range(4):
        idea = propose(coordinator, f"Idee {attempt}")
        reject = (
            coordinator,
            f"/c/utrecht/ideas/{idea}/status",
            {"action": "reject", "reason": "Te duur."},
            False,
        )
        press = [(m, f"/c/utrecht/ideas/{idea}/support", {"support": "1"}, True) for m in members]
        rejected, *pressed = at_once(reject, *press)
        assert rejected.status_code == 303
        assert {r.status_code for r in pressed} <= {200, 422}
        with app.app_context():
            verbs = list(
                db.session.scalars(
                    select(Event.verb)
                    .where(Event.subject_type == "idea", Event.subject_id == idea)
                    .order_by(Event.seq)
                )
            )
            supports = db.session.scalar(
                select(db.func.count(Support.id)).where(Support.idea_id == idea)
            )
        # Every support was added before the decision; none after it.
        assert verbs[-1] == "idea.not_chosen", verbs
        assert supports == verbs.count("idea.supported")
        assert supports == sum(r.status_code == 200 for r in pressed)
        for response in pressed:
            if response.status_code == 422:
                assert "Steunen kan niet meer bij dit idee." in response.get_data(as_text=True)


def test_two_coordinators_merging_two_ideas_into_each_other_keep_one(app, world, team):
    first = logged_in(app, team.coordinator)
    second = logged_in(app, world.person(team.coalition, role="coordinator"))
    supporter = logged_in(app, team.resident)
    for attempt in range(4):
        a, b = propose(supporter, f"Moestuin {attempt}"), propose(supporter, f"Tuin {attempt}")
        supporter.post(f"/c/utrecht/ideas/{a}/support", {"support": "1"})
        responses = at_once(
            (first, f"/c/utrecht/ideas/{a}/merge", {"into": b, "confirm": "1"}, False),
            (second, f"/c/utrecht/ideas/{b}/merge", {"into": a, "confirm": "1"}, False),
        )
        assert sorted(r.status_code for r in responses) == [303, 422]
        refused = next(r for r in responses if r.status_code == 422)
        assert "Kies een ander open idee om te houden." in refused.get_data(as_text=True)
        with app.app_context():
            ideas = {i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_([a, b])))}
            merged = [i for i in ideas.values() if i.status == "merged"]
            assert len(merged) == 1  # one merge won: the other idea stays, with the support
            kept = ideas[b if merged[0].id == a else a]
            assert kept.status == "open" and merged[0].merged_into_id == kept.id
            # The support came along once; the merged idea keeps its own, to be separated again.
            supports = db.session.execute(
                select(Support.idea_id, Support.merged_from_id).where(Support.idea_id.in_([a, b]))
            )
            if merged[0].id == a:  # the supported idea was merged: its support came along
                assert sorted(supports) == sorted([(b, a), (a, None)])
            else:  # the supported idea was kept: nothing had to move
                assert list(supports) == [(a, None)]


def test_a_double_click_on_separate_separates_once_and_keeps_every_support(app, world, team):
    coordinator = logged_in(app, team.coordinator)
    again = logged_in(app, team.coordinator)  # the second click, on its own connection
    supporter = logged_in(app, team.resident)
    for attempt in range(4):
        kept, duplicate = (
            propose(supporter, f"Bank {attempt}"),
            propose(supporter, f"Bankje {attempt}"),
        )
        supporter.post(f"/c/utrecht/ideas/{duplicate}/support", {"support": "1"})
        coordinator.post(f"/c/utrecht/ideas/{duplicate}/merge", {"into": kept, "confirm": "1"})
        responses = at_once(
            (coordinator, f"/c/utrecht/ideas/{duplicate}/separate", {}, False),
            (again, f"/c/utrecht/ideas/{duplicate}/separate", {}, False),
        )
        assert [r.status_code for r in responses] == [303, 303]
        with app.app_context():
            stored = db.session.get(Idea, duplicate)
            assert (stored.status, stored.merged_into_id) == ("open", None)
            supports = db.session.scalars(
                select(Support.idea_id).where(Support.idea_id.in_([kept, duplicate]))
            )
            assert list(supports) == [duplicate]
            separated = select(Event.id).where(
                Event.verb == "idea.separated", Event.subject_id == duplicate
            )
            assert len(db.session.scalars(separated).all()) == 1


def test_a_decision_and_a_merge_at_the_same_moment_leave_one_consistent_state(app, world, team):
    first = logged_in(app, team.coordinator)
    second = logged_in(app, world.person(team.coalition, role="coordinator"))
    for attempt in range(4):
        duplicate, kept = propose(first, f"Bankje {attempt}"), propose(first, f"Bank {attempt}")
        reject, merge = at_once(
            (
                first,
                f"/c/utrecht/ideas/{duplicate}/status",
                {"action": "reject", "reason": "Dubbel."},
                False,
            ),
            (second, f"/c/utrecht/ideas/{duplicate}/merge", {"into": kept, "confirm": "1"}, False),
        )
        assert sorted([reject.status_code, merge.status_code]) == [303, 422]
        with app.app_context():
            stored = db.session.get(Idea, duplicate)
            if merge.status_code == 303:
                assert (stored.status, stored.merged_into_id) == ("merged", kept)
                assert stored.status_reason == ""
            else:
                assert (stored.status, stored.merged_into_id) == ("not_chosen", None)
                assert stored.status_reason == "Dubbel."
