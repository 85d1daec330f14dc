"""Hostile input breaks nothing: generated values (very long text, NUL and other control
characters, odd unicode, numbers and dates out of range, markup, SQL-looking text, empty,
repeated and missing fields) in every field of every form of every capability, every query
parameter the pages read and every value in a path, as a member and anonymously. No answer is a
5xx, and a refused request (4xx, or the login page instead) changes nothing: every row of every
table is the same before and after.

A form starts from valid values, so a hostile value in one field reaches as deep as it can.
Every field gets the explicit values of each kind (EXPLICIT) and a few generated ones; the
examples are the same on every run (derandomised).
"""

import itertools
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from urllib.parse import quote, urlsplit

import pytest
from flask import current_app, url_for
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, cast, func, literal, select, text, union_all

from board import clock
from board.auth import actions as accounts
from board.extensions import db, limiter
from board.ideas import actions as idea_actions
from board.ideas import decisions
from board.ideas.inputs import IdeaInput, RoundInput
from board.intervision import actions as intervision_actions
from board.intervision.inputs import PlanInput
from board.models import (
    Activity,
    Coalition,
    Idea,
    Initiative,
    IntervisionSession,
    Membership,
    PulseWave,
    User,
)
from board.pulse import actions as pulse_actions
from board.pulse.inputs import WaveInput
from board.pulse.items import current_wordings
from tests.conftest import PASSWORD, BoardClient, World, _empty_tables
from tests.web.test_authorization import HOME, SOMEONE, Visitors, build_stage, email, row

CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
FUZZ = settings(derandomize=True, database=None, max_examples=1, deadline=None)
FUZZ = settings(FUZZ, suppress_health_check=[*CHECKS, HealthCheck.large_base_example])
MISSING = "<field left out>"
# The values every field, parameter and path gets, and those a field that holds a number, a
# time or the page to go to next gets too (KINDS tells by its name).
NUL = "nul\x00" + "x" * 28  # as long as a secret in a link, which shorter values never reach
LONG = "x" * 20_000  # longer than any field holds, shorter than the limit of a request's size
EXPLICIT = {"any": (NUL, LONG, "a\r\nb\tc\x1b\x7f", MISSING, ["1", "2"])}
EXPLICIT |= {"number": (str(2**64),), "time": ("0001-01-01",)}
EXPLICIT |= {"redirect": ("/\t/evil.example", "/c/utrecht/\r\nX-Injected: 1", "/\\evil.example")}
KINDS = {"any": re.compile(""), "time": re.compile(r"day|date|time|_at$|until|^on$|^m$")}
KINDS["number"] = re.compile(r"_ids?$|^dots|position|place|version|limit|since|after|weeks|into")
KINDS["redirect"] = re.compile(r"^next$")
NASTY = (
    *("", " ", "\x00", "\r\n", "\t", "\x1b[2J", "\x7f", "\u202e", "\ufeff", "\u200d", "%00"),
    *("<script>alert(1)</script>", '"><svg onload=alert(1)>', "{{ 7*7 }}", "%(actor)s", "%s%n"),
    *("' OR '1'='1", "1; DROP TABLE users; --", "\\", "%", "_", "../../etc/passwd", "٣"),
    *("0", "+1", " 1 ", "1.5", "1e309", "NaN", "0x10", "2147483647", "2147483648", "9" * 60),
    *("9999-12-31", "9999-12-31T23:59", "1999-12-31", "2101-01-01", "2024-02-30", "24:00"),
    *("0001-01-01T00:00", "-1", "-2147483649"),
    *("2026-03-29T02:30", "23:60", "19:30+01:00", "//evil.example", "/\\evil.example"),
    *("https://evil.example", "javascript:alert(1)", "é" * 3_000, "🏠" * 1_000, "a\x00" * 500),
    *("x" * 70_000,),
    *("/c/utrecht/\r\nSet-Cookie: x=1", "/\t/evil.example", "/\r\n/evil.example"),
)


