"""Activities over HTTP: planning, the agenda and the month, one activity with answers and
things to bring, changing and calling off, permissions, calendar feeds, queries per page."""

import calendar
import json
import os
import re
import secrets
import sqlite3
import threading
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from babel.dates import format_date
from icalendar import Calendar

from board.activities import actions
from board.activities.inputs import ActivityInput
from board.auth.actions import create_user
from board.clock import now, to_local
from board.coalitions.actions import add_member
from board.extensions import db
from board.htmx import dom_id
from board.kanban.actions import create_initiative
from board.kanban.queries import active_columns
from board.models import Activity, ActivityItem, Coalition, ItemClaim, Rsvp, User
from tests.conftest import PASSWORD, BoardClient, attached, steady_query_count

TITLE = "Kernteamoverleg"
PLACE = "Buurtkamer De Schakel"
DST_GAP_DAY = "2027-03-28"  # the last Sunday of March 2027: 02:00-03:00 does not exist


# ---- helpers ---------------------------------------------------------------------------------


def local_today() -> date:
    return to_local(now()).date()


def days_ahead(days: int) -> date:
    """A Dutch date some days from today (negative: in the past)."""
    return local_today() + timedelta(days=days)


def dutch(day: date, pattern: str = "EEEE d MMMM") -> str:
    """A date as the Dutch pages write it."""
    return format_date(day, pattern, locale="nl")


def text(response) -> str:
    return response.get_data(as_text=True)


def plan(client, organisers, slug="utrecht", **fields) -> int:
    """Plan an activity through the form (7 days ahead, 19:00-21:00); returns its id."""
    data = {
        "title": TITLE,
        "kind": "meeting",
        "day": days_ahead(7).isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "place": PLACE,
        "recurrence": "none",
        "organiser_ids": [str(user.id) for user in organisers],
    }
    data.update(fields)
    response = client.post(f"/c/{slug}/activities", data)
    assert response.status_code == 303, text(response)
    assert response.location == f"/c/{slug}/activities/{int(response.location.rsplit('/', 1)[1])}"
    return int(response.location.rsplit("/", 1)[1])


def item_ids(app, activity_id) -> dict[str, int]:
    """The activity's things to bring, text -> id."""
    with app.app_context():
        return {
            item.text: item.id
            for item in db.session.scalars(
                db.select(ActivityItem).where(ActivityItem.activity_id == activity_id)
            )
        }


def holder(app, item_id, key="") -> str | None:
    """Who brings the item on that date, by name (None: nobody)."""
    with app.app_context():
        return db.session.scalar(
            db.select(User.display_name)
            .join(ItemClaim, ItemClaim.user_id == User.id)
            .where(ItemClaim.item_id == item_id, ItemClaim.occurrence == key)
        )


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def section(html: str, element_id: str) -> str:
    """The <section> with this id (the panels of an activity page)."""
    found = re.search(rf'<section [^>]*id="{element_id}".*?</section>', html, re.S)
    assert found, f"no section #{element_id}"
    return found.group(0)


def week_groups(html: str) -> list[tuple[str, str]]:
    """(heading, body) of every week in the agenda, in page order."""
    return [
        (re.search(r"<h2[^>]*>(.*?)</h2>", chunk, re.S).group(1).strip(), chunk)
        for chunk in html.split('<section class="agenda-week"')[1:]
    ]


def expected_week_label(day: date, today: date) -> str:
    monday = day - timedelta(days=day.weekday())
    this_monday = today - timedelta(days=today.weekday())
    if monday == this_monday:
        return "Deze week"
    if monday == this_monday + timedelta(days=7):
        return "Volgende week"
    if monday == this_monday - timedelta(days=7):
        return "Vorige week"
    return (
        f"Week {monday.isocalendar()[1]} · {dutch(monday, 'd MMM')} – "
        f"{dutch(monday + timedelta(days=6), 'd MMM')}"
    )


def month_day(html: str, day: date) -> str:
    """The cell of one day in the month grid."""
    label = dutch(day)
    label = label[0].upper() + label[1:]
    cells = [c for c in html.split('<li class="month__day')[1:] if f">{label}" in c]
    assert len(cells) == 1, f"no cell for {label}"
    return cells[0]


def feed_path(client) -> str:
    """The path of the personal feed, as the calendar page shows it."""
    page = text(client.get("/calendar"))
    url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page).group(1)
    path = urlsplit(url).path
    assert re.fullmatch(r"/calendar/[A-Za-z0-9_-]{20,64}\.ics", path), url
    return path


def summaries(body: bytes) -> list[str]:
    calendar = Calendar.from_ical(body)
    return [str(event.get("summary")) for event in calendar.walk("VEVENT")]


def make_viewer(app) -> str:
    """A programme viewer (no membership anywhere); returns the e-mail address."""
    with app.app_context():
        create_user("kijker@programma.test", "Kijker", PASSWORD, is_programme_viewer=True)
        db.session.commit()
    return "kijker@programma.test"


@pytest.fixture
def voorst(world):
    """Another coalition with one member, Olga, who plans there."""
    coalition = world.coalition("voorst", "Voorst", sites=())
    olga = world.person(coalition, name="Olga Buiten", email="olga@voorst.test")
    return coalition, olga


# ---- planning and showing ---------------------------------------------------------------------


def test_plan_and_open_the_activity(client, team, app):
    client.login(team.resident)
    form = text(client.get("/c/utrecht/activities/new"))
    assert 'name="title"' in form and f'value="{team.resident.id}" checked' in form
    activity = plan(
        client,
        [team.resident, team.professional],
        address="Amsterdamsestraatweg 1",
        description="Wie doet wat in het najaar?",
        items="Koffie\n\n  Sleutel   van de buurtkamer  ",
    )
    page = text(client.get(f"/c/utrecht/activities/{activity}"))
    assert "De activiteit staat in de agenda." in page
    assert f'<h1 id="activity-title">{TITLE}</h1>' in page
    assert f"{dutch(days_ahead(7))}, 19:00–21:00" in page
    assert PLACE in page and "Amsterdamsestraatweg 1" in page
    assert "Wie doet wat in het najaar?" in page
    assert "<dd>Anna de Vries, Bram Jansen</dd>" in page
    items = section(page, "items")
    assert "Koffie" in items and "Sleutel van de buurtkamer" in items
    assert "2 dingen neemt nog niemand mee" in items
    assert sorted(item_ids(app, activity)) == ["Koffie", "Sleutel van de buurtkamer"]


def test_what_people_type_is_shown_as_text(client, team):
    client.login(team.resident)
    activity = plan(client, [team.resident], title="Koffie & <b>taart</b>", items="<i>Vork</i>")
    url = f"/c/utrecht/activities/{activity}"
    for html in (text(client.get(url)), text(client.get("/c/utrecht/activities"))):
        assert "Koffie &amp; &lt;b&gt;taart&lt;/b&gt;" in html and "<b>taart</b>" not in html
    assert "&lt;i&gt;Vork&lt;/i&gt;" in text(client.get(url))
    assert summaries(client.get(f"{url}.ics").data) == ["Koffie & <b>taart</b>"]


