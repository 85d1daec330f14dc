"""A large installation for the benchmark: many coalitions with about a year of history each.

Written straight into the tables with bulk inserts (SQLAlchemy Core, a batch of coalitions per
transaction), not through the services: those take their change lock and write their events
one change at a time, far too slow for a thousand coalitions. What is written follows the
models as the services would leave them: every card's column is the one its last event names,
events carry rising change numbers per coalition and the coalition's event_seq is the last of
them, a closed intervision session has its own agenda activity, a pulse wave keeps the wording
of its items, and pulse answers have random ids and no names.

generate() expects an empty database (it migrates it first) and gives explicit primary keys,
counting on from the highest id already in each table; on PostgreSQL the id sequences are set
past them afterwards, so the services can add rows as usual.
"""

import json
import random
import time as timer
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import JSON, func, insert, select, text

PASSWORD = "benchmark-wachtwoord"
BATCH = 50  # coalitions per transaction
HISTORY_DAYS = 365
COLUMNS = ("Verkennen", "Voorbereiden", "Uitvoeren", "Afgerond")
# The events the programme's months count (board/programme/tally.py), by series.
MONTHS_SERIES = {
    "initiative.created": "started",
    "initiative.moved": "finished",
    "idea.proposed": "proposed",
    "session.closed": "sessions",
}
RESIDENTS, PROFESSIONALS = 8, 7
INITIATIVES = 50
IDEAS = 10
ONE_OFF_ACTIVITIES = 4
WEEKLY_COMERS = 4  # "yes" per date of the weekly series
SESSIONS_DAYS_AGO = (320, 230, 140, 50)  # closed intervision sessions
SESSION_PEOPLE = 5
WAVES_DAYS_AGO = (310, 250, 190, 130, 70)  # closed pulse waves, two months apart
WAVE_DAYS = 14
WAVE_PEOPLE = 8
ROUNDS_DAYS_AGO = (200, 80)  # closed voting rounds
RANK_GAP = 1 << 16
INCIDENT_PLAN = (5, 15, 3, 15, 10, 10, 10)  # minutes per phase of the incident method
FIRST_NAMES = (
    "Anna", "Bram", "Cor", "Dewi", "Emre", "Fatima", "Gert", "Hanna", "Ilse", "Joost",
    "Karim", "Lotte", "Mehmet", "Nadia", "Olga", "Pieter", "Rachida", "Sanne", "Tom", "Yara",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Yilmaz", "El Amrani", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker", "Kaya",
)  # fmt: skip
CARD_WORDS = (
    "Buurtmaaltijd", "Speeltuin opknappen", "Taalcafé", "Klusdag", "Groene gevels",
    "Ontmoetingsbank", "Huiswerkklas", "Wandelgroep", "Burenhulp", "Repair café",
    "Moestuin", "Zomerfeest", "Energiecoaches", "Voedselbank-punt", "Jongerenavond",
)  # fmt: skip
WISHES = (
    "Vaker samen koffie drinken, niet alleen vergaderen.",
    "Kortere overleggen en meer samen doen in de wijk.",
    "Dat we elkaar eerder laten weten als iets niet lukt.",
    "Duidelijker wie waarover gaat bij de werkplaatsen.",
)
POINTS = (
    "Eerst vragen, dan pas advies geven.",
    "Bewoners weten vaak al wat er speelt; vraag het ze.",
    "Een klein eerste stapje helpt meer dan een groot plan.",
    "Ik zeg eerder wat ik niet weet.",
)


class _Ids:
    """The next primary key of every table with an integer id, counting on from what is there."""

    def __init__(self, session, metadata):
        self.next: dict[str, int] = {}
        for table in metadata.sorted_tables:
            column = table.c.get("id")
            if column is not None and column.primary_key and column.type.python_type is int:
                self.next[table.name] = (session.scalar(select(func.max(column))) or 0) + 1

    def take(self, table: str) -> int:
        """A fresh id for a row of table."""
        value = self.next[table]
        self.next[table] = value + 1
        return value