class Nasty(int):
    """A value of NASTY, by number: each field turns the numbers by its own amount (see
    hostile), so that fields given the same examples get different values."""


HOSTILE = st.one_of(
    st.integers(min_value=0, max_value=len(NASTY) - 1).map(Nasty),
    st.text(max_size=40),  # any character, control characters included
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
)
# A field's new value: one hostile value, the field repeated, or the field left out.
CHANGE = st.one_of(HOSTILE, st.lists(HOSTILE, min_size=2, max_size=3), st.just(MISSING))
# Now and then one more field that no form has (or a ballot's dots for an unknown idea).
EXTRA = st.none() | st.tuples(st.sampled_from(("dots-", "x-")), st.text(max_size=20), HOSTILE)
NUMBERS = itertools.count()


def hostile(value, name: str):
    """The value as sent to the field name: a Nasty one turned by the field's own amount."""
    if isinstance(value, list):
        return [hostile(each, name) for each in value]
    if isinstance(value, Nasty):
        return NASTY[(value + zlib.crc32(name.encode())) % len(NASTY)]
    return value


def version(model, name: str):
    """A form value: the version of the object name as stored now (the form showed it)."""
    return lambda ids: str(db.session.get(model, ids[name]).version)


def unique(template: str):
    """A form value not used before (an email address, a coalition name)."""
    return lambda ids: template.format(next(NUMBERS))


def _people():
    """The home coalition, its coordinator and someone, as stored."""
    coalition, lead = row(Coalition, slug=HOME), row(User, email=email("coordinator"))
    return coalition, lead, row(User, email=f"{SOMEONE}@{HOME}.test")


def fresh_idea(ids: dict, consented: bool = False, merged: bool = False) -> int:
    """A new idea of someone's for one request (one that changes it may change it once):
    open, or chosen with someone's consent, ready to become an initiative, or merged into
    another, ready to be separated again."""
    coalition, lead, someone = _people()
    idea = idea_actions.propose_idea(coalition, someone, "resident", IdeaInput(title="Vers"))
    if merged:
        idea_actions.merge_ideas(coalition, lead, idea, ids["idea:facilitator"])
    if consented:
        idea_actions.change_status(coalition, lead, idea, "choose")
        decisions.start_consent(coalition, lead, idea)
        decisions.answer_consent(coalition, someone, idea, False, "")
    return idea.id


def open_wave(ids: dict) -> int:
    """The home coalition's open pulse wave (opened now if none is), for a request that
    answers it."""
    coalition, lead, _someone = _people()
    running = db.session.scalar(
        select(PulseWave).where(
            PulseWave.coalition_id == coalition.id,
            PulseWave.closed_early_at.is_(None),
            PulseWave.closes_at > clock.now(),
        )
    )
    if running is None:
        last_day = (clock.today() + timedelta(days=13)).isoformat()
        running = pulse_actions.open_wave(coalition, lead, WaveInput(last_day=last_day))
    return running.id


def no_open_wave(ids: dict) -> str:
    """Close the home coalition's open wave, for a request that opens one (a query parameter
    the page ignores)."""
    coalition, lead, _someone = _people()
    pulse_actions.close_wave(coalition, lead, db.session.get(PulseWave, open_wave(ids)))
    return "1"


def wording(ids: dict) -> str:
    """A form value: the version of the pulse's "goal" wording as it is now."""
    return str(next(e["version"] for e in current_wordings() if e["item"] == "goal"))


def fresh_member(ids: dict) -> int:
    """The membership of someone new, for a request that may remove it."""
    coalition = row(Coalition, slug=HOME)
    person = World(current_app).person(coalition, email=f"buur{next(NUMBERS)}@{HOME}.test")
    return row(Membership, user_id=person.id).id