def test_upcoming_list_groups_by_week(client, team):
    client.login(team.resident)
    today = local_today()
    plan(client, [team.resident], title="Buurtfeest", day=days_ahead(21).isoformat())
    plan(client, [team.resident], items="Koffie")
    html = text(client.get("/c/utrecht/activities"))
    groups = week_groups(html)
    assert [label for label, _ in groups] == [
        "Volgende week",
        expected_week_label(days_ahead(21), today),
    ]
    assert TITLE in groups[0][1] and "Buurtfeest" not in groups[0][1]
    assert "Buurtfeest" in groups[1][1]
    assert "nog 1 ding mee te nemen" in groups[0][1] and "0 komen" in groups[0][1]
    one_week = text(client.get("/c/utrecht/activities?weeks=1"))
    assert TITLE in one_week and "Buurtfeest" not in one_week
    for weeks in ("abc", "-3", "0", "99999999999999999999999"):
        response = client.get(f"/c/utrecht/activities?weeks={weeks}")
        assert response.status_code == 200 and TITLE in text(response)
    past = text(client.get("/c/utrecht/activities?view=past"))
    assert TITLE not in past and "Geen activiteiten in deze periode." in past


def test_an_empty_agenda_says_so(client, team):
    client.login(team.professional)
    html = text(client.get("/c/utrecht/activities"))
    assert "Nog niets gepland in de komende weken." in html
    assert "Nog niets gepland." in text(client.get("/c/utrecht/"))


def test_past_view_shows_what_happened_newest_first(client, team):
    client.login(team.resident)
    today = local_today()
    plan(client, [team.resident], title="Terugblik", day=days_ahead(-3).isoformat())
    plan(client, [team.resident], title="Startavond", day=days_ahead(-10).isoformat())
    plan(client, [team.resident])
    past = text(client.get("/c/utrecht/activities?view=past"))
    assert TITLE not in past
    assert past.index("Terugblik") < past.index("Startavond")
    labels = [label for label, _ in week_groups(past)]
    assert expected_week_label(days_ahead(-3), today) in labels
    assert expected_week_label(days_ahead(-10), today) in labels
    upcoming = text(client.get("/c/utrecht/activities"))
    assert "Terugblik" not in upcoming and TITLE in upcoming


def test_month_view_puts_the_activity_on_its_day(client, team):
    client.login(team.resident)
    day = days_ahead(7)
    activity = plan(client, [team.resident])
    html = text(client.get(f"/c/utrecht/activities/month?m={day:%Y-%m}"))
    cell = month_day(html, day)
    assert TITLE in cell and "19:00" in cell
    assert f'href="/c/utrecht/activities/{activity}"' in cell
    neighbour = day - timedelta(days=1) if day.day > 1 else day + timedelta(days=1)
    assert TITLE not in month_day(html, neighbour)
    assert "1 activiteit deze maand" in html
    other = day.replace(day=1) + timedelta(days=100)
    empty = text(client.get(f"/c/utrecht/activities/month?m={other:%Y-%m}"))
    assert TITLE not in empty and "Geen activiteiten deze maand." in empty
    this_month = dutch(local_today(), "MMMM y")
    for garbage in ("abc", "2027-13", "1999-05", "2027-03-01", "-", "", "9" * 30 + "-01"):
        response = client.get(f"/c/utrecht/activities/month?m={garbage}")
        assert response.status_code == 200, garbage
        title = re.search(r'id="month-title"[^>]*>(.*?)</h2>', text(response)).group(1)
        assert title.lower() == this_month.lower(), garbage


def test_home_shows_the_next_activity_under_binnenkort(client, team):
    client.login(team.professional)
    plan(client, [team.professional], title="Later overleg", day=days_ahead(9).isoformat())
    called_off = plan(client, [team.professional], title="Gaat niet door")
    plan(client, [team.professional])
    client.post(f"/c/utrecht/activities/{called_off}/cancel")
    home = text(client.get("/c/utrecht/"))
    coming = re.search(r'<section aria-labelledby="coming-title".*?</section>', home, re.S)
    coming = coming.group(0)
    assert "Binnenkort" in coming
    assert TITLE in coming and "Later overleg" in coming
    assert coming.index(TITLE) < coming.index("Later overleg")
    assert "Gaat niet door" not in coming


def test_card_page_lists_an_activity_planned_for_it(client, team, make_card):
    card = make_card("Moestuin")
    other_card = make_card("Buurtkrant")
    client.login(team.resident)
    form = text(client.get(f"/c/utrecht/activities/new?initiative={card}"))
    assert f'<option value="{card}" selected>' in form
    assert client.get("/c/utrecht/activities/new?initiative=abc&day=gisteren").status_code == 200
    activity = plan(client, [team.resident], title="Zaaidag", initiative_id=str(card))
    page = text(client.get(f"/c/utrecht/activities/{activity}"))
    assert f'href="/c/utrecht/initiatives/{card}">Moestuin</a>' in page
    card_page = text(client.get(f"/c/utrecht/initiatives/{card}"))
    activities = re.search(r'<section class="card-activities".*?</section>', card_page, re.S)
    assert "Zaaidag" in activities.group(0)
    assert f"/c/utrecht/activities/{activity}" in activities.group(0)
    other = text(client.get(f"/c/utrecht/initiatives/{other_card}"))
    assert "Zaaidag" not in other
    assert "Nog geen activiteiten gepland voor dit initiatief." in other


# ---- refused input ------------------------------------------------------------------------------


def post_plan(client, team, **fields):
    data = {
        "title": TITLE,
        "kind": "meeting",
        "day": days_ahead(7).isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "place": PLACE,
        "description": "Mijn uitleg",
        "items": "Koffie\nThee",
        "recurrence": "none",
        "organiser_ids": [str(team.resident.id), str(team.professional.id)],
    }
    data.update(fields)
    return client.post("/c/utrecht/activities", data)


def test_empty_title_is_422_and_keeps_what_was_typed(client, team, app):
    client.login(team.resident)
    response = post_plan(client, team, title="   ")
    assert response.status_code == 422
    html = text(response)
    assert "Geef de activiteit een titel." in html
    assert "Nog niet opgeslagen" in html and 'aria-invalid="true"' in html
    assert f'value="{PLACE}"' in html and "Mijn uitleg</textarea>" in html
    assert "Koffie\nThee</textarea>" in html
    assert f'value="{team.professional.id}" checked' in html
    assert count(app, Activity) == 0 and count(app, ActivityItem) == 0


def test_end_before_start_is_422(client, team, app):
    client.login(team.resident)
    response = post_plan(client, team, start_time="21:00", end_time="19:00")
    assert response.status_code == 422
    html = text(response)
    assert "Het einde moet na het begin komen." in html
    assert 'value="21:00"' in html and 'value="19:00"' in html
    assert count(app, Activity) == 0


def test_a_time_the_clock_skips_is_422(client, team, app):
    client.login(team.resident)
    response = post_plan(client, team, day=DST_GAP_DAY, start_time="02:30", end_time="03:30")
    assert response.status_code == 422
    html = text(response)
    assert "Deze tijd bestaat niet op die dag: de klok gaat dan een uur vooruit." in html
    assert f'value="{DST_GAP_DAY}"' in html and 'value="02:30"' in html
    assert count(app, Activity) == 0
    fine = post_plan(client, team, day=DST_GAP_DAY, start_time="03:30", end_time="04:30")
    assert fine.status_code == 303
    assert "03:30–04:30" in text(client.get(fine.location))


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"organiser_ids": []}, "organiser_ids", "Kies minstens één organisator."),
        ({"organiser_ids": ["9" * 20]}, "organiser_ids", "Kies minstens één organisator."),
        ({"kind": "party"}, "kind", "Kies wat voor activiteit dit is."),
        ({"day": "morgen"}, "day", None),
        ({"start_time": "half acht"}, "start_time", "Vul een tijd in, bijvoorbeeld 19:30."),
        ({"initiative_id": "9" * 20}, "initiative_id", "Kies een van de initiatieven"),
        ({"work_site_id": "abc"}, "work_site_id", None),
        ({"recurrence": "daily"}, "recurrence", None),
        ({"recurrence": "weekly", "repeat_until": "2000-01-01"}, "repeat_until", None),
    ],
)
def test_other_bad_plans_are_422(client, team, app, fields, field, message):
    client.login(team.resident)
    response = post_plan(client, team, **fields)
    assert response.status_code == 422
    error = re.search(
        rf'<p class="field-error" id="activity-{field}-error">([^<]+)</p>', text(response)
    )
    assert error, f"no error at {field}"
    assert message is None or message in error.group(1)
    assert count(app, Activity) == 0