class _Rows:
    """Rows waiting to be written, per table; written in the order foreign keys need."""

    def __init__(self, metadata):
        self.metadata = metadata
        self.rows: dict[str, list[dict]] = defaultdict(list)
        # The programme's months ((first day, series) → count), as the app counts them.
        self.months: Counter = Counter()

    def add(self, table: str, **row) -> dict:
        self.rows[table].append(row)
        return row

    def write(self, session, counts: Counter) -> None:
        """Insert everything waiting and forget it: COPY on PostgreSQL (one round trip per
        table, where executemany waits for the server once per row), executemany on SQLite."""
        copying = session.get_bind().dialect.name == "postgresql"
        for table in self.metadata.sorted_tables:
            rows = self.rows.pop(table.name, None)
            if not rows:
                continue
            missing = set(table.c.keys()) - set(rows[0])
            assert not missing, f"{table.name}: no value for {sorted(missing)}"
            if copying:
                _copy(session, table, rows)
            else:
                for start in range(0, len(rows), 10_000):
                    session.execute(insert(table), rows[start : start + 10_000])
            counts[table.name] += len(rows)
        assert not self.rows, f"rows for unknown tables: {list(self.rows)}"


def _copy(session, table, rows: list[dict]) -> None:
    """COPY rows into table on the session's own connection (so inside its transaction). The
    rows hold every column, with aware UTC datetimes; JSON is written as its text."""
    names = list(rows[0])
    json_columns = {name for name in names if isinstance(table.c[name].type, JSON)}
    cursor = session.connection().connection.driver_connection.cursor()
    columns = ", ".join(f'"{name}"' for name in names)
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[n]) if n in json_columns else row[n] for n in names])