def fresh_reset(ids: dict) -> str:
    """A new password link for someone new (a used one no longer works; the login form logs
    someone in with the password they have)."""
    coalition, lead, _someone = _people()
    membership = db.session.get(Membership, fresh_member(ids))
    return accounts.create_password_reset(coalition, lead, membership, 7).token


def _intervision(coalition, lead, people: dict, ids: dict) -> None:
    """The session of the stage begun and at its questions, the resident not the inbrenger;
    another session held and closed, for the closing form."""
    session = db.session.get(IntervisionSession, ids["session"])
    intervision_actions.open_session(coalition, lead, session, session.version)
    inbrenger = str(people["professional"].id)
    intervision_actions.steer(coalition, lead, session, "inbrenger", session.version, inbrenger)
    for _ in range(2):
        intervision_actions.steer(coalition, lead, session, "next", session.version)
    invited = [str(user.id) for user in people.values()]
    plan = PlanInput(method="incident", day=_day(-1), start_time="19:30", end_time="21:00")
    plan.participant_ids = invited
    held = intervision_actions.plan_session(coalition, lead, plan)
    for person in [lead, *people.values()]:
        intervision_actions.agree(coalition, person, held)
    intervision_actions.open_session(coalition, lead, held, held.version)
    intervision_actions.close_session(coalition, lead, held, held.version)
    ids["held_session"] = held.id


def _extras(app, ids: dict) -> None:
    """What only these forms need: people's ids, an idea waiting for consent, a round that has
    not opened, the resident's feed, sessions live and held."""
    with app.app_context():
        coalition, lead, someone = _people()
        people = {role: row(User, email=email(role)) for role in ("resident", "professional")}
        ids.update({f"user:{role}": user.id for role, user in people.items()})
        ids["user:coordinator"], ids["user:someone"] = lead.id, someone.id
        _intervision(coalition, lead, {**people, "someone": someone}, ids)
        idea = idea_actions.propose_idea(coalition, someone, "resident", IdeaInput(title="Ja?"))
        idea_actions.change_status(coalition, lead, idea, "choose")
        ids["consent_idea"] = decisions.start_consent(coalition, lead, idea).idea_id
        # After the stage's open round has closed: an idea is on one open round at a time.
        opens, closes = (clock.local_input(clock.now() + timedelta(days=d)) for d in (8, 15))
        ballot = [str(ids["decided:resident"])]
        rules = RoundInput(title="Later", opens_at=opens, closes_at=closes, idea_ids=ballot)
        ids["upcoming_round"] = decisions.create_round(coalition, lead, rules).id
        ids["feed_token"] = people["resident"].calendar_token


def _every_row(app) -> str:
    """One query for every row of every table, each row as one text: its table's name and its
    columns joined (SQL text, made once: building the statement costs more than running it)."""
    rows = []
    for table in db.metadata.sorted_tables:
        joined = literal(f"{table.name}:")
        for column in table.columns:
            joined = joined + func.coalesce(cast(column, String), "-") + "|"
        rows.append(select(joined))
    with app.app_context():
        query = union_all(*rows).compile(db.engine, compile_kwargs={"literal_binds": True})
    return str(query)


class Fuzz:
    """The world, its clients, and what every table held after the last request."""

    def __init__(self, app):
        self.app, self.stage = app, build_stage(app)
        self.ids = self.stage.ids[HOME]
        _extras(app, self.ids)
        self.every_row = text(_every_row(app))
        with app.app_context():
            self.connection = db.engine.connect()
        self.clients = Visitors(app)  # by role, logged in when first asked for
        self.known = self.fingerprint()

    def fingerprint(self) -> Counter:
        """Every row of every table as stored now, each as one text naming its table (on a
        connection of its own, kept for the module: taking one each time costs more)."""
        rows = Counter(self.connection.scalars(self.every_row))
        self.connection.rollback()
        return rows

    def check(self, response, refused: bool) -> None:
        """No 5xx, no redirect to another site; a refused request changed nothing."""
        response.close()
        assert response.status_code < 500, response.get_data(as_text=True)[:2000]
        assert stays_here(response.location or "/"), response.location
        now = self.fingerprint()
        if refused:
            changed = {text.split(":")[0] for text in (now - self.known) + (self.known - now)}
            assert not changed, f"a refused request ({response.status_code}) changed {changed}"
        self.known = now