def test_organisers_and_initiatives_of_another_coalition_are_refused(client, team, app, voorst):
    coalition, olga = voorst
    with app.app_context():
        other = attached(coalition)
        card = create_initiative(
            other, attached(olga), active_columns(other)[0].id, "Voorster tuin"
        ).id
    client.login(team.resident)
    response = post_plan(client, team, organiser_ids=[str(olga.id)])
    assert response.status_code == 422
    assert "Kies organisatoren uit deze coalitie." in text(response)
    response = post_plan(client, team, initiative_id=str(card))
    assert response.status_code == 422
    assert "Voorster tuin" not in text(response)
    assert count(app, Activity) == 0


# ---- changing -----------------------------------------------------------------------------------


def edit_data(page: str, **changes) -> dict:
    """The edit form's values as a browser would send them, with changes."""
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {
        "title": re.search(r'id="activity-title" name="title"[^>]*value="([^"]*)"', page).group(1),
        "kind": "meeting",
        "day": re.search(r'name="day" value="([^"]*)"', page).group(1),
        "start_time": re.search(r'name="start_time" value="([^"]*)"', page).group(1),
        "end_time": re.search(r'name="end_time" value="([^"]*)"', page).group(1),
        "place": PLACE,
        "recurrence": "none",
        "organiser_ids": re.findall(r'name="organiser_ids" value="(\d+)" checked', page),
        "version": version,
    }
    data.update(changes)
    return data


def test_edit_saves_and_a_stale_form_is_409_with_both_versions(client, team, app):
    client.login(team.resident)
    activity = plan(client, [team.resident])
    url = f"/c/utrecht/activities/{activity}"
    stale_form = text(client.get(f"{url}/edit"))
    assert f'value="{TITLE}"' in stale_form
    # The coordinator saves first.
    coordinator = BoardClient(app)
    coordinator.login(team.coordinator)
    page = text(coordinator.get(f"{url}/edit"))
    saved = coordinator.post(url, edit_data(page, title="Overleg met de wijkagent"))
    assert saved.status_code == 303 and saved.location == url
    assert "Je wijzigingen zijn opgeslagen." in text(coordinator.get(url))
    # Anna still has the old form open.
    response = client.post(url, edit_data(stale_form, title="Mijn titel", start_time="20:00"))
    assert response.status_code == 409
    html = text(response)
    assert "Iemand anders wijzigde deze activiteit terwijl jij bezig was" in html
    assert 'value="Mijn titel"' in html and 'value="20:00"' in html  # her input stays
    conflict = re.search(r'<ul class="conflict__fields">.*?</ul>', html, re.S).group(0)
    assert "Opgeslagen door de ander" in conflict and "Overleg met de wijkagent" in conflict
    assert "Jouw versie" in conflict and "Mijn titel" in conflict
    page = text(client.get(url))
    assert "Overleg met de wijkagent" in page and "Mijn titel" not in page
    # Saving again from the conflict view (it carries the current version) keeps her version.
    again = client.post(url, edit_data(html))
    assert again.status_code == 303
    page = text(client.get(url))
    assert '<h1 id="activity-title">Mijn titel</h1>' in page and "20:00–21:00" in page


def test_a_stale_activity_form_is_combined_field_by_field(client, team, app):
    client.login(team.resident)
    activity = plan(client, [team.resident])
    url = f"/c/utrecht/activities/{activity}"
    stale_form = text(client.get(f"{url}/edit"))
    coordinator = BoardClient(app)
    coordinator.login(team.coordinator)
    page = text(coordinator.get(f"{url}/edit"))
    assert coordinator.post(url, edit_data(page, title="Hun titel")).status_code == 303
    mine = edit_data(stale_form, title="Mijn titel", place="Mijn plek")
    first = client.post(url, mine)
    assert first.status_code == 409
    html = text(first)
    assert 'name="use_theirs" value="title"' in html
    assert 'name="use_theirs" value="kind"' not in html  # the same in both
    combined = client.post(url, {**mine, "version": "2", "use_theirs": "title"})
    assert combined.status_code == 409
    html = text(combined)
    assert re.search(r'name="title"[^>]*value="Hun titel"', html)
    assert re.search(r'name="place"[^>]*value="Mijn plek"', html)
    assert 'name="use_theirs" value="title"' not in html  # that field no longer differs
    with app.app_context():
        stored = db.session.get(Activity, activity)
        assert (stored.title, stored.place, stored.version) == ("Hun titel", PLACE, 2)
    saved = client.post(url, {**mine, "title": "Hun titel", "version": "2"})
    assert saved.status_code == 303
    with app.app_context():
        stored = db.session.get(Activity, activity)
        assert (stored.title, stored.place) == ("Hun titel", "Mijn plek")


def test_two_organisers_saving_the_same_form_at_once_one_is_told(client, team, app):
    """Both forms showed version 1: one save wins, the other is a 409 with both versions,
    whatever the order the database lets them in."""
    client.login(team.resident)
    activity = plan(client, [team.resident, team.professional])
    url = f"/c/utrecht/activities/{activity}"
    people = {"Anna": team.resident, "Bram": team.professional}
    forms, start, statuses = {}, threading.Barrier(len(people)), {}
    for name, person in people.items():
        organiser = BoardClient(app)
        organiser.login(person)
        forms[name] = (organiser, text(organiser.get(f"{url}/edit")))

    def save(name):
        organiser, page = forms[name]
        data = edit_data(page, title=f"Titel van {name}")
        start.wait()
        statuses[name] = organiser.post(url, data).status_code

    threads = [threading.Thread(target=save, args=(name,)) for name in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses.values()) == [303, 409]
    [winner] = [name for name, status in statuses.items() if status == 303]
    with app.app_context():
        stored = db.session.get(Activity, activity)
        assert (stored.title, stored.version) == (f"Titel van {winner}", 2)


def test_bad_edit_is_422_and_keeps_the_input(client, team):
    client.login(team.resident)
    activity = plan(client, [team.resident])
    url = f"/c/utrecht/activities/{activity}"
    form = text(client.get(f"{url}/edit"))
    response = client.post(url, edit_data(form, title="", place="Het wijkcentrum"))
    assert response.status_code == 422
    html = text(response)
    assert "Geef de activiteit een titel." in html and 'value="Het wijkcentrum"' in html
    missing = client.post(url, edit_data(form, version=""))
    assert missing.status_code == 422
    assert "Het formulier is niet compleet." in text(missing)
    assert f'<h1 id="activity-title">{TITLE}</h1>' in text(client.get(url))


