"""Many people at once: random concurrent moves and edits leave a consistent board, lose nothing."""

import random
import re
import threading
from collections import defaultdict

from board.extensions import db
from board.kanban import queries
from board.models import ChecklistItem, Column, ConsentRound, Initiative, ProgrammeMonth
from tests.conftest import BoardClient, attached, together

THREADS = 4
OPERATIONS = 60


def _clients(app, person, count):
    """count logged-in clients of person (one per thread)."""
    clients = []
    for _ in range(count):
        client = BoardClient(app)
        client.login(person)
        clients.append(client)
    return clients


def test_concurrent_moves_and_edits_keep_order_and_lose_no_edit(app, world, team, make_card):
    cards = [make_card(f"Kaart {n}") for n in range(12)]
    sides = random.Random(2026)
    people = [team.resident, team.professional] + [
        world.person(team.coalition, side=sides.choice(["resident", "professional"]))
        for _ in range(THREADS - 2)
    ]
    successes: list[tuple[int, int, str, str]] = []  # card, expected version, kind, title
    failures: list[str] = []
    lock = threading.Lock()

    def work(person, seed):
        rng = random.Random(seed)
        client = BoardClient(app)
        client.login(person)
        for n in range(OPERATIONS):
            card = rng.choice(cards)
            page = client.get(f"/c/utrecht/initiatives/{card}").get_data(as_text=True)
            version = int(re.search(r'name="version"[^>]*value="(\d+)"', page).group(1))
            if rng.random() < 0.5:
                title = f"{person.display_name} {seed}-{n}"
                response = client.post(
                    f"/c/utrecht/initiatives/{card}", {"title": title, "version": version}
                )
                kind = "edit"
            else:
                title = ""
                response = client.post(
                    f"/c/utrecht/initiatives/{card}/move",
                    {
                        "column_id": rng.choice(team.columns),
                        "position": rng.randint(0, 6),
                        "version": version,
                    },
                    htmx=True,
                )
                kind = "move"
            with lock:
                if response.status_code in (200, 303):
                    successes.append((card, version, kind, title))
                elif response.status_code != 409:
                    failures.append(f"{kind} {card}: {response.status_code}")

    threads = [
        threading.Thread(target=work, args=(person, seed)) for seed, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(successes) > OPERATIONS  # the run really interleaved many writes

    with app.app_context():
        stored = {c.id: c for c in db.session.scalars(db.select(Initiative))}
    by_card = defaultdict(list)
    for card, version, kind, title in successes:
        by_card[card].append((version, kind, title))
    for card_id, writes in by_card.items():
        versions = [version for version, _, _ in writes]
        # Two saves based on the same version would mean one silently overwrote the other.
        assert len(versions) == len(set(versions)), (card_id, sorted(versions))
        assert stored[card_id].version == 1 + len(writes)
        edits = sorted((v, t) for v, kind, t in writes if kind == "edit")
        if edits:
            assert stored[card_id].title == edits[-1][1]

    columns = defaultdict(list)
    for card in stored.values():
        assert card.column_id in team.columns
        columns[card.column_id].append(card.rank)
    for ranks in columns.values():
        assert len(ranks) == len(set(ranks))
    assert sum(len(r) for r in columns.values()) == len(cards)
    # Each column's count kept as cards moved at once is the number of cards it holds.
    with app.app_context():
        kept = {c.id: c.card_count for c in db.session.scalars(db.select(Column))}
    assert [kept[c] for c in team.columns] == [len(columns[c]) for c in team.columns]


def test_steps_added_at_the_same_moment_get_their_own_places(app, team, make_card):
    """Each new step reads the last place under the coalition's lock (it read it before)."""
    card = make_card()
    clients = _clients(app, team.resident, 6)

    def add(n):
        return lambda: (
            clients[n]
            .post(f"/c/utrecht/initiatives/{card}/checklist", {"text": f"Stap {n}"})
            .status_code
        )

    assert together(*(add(n) for n in range(6))) == [303] * 6
    with app.app_context():
        places = db.session.scalars(
            db.select(ChecklistItem.position).where(ChecklistItem.initiative_id == card)
        ).all()
    assert sorted(places) == list(range(6))


def test_a_cards_counts_stay_true_when_many_tick_and_comment_at_once(app, team, make_card):
    """The counts kept on a card are moved under the coalition's lock, each change after the
    last: ticks of one step at once count once, comments and steps at once each count."""
    card = make_card()
    clients = _clients(app, team.resident, 8)
    first = clients[0].post(f"/c/utrecht/initiatives/{card}/checklist", {"text": "Flyers"})
    second = clients[0].post(f"/c/utrecht/initiatives/{card}/checklist", {"text": "Sleutel"})
    assert (first.status_code, second.status_code) == (303, 303)
    with app.app_context():
        steps = db.session.scalars(
            db.select(ChecklistItem.id)
            .where(ChecklistItem.initiative_id == card)
            .order_by(ChecklistItem.position)
        ).all()

    def post(n, path, data):
        return lambda: clients[n].post(path, data).status_code

    answers = together(
        *(post(n, f"/c/utrecht/checklist/{steps[0]}", {"done": "1"}) for n in range(3)),
        post(3, f"/c/utrecht/checklist/{steps[1]}/remove", {}),
        *(post(n, f"/c/utrecht/initiatives/{card}/comments", {"body": f"Ja {n}"}) for n in (4, 5)),
        *(
            post(n, f"/c/utrecht/initiatives/{card}/checklist", {"text": f"Stap {n}"})
            for n in (6, 7)
        ),
    )
    assert answers == [303] * 8
    with app.app_context():
        stored = db.session.get(Initiative, card)
        kept = (stored.checklist_done, stored.checklist_total, stored.comment_count)
    assert kept == (1, 3, 2)
    board = clients[0].get("/c/utrecht/board").get_data(as_text=True)
    shown = re.search(rf'id="initiative-{card}".*?</li>', board, re.S).group(0)
    assert "1 van 3" in shown and "2 reacties" in shown


def test_cards_started_at_once_in_many_coalitions_are_each_counted_for_the_programme(app, world):
    """Changes of different coalitions run side by side; each adds to the month's count of the
    programme, and none is lost or waits for ever on another."""
    clients, boards = [], []
    for number in range(3):
        coalition = world.coalition(slug=f"wijk{number}", name=f"Wijk {number}")
        for _ in range(2):
            person = world.person(coalition)
            client = BoardClient(app)
            client.login(person)
            clients.append(client)
            with app.app_context():
                first = queries.active_columns(attached(coalition))[0]
            boards.append((coalition.slug, first.id))

    def add(number):
        slug, column = boards[number]
        return lambda: (
            clients[number]
            .post(f"/c/{slug}/initiatives", {"column_id": column, "title": f"Kaart {number}"})
            .status_code
        )

    assert together(*(add(n) for n in range(6))) == [303] * 6
    with app.app_context():
        started = db.session.scalar(
            db.select(db.func.sum(ProgrammeMonth.count)).where(ProgrammeMonth.series == "started")
        )
    assert started == 6


def test_columns_added_at_the_same_moment_get_their_own_places(app, team):
    clients = _clients(app, team.coordinator, 4)
    answers = together(
        *(
            (lambda c=c, n=n: c.post("/c/utrecht/columns", {"name": f"Kolom {n}"}).status_code)
            for n, c in enumerate(clients)
        )
    )
    assert answers == [303] * 4
    with app.app_context():
        places = db.session.scalars(
            db.select(Column.position).where(Column.coalition_id == team.coalition.id)
        ).all()
    assert sorted(places) == list(range(8))


def _chosen_idea(client, team, title="Moestuin"):
    """An idea the coordinator proposed, shortlisted and chose; its id."""
    client.login(team.coordinator)
    location = client.post("/c/utrecht/ideas", {"title": title}).location
    idea = int(location.rsplit("/", 1)[1])
    for action in ("shortlist", "choose"):
        client.post(f"/c/utrecht/ideas/{idea}/status", {"action": action})
    return idea


def test_consent_started_twice_at_once_opens_one_round(app, team, client):
    """The second start is told there is a round already (it was a unique-constraint 500)."""
    idea = _chosen_idea(client, team)
    clients = _clients(app, team.coordinator, 2)
    answers = together(
        *((lambda c=c: c.post(f"/c/utrecht/ideas/{idea}/consent/start")) for c in clients)
    )
    assert sorted(a.status_code for a in answers) == [303, 422]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ConsentRound.id))) == 1


def test_an_idea_becomes_one_card_however_often_it_is_asked_at_once(app, team, client):
    idea = _chosen_idea(client, team)
    client.post(f"/c/utrecht/ideas/{idea}/consent/start")
    client.login(team.resident)
    client.post(f"/c/utrecht/ideas/{idea}/consent", {"answer": "consent"})
    clients = _clients(app, team.coordinator, 4)
    leads = {"resident_lead_id": team.resident.id, "professional_lead_id": team.professional.id}
    answers = together(
        *((lambda c=c: c.post(f"/c/utrecht/ideas/{idea}/initiative", leads)) for c in clients)
    )
    assert sorted(a.status_code for a in answers) == [303, 422, 422, 422]
    with app.app_context():
        cards = db.session.scalars(db.select(Initiative).where(Initiative.idea_id == idea)).all()
    assert len(cards) == 1