@pytest.fixture(autouse=True)
def clean_tables():
    """The module's tests share one world (see fuzz): tables are not emptied between them."""
    yield
    limiter.reset()


@pytest.fixture(scope="module")
def fuzz(app):
    """The world for the module, built once and emptied after it."""
    _empty_tables(app)
    world = Fuzz(app)
    yield world
    world.connection.close()
    _empty_tables(app)


def stays_here(location: str) -> bool:
    """Whether a browser sent to location stays on this site (browsers drop tabs and line
    breaks from an address, trim control characters and spaces, read a backslash as a slash)."""
    seen = re.sub(r"[\t\r\n]", "", location).strip("".join(map(chr, range(33))))
    parts = urlsplit(seen.replace("\\", "/"))
    return parts.netloc in ("", "localhost") and parts.scheme in ("", "http")


def refused(response) -> bool:
    """A 4xx, or the login page instead of what was asked."""
    to_login = response.status_code == 302 and urlsplit(response.location).path == "/login"
    return 400 <= response.status_code < 500 or to_login


def _resolve(value, ids: dict):
    """A value as sent: '@name' is the id or key of the object name, functions of the ids are
    called, lists resolved value by value."""
    if isinstance(value, list):
        return [_resolve(each, ids) for each in value]
    if callable(value):
        return value(ids)
    return str(ids[value[1:]]) if value.startswith("@") else value


def _url(app, endpoint: str, args: dict, ids: dict) -> str:
    """The URL of endpoint naming its objects (in the home coalition, for a page under /c/)."""
    values = {arg: _resolve(name, ids) for arg, name in args.items()}
    if "slug" in next(app.url_map.iter_rules(endpoint)).arguments:
        values["slug"] = HOME
    with app.test_request_context():
        return url_for(endpoint, **values)


def _with(valid: dict, name: str, value) -> dict:
    """The valid form or query with one field changed, repeated or left out."""
    sent = {key: each for key, each in valid.items() if key != name}
    return sent if value is MISSING else {**sent, name: value}


def explicit(test):
    """Run test with the values of EXPLICIT (a test skips those of a kind its field does not
    hold), as a member; the first also anonymously, every second one as htmx asks, the third
    with a field no form has."""
    cases = [(kind, value) for kind, values in EXPLICIT.items() for value in values]
    for number, (kind, value) in enumerate(cases):
        shown = {"anonymous": number == 0, "htmx": number % 2 == 1}
        extra = ("dots-", "2147483648", "1") if number == 2 else None
        test = example(value=value, kind=kind, extra=extra, **shown)(test)
    return test