def test_cancel_and_restore(client, team):
    client.login(team.resident)
    activity = plan(client, [team.resident])
    url = f"/c/utrecht/activities/{activity}"
    response = client.post(f"{url}/cancel")
    assert response.status_code == 303 and response.location == url
    page = text(client.get(url))
    assert "De activiteit is afgezegd." in page and "afgezegd</span>" in page
    assert 'id="rsvp-yes"' not in page and "Antwoorden kan niet meer" in page
    assert "afgezegd" in text(client.get("/c/utrecht/activities"))
    client.post(f"{url}/cancel", {"restore": "1"})
    page = text(client.get(url))
    assert "De activiteit gaat weer door." in page and 'id="rsvp-yes"' in page


# ---- answers ------------------------------------------------------------------------------------


def test_rsvp_full_page_and_htmx_fragment(client, team):
    client.login(team.resident)
    activity = plan(client, [team.resident])
    url = f"/c/utrecht/activities/{activity}"
    client.login(team.professional)
    response = client.post(f"{url}/rsvp", {"on": "", "answer": "yes"})
    assert response.status_code == 303 and response.location == url
    rsvp = section(text(client.get(url)), "rsvp")
    assert "<strong>Ja: 1</strong>" in rsvp and "Bram Jansen" in rsvp
    assert re.search(r'id="rsvp-yes"[^>]*aria-pressed="true"', rsvp)
    fragment = client.post(f"{url}/rsvp", {"on": "", "answer": "maybe"}, htmx=True)
    assert fragment.status_code == 200
    body = text(fragment)
    assert body.lstrip().startswith('<section class="panel rsvp" id="rsvp"')
    assert "<html" not in body and 'id="items"' not in body
    assert re.search(r'id="rsvp-maybe"[^>]*aria-pressed="true"', body)
    assert re.search(r'id="rsvp-yes"[^>]*aria-pressed="false"', body)
    assert "<strong>Ja: 0</strong>" in body and "<strong>Misschien: 1</strong>" in body
    announced = json.loads(fragment.headers["HX-Trigger-After-Settle"])
    assert announced["announce"]["message"] == "Je antwoord is opgeslagen."
    listing = text(client.get("/c/utrecht/activities"))
    assert "Jij: misschien" in listing


def test_invalid_answers_are_refused(client, team, app):
    client.login(team.resident)
    activity = plan(client, [team.resident])
    url = f"/c/utrecht/activities/{activity}"
    client.post(f"{url}/rsvp", {"on": "", "answer": "yes"})
    refused = client.post(f"{url}/rsvp", {"on": "", "answer": "misschien wel"}, htmx=True)
    assert refused.status_code == 422
    body = text(refused)
    assert body.lstrip().startswith('<section class="panel rsvp"')
    assert "Kies ja, misschien of nee." in body and "<strong>Ja: 1</strong>" in body
    assert "HX-Trigger-After-Settle" not in refused.headers
    plain = client.post(f"{url}/rsvp", {"on": "", "answer": ""})
    assert plain.status_code == 303
    assert "Kies ja, misschien of nee." in text(client.get(plain.location))
    for on in ("2030-01-01", "garbage", "9" * 40):
        response = client.post(f"{url}/rsvp", {"on": on, "answer": "yes"}, htmx=True)
        assert response.status_code == 404, on
    with app.app_context():
        assert [r.answer for r in db.session.scalars(db.select(Rsvp))] == ["yes"]


def test_answers_are_closed_for_past_and_called_off_activities(client, team, app):
    client.login(team.resident)
    past = plan(client, [team.resident], day=days_ahead(-2).isoformat())
    response = client.post(
        f"/c/utrecht/activities/{past}/rsvp", {"on": "", "answer": "yes"}, htmx=True
    )
    assert response.status_code == 422
    assert "Deze activiteit is al voorbij." in text(response)
    page = text(client.get(f"/c/utrecht/activities/{past}"))
    assert "Antwoorden kan niet meer" in page and 'id="rsvp-yes"' not in page
    off = plan(client, [team.resident])
    client.post(f"/c/utrecht/activities/{off}/cancel")
    response = client.post(
        f"/c/utrecht/activities/{off}/rsvp", {"on": "", "answer": "yes"}, htmx=True
    )
    assert response.status_code == 422
    assert "Deze activiteit is afgezegd." in text(response)
    assert count(app, Rsvp) == 0


# ---- things to bring ----------------------------------------------------------------------------


def test_claim_release_and_409_when_someone_else_brings_it(client, team, app, world):
    carla = world.person(team.coalition, name="Carla Smit")
    client.login(team.resident)
    activity = plan(client, [team.resident], items="Koffie\nSleutel van de buurtkamer")
    url = f"/c/utrecht/activities/{activity}"
    coffee = item_ids(app, activity)["Koffie"]
    client.login(team.professional)
    response = client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "1"}, htmx=True)
    assert response.status_code == 200
    body = text(response)
    assert body.lstrip().startswith('<section class="panel items" id="items"')
    assert "<html" not in body and 'id="rsvp"' not in body
    assert "jij neemt het mee" in body and "Geef terug" in body
    assert "1 ding neemt nog niemand mee" in body
    announced = json.loads(response.headers["HX-Trigger-After-Settle"])
    assert announced["announce"]["message"] == "Jij neemt Koffie mee."
    assert holder(app, coffee) == "Bram Jansen"

    client.login(carla)
    page = section(text(client.get(url)), "items")
    assert "Bram Jansen neemt het mee" in page
    claim_button = dom_id(ActivityItem, "claim", id=coffee)
    assert f'id="{claim_button}"' not in page  # a plain member cannot take it over
    taken = client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "1"}, htmx=True)
    assert taken.status_code == 409
    assert "Bram Jansen neemt dit al mee." in text(taken)
    assert "Bram Jansen neemt het mee" in text(taken)
    assert holder(app, coffee) == "Bram Jansen"
    not_hers = client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "0"}, htmx=True)
    assert not_hers.status_code == 422
    assert "Alleen wie het meeneemt, kan het teruggeven." in text(not_hers)
    assert holder(app, coffee) == "Bram Jansen"
    plain = client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "1"})
    assert plain.status_code == 303
    assert "Bram Jansen neemt dit al mee." in text(client.get(plain.location))

    client.login(team.professional)
    released = client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "0"}, htmx=True)
    assert released.status_code == 200 and "nog niemand" in text(released)
    announced = json.loads(released.headers["HX-Trigger-After-Settle"])
    assert announced["announce"]["message"] == "Koffie is weer vrij."
    assert holder(app, coffee) is None
    client.login(carla)
    assert client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "1"}).status_code == 303
    assert holder(app, coffee) == "Carla Smit"


def test_an_organiser_may_free_an_item_someone_else_claimed(client, team, app):
    client.login(team.resident)
    activity = plan(client, [team.resident], items="Koffie")
    url = f"/c/utrecht/activities/{activity}"
    coffee = item_ids(app, activity)["Koffie"]
    client.login(team.professional)
    client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "1"})
    client.login(team.resident)
    page = section(text(client.get(url)), "items")
    assert "Geef vrij" in page
    response = client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "0"}, htmx=True)
    assert response.status_code == 200 and holder(app, coffee) is None


def test_claims_on_a_past_activity_or_a_foreign_item_are_refused(client, team, app):
    client.login(team.resident)
    past = plan(client, [team.resident], day=days_ahead(-2).isoformat(), items="Koffie")
    coming = plan(client, [team.resident], items="Thee")
    coffee = item_ids(app, past)["Koffie"]
    tea = item_ids(app, coming)["Thee"]
    response = client.post(
        f"/c/utrecht/activities/{past}/items/{coffee}/claim",
        {"on": "", "claim": "1"},
        htmx=True,
    )
    assert response.status_code == 422 and "Deze activiteit is al voorbij." in text(response)
    for item in (tea, 0, 99999999999999999999):
        response = client.post(
            f"/c/utrecht/activities/{past}/items/{item}/claim", {"on": "", "claim": "1"}
        )
        assert response.status_code == 404, item
    assert count(app, ItemClaim) == 0


