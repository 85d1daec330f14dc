"""The programme's view over HTTP: only for the programme and admins, every coalition side by
side with nothing confidential in the page or the CSV, the pulse's thresholds kept, a period
and a search, and a page that costs the same however many coalitions there are."""

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from board import clock
from board.activities import actions as activity_actions
from board.activities.inputs import ActivityInput
from board.auth.actions import create_user
from board.extensions import db
from board.kanban import actions as kanban_actions
from board.kanban.inputs import MoveInput
from board.kanban.queries import active_columns
from board.models import IntervisionKeepsake, LearningPoint, User
from board.pulse import actions as pulse_actions
from board.pulse.inputs import WaveInput
from board.pulse.items import SCALE_KEYS
from tests.conftest import BoardClient, World, attached, steady_query_count


def viewer(app) -> BoardClient:
    """A client of a programme viewer (made if missing)."""
    with app.app_context():
        if db.session.scalar(select(User).where(User.email == "kijker@test.example")) is None:
            create_user("kijker@test.example", "Kijker", "samenwerken12", is_programme_viewer=True)
            db.session.commit()
    client = BoardClient(app)
    client.login("kijker@test.example", "samenwerken12")
    return client


def test_only_the_programme_and_admins_see_it(client, team):
    client.login(team.coordinator)
    assert client.get("/programme").status_code == 403
    assert client.get("/programme.csv").status_code == 403
    anonymous = BoardClient(client.app)
    assert anonymous.get("/programme").status_code == 302


def test_the_demo_programme_shows_every_coalition_and_nothing_confidential(app, demo_readonly):
    client = BoardClient(app)
    client.login("programma@buurtbord.example", "samenwerken")
    page = client.get("/programme?period=half")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for name in ("Apeldoorn Zuid", "Utrecht Zuilen", "Voorst", "Wageningen De Nude"):
        assert name in html
    assert "Per maand, in alle 5 coalities" in html and "Samenwerkingspuls" in html
    download = client.get("/programme.csv?period=half")
    assert download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows[0][0] == "Coalitie" and len(rows) == 6
    text = html + download.get_data(as_text=True)
    with app.app_context():
        points = db.session.execute(select(LearningPoint.body, LearningPoint.visibility)).all()
        keepsakes = db.session.scalars(select(IntervisionKeepsake)).all()
        people = db.session.scalars(select(User.display_name)).all()
    shared = [body for body, visibility in points if visibility == "programme"]
    private = [body for body, visibility in points if visibility != "programme"]
    assert shared and private
    assert all(body in html for body in shared)
    assert not [body for body in private if body in text]
    kept = [advice for k in keepsakes for advice in k.advice] + [k.next_step for k in keepsakes]
    assert not [words for words in kept if words and words in text]
    # No names, but the viewer's own in the header.
    assert not [name for name in people if name in text and name != "Marijke Dekker"]


def test_a_period_and_a_search(app, demo_readonly):
    client = BoardClient(app)
    client.login("programma@buurtbord.example", "samenwerken")
    year = client.get("/programme?period=year").get_data(as_text=True)
    assert "laatste jaar" in year and year.count('<th scope="row">') >= 12
    odd = client.get("/programme?period=eeuw&page=abc&q=" + "x" * 500)
    assert odd.status_code == 200 and "Geen coalitie gevonden." in odd.get_data(as_text=True)
    found = client.get("/programme?q=zuilen").get_data(as_text=True)
    assert "1 coalitie gevonden voor „zuilen”." in found
    assert 'id="coalition-utrecht"' in found and 'id="coalition-voorst"' not in found


def _busy_coalition(world: World, slug: str, residents: int, professionals: int):
    """A coalition with cards (one finished), a weekly meeting held twice with answers, and a
    closed pulse wave answered by its members."""
    coalition = world.coalition(slug, f"Coalitie {slug}")
    people = [world.person(coalition, side="resident") for _ in range(residents)]
    people += [world.person(coalition, side="professional") for _ in range(professionals)]
    with world.app.app_context():
        coalition, people = attached(coalition), [attached(p) for p in people]
        columns = active_columns(coalition)
        done = kanban_actions.create_initiative(coalition, people[0], columns[0].id, "Buurtkamer")
        kanban_actions.create_initiative(coalition, people[0], columns[0].id, "Wijkkrant")
        kanban_actions.move_initiative(
            coalition, people[0], done, MoveInput(column_id=str(columns[-1].id))
        )
        start = clock.today() - timedelta(days=15)
        with clock.pretending(clock.now() - timedelta(days=16)):
            meeting = activity_actions.plan_activity(
                coalition,
                people[0],
                ActivityInput(
                    title="Overleg",
                    day=start.isoformat(),
                    start_time="10:00",
                    end_time="11:00",
                    recurrence="weekly",
                    organiser_ids=[str(people[0].id)],
                ),
            )
            for person in people:
                activity_actions.set_rsvp(coalition, person, meeting, start.isoformat(), "yes")
        last_day = clock.today().isoformat()
        wave = pulse_actions.open_wave(coalition, people[0], WaveInput(last_day=last_day))
        for person in people:
            side = "resident" if people.index(person) < residents else "professional"
            answers = {key: "4" if side == "resident" else "2" for key in SCALE_KEYS}
            pulse_actions.send(coalition, person, side, wave, answers | {"trend": "same"})
        pulse_actions.close_wave(coalition, people[0], wave)
        db.session.commit()


def test_small_groups_stay_hidden_and_the_page_costs_the_same_for_more_coalitions(app, world):
    _busy_coalition(world, "een", 3, 3)
    _busy_coalition(world, "twee", 2, 3)
    client = viewer(app)
    html = client.get("/programme").get_data(as_text=True)
    assert "Coalitie een" in html and "Coalitie twee" in html
    rows = list(csv.reader(io.StringIO(client.get("/programme.csv").get_data(as_text=True))))
    by_name = {row[0]: row for row in rows[1:]}
    trust = rows[0].index("Puls: Vertrouwen")
    assert by_name["Coalitie een"][trust] == "3.0" and by_name["Coalitie twee"][trust] == "2.8"
    one = html.split('id="coalition-een"')[1].split('id="coalition-twee"')[0]
    two = html.split('id="coalition-twee"')[1]
    assert "<td>4,0</td><td>2,0</td><td>3,0</td>" in one  # both sides show apart
    assert "<td>—</td><td>—</td><td>2,8</td>" in two  # two residents: only everyone
    # Held: two dates each; the finished card; and a fixed number of queries for more of all.
    assert "Kwamen (bewoners / professionals)" in html
    small = steady_query_count(app, lambda: client.get("/programme?period=year"))
    for number in range(4):
        _busy_coalition(world, f"extra{number}", 3, 3)
    big = steady_query_count(app, lambda: client.get("/programme?period=year"))
    assert "Coalitie extra3" in client.get("/programme").get_data(as_text=True)
    assert small == big