# ---- forms -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """A form as its page sends it, with valid values ('@name': an object's id or key); the
    objects its URL names; who sends it: the home coordinator (a member who may send every form
    of a coalition), an admin, or a stranger (no account; a new client each time: it may log
    in); what the valid form gets."""

    endpoint: str
    fields: dict
    args: dict = field(default_factory=dict)
    actor: str = "coordinator"
    answer: int = 303


def _day(days: int) -> str:
    """A day days from today, as a form sends it."""
    return (clock.today() + timedelta(days=days)).isoformat()


def _moment(days: int) -> str:
    """A moment days from now in Dutch time, as a form sends it."""
    return clock.local_input(clock.now() + timedelta(days=days))


CARD = {"initiative_id": "@initiative"}
MINE = {"activity_id": "@activity:coordinator"}
THEIRS = {"activity_id": "@activity:someone"}
MY_ITEM, THEIR_ITEM = {"item_id": "@item:coordinator"}, {"item_id": "@item:someone"}
THEIR_IDEA, CONSENT = {"idea_id": "@idea:someone"}, {"idea_id": "@consent_idea"}
MEMBERSHIP, PARTNER = {"membership_id": "@membership"}, {"organisation_id": "@organisation"}
COLUMN, RESET = {"column_id": "@column"}, {"token": fresh_reset}
CARD_FORM = {"title": "Buurtkamer", "description": "Open.", "work_site_id": "@site"}
CARD_FORM |= {"resident_lead_id": "@user:resident", "professional_lead_id": "@user:professional"}
CARD_FORM |= {"due_date": _day(30), "version": version(Initiative, "initiative")}
IDEA_FORM = {"title": "Moestuin", "description": "Achter de school.", "work_site_id": "@site"}
# Combining after a conflict: the page shows both versions, with what was typed (409).
COMBINE = {**IDEA_FORM, "version": version(Idea, "idea:coordinator"), "use_theirs": "title"}
ROUND = {"title": "Ronde", "dots_per_member": "3", "allow_stacking": "1", "opens_at": _moment(16)}
ROUND |= {"closes_at": _moment(23), "idea_ids": ["@decided:resident"]}
LATER = {**ROUND, "opens_at": _moment(9), "closes_at": _moment(14)}  # within its own dates
ACTIVITY = {"title": "Overleg", "kind": "meeting", "day": _day(7), "start_time": "19:30"}
ACTIVITY |= {"end_time": "21:00", "place": "Buurtkamer", "address": "Kanaalweg 1"}
ACTIVITY |= {"description": "Koffie.", "work_site_id": "@site", "initiative_id": "@initiative"}
ACTIVITY |= {"recurrence": "weekly", "repeat_until": _day(70)}
ACTIVITY |= {"organiser_ids": ["@user:coordinator"], "items": "Koffie\nSleutel"}
COMBINE_ACTIVITY = {**ACTIVITY, "version": version(Activity, "activity:coordinator")}
COMBINE_ACTIVITY |= {"use_theirs": "title"}
MOVE = {"on": "@on:coordinator", "action": "move", "day": _day(8), "start_time": "20:00"}
MOVE |= {"end_time": "21:30"}
LEADS = {"resident_lead_id": "@user:resident", "professional_lead_id": "@user:professional"}
LOGIN = {"email": f"{SOMEONE}@{HOME}.test", "password": PASSWORD, "remember": "1", "next": "/"}
JOIN = {"display_name": "Buur", "email": unique("buur{}@example.nl"), "password": "lang genoeg"}
COALITION = {"name": unique("Coalitie {}"), "slug": "", "site_kind": "werkplaats", "aim": "Samen"}
SESSION = {"session_id": "@session"}
PLAN = {"method": "incident", "day": _day(10), "start_time": "19:30", "end_time": "21:00"}
PLAN |= {"place": "Buurtkamer", "address": "Kanaalweg 1", "inbrenger_id": "@user:resident"}
PLAN |= {"participant_ids": ["@user:resident", "@user:professional", "@user:someone"]}
PLAN |= {"minutes": ["5", "15", "10", "15", "15", "15", "10"], "skip": ["3"]}
MORE = {"move": "more", "value": "1", "version": version(IntervisionSession, "session")}
NOTE = {"phase": "2", "kind": "question", "body": "Sinds wanneer speelt dit?"}
CLOSING = {"learning_point": "Eerst vragen", "visibility": "group", "safe": "4", "useful": "5"}
STRANGER = "stranger"
WORDING = {"text_nl": "Wij willen hetzelfde.", "text_en": "We want the same.", "version": wording}
FORMS = [
    Form("kanban.create_initiative", {"column_id": "@column", "title": "Nieuwe kaart"}),
    Form("kanban.update_initiative", CARD_FORM, CARD),
    Form("kanban.move_initiative", {"column_id": "@column", "position": "0", "place": ""}, CARD),
    Form("kanban.add_checklist_item", {"text": "Sleutel halen"}, CARD),
    Form("kanban.set_checklist_item", {"done": "1"}, {"item_id": "@step"}),
    Form("kanban.add_comment", {"body": "Goed plan!"}, CARD),
    Form("ideas.propose", IDEA_FORM),
    Form("ideas.support", {"support": "1", "next": "/c/utrecht/ideas"}, THEIR_IDEA),
    Form("ideas.comment", {"body": "Mooi idee"}, THEIR_IDEA),
    Form("ideas.change_status", {"action": "reject", "reason": "Nee"}, {"idea_id": fresh_idea}),
    Form("ideas.merge", {"into": "@idea:facilitator", "confirm": "1"}, {"idea_id": fresh_idea}),
    Form("ideas.separate", {}, {"idea_id": partial(fresh_idea, merged=True)}),
    Form("ideas.save_idea", COMBINE, {"idea_id": "@idea:coordinator"}, answer=409),
    Form("ideas.create_round", ROUND),
    Form("ideas.change_round", LATER, {"round_id": "@upcoming_round"}),
    Form("ideas.cast_ballot", {"dots-<decided:resident>": "1"}, {"round_id": "@round"}),
    Form("ideas.close_round", {"confirm": "0"}, {"round_id": "@round"}, answer=200),
    Form("ideas.respond_consent", {"answer": "object", "reason": "Nee"}, CONSENT),
    Form("ideas.make_initiative", LEADS, {"idea_id": partial(fresh_idea, consented=True)}),
    Form("activities.plan", ACTIVITY),
    Form("activities.update", COMBINE_ACTIVITY, MINE, answer=409),
    Form("activities.cancel", {"restore": "1"}, MINE),
    Form("activities.rsvp", {"on": "@on:someone", "answer": "yes"}, THEIRS),
    Form("activities.add_item", {"on": "@on:coordinator", "text": "Thee"}, MINE),
    Form("activities.claim", {"on": "@on:someone", "claim": "1"}, {**THEIRS, **THEIR_ITEM}),
    Form("activities.change_occurrence", MOVE, MINE),
    Form("activities.remove_item", {"on": "@on:coordinator"}, {**MINE, **MY_ITEM}),
    Form("coalitions.create_invite", {"role": "member", "side": "resident", "note": "Welkom"}),
    Form("coalitions.change_member", {"role": "member", "side": "resident"}, MEMBERSHIP),
    Form("coalitions.remove_member", {"confirm": "1"}, {"membership_id": fresh_member}),
    Form("coalitions.add_site", {"name": "Speeltuin"}),
    Form("coalitions.rename_site", {"name": "Burennetwerk"}, {"site_id": "@site"}),
    Form("coalitions.add_organisation", {"name": "Dock", "kind": "welfare"}),
    Form("coalitions.remove_organisation", {"confirm": "0"}, PARTNER, answer=200),
    Form("coalitions.add_column", {"name": "Wachten", "wip_limit": "3"}),
    Form("coalitions.change_column", {"name": "Verkennen", "wip_limit": ""}, COLUMN),
    Form("coalitions.shift_column", {"direction": "right"}, COLUMN),
    Form("intervision.plan_session", PLAN),
    Form("intervision.steer", MORE, SESSION),
    Form("intervision.write_note", NOTE, SESSION, actor="resident"),
    Form("intervision.closing", CLOSING, {"session_id": "@held_session"}, actor="resident"),
    Form("pulse.save_step", {"step": "0", "answer": "4"}, {"wave_id": open_wave}),
    Form("pulse.close_wave", {"confirm": "0"}, {"wave_id": open_wave}, answer=200),
    Form("pulse.hide_answer", {"hidden": "1"}, {"wave_id": open_wave, "answer_id": "@answer"}),
    Form("pulse.open_wave", {"last_day": _day(13)}, {"fresh": no_open_wave}),
    Form("core.set_language", {"language": "en", "next": "/c/utrecht/board"}),
    Form("admin.create_coalition", COALITION, actor="admin"),
    Form("admin.change_wording", WORDING, {"item": "goal"}, actor="admin"),
    Form("account.change_name", {"display_name": "Kees Oudshoorn"}),
    Form("account.change_language", {"language": "nl"}),
    Form("account.change_mail", {"digest": "weekly", "kinds": ["cards", "rounds"]}),
    Form("account.change_email", {"email": unique("nieuw{}@voorbeeld.nl")}),
    # The home coordinator is its last one: asked to hand over first, so the account the other
    # forms are sent with stays (the password is checked before that).
    Form("account.delete_account", {"password": PASSWORD}, answer=422),
    Form("auth.login", LOGIN, actor=STRANGER),
    Form("auth.forgot_password", {"email": "niemand@voorbeeld.nl"}, actor=STRANGER, answer=200),
    Form("auth.join", JOIN, {"token": "@invite_token"}, actor=STRANGER),
    Form("auth.reset_password", {"password": "lang genoeg"}, RESET, actor=STRANGER),
]


def _form(fuzz, form: Form) -> tuple:
    """The form's URL, its field names as sent, and its valid values."""
    ids = fuzz.ids
    with fuzz.app.app_context():
        names = {key: re.sub(r"<(.+)>", lambda m: str(ids[m[1]]), key) for key in form.fields}
        valid = {names[key]: _resolve(each, ids) for key, each in form.fields.items()}
        return _url(fuzz.app, form.endpoint, form.args, ids), names, valid