# ---- who may change what ------------------------------------------------------------------------


def test_organiser_actions_are_403_for_a_plain_member_and_allowed_for_the_coordinator(
    client, team, app
):
    client.login(team.resident)
    activity = plan(client, [team.resident], items="Koffie")
    series = plan(client, [team.resident], title="Wekelijks", recurrence="weekly")
    url = f"/c/utrecht/activities/{activity}"
    coffee = item_ids(app, activity)["Koffie"]
    key = days_ahead(7).isoformat()
    organiser_page = text(client.get(url))
    assert "Wijzig de activiteit" in organiser_page and 'name="text"' in organiser_page

    client.login(team.professional)
    page = text(client.get(url))
    assert "Wijzig de activiteit" not in page and 'name="text"' not in page
    assert client.get(f"{url}/edit").status_code == 403
    edit = {"title": "Gekaapt", "organiser_ids": [str(team.professional.id)], "version": "1"}
    refused = [
        client.post(url, edit),
        client.post(f"{url}/cancel"),
        client.post(f"{url}/items", {"on": "", "text": "Taart"}),
        client.post(f"{url}/items/{coffee}/remove", {"on": ""}),
        client.get(f"/c/utrecht/activities/{series}/occurrence?on={key}"),
        client.post(f"/c/utrecht/activities/{series}/occurrence", {"on": key, "action": "cancel"}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    page = text(client.get(url))
    assert TITLE in page and "Gekaapt" not in page and "Taart" not in page
    assert "afgezegd" not in page and "Koffie" in page

    client.login(team.coordinator)
    assert client.get(f"{url}/edit").status_code == 200
    added = client.post(f"{url}/items", {"on": "", "text": "  Taart  "})
    assert added.status_code == 303 and added.location == f"{url}#items"
    assert "Taart" in section(text(client.get(url)), "items")
    fragment = client.post(f"{url}/items/{coffee}/remove", {"on": ""}, htmx=True)
    assert fragment.status_code == 200
    assert fragment.get_data(as_text=True).lstrip().startswith('<section class="panel items"')
    assert "Koffie" not in text(fragment) and "Taart" in text(fragment)
    empty = client.post(f"{url}/items", {"on": "", "text": "   "}, htmx=True)
    assert empty.status_code == 422 and "Zeg wat iemand moet meenemen." in text(empty)
    assert client.post(f"{url}/cancel").status_code == 303
    assert "De activiteit is afgezegd." in text(client.get(url))
    assert sorted(item_ids(app, activity)) == ["Taart"]


def test_one_date_of_a_series_moves_and_is_called_off(client, team, app):
    client.login(team.resident)
    first = days_ahead(7)
    series = plan(
        client,
        [team.resident],
        title="Wekelijks overleg",
        recurrence="weekly",
        repeat_until=(first + timedelta(days=35)).isoformat(),
    )
    one_off = plan(client, [team.resident])
    url = f"/c/utrecht/activities/{series}"
    second, third = first + timedelta(days=7), first + timedelta(days=14)
    page = text(client.get(url))
    assert "Elke week" in page and f"{dutch(first)}, 19:00–21:00" in page
    client.login(team.coordinator)
    form = client.get(f"{url}/occurrence?on={second}")
    assert form.status_code == 200 and f'value="{second}"' in text(form)
    moved = client.post(
        f"{url}/occurrence",
        {
            "on": second.isoformat(),
            "action": "move",
            "day": (second + timedelta(days=1)).isoformat(),
            "start_time": "20:00",
            "end_time": "22:00",
        },
    )
    assert moved.status_code == 303 and moved.location == f"{url}?on={second}"
    page = text(client.get(moved.location))
    assert "verplaatst" in page
    assert f"{dutch(second + timedelta(days=1))}, 20:00–22:00" in page
    assert f"Verplaatst; gepland was {dutch(second)}, 19:00." in page
    gap = client.post(
        f"{url}/occurrence",
        {"on": third.isoformat(), "day": DST_GAP_DAY, "start_time": "02:30", "end_time": "04:00"},
    )
    assert gap.status_code == 422
    assert "de klok gaat dan een uur vooruit" in text(gap) and 'value="02:30"' in text(gap)
    off = client.post(f"{url}/occurrence", {"on": third.isoformat(), "action": "cancel"})
    assert off.status_code == 303
    page = text(client.get(f"{url}?on={third}"))
    assert "deze datum is afgezegd" in page and 'id="rsvp-yes"' not in page
    first_page = text(client.get(f"{url}?on={first}"))
    assert "deze datum is afgezegd" not in first_page and 'id="rsvp-yes"' in first_page
    answer = client.post(f"{url}/rsvp", {"on": third.isoformat(), "answer": "yes"}, htmx=True)
    assert answer.status_code == 422 and "Deze activiteit is afgezegd." in text(answer)
    back = client.post(f"{url}/occurrence", {"on": third.isoformat(), "action": "restore"})
    assert back.status_code == 303
    assert "deze datum is afgezegd" not in text(client.get(f"{url}?on={third}"))
    # Only series have dates of their own; a date that is not in the series does not exist.
    assert client.get(f"/c/utrecht/activities/{one_off}/occurrence?on=").status_code == 404
    not_a_date = (first + timedelta(days=1)).isoformat()
    assert client.get(f"{url}/occurrence?on={not_a_date}").status_code == 404
    assert client.get(f"{url}?on={not_a_date}").status_code == 404
    assert client.get(f"{url}?on=").status_code == 404
    assert client.get(f"{url}?on={first + timedelta(days=42)}").status_code == 404  # after end


def test_programme_viewer_sees_pages_but_every_post_is_403(client, team, app):
    client.login(team.resident)
    activity = plan(client, [team.resident], items="Koffie")
    series = plan(client, [team.resident], title="Wekelijks", recurrence="weekly")
    url = f"/c/utrecht/activities/{activity}"
    coffee = item_ids(app, activity)["Koffie"]
    key = days_ahead(7).isoformat()
    client.login(make_viewer(app))
    for page in (
        "/c/utrecht/activities",
        "/c/utrecht/activities?view=past",
        "/c/utrecht/activities/month",
        url,
        "/c/utrecht/",
    ):
        response = client.get(page)
        assert response.status_code == 200, page
    page = text(client.get(url))
    assert TITLE in page and 'id="rsvp-yes"' not in page and "Ik neem het mee" not in page
    refused = [
        client.post(
            "/c/utrecht/activities",
            {
                "title": "Van de kijker",
                "day": key,
                "start_time": "19:00",
                "end_time": "20:00",
                "organiser_ids": [str(team.resident.id)],
            },
        ),
        client.post(f"{url}/rsvp", {"on": "", "answer": "yes"}),
        client.post(f"{url}/rsvp", {"on": "", "answer": "yes"}, htmx=True),
        client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "1"}),
        client.post(url, {"title": "Anders", "version": "1"}),
        client.post(f"{url}/cancel"),
        client.post(f"{url}/items", {"on": "", "text": "Taart"}),
        client.post(f"{url}/items/{coffee}/remove", {"on": ""}),
        client.post(f"/c/utrecht/activities/{series}/occurrence", {"on": key, "action": "cancel"}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert count(app, Rsvp) == 0 and count(app, ItemClaim) == 0 and count(app, Activity) == 2
    assert sorted(item_ids(app, activity)) == ["Koffie"]


def test_an_admin_plans_and_changes_but_has_no_answer_of_their_own(client, team, app):
    """Admins work on the shared plans (they plan and change activities) without a voice of
    their own: answering and bringing things needs a membership."""
    with app.app_context():
        create_user("beheer@buurtbord.test", "Beheerder", PASSWORD, is_admin=True)
        db.session.commit()
    client.login("beheer@buurtbord.test")
    form = text(client.get("/c/utrecht/activities/new"))
    organisers = re.findall(r'<input type="checkbox" name="organiser_ids"[^>]*>', form)
    assert len(organisers) == 3 and not any("checked" in box for box in organisers)
    assert "Plan een activiteit" in text(client.get("/c/utrecht/activities"))
    activity = plan(client, [team.resident], items="Koffie")
    url = f"/c/utrecht/activities/{activity}"
    assert client.get(f"{url}/edit").status_code == 200
    assert client.post(f"{url}/cancel").status_code == 303
    client.post(f"{url}/cancel", {"restore": "1"})
    page = text(client.get(url))
    assert 'id="rsvp-yes"' not in page and "Ik neem het mee" not in page
    coffee = item_ids(app, activity)["Koffie"]
    refused = [
        client.post(f"{url}/rsvp", {"on": "", "answer": "yes"}),
        client.post(f"{url}/items/{coffee}/claim", {"on": "", "claim": "1"}),
    ]
    assert [r.status_code for r in refused] == [403, 403]
    assert count(app, Rsvp) == 0 and count(app, ItemClaim) == 0


def test_another_coalitions_activity_is_404(client, team, app, voorst):
    _, olga = voorst
    client.login(olga)
    foreign = plan(client, [olga], slug="voorst", title="Voorster overleg", items="Koffie")
    coffee = item_ids(app, foreign)["Koffie"]
    client.login(team.coordinator)
    base = f"/c/utrecht/activities/{foreign}"
    for url in (base, f"{base}/edit", f"{base}.ics", f"{base}/occurrence?on="):
        assert client.get(url).status_code == 404, url
    posts = [
        client.post(f"{base}/rsvp", {"on": "", "answer": "yes"}),
        client.post(f"{base}/rsvp", {"on": "", "answer": "yes"}, htmx=True),
        client.post(f"{base}/items/{coffee}/claim", {"on": "", "claim": "1"}),
        client.post(f"{base}/items/{coffee}/claim", {"on": "", "claim": "1"}, htmx=True),
        client.post(base, {"title": "Gekaapt", "version": "1"}),
        client.post(f"{base}/cancel"),
        client.post(f"{base}/items", {"on": "", "text": "Taart"}),
        client.post(f"{base}/items/{coffee}/remove", {"on": ""}),
    ]
    assert [r.status_code for r in posts] == [404] * len(posts)
    for url in (
        "/c/voorst/activities",
        "/c/voorst/activities/month",
        f"/c/voorst/activities/{foreign}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/c/voorst/activities/{foreign}/rsvp", {"answer": "yes"}).status_code == 404
    assert count(app, Rsvp) == 0 and count(app, ItemClaim) == 0
    client.login(olga)
    page = text(client.get(f"/c/voorst/activities/{foreign}"))
    assert "Voorster overleg" in page and "Taart" not in page and "afgezegd" not in page


def test_garbage_in_urls_is_404_never_500(client, team):
    client.login(team.resident)
    activity = plan(client, [team.resident])
    series = plan(client, [team.resident], title="Wekelijks", recurrence="weekly")
    huge = "9" * 25
    not_found = [
        "/c/utrecht/activities/0",
        f"/c/utrecht/activities/{huge}",
        f"/c/utrecht/activities/{huge}/edit",
        f"/c/utrecht/activities/{huge}.ics",
        "/c/utrecht/activities/abc",
        f"/c/utrecht/activities/{activity}?on=garbage",
        f"/c/utrecht/activities/{activity}?on=2027-01-01",
        f"/c/utrecht/activities/{series}?on=2027-02-30",
        f"/c/utrecht/activities/{series}?on={huge}",
        f"/c/utrecht/activities/{series}?on=0001-01-01",
        f"/c/utrecht/activities/{series}?on=1-1-1",
        f"/c/utrecht/activities/{series}/occurrence?on=x",
        f"/calendar/{huge}.ics",
        "/calendar/" + "x" * 500 + ".ics",
        "/c/utrecht/activities.ics?token=nope",
        "/c/utrecht/activities.ics",
        "/c/nergens/activities",
    ]
    for url in not_found:
        assert client.get(url).status_code == 404, url
    for url in (
        f"/c/utrecht/activities/{activity}?on=",
        f"/c/utrecht/activities/{activity}",
        f"/c/utrecht/activities/{series}",
        f"/c/utrecht/activities/new?day={huge}&initiative={huge}",
        f"/c/utrecht/activities?weeks={huge}&view=past",
    ):
        assert client.get(url).status_code == 200, url
    posts = [
        (f"/c/utrecht/activities/{huge}/rsvp", {"answer": "yes"}),
        (f"/c/utrecht/activities/{activity}/items/{huge}/claim", {"claim": "1"}),
        (f"/c/utrecht/activities/{activity}/items/{huge}/remove", {}),
        (f"/c/utrecht/activities/{series}/rsvp", {"on": huge, "answer": "yes"}),
        (f"/c/utrecht/activities/{series}/occurrence", {"on": "", "action": "cancel"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    stale = client.post(
        f"/c/utrecht/activities/{activity}",
        {
            "title": "Nieuw",
            "day": days_ahead(7).isoformat(),
            "start_time": "19:00",
            "end_time": "21:00",
            "organiser_ids": [str(team.resident.id)],
            "version": huge,
        },
    )
    assert stale.status_code == 409


@pytest.mark.parametrize("recurrence", ["weekly", "fortnightly", "monthly"])
def test_an_occurrence_at_the_end_of_the_calendar_is_404_not_500(client, team, recurrence):
    client.login(team.resident)
    ahead = days_ahead(7)
    monday = ahead + timedelta(days=-ahead.weekday() % 7)  # a series on Mondays
    series = plan(
        client, [team.resident], title="Reeks", recurrence=recurrence, day=monday.isoformat()
    )
    url = f"/c/utrecht/activities/{series}"
    # 9999-12-31 is a Friday: never a date of this series.
    assert client.get(f"{url}?on=9999-12-31").status_code == 404
    response = client.post(f"{url}/rsvp", {"on": "9999-12-31", "answer": "yes"}, htmx=True)
    assert response.status_code == 404
    assert client.get(f"{url}/occurrence?on=9999-12-31").status_code == 404
    # 9999-12-27 is a Monday, but far beyond the years a calendar needs: not found either.
    assert client.get(f"{url}?on=9999-12-27").status_code == 404
    response = client.post(f"{url}/rsvp", {"on": "9999-12-27", "answer": "yes"}, htmx=True)
    assert response.status_code == 404


def last_date_in_2100(first: date, recurrence: str) -> date:
    """The last date of a series from first (no end) in 2100, worked out by hand."""
    if recurrence == "monthly":
        n = (first.day - 1) // 7 + 1  # the nth weekday of the month; a fifth one is the last
        same = [
            day
            for week in calendar.Calendar().monthdatescalendar(2100, 12)
            for day in week
            if day.month == 12 and day.weekday() == first.weekday()
        ]
        return same[-1] if n == 5 else same[n - 1]
    step = 7 if recurrence == "weekly" else 14
    return first + timedelta(days=(date(2100, 12, 31) - first).days // step * step)


@pytest.mark.parametrize("recurrence", ["weekly", "fortnightly", "monthly"])
def test_a_date_of_a_series_late_in_2100_is_found(client, team, recurrence):
    """A series without an end keeps its dates up to the last year a form accepts: its last
    date in 2100 opens, takes an answer and can be moved; the day after it does not exist."""
    client.login(team.resident)
    first = days_ahead(7)
    series = plan(client, [team.resident], title="Reeks", recurrence=recurrence, day=str(first))
    url = f"/c/utrecht/activities/{series}"
    last = last_date_in_2100(first, recurrence)
    page = client.get(f"{url}?on={last}")
    assert page.status_code == 200
    assert f"{dutch(last)}, 19:00–21:00" in text(page)
    assert client.get(f"{url}/occurrence?on={last}").status_code == 200
    answer = client.post(f"{url}/rsvp", {"on": str(last), "answer": "yes"}, htmx=True)
    assert answer.status_code == 200
    assert client.get(f"{url}?on={last + timedelta(days=1)}").status_code == 404


@pytest.mark.parametrize("recurrence", ["weekly", "fortnightly"])
def test_a_long_series_that_has_ended_opens_at_its_last_date(client, team, recurrence):
    """A series from 2000 to 2020 has hundreds of dates (once it opened at its 400th)."""
    client.login(team.resident)
    first, until = date(2000, 1, 3), date(2020, 12, 31)
    series = plan(
        client,
        [team.resident],
        title="Oude reeks",
        recurrence=recurrence,
        day=str(first),
        repeat_until=str(until),
    )
    step = 7 if recurrence == "weekly" else 14
    last = first + timedelta(days=(until - first).days // step * step)
    page = text(client.get(f"/c/utrecht/activities/{series}"))
    assert f'datetime="{last}T18:00:00Z"' in page  # 19:00 in Dutch winter time
    assert f"{dutch(last)}, 19:00–21:00" in page


EDGE_FIELDS = {
    "title": "Ver weg",
    "kind": "meeting",
    "start_time": "19:00",
    "end_time": "21:00",
    "recurrence": "none",
}


@pytest.mark.parametrize(
    "fields",
    [
        {"day": "9999-12-31", "recurrence": "weekly"},
        {"day": "0001-01-01", "start_time": "00:30", "end_time": "01:00"},
        {"day": "1999-12-31"},
        {"day": "2101-01-01", "recurrence": "monthly"},
    ],
    ids=["weekly-from-9999-12-31", "0001-01-01-00h30", "1999-12-31", "monthly-from-2101-01-01"],
)
def test_a_date_outside_2000_to_2100_is_refused_and_plans_nothing(client, team, app, fields):
    client.login(team.resident)
    data = {**EDGE_FIELDS, "organiser_ids": [str(team.resident.id)], **fields}
    response = client.post("/c/utrecht/activities", data)
    assert response.status_code == 422
    assert "Vul een datum in tussen 2000 en 2100." in text(response)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Activity.id))) == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"day": "2100-12-31", "recurrence": "weekly"},
        {"day": "2100-12-27", "recurrence": "monthly"},
        {"day": "2000-01-01", "start_time": "00:30", "end_time": "01:00"},
        {"day": "2000-01-01", "start_time": "00:05", "end_time": "00:10"},
    ],
    ids=[
        "weekly-from-2100-12-31",
        "monthly-from-2100-12-27",
        "2000-01-01-00h30",
        "2000-01-01-00h05",
    ],
)
def test_a_date_at_the_edge_of_the_calendar_never_breaks_a_page(client, team, fields):
    """The first and last dates a form accepts: every page of the activity opens, and where
    it offers answer buttons they work."""
    client.login(team.resident)
    data = {**EDGE_FIELDS, "organiser_ids": [str(team.resident.id)], **fields}
    response = client.post("/c/utrecht/activities", data)
    assert response.status_code == 303
    url = response.location
    for page in (url, f"{url}/edit", f"{url}.ics", "/c/utrecht/activities", "/c/utrecht/"):
        assert client.get(page).status_code == 200, page
    assert client.get(feed_path(client)).status_code == 200
    rsvp = section(text(client.get(url)), "rsvp")
    on = re.search(r'name="on" value="([^"]*)"', rsvp)
    over = fields["day"].startswith("2000")
    assert (on is None) == over  # a date in 2000 is over: no answer buttons
    if on:
        answer = client.post(f"{url}/rsvp", {"on": on.group(1), "answer": "yes"}, htmx=True)
        assert answer.status_code == 200, on.group(1)


def test_moving_a_date_to_the_edge_of_the_calendar_is_refused_not_500(client, team):
    client.login(team.resident)
    series = plan(client, [team.resident], title="Reeks", recurrence="weekly")
    url = f"/c/utrecht/activities/{series}"
    key = days_ahead(7).isoformat()
    response = client.post(
        f"{url}/occurrence",
        {
            "on": key,
            "action": "move",
            "day": "0001-01-01",
            "start_time": "00:05",
            "end_time": "00:10",
        },
    )
    assert response.status_code == 422
    assert "Vul een datum in tussen 2000 en 2100." in text(response)
    assert client.get(f"{url}?on={key}").status_code == 200


# ---- calendars ----------------------------------------------------------------------------------


def test_download_one_activity(client, team):
    client.login(team.resident)
    activity = plan(client, [team.resident])
    client.post(f"/c/utrecht/activities/{activity}/rsvp", {"on": "", "answer": "yes"})
    response = client.get(f"/c/utrecht/activities/{activity}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert f"activiteit-{activity}.ics" in response.headers["Content-Disposition"]
    assert summaries(response.data) == [f"{TITLE} (je komt)"]
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event.get("location")) == PLACE
    assert to_local(event.decoded("dtstart")).strftime("%H:%M") == "19:00"
    anonymous = BoardClient(client.app)
    response = anonymous.get(f"/c/utrecht/activities/{activity}.ics")
    assert response.status_code != 200 and b"VCALENDAR" not in response.data


def test_personal_feed_holds_the_own_coalitions_only(client, team, app, voorst, world):
    coalition, olga = voorst
    both = world.person(team.coalition, name="Dirk Beide", email="dirk@utrecht.test")
    client.login(olga)
    plan(client, [olga], slug="voorst", title="Voorster overleg")
    client.login(team.resident)
    activity = plan(client, [team.resident])
    client.post(f"/c/utrecht/activities/{activity}/rsvp", {"on": "", "answer": "maybe"})
    page = text(client.get("/calendar"))
    assert "Activiteiten in je eigen agenda" in page and "Utrecht Zuilen" in page
    path = feed_path(client)
    assert f'href="webcal://localhost{path}"' in page
    anonymous = BoardClient(app)
    response = anonymous.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert summaries(response.data) == [f"{TITLE} (misschien)"]
    assert "Voorster overleg" not in text(response)
    # Someone in both coalitions gets both.
    with app.app_context():
        add_member(db.session.get(Coalition, coalition.id), attached(both), "member", "resident")
        db.session.commit()
    client.login(both)
    response = anonymous.get(feed_path(client))
    assert sorted(summaries(response.data)) == [TITLE, "Voorster overleg"]


@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="about SQLite's one write lock for the whole database",
)
def test_the_first_visit_to_the_calendar_page_makes_its_token_under_the_write_lock(
    client, team, app, monkeypatch
):
    """GET /calendar writes on a person's first visit: it makes their feed token. On SQLite a
    transaction that read first and writes later fails when another connection wrote in
    between (a busy snapshot: "database is locked"), so the token is made in a unit of work of
    its own, which takes the write lock before it reads the person again.

    Here another connection tries to write just while the token is made (the token generator
    is the hook), without waiting for a lock: it must find the database locked, and the page
    answers 200 with the token stored. Before, that write went through and the page failed.
    """
    client.login(team.resident)
    with app.app_context():
        path = db.engine.url.database
    attempts = []
    make_token = secrets.token_urlsafe

    def token_while_someone_writes(nbytes=None):
        if not attempts:
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute(
                    "UPDATE users SET display_name = 'Bram' WHERE id = ?", (team.professional.id,)
                )
                other.execute("COMMIT")
                attempts.append("written")
            except sqlite3.OperationalError as error:
                attempts.append(str(error))
            finally:
                other.close()
        return make_token(nbytes)

    monkeypatch.setattr(secrets, "token_urlsafe", token_while_someone_writes)
    response = client.get("/calendar")
    assert response.status_code == 200
    assert attempts == ["database is locked"]
    with app.app_context():
        token = db.session.get(User, team.resident.id).calendar_token
    assert token and f"/calendar/{token}.ics" in text(response)