class _Coalition:
    """The rows of one coalition and its year of history."""

    def __init__(self, out: _Rows, ids: _Ids, number: int, rng: random.Random, now: datetime):
        from board import clock

        self.clock = clock
        self.out, self.ids, self.number, self.rng, self.now = out, ids, number, rng, now
        self.today = clock.to_local(now).date()
        self.start = now - timedelta(days=HISTORY_DAYS)
        self.id = ids.take("coalitions")
        self.events: list[tuple[datetime, int, dict]] = []

    # ---- helpers

    def between(self, first: datetime, last: datetime) -> datetime:
        """A random moment from first to last."""
        return first + (last - first) * self.rng.random()

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A wall-clock time on day (Dutch time) as a UTC moment."""
        return self.clock.wall_moment(day, time(hour, minute))

    def event(self, at: datetime, actor: int | None, verb: str, kind: str, subject: int, **payload):
        """An event at moment at; change numbers are given once all are known."""
        row = {
            "coalition_id": self.id,
            "actor_id": actor,
            "verb": verb,
            "subject_type": kind,
            "subject_id": subject,
            "payload": payload,
            "created_at": at,
        }
        self.events.append((at, len(self.events), row))
        series = MONTHS_SERIES.get(verb)
        if verb == "initiative.moved" and payload["column_id"] != self.columns[-1]:
            series = None  # finished only when moved into the last column
        if series is not None:
            self.out.months[self.clock.to_local(at).date().replace(day=1), series] += 1

    # ---- the parts

    def build(self, password_hash: str, wave_items: list[dict]) -> None:
        """Every row of the coalition."""
        founded = self.start - timedelta(days=30)
        self.out.add(
            "coalitions",
            id=self.id,
            slug=f"groot-{self.number:04d}",
            name=f"Coalitie {self.number:04d}",
            aim="Samen de buurt sterker maken.",
            site_kind="werkplaats",
            event_seq=0,  # set below, once the events are counted
            created_at=founded,
        )
        self.people(password_hash, founded)
        self.sites_and_columns()
        self.ideas_and_rounds()
        self.board()
        self.activities()
        self.intervision()
        self.pulse(wave_items)
        self.write_events()

    def people(self, password_hash: str, founded: datetime) -> None:
        """Residents and professionals; the first of each coordinates or facilitates."""
        self.members: list[tuple[int, str]] = []  # (user id, side)
        for n in range(RESIDENTS + PROFESSIONALS):
            user_id = self.ids.take("users")
            side = "resident" if n < RESIDENTS else "professional"
            role = {0: "coordinator", RESIDENTS: "facilitator"}.get(n, "member")
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            self.out.add(
                "users",
                id=user_id,
                email=f"p{self.number}-{n}@bench.example",
                display_name=name,
                password_hash=password_hash,
                is_admin=False,
                is_programme_viewer=False,
                calendar_token=None,
                session_version=1,
                language=None,
                mail_settings={},
                digest_due_at=None,
                created_at=founded,
            )
            self.out.add(
                "memberships",
                id=self.ids.take("memberships"),
                coalition_id=self.id,
                user_id=user_id,
                role=role,
                side=side,
                joined_at=founded + timedelta(days=n),
            )
            self.members.append((user_id, side))
        self.side = dict(self.members)
        self.residents = [u for u, s in self.members if s == "resident"]
        self.professionals = [u for u, s in self.members if s == "professional"]
        self.coordinator, self.facilitator = self.residents[0], self.professionals[0]

    def sites_and_columns(self) -> None:
        """Two work sites, two partner organisations and the four default columns."""
        self.sites = []
        for name in ("Buurthuis", "Speeltuin"):
            site_id = self.ids.take("work_sites")
            self.out.add(
                "work_sites",
                id=site_id,
                coalition_id=self.id,
                name=name,
                slug=name.lower(),
                archived_at=None,
            )
            self.sites.append(site_id)
        for name, kind in (("Bewonersgroep", "resident_initiative"), ("Welzijn", "welfare")):
            self.out.add(
                "organisations",
                id=self.ids.take("organisations"),
                coalition_id=self.id,
                name=name,
                kind=kind,
            )
        self.columns = []
        self.column_rows: dict[int, dict] = {}
        for position, name in enumerate(COLUMNS):
            column_id = self.ids.take("board_columns")
            self.column_rows[column_id] = self.out.add(
                "board_columns",
                id=column_id,
                coalition_id=self.id,
                name=name,
                position=position,
                wip_limit=None,
                archived_at=None,
                card_count=0,  # counted as the cards are made
            )
            self.columns.append(column_id)
        self.last_rank = dict.fromkeys(self.columns, 0)

    def ideas_and_rounds(self) -> None:
        """Ideas with support; two chosen, one made a card; two closed voting rounds."""
        rng = self.rng
        self.ideas = []
        statuses = ["chosen", "chosen", "initiative", "shortlisted", "shortlisted"]
        statuses += ["shortlisted", "not_chosen"] + ["open"] * (IDEAS - 7)
        self.card_from_idea = None
        for k, status in enumerate(statuses):
            idea_id = self.ids.take("ideas")
            proposer, side = rng.choice(self.members)
            created = self.between(self.start, self.now - timedelta(days=60))
            title = f"Idee: {rng.choice(CARD_WORDS)} {k + 1}"
            self.out.add(
                "ideas",
                id=idea_id,
                coalition_id=self.id,
                title=title,
                description="Wat als we dit samen oppakken?",
                work_site_id=rng.choice(self.sites),
                proposer_id=proposer,
                proposer_side=side,
                status=status,
                status_reason="Past nu niet bij de plannen." if status == "not_chosen" else "",
                merged_into_id=None,
                status_before_merge=None,
                version=1,
                created_at=created,
            )
            self.event(created, proposer, "idea.proposed", "idea", idea_id, title=title)
            for user_id in rng.sample([u for u, _ in self.members], rng.randint(1, 6)):
                self.out.add(
                    "supports",
                    id=self.ids.take("supports"),
                    coalition_id=self.id,
                    idea_id=idea_id,
                    user_id=user_id,
                    merged_from_id=None,
                    created_at=created + timedelta(days=rng.uniform(0, 10)),
                )
            moment = created + timedelta(days=rng.uniform(1, 14))
            if status != "open":
                verb = "idea.not_chosen" if status == "not_chosen" else "idea.shortlisted"
                self.event(moment, self.coordinator, verb, "idea", idea_id, title=title)
            if status in ("chosen", "initiative"):
                moment += timedelta(days=rng.uniform(7, 30))
                self.event(moment, self.coordinator, "idea.chosen", "idea", idea_id, title=title)
            if status == "initiative":
                moment += timedelta(days=rng.uniform(1, 7))
                self.event(
                    moment, self.coordinator, "idea.became_initiative", "idea", idea_id, title=title
                )
                self.card_from_idea = (idea_id, title, moment)
            self.ideas.append(idea_id)
        for number, days_ago in enumerate(ROUNDS_DAYS_AGO):
            round_id = self.ids.take("voting_rounds")
            opens = self.now - timedelta(days=days_ago)
            title = f"Stemronde {number + 1}"
            self.out.add(
                "voting_rounds",
                id=round_id,
                coalition_id=self.id,
                title=title,
                dots_per_member=3,
                allow_stacking=True,
                opens_at=opens,
                closes_at=opens + timedelta(days=14),
                created_by_id=self.coordinator,
                created_at=opens - timedelta(days=2),
                opening_told=True,
                closing_told=True,
            )
            self.event(
                opens - timedelta(days=2),
                self.coordinator,
                "round.created",
                "votinground",
                round_id,
                title=title,
            )
            ballot = self.ideas[number::2][:3]
            for idea_id in ballot:
                self.out.add(
                    "round_ideas",
                    id=self.ids.take("round_ideas"),
                    coalition_id=self.id,
                    round_id=round_id,
                    idea_id=idea_id,
                )
            for user_id in rng.sample([u for u, _ in self.members], rng.randint(6, 11)):
                dots = Counter(rng.choice(ballot) for _ in range(3))
                for idea_id, count in sorted(dots.items()):
                    self.out.add(
                        "votes",
                        id=self.ids.take("votes"),
                        coalition_id=self.id,
                        round_id=round_id,
                        idea_id=idea_id,
                        user_id=user_id,
                        dots=count,
                        updated_at=opens + timedelta(days=rng.uniform(0, 13)),
                    )

    def board(self) -> None:
        """Cards made over the year; the older a card, the further along it is."""
        rng = self.rng
        for k in range(INITIATIVES):
            initiative_id = self.ids.take("initiatives")
            idea_id = None
            if k == 0 and self.card_from_idea:
                idea_id, title, created = self.card_from_idea
                title = title.removeprefix("Idee: ")
            else:
                created = self.between(self.start, self.now - timedelta(hours=1))
                title = f"{rng.choice(CARD_WORDS)} {k + 1}"
            creator = rng.choice(self.members)[0]
            self.event(
                created,
                creator,
                "initiative.created",
                "initiative",
                initiative_id,
                title=title,
                column=COLUMNS[0],
            )
            version, updated = 1, created
            if rng.random() < 0.5:
                updated = created + (self.now - created) * rng.uniform(0, 0.1)
                self.event(
                    updated, creator, "initiative.updated", "initiative", initiative_id, title=title
                )
                version += 1
            # How far along: old cards mostly finished, new ones mostly still being explored.
            age = (self.now - created) / timedelta(days=HISTORY_DAYS)
            target = min(3, int(age * 3.2 + rng.random() * 1.6))
            steps = list(range(1, target + 1))
            if len(steps) > 1 and rng.random() < 0.3:
                steps = [target]  # straight there
            column = 0
            moments = sorted(rng.uniform(0.1, 0.95) for _ in steps)
            for step, fraction in zip(steps, moments, strict=True):
                updated = max(updated, created + (self.now - created) * fraction)
                mover = rng.choice(self.members)[0]
                self.event(
                    updated,
                    mover,
                    "initiative.moved",
                    "initiative",
                    initiative_id,
                    title=title,
                    column=COLUMNS[step],
                    from_column_id=self.columns[column],
                    column_id=self.columns[step],
                )
                column, version = step, version + 1
            comments = rng.choice((0, 0, 0, 1, 2))
            for _ in range(comments):
                author = rng.choice(self.members)[0]
                said = self.between(created, self.now)
                self.out.add(
                    "comments",
                    id=self.ids.take("comments"),
                    coalition_id=self.id,
                    initiative_id=initiative_id,
                    author_id=author,
                    body="Goed plan, ik help mee.",
                    created_at=said,
                )
                self.event(said, author, "comment.added", "initiative", initiative_id, title=title)
            archived = None
            if column == 3 and rng.random() < 0.1:
                archived = updated + (self.now - updated) * rng.random()
                mover = self.coordinator
                self.event(
                    archived, mover, "initiative.archived", "initiative", initiative_id, title=title
                )
                version += 1
            due = None
            if rng.random() < 0.4:
                due = created.date() + timedelta(days=rng.randint(14, 150))
            column_id = self.columns[column]
            if archived is None:
                self.column_rows[column_id]["card_count"] += 1
            self.last_rank[column_id] += RANK_GAP
            self.out.add(
                "initiatives",
                id=initiative_id,
                coalition_id=self.id,
                column_id=column_id,
                rank=self.last_rank[column_id],
                title=title,
                description="Wat we willen bereiken, met wie en wanneer.",
                work_site_id=rng.choice(self.sites),
                resident_lead_id=rng.choice(self.residents) if rng.random() < 0.7 else None,
                professional_lead_id=rng.choice(self.professionals) if rng.random() < 0.7 else None,
                due_date=due,
                overdue_told_for=None,
                version=version,
                created_by_id=creator,
                idea_id=idea_id,
                created_at=created,
                updated_at=archived or updated,
                archived_at=archived,
                checklist_total=0,
                checklist_done=0,
                comment_count=comments,
            )

    def activity(self, title: str, kind: str, day: date, hours, recurrence="none") -> tuple:
        """An activity planned a week before day; (id, starts_at)."""
        activity_id = self.ids.take("activities")
        starts = self.local(day, *hours[0])
        planned = min(starts - timedelta(days=7), self.now - timedelta(minutes=5))
        self.out.add(
            "activities",
            id=activity_id,
            coalition_id=self.id,
            uid=f"bench-{self.id}-{activity_id}@buurtbord",
            title=title,
            kind=kind,
            starts_at=starts,
            ends_at=self.local(day, *hours[1]),
            place="Buurthuis",
            address="Dorpsstraat 1",
            description="",
            work_site_id=None,
            initiative_id=None,
            recurrence=recurrence,
            repeat_until=None,
            version=1,
            created_by_id=self.coordinator,
            created_at=planned,
            updated_at=planned,
            cancelled_at=None,
        )
        self.out.add(
            "activity_organisers",
            id=self.ids.take("activity_organisers"),
            coalition_id=self.id,
            activity_id=activity_id,
            user_id=self.coordinator,
        )
        self.event(
            planned, self.coordinator, "activity.planned", "activity", activity_id, title=title
        )
        return activity_id, starts

    def rsvp(self, activity_id: int, title: str, key: str, user_id: int, at: datetime) -> None:
        """A "yes" to one occurrence, and its event."""
        self.out.add(
            "rsvps",
            id=self.ids.take("rsvps"),
            coalition_id=self.id,
            activity_id=activity_id,
            occurrence=key,
            user_id=user_id,
            answer="yes",
            revision=1,
            updated_at=at,
        )
        self.event(at, user_id, "rsvp.yes", "activity", activity_id, title=title, occurrence=key)

    def activities(self) -> None:
        """A weekly meeting since a year ago (one date called off) with its comers, and a few
        one-off activities."""
        rng = self.rng
        everyone = [u for u, _ in self.members]
        first = self.clock.to_local(self.start).date() + timedelta(days=rng.randint(0, 6))
        title = "Wekelijks overleg"
        weekly, _ = self.activity(title, "meeting", first, ((19, 30), (21, 0)), "weekly")
        called_off = first + timedelta(weeks=rng.randint(10, 40))
        self.out.add(
            "occurrence_changes",
            id=self.ids.take("occurrence_changes"),
            coalition_id=self.id,
            activity_id=weekly,
            occurrence=called_off.isoformat(),
            starts_at=self.local(called_off, 19, 30),
            ends_at=self.local(called_off, 21),
            cancelled=True,
            updated_at=self.local(called_off - timedelta(days=3), 10),
        )
        self.event(
            self.local(called_off - timedelta(days=3), 10),
            self.coordinator,
            "occurrence.cancelled",
            "activity",
            weekly,
            title=title,
            occurrence=called_off.isoformat(),
        )
        day = first
        while day < self.today:
            if day != called_off:
                answered = self.local(day - timedelta(days=2), 12)
                comers = rng.sample(everyone, max(1, WEEKLY_COMERS + rng.randint(-1, 1)))
                for user_id in comers:
                    self.rsvp(weekly, title, day.isoformat(), user_id, answered)
            day += timedelta(weeks=1)
        kinds = ("training", "neighbourhood", "work_session", "meeting")
        for k in range(ONE_OFF_ACTIVITIES + 1):
            future = k == ONE_OFF_ACTIVITIES
            offset = rng.randint(7, 30) if future else -rng.randint(5, HISTORY_DAYS - 10)
            day = self.today + timedelta(days=offset)
            title = f"{rng.choice(CARD_WORDS)} ({kinds[k % len(kinds)]})"
            activity_id, starts = self.activity(
                title, kinds[k % len(kinds)], day, ((14, 0), (16, 0))
            )
            answered = min(starts - timedelta(days=2), self.now - timedelta(minutes=1))
            for user_id in rng.sample(everyone, rng.randint(3, 7)):
                self.rsvp(activity_id, title, "", user_id, answered)

    def intervision(self) -> None:
        """Closed sessions of the incident method, each with its agenda activity, ratings and
        learning points at every level."""
        rng = self.rng
        plan = [{"minutes": minutes, "skipped": False} for minutes in INCIDENT_PLAN]
        others = [u for u, _ in self.members if u != self.facilitator]
        for days_ago in SESSIONS_DAYS_AGO:
            day = self.today - timedelta(days=days_ago + rng.randint(0, 6))
            title = "Intervisie: Incidentmethode"
            activity_id, starts = self.activity(title, "intervision", day, ((15, 0), (16, 30)))
            session_id = self.ids.take("intervision_sessions")
            people = [self.facilitator, *rng.sample(others, SESSION_PEOPLE - 1)]
            seconds = {str(i): m * 60 + rng.randint(-60, 120) for i, m in enumerate(INCIDENT_PLAN)}
            closed = starts + timedelta(seconds=sum(seconds.values()))
            planned = starts - timedelta(days=14)
            self.out.add(
                "intervision_sessions",
                id=session_id,
                coalition_id=self.id,
                activity_id=activity_id,
                method="incident",
                facilitator_id=self.facilitator,
                inbrenger_id=people[1],
                state="closed",
                plan=plan,
                phase=len(plan) - 1,
                phase_started_at=closed - timedelta(seconds=seconds[str(len(plan) - 1)]),
                paused_at=None,
                paused_seconds=0,
                extra_seconds=0,
                turn=0,
                revealed=[2, 5],
                actual_seconds=seconds,
                version=len(plan) + 3,
                updates=30,
                created_at=planned,
                started_at=starts,
                closed_at=closed,
            )
            self.event(
                planned, self.facilitator, "session.planned", "intervisionsession", session_id,
                method="Incidentmethode",
            )  # fmt: skip
            self.event(
                starts, self.facilitator, "session.opened", "intervisionsession", session_id,
                method="Incidentmethode",
            )  # fmt: skip
            self.event(
                closed, self.facilitator, "session.closed", "intervisionsession", session_id,
                method="Incidentmethode",
            )  # fmt: skip
            for number, user_id in enumerate(people):
                self.rsvp(activity_id, title, "", user_id, planned + timedelta(days=1))
                left = closed + timedelta(minutes=2 + number)
                self.out.add(
                    "intervision_participants",
                    id=self.ids.take("intervision_participants"),
                    coalition_id=self.id,
                    session_id=session_id,
                    user_id=user_id,
                    side=self.side[user_id],
                    agreed_at=starts - timedelta(minutes=10 - number),
                    done_phase=None,
                    safe_rating=rng.choice((3, 4, 4, 5, 5)),
                    useful_rating=rng.choice((2, 3, 4, 4, 5)),
                    closed_at=left,
                )
                if number < 3:
                    self.out.add(
                        "learning_points",
                        id=self.ids.take("learning_points"),
                        coalition_id=self.id,
                        session_id=session_id,
                        author_id=user_id,
                        body=rng.choice(POINTS),
                        visibility=("programme", "group", "me")[number],
                        created_at=left,
                    )

    def pulse(self, wave_items: list[dict]) -> None:
        """Closed waves two months apart; each answered by some members, without names."""
        rng = self.rng
        level = {item["item"]: rng.uniform(2.4, 3.8) for item in wave_items}
        for number, days_ago in enumerate(WAVES_DAYS_AGO):
            wave_id = self.ids.take("pulse_waves")
            opened = self.local(self.today - timedelta(days=days_ago), 9)
            last_day = self.clock.to_local(opened).date() + timedelta(days=WAVE_DAYS - 1)
            self.out.add(
                "pulse_waves",
                id=wave_id,
                coalition_id=self.id,
                opens_at=opened,
                closes_at=self.local(last_day + timedelta(days=1), 0),
                closed_early_at=None,
                items=wave_items,
                opened_by_id=self.facilitator,
                created_at=opened,
            )
            self.event(
                opened,
                self.facilitator,
                "pulse.opened",
                "pulsewave",
                wave_id,
                occurrence=last_day.isoformat(),
            )
            for user_id, side in rng.sample(self.members, WAVE_PEOPLE):
                self.out.add(
                    "pulse_participations",
                    id=self.ids.take("pulse_participations"),
                    wave_id=wave_id,
                    user_id=user_id,
                )
                for item in wave_items:
                    kind, value, said = item["kind"], None, ""
                    if kind == "open":
                        if rng.random() >= 0.4:
                            continue
                        said = rng.choice(WISHES)
                    elif kind == "trend":
                        value = rng.choice((1, 2, 2, 3, 3))
                    elif rng.random() >= 0.03:  # else "weet niet"
                        base = level[item["item"]] + 0.2 * number + rng.uniform(-1, 1)
                        value = min(5, max(1, round(base)))
                    self.out.add(
                        "pulse_answers",
                        id=f"{rng.getrandbits(128):032x}",
                        coalition_id=self.id,
                        wave_id=wave_id,
                        item=item["item"],
                        side=side,
                        value=value,
                        text=said,
                        hidden=False,
                    )

    def write_events(self) -> None:
        """The events in time order, one change number each; the coalition's last number."""
        self.events.sort(key=lambda entry: (entry[0], entry[1]))
        for seq, (_, _, row) in enumerate(self.events, start=1):
            self.out.add("events", id=self.ids.take("events"), seq=seq, **row)
        coalition = next(r for r in self.out.rows["coalitions"] if r["id"] == self.id)
        coalition["event_seq"] = len(self.events)