FIELDS = [
    pytest.param(form, name, id=f"{form.endpoint}-{name}") for form in FORMS for name in form.fields
]


@pytest.mark.parametrize("form", FORMS, ids=[form.endpoint for form in FORMS])
def test_every_form_starts_from_one_that_works(fuzz, form):
    url, _names, valid = _form(fuzz, form)
    client = BoardClient(fuzz.app) if form.actor == STRANGER else fuzz.clients[form.actor]
    response = client.post(url, valid)
    fuzz.check(response, refused=False)
    assert response.status_code == form.answer


@pytest.mark.parametrize("form, name", FIELDS)
@FUZZ
@explicit
@given(value=CHANGE, kind=st.just("any"), extra=EXTRA, anonymous=st.booleans(), htmx=st.booleans())
def test_hostile_form_values_break_nothing_and_refusals_change_nothing(
    fuzz, form, name, value, kind, extra, anonymous, htmx
):
    if not KINDS[kind].search(name):
        return
    app = fuzz.app
    url, names, valid = _form(fuzz, form)
    if any(callable(arg) for arg in form.args.values()):
        fuzz.known = fuzz.fingerprint()  # the URL names an object made for this request
    sent = _with(valid, names[name], hostile(value, form.endpoint + name))
    if extra:
        sent[extra[0] + extra[1]] = hostile(extra[2], name)
    senders = [BoardClient(app) if form.actor == STRANGER else fuzz.clients[form.actor]]
    if anonymous and form.actor != STRANGER:
        senders.append(fuzz.clients["anonymous"])
    for client in senders:
        response = client.post(url, sent, htmx=htmx)
        fuzz.check(response, refused(response))
    limiter.reset()