def test_a_new_feed_address_retires_the_old_one(client, team, app):
    client.login(team.resident)
    plan(client, [team.resident])
    old = feed_path(client)
    assert feed_path(client) == old  # the address stays until asked otherwise
    response = client.post("/calendar/token")
    assert response.status_code == 303 and response.location == "/calendar"
    page = text(client.get("/calendar"))
    assert "Je agenda heeft een nieuw adres. Het oude adres werkt niet meer." in page
    new = feed_path(client)
    anonymous = BoardClient(app)
    assert new != old
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    old_token = old.rsplit("/", 1)[1].removesuffix(".ics")
    assert anonymous.get(f"/c/utrecht/activities.ics?token={old_token}").status_code == 404
    assert BoardClient(app).get("/calendar").status_code == 302


def test_coalition_feed_needs_a_members_token(client, team, app, voorst):
    _, olga = voorst
    client.login(olga)
    plan(client, [olga], slug="voorst", title="Voorster overleg")
    olga_token = feed_path(client).rsplit("/", 1)[1].removesuffix(".ics")
    client.login(team.resident)
    plan(client, [team.resident])
    token = feed_path(client).rsplit("/", 1)[1].removesuffix(".ics")
    anonymous = BoardClient(app)
    response = anonymous.get(f"/c/utrecht/activities.ics?token={token}")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert summaries(response.data) == [TITLE]
    assert anonymous.get(f"/c/voorst/activities.ics?token={token}").status_code == 404
    assert anonymous.get(f"/c/utrecht/activities.ics?token={olga_token}").status_code == 404
    theirs = anonymous.get(f"/c/voorst/activities.ics?token={olga_token}")
    assert summaries(theirs.data) == ["Voorster overleg"]