def _set_sequences(session, ids: _Ids) -> None:
    """On PostgreSQL: each id sequence past the ids given here."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table, next_id in ids.next.items():
        session.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value, false)"),
            {"table": table, "value": next_id},
        )


def table_sizes(app) -> dict[str, int]:
    """Rows per table, the biggest first."""
    from board.extensions import db

    with app.app_context():
        sizes = {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }
        db.session.rollback()
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


def generate(app, coalitions: int, seed: int = 1, batch: int = BATCH, log=None) -> dict:
    """Migrate the (empty) database of app and fill it with coalitions coalitions, each with
    about a year of history; returns the rows written per table and the seconds it took."""
    from flask_migrate import upgrade

    from board import clock
    from board.extensions import db
    from board.models.user import hash_password
    from board.pulse.items import current_wordings

    started = timer.perf_counter()
    counts: Counter = Counter()
    with app.app_context():
        upgrade()
        session = db.session
        wave_items = current_wordings()
        password_hash = hash_password(PASSWORD)  # one hash for everyone: scrypt is slow
        ids = _Ids(session, db.metadata)
        session.rollback()
        now = clock.now()
        out = _Rows(db.metadata)
        for number in range(coalitions):
            rng = random.Random(f"{seed}/{number}")
            _Coalition(out, ids, number, rng, now).build(password_hash, wave_items)
            if (number + 1) % batch == 0 or number + 1 == coalitions:
                out.write(session, counts)
                session.commit()
                if log:
                    log(f"  {number + 1:,} coalitions, {timer.perf_counter() - started:.0f} s")
        months = [
            {"month": month, "series": series, "count": count}
            for (month, series), count in sorted(out.months.items())
        ]
        if months:
            session.execute(insert(db.metadata.tables["programme_months"]), months)
            counts["programme_months"] += len(months)
        _set_sequences(session, ids)
        session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum would do soon after a load this size: fresh planner statistics.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
    return {"rows": dict(counts), "seconds": timer.perf_counter() - started}