# ---- query parameters and paths ----------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page, the query parameters it reads, the objects its URL names, and the query it is
    usually asked with."""

    endpoint: str
    params: tuple
    args: dict = field(default_factory=dict)
    valid: dict = field(default_factory=dict)


PAGES = [
    Page("kanban.board", ("site", "mine", "q")),
    Page("kanban.column_cards", ("site", "mine", "q", "after"), {"column_id": "@column"}),
    Page("kanban.board_changes", ("since", "site", "mine", "q"), valid={"since": "0"}),
    Page("kanban.initiative_changes", ("since",), CARD, {"since": "0"}),
    Page("ideas.ideas", ("sort", "site", "status")),
    Page("activities.activities", ("weeks", "view")),
    Page("activities.month", ("m",)),
    Page("activities.new_activity", ("day", "initiative")),
    Page("activities.activity", ("on",), THEIRS),
    Page("activities.occurrence_form", ("on",), MINE, {"on": "@on:coordinator"}),
    Page("intervision.new_session", ("method", "activity")),
    Page("intervision.session_changes", ("since",), SESSION, {"since": "0"}),
    Page("pulse.answer", ("step", "then"), {"wave_id": open_wave}),
    Page("auth.login", ("next",)),
    Page("calendar.coalition_feed", ("token", "lang"), valid={"token": "@feed_token"}),
    Page("calendar.personal_feed", ("lang",), {"token": "@feed_token"}),
]
PARAMS = [
    pytest.param(shown, name, id=f"{shown.endpoint}-{name}")
    for shown in PAGES
    for name in shown.params
]


@pytest.mark.parametrize("shown, name", PARAMS)
@FUZZ
@explicit
@given(value=CHANGE, kind=st.just("any"), extra=EXTRA, anonymous=st.booleans(), htmx=st.booleans())
def test_hostile_query_parameters_break_nothing_and_change_nothing(
    fuzz, shown, name, value, kind, extra, anonymous, htmx
):
    if not KINDS[kind].search(name):
        return
    app, ids = fuzz.app, fuzz.ids
    with app.app_context():
        valid = {key: _resolve(each, ids) for key, each in shown.valid.items()}
        url = _url(app, shown.endpoint, shown.args, ids)
    if any(callable(arg) for arg in shown.args.values()):
        fuzz.known = fuzz.fingerprint()  # the URL names an object made for this request
    query = _with(valid, name, hostile(value, shown.endpoint + name))
    if extra:
        query[extra[0] + extra[1]] = hostile(extra[2], name)
    for client in [fuzz.clients["coordinator"]] + [fuzz.clients["anonymous"]] * anonymous:
        fuzz.check(client.get(url, htmx=htmx, query_string=query), refused=True)


PATHS = """GET /join/{} POST /join/{} GET /reset/{} POST /reset/{} GET /calendar/{}.ics
    GET /c/{}/board GET /c/{}/activities.ics GET /c/utrecht/initiatives/{}
    POST /c/utrecht/ideas/{}/support GET /c/utrecht/activities/{}.ics
    GET /c/utrecht/intervision/{} POST /c/utrecht/intervision/{}/steer GET /c/utrecht/pulse/{}
    POST /c/utrecht/pulse/1/answers/{}/hidden GET /account/email/{}
    POST /account/email/{} GET /mail/off/{} POST /mail/off/{}""".split()
PATHS = list(zip(PATHS[::2], PATHS[1::2], strict=True))


@pytest.mark.parametrize("method, path", PATHS, ids=[f"{m} {p}" for m, p in PATHS])
@FUZZ
@explicit
@given(
    value=HOSTILE, kind=st.just("any"), extra=st.none(), anonymous=st.booleans(), htmx=st.booleans()
)
def test_hostile_values_in_paths_break_nothing(
    fuzz, method, path, value, kind, extra, anonymous, htmx
):
    value = hostile(value, method + path)
    if not isinstance(value, str) or value == MISSING:
        value = "".join(value) if isinstance(value, list) else ""
    url = path.format(quote(value[:2000], safe=""))
    for client in [fuzz.clients["coordinator"]] + [fuzz.clients["anonymous"]] * anonymous:
        if method == "GET":
            response = client.get(url, htmx=htmx)
        else:
            response = client.post(url, {"support": "1"}, htmx=htmx)
        fuzz.check(response, refused(response))