# ---- queries per page ---------------------------------------------------------------------------


def test_pages_and_feed_do_not_query_per_activity(client, team, app, world):
    """2 activities or 20, with answers, things to bring and claims: the same queries."""
    people = [world.person(team.coalition, name=f"Buur {n}") for n in range(4)]
    day = days_ahead(7)
    keys = {}

    def grow(first: int, number: int, extra_items: int):
        with app.app_context():
            coalition = db.session.get(Coalition, team.coalition.id)
            anna = db.session.get(User, team.resident.id)
            neighbours = [db.session.get(User, p.id) for p in people]
            for n in range(first, first + number):
                weekly = n % 2 == 0
                activity = actions.plan_activity(
                    coalition,
                    anna,
                    ActivityInput(
                        title=f"Activiteit {n:02d}",
                        day=day.isoformat(),
                        start_time=f"{8 + n % 12:02d}:00",
                        end_time=f"{9 + n % 12:02d}:00",
                        recurrence="weekly" if weekly else "none",
                        organiser_ids=[str(anna.id)],
                        items="Koffie\nThee",
                    ),
                )
                keys[activity.id] = day.isoformat() if weekly else ""
            watched = min(keys)
            activities = db.session.scalars(
                db.select(Activity).where(Activity.id.in_(list(keys)))
            ).all()
            for activity in activities:
                key = keys[activity.id]
                for person, answer in zip(
                    [anna, *neighbours], ["yes", "maybe", "no", "yes", "yes"], strict=True
                ):
                    actions.set_rsvp(coalition, person, activity, key, answer)
                if activity.id == watched:
                    for n in range(extra_items):
                        actions.add_item(coalition, anna, activity, f"Ding {first + n}")
                items = db.session.scalars(
                    db.select(ActivityItem)
                    .where(ActivityItem.activity_id == activity.id)
                    .order_by(ActivityItem.id)  # the same person claims the same item again
                ).all()
                for item, person in zip(items, neighbours, strict=False):
                    actions.claim_item(coalition, person, activity, item, key)

    grow(0, 2, 1)
    client.login(team.resident)
    watched = min(keys)
    month = f"{day:%Y-%m}"
    feed = feed_path(client)
    pages = {
        "upcoming": "/c/utrecht/activities",
        "month": f"/c/utrecht/activities/month?m={month}",
        "activity": f"/c/utrecht/activities/{watched}?on={keys[watched]}",
        "feed": feed,
    }
    small = {
        name: steady_query_count(app, lambda u=url: client.get(u)) for name, url in pages.items()
    }
    grow(2, 18, 5)
    big = {
        name: steady_query_count(app, lambda u=url: client.get(u)) for name, url in pages.items()
    }

    upcoming = text(client.get(pages["upcoming"]))
    month_page = text(client.get(pages["month"]))
    assert all(f"Activiteit {n:02d}" in upcoming for n in range(20))
    assert all(f"Activiteit {n:02d}" in month_page for n in range(20))
    activity_page = text(client.get(pages["activity"]))
    assert "<strong>Ja: 3</strong>" in activity_page
    assert activity_page.count('<li class="item') == 8
    assert len(summaries(client.get(feed).data)) >= 20
    assert big == small


def test_calling_off_a_whole_series_asks_first_and_says_who_will_see_it(client, team, app):
    client.login(team.resident)
    series = plan(client, [team.resident], title="Wekelijks overleg", recurrence="weekly")
    url = f"/c/utrecht/activities/{series}"
    key = days_ahead(14).isoformat()
    client.login(team.professional)
    assert client.post(f"{url}/rsvp", {"on": key, "answer": "maybe"}).status_code == 303
    client.login(team.resident)
    page = text(client.get(url))
    assert "Voor organisatoren" in page and "Over deze activiteit" in page
    assert page.index("Kom je?") < page.index("Over deze activiteit")  # answering comes first
    question = client.post(f"{url}/cancel")
    assert question.status_code == 200
    asked = text(question)
    assert "Alle datums van „Wekelijks overleg” afzeggen?" in asked
    assert team.professional.display_name in asked
    assert 'name="confirm" value="1"' in asked
    assert "afgezegd" not in text(client.get(url))  # nothing happened yet
    done = client.post(f"{url}/cancel", {"confirm": "1"})
    assert done.status_code == 303
    assert "De activiteit is afgezegd." in text(client.get(url))
    # A single activity is called off at once, as before.
    once = plan(client, [team.resident], title="Eenmalig")
    assert client.post(f"/c/utrecht/activities/{once}/cancel").status_code == 303
