"""Who gets in where: every route of the URL map, for every role, in their own coalition and in
another, answers exactly what the rules say.

A page under /c/<slug>/ must do what the rule it states (`view.need`) and the object rules of
Access say (board/permissions.py): 404 where the coalition is not theirs or the object is another
coalition's, 403 where their role does not allow it, the login page (401 for polled pages)
without an account, else what its harmless request gets (ALLOWED). Every other route has its own
expectations (OTHER_ROUTES). A route without an expectation fails, so a new one cannot be
forgotten. The world is built once for the module; its requests change nothing a later one
depends on (what one removes is made for it alone, what one adds is taken away again).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import select

from board import clock, create_app
from board.activities import actions as activity_actions
from board.activities.inputs import ActivityInput
from board.auth import actions as accounts
from board.coalitions import actions as coalition_actions
from board.coalitions.inputs import ColumnInput, InviteInput, OrganisationInput
from board.coalitions.queries import active_sites
from board.extensions import db, limiter
from board.ideas import actions as idea_actions
from board.ideas import decisions
from board.ideas.inputs import IdeaInput, RoundInput
from board.intervision import actions as intervision_actions
from board.intervision.inputs import PlanInput
from board.kanban import actions as kanban_actions
from board.kanban.queries import active_columns
from board.models import Activity, ActivityItem, Coalition, Initiative, Invite, Membership, User
from board.pulse import actions as pulse_actions
from board.pulse.inputs import WaveInput
from tests.conftest import PASSWORD, BoardClient, World, _empty_tables

HOME, OTHER = "utrecht", "wageningen"
MIXED = f"{HOME}-with-{OTHER}-ids"  # one's own coalition in the URL, another's object ids
# The outsider is a member of the other coalition only; viewer is a programme viewer; the
# admin has no membership.
ROLES = ("anonymous", "outsider", "viewer", "resident", "professional", "facilitator")
ROLES += ("coordinator", "admin")
MEMBERS = {  # role: (coalition, role there, side)
    "resident": (HOME, "member", "resident"),
    "professional": (HOME, "member", "professional"),
    "facilitator": (HOME, "facilitator", "professional"),
    "coordinator": (HOME, "coordinator", "resident"),
    "outsider": (OTHER, "member", "resident"),
}
SOMEONE = "someone"  # one more member of each coalition: proposer, organiser, claimer
NEIGHBOUR = "neighbour"  # and another, so each coalition has an intervision group
# Each coalition's intervision session is led by its coordinator; every other member of it is
# invited and has come in. The programme viewer and the admin are not invited.
PARTICIPANTS = {"coordinator", "resident", "professional", "facilitator", "outsider"}


# ---- the world ---------------------------------------------------------------------------------


def row(model, **columns):
    """The one row of model with these column values, in the current app context."""
    return db.session.scalar(select(model).filter_by(**columns))


def email(role: str) -> str:
    """The role's login."""
    return f"{role}@{MEMBERS[role][0] if role in MEMBERS else 'buurtbord'}.test"


@dataclass
class Stage:
    """Per coalition, the ids and keys of its objects by name; what belongs to someone is named
    after them: 'idea:<owner>', 'activity:<owner>', …"""

    app: object
    ids: dict = field(default_factory=dict)

    def feed_token(self) -> str:
        """The resident's calendar secret as stored now (a test may have made a new one)."""
        with self.app.app_context():
            return row(User, email=email("resident")).calendar_token


def _furnish(coalition, people: dict) -> dict:
    """One object of every kind in coalition, and each person's own ideas and activity."""
    lead, someone = people["coordinator"][0], people[SOMEONE][0]
    ids = {"site": active_sites(coalition)[0].id, "column": active_columns(coalition)[0].id}
    old = coalition_actions.add_site(coalition, lead, "Oude school")
    ids["archived_site"] = coalition_actions.set_site_archived(coalition, lead, old, True).id
    partner = OrganisationInput(name="Dock", kind="welfare")
    ids["organisation"] = coalition_actions.add_organisation(coalition, lead, partner).id
    spare = coalition_actions.add_column(coalition, lead, ColumnInput(name="Wachtkamer"))
    ids["archived_column"] = coalition_actions.archive_column(coalition, lead, spare).id
    # Someone else made the card: everyone who polls it is told.
    card = kanban_actions.create_initiative(coalition, someone, ids["column"], "Buurtkamer")
    ids["initiative"] = card.id
    ids["step"] = kanban_actions.add_checklist_item(coalition, someone, card, "Sleutel").id
    old_card = kanban_actions.create_initiative(coalition, lead, ids["column"], "Oud plan")
    ids["archived_card"] = kanban_actions.archive_initiative(coalition, lead, old_card).id
    membership = row(Membership, coalition_id=coalition.id, user_id=someone.id)
    ids["membership"] = membership.id
    ids["reset_token"] = accounts.create_password_reset(coalition, lead, membership, 7).token
    invite = InviteInput(role="member", side="resident")
    ids["invite_token"] = accounts.create_invite(coalition, lead, invite, 14).token
    revoked = accounts.create_invite(coalition, lead, invite, 14)
    ids["invite"] = accounts.revoke_invite(revoked).id  # revoked: revoking it again is a no-op
    first_day = (clock.today() + timedelta(days=7)).isoformat()
    series = {"day": first_day, "start_time": "19:30", "end_time": "21:00", "items": "Koffie"}
    series["recurrence"] = "weekly"
    for owner, (person, side) in people.items():
        idea = IdeaInput(title=f"Idee van {owner}")
        ids[f"idea:{owner}"] = idea_actions.propose_idea(coalition, person, side, idea).id
        decided = idea_actions.propose_idea(coalition, person, side, idea)
        idea_actions.change_status(coalition, lead, decided, "shortlist")
        ids[f"decided:{owner}"] = decided.id
        plan = ActivityInput(title=f"Overleg van {owner}", organiser_ids=[str(person.id)], **series)
        activity = activity_actions.plan_activity(coalition, person, plan)
        ids[f"activity:{owner}"], ids[f"on:{owner}"] = activity.id, series["day"]
        ids[f"item:{owner}"] = row(ActivityItem, activity_id=activity.id).id
    now, ballot = clock.now(), [str(ids[f"decided:{owner}"]) for owner in people]
    opens, closes = (clock.local_input(now + timedelta(hours=h)) for h in (-1, 24 * 7))
    rules = RoundInput(title="Najaarsronde", opens_at=opens, closes_at=closes, idea_ids=ballot)
    ids["round"] = decisions.create_round(coalition, lead, rules).id
    invited = [str(person.id) for name, (person, _side) in people.items() if person != lead]
    when = {key: series[key] for key in ("day", "start_time", "end_time")}
    group = PlanInput(method="incident", participant_ids=invited, **when)
    session = intervision_actions.plan_session(coalition, lead, group)
    for person, _side in people.values():
        intervision_actions.agree(coalition, person, session)
    ids["session"] = session.id
    last_day = (clock.today() + timedelta(days=13)).isoformat()
    ids["wave"] = pulse_actions.open_wave(coalition, lead, WaveInput(last_day=last_day)).id
    ids["answer"] = "0" * 32  # while the wave is open no answer can be hidden: a no-op
    return ids


def build_stage(app) -> Stage:
    """Two coalitions with people of every role and objects of every kind, built through the
    services; a programme viewer and an admin without memberships."""
    stage, world = Stage(app), World(app)
    with app.app_context():
        for slug, name in ((HOME, "Utrecht Zuilen"), (OTHER, "Wageningen De Nude")):
            coalition = world.coalition(slug, name)
            people = {"coordinator": (row(User, email=f"coordinator@{slug}.test"), "resident")}
            for role, (where, kind, side) in MEMBERS.items():
                if where == slug and kind != "coordinator":
                    people[role] = (world.person(coalition, kind, side, email(role)), side)
            for name in (SOMEONE, NEIGHBOUR):
                people[name] = (world.person(coalition, email=f"{name}@{slug}.test"), "resident")
            stage.ids[slug] = _furnish(coalition, people)
        for role, flag in (("viewer", "is_programme_viewer"), ("admin", "is_admin")):
            accounts.create_user(email(role), role.capitalize(), PASSWORD, **{flag: True})
        activity_actions.calendar_token(row(User, email=email("resident")))
    return stage


class Visitors(dict):
    """A test client per role, logged in when first asked for (anonymous has no account); a
    role taken out of it logs in anew."""

    def __init__(self, app):
        super().__init__()
        self.app = app

    def __missing__(self, role: str) -> BoardClient:
        """The role's client, made and logged in now."""
        self[role] = self.fresh(role)
        return self[role]

    def fresh(self, role: str) -> BoardClient:
        """A new client, logged in as the role."""
        client = BoardClient(self.app)
        if role != "anonymous":
            client.login(email(role))
        return client


@pytest.fixture(autouse=True)
def clean_tables():
    """The module's tests share one world (see stage): tables are not emptied between them."""
    yield
    limiter.reset()


@pytest.fixture(scope="module")
def stage(app):
    """The world, built once for the module and emptied after it."""
    _empty_tables(app)
    yield build_stage(app)
    _empty_tables(app)


@pytest.fixture(scope="module")
def visitors(app, stage):
    """The clients of every role."""
    return Visitors(app)


# ---- what a coalition page should answer ------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """A status, and for a redirect the path it leads to when that matters."""

    status: int
    to: str | None = None


LOGIN = Expect(302, "/login")

# What an allowed request to each coalition page gets, from a request that changes nothing:
# a page (200); an empty form, refused (422); a no-op (303): an archived card, column or site
# archived again, a card or site that is not archived restored, a revoked invite revoked again,
# a step that is not done reopened, support not given withdrawn, an activity that is on
# restored, an archived column shifted, an idea that is not merged separated; a refusal a plain
# form hears on the next page (303: a move without a column, an answer without a choice); the
# question before removing or closing (200). A request that removes something gets a fresh
# object (FRESH).
PAGES = """activities.activities activities.activity activities.download activities.edit_activity
    activities.month activities.new_activity activities.occurrence_form coalitions.home
    coalitions.members coalitions.settings ideas.edit_idea ideas.edit_round ideas.idea ideas.ideas
    ideas.new_idea ideas.new_round ideas.voting_round kanban.archive kanban.board
    kanban.board_changes kanban.column_cards kanban.initiative kanban.initiative_changes
    kanban.move_form coalitions.remove_member coalitions.remove_organisation ideas.close_round
    coalitions.reset_link activities.claim intervision.sessions intervision.new_session
    intervision.overview intervision.session_page intervision.session_changes
    intervision.close_session pulse.pulse pulse.wave pulse.answer pulse.review pulse.close_wave"""
EMPTY_FORMS = """activities.add_item activities.change_occurrence activities.plan activities.update
    coalitions.add_column coalitions.add_organisation coalitions.add_site coalitions.change_column
    coalitions.change_member coalitions.create_invite coalitions.rename_site ideas.cast_ballot
    ideas.change_round ideas.change_status ideas.comment ideas.create_round ideas.make_initiative
    ideas.merge ideas.propose ideas.respond_consent ideas.save_idea ideas.start_consent
    kanban.add_checklist_item kanban.add_comment kanban.create_initiative
    kanban.update_initiative intervision.plan_session intervision.open_session intervision.steer
    intervision.ready intervision.write_note intervision.mark_useful intervision.closing
    pulse.open_wave pulse.save_step pulse.send"""
NO_OPS = """activities.cancel activities.remove_item activities.rsvp coalitions.archive_column
    coalitions.archive_site coalitions.restore_site coalitions.revoke_invite coalitions.shift_column
    ideas.separate ideas.support kanban.archive_initiative kanban.move_initiative
    kanban.remove_checklist_item kanban.restore_initiative kanban.set_checklist_item
    intervision.agree pulse.hide_answer"""
ALLOWED = dict.fromkeys(PAGES.split(), 200) | dict.fromkeys(EMPTY_FORMS.split(), 422)
ALLOWED |= dict.fromkeys(NO_OPS.split(), 303)
# The requests' forms and queries; "<on>" is the date in the series of the activity named.
ON = "add_item rsvp remove_item change_occurrence occurrence_form".split()
PAYLOADS = {f"activities.{name}": {"on": "<on>"} for name in ON}
PAYLOADS |= {
    "activities.cancel": {"restore": "1"},
    "activities.claim": {"on": "<on>", "claim": "0"},  # gives back what someone else brings
    "ideas.cast_ballot": {"dots-0": "1"},
    "ideas.respond_consent": {"answer": "object"},
    "ideas.support": {"support": "0"},
    "kanban.board_changes": {"since": "0"},
    "kanban.initiative_changes": {"since": "0"},
    "kanban.set_checklist_item": {"done": "0"},
    "intervision.session_changes": {"since": "0"},
}

# A URL argument <name>_id names the object <name>, except on these routes.
OTHER_OBJECTS = {
    f"coalitions.{name}": {"column_id": "archived_column"}
    for name in ("archive_column", "shift_column")
}
OTHER_OBJECTS |= {"coalitions.archive_site": {"site_id": "archived_site"}}
OTHER_OBJECTS |= {"kanban.archive_initiative": {"initiative_id": "archived_card"}}
OTHER_OBJECTS |= {"kanban.set_checklist_item": {"item_id": "step"}}
OTHER_OBJECTS |= {"intervision.mark_useful": {"note_id": "session"}}  # no note: a live one only

# Rules about one object: who changes this idea (Access.may_edit_idea), this activity
# (may_change_activity), or gives back what someone else brings (may_release, refused with 422).
# Each is asked about an object of the person themself ('own'), of someone else ('other') and,
# for ideas, their own idea once it is decided ('own-decided').
IDEA_RULE = {"ideas.edit_idea", "ideas.save_idea"}
ACTIVITY_RULE = {f"activities.{name}" for name in ("edit_activity", "update", "cancel")}
ACTIVITY_RULE |= {f"activities.{name}" for name in ("add_item", "remove_item")}
ACTIVITY_RULE |= {"activities.occurrence_form", "activities.change_occurrence"}
RELEASE_RULE = {"activities.claim"}
OBJECT_RULES = IDEA_RULE | ACTIVITY_RULE | RELEASE_RULE
# Only those invited to a session open it (queries.participant), and only the one who leads it
# steers it: anyone else gets 403, a coordinator or an admin too.
SESSION_RULE = {f"intervision.{name}" for name in ("session_page", "session_changes", "agree")}
SESSION_RULE |= {
    f"intervision.{name}" for name in ("ready", "write_note", "mark_useful", "closing")
}
LEAD_RULE = {f"intervision.{name}" for name in ("open_session", "steer", "close_session")}
SESSION_RULE |= LEAD_RULE


def _membership(role: str, slug: str) -> str | None:
    """The role's role in the coalition at slug, or None."""
    where, kind, _side = MEMBERS.get(role, (None, None, None))
    return kind if where == slug else None


def _slug(target: str) -> str:
    """The coalition in the URL of a target."""
    return OTHER if target == OTHER else HOME


def coalition_expectation(endpoint: str, view, role: str, target: str, whose: str) -> Expect:
    """What the documented rules say the role gets on a coalition page."""
    if role == "anonymous":
        return Expect(401) if view.polled else LOGIN
    membership, admin = _membership(role, _slug(target)), role == "admin"
    if membership is None and role not in ("viewer", "admin"):
        return Expect(404)
    manages = membership == "coordinator" or admin
    need = {"view": True, "edit": membership is not None or admin}
    need |= {"member": membership is not None, "coordinator": manages}
    need["facilitator"] = manages or membership == "facilitator"
    if not need[view.need]:
        return Expect(403)
    if target == MIXED:
        return Expect(404)
    if endpoint in SESSION_RULE and (
        role not in PARTICIPANTS or (endpoint in LEAD_RULE and role != "coordinator")
    ):
        return Expect(403)
    theirs = manages or whose == "own"
    if endpoint in IDEA_RULE and (whose == "own-decided" or not theirs):
        return Expect(403)
    if endpoint in ACTIVITY_RULE | RELEASE_RULE and not theirs:
        return Expect(422 if endpoint in RELEASE_RULE else 403)
    return Expect(ALLOWED[endpoint])


def whose_variants(endpoint: str, role: str, target: str) -> tuple:
    """Whose objects a case names: someone else's, and the person's own where a rule asks."""
    if endpoint not in OBJECT_RULES or target == MIXED or not _membership(role, _slug(target)):
        return ("other",)
    return ("own", "other", "own-decided") if endpoint in IDEA_RULE else ("own", "other")


FRESH = {"kanban.remove_checklist_item", "activities.remove_item", "activities.claim"}


def _fresh(endpoint: str, slug: str, objects: dict) -> dict:
    """A new step, or thing to bring (claimed by someone, for a claim), for a request that
    removes or frees it."""
    coalition, lead = row(Coalition, slug=slug), row(User, email=f"coordinator@{slug}.test")
    if endpoint == "kanban.remove_checklist_item":
        card = db.session.get(Initiative, objects["initiative"])
        return {"item_id": kanban_actions.add_checklist_item(coalition, lead, card, "Stap").id}
    activity = db.session.get(Activity, objects["activity"])
    item = activity_actions.add_item(coalition, lead, activity, "Thee")
    if endpoint == "activities.claim":
        someone = row(User, email=f"{SOMEONE}@{slug}.test")
        activity_actions.claim_item(coalition, someone, activity, item, objects["on"])
    return {"item_id": item.id}


def coalition_request(app, stage, rule, role, target, whose, gets_in: bool):
    """The URL of a coalition page filled from the target's objects (the person's own or
    someone else's), with its harmless form or query; a fresh object when the request gets in
    and would remove one."""
    slug = _slug(target)
    ids = stage.ids[OTHER if target == MIXED else slug]
    owner = role if whose.startswith("own") else SOMEONE
    objects = {**ids, "idea": ids[("decided:" if whose == "own-decided" else "idea:") + owner]}
    objects |= {name: ids[f"{name}:{owner}"] for name in ("activity", "item", "on")}
    names = OTHER_OBJECTS.get(rule.endpoint, {})
    args = {arg: objects[names.get(arg, arg[:-3])] for arg in rule.arguments - {"slug"}}
    with app.app_context():
        if gets_in and target != MIXED and rule.endpoint in FRESH:
            args.update(_fresh(rule.endpoint, slug, objects))
    with app.test_request_context():
        url = url_for(rule.endpoint, slug=slug, **args)
    payload = PAYLOADS.get(rule.endpoint, {})
    return url, {key: objects["on"] if v == "<on>" else v for key, v in payload.items()}


# ---- what every other route should answer -----------------------------------------------------


@dataclass(frozen=True)
class Route:
    """A route outside the coalition pages' rules: its URL (filled with the home coalition's
    ids, the target, the resident's feed secret), form, what each role gets (per target where
    the URL names a coalition), and what puts back what the request changed."""

    url: str
    expect: Callable
    data: dict = field(default_factory=dict)
    targets: tuple = (None,)
    after: Callable | None = None


def everyone(status: int, to: str | None = None) -> Callable:
    """The same answer for every role."""
    return lambda role, target: Expect(status, to)


def signed_in(status: int, to: str | None = None) -> Callable:
    """The login page without an account, else the answer."""
    return lambda role, target: LOGIN if role == "anonymous" else Expect(status, to)


def admins_only(status: int) -> Callable:
    """The login page without an account, 403 for everyone but an admin."""
    return lambda role, target: {"anonymous": LOGIN, "admin": Expect(status)}.get(role, Expect(403))


def programme_only(status: int) -> Callable:
    """The login page without an account, 403 for everyone but programme viewers and admins."""
    allowed = {"anonymous": LOGIN, "admin": Expect(status), "viewer": Expect(status)}
    return lambda role, target: allowed.get(role, Expect(403))


def _start_page(role: str, target) -> Expect:
    """The list of coalitions; a member of exactly one goes straight to it."""
    pages = {"anonymous": LOGIN, "viewer": Expect(200), "admin": Expect(200)}
    return pages.get(role) or Expect(302, f"/c/{MEMBERS[role][0]}/")


def _leave_again(stage: Stage, visitors: Visitors, role: str) -> None:
    """Someone who just joined through the invite leaves again (members stay members)."""
    if role == "anonymous" or _membership(role, HOME):
        return
    with stage.app.app_context():
        user, coalition = row(User, email=email(role)), row(Coalition, slug=HOME)
        db.session.delete(row(Membership, coalition_id=coalition.id, user_id=user.id))
        row(Invite, token=stage.ids[HOME]["invite_token"]).uses -= 1
        db.session.commit()


OTHER_ROUTES = {
    ("static", "GET"): Route("/static/css/app.css", everyone(200)),
    ("core.healthz", "GET"): Route("/healthz", everyone(200)),
    ("core.index", "GET"): Route("/", _start_page),
    ("core.set_language", "POST"): Route(
        "/language", everyone(303, "/"), {"language": "nl", "next": "/"}
    ),
    ("auth.login", "GET"): Route("/login", everyone(200)),
    ("auth.login", "POST"): Route("/login", everyone(422)),
    # Afterwards the role's client logs in anew.
    ("auth.logout", "POST"): Route(
        "/logout", everyone(303, "/login"), after=lambda s, v, r: v.pop(r)
    ),
    ("auth.join", "GET"): Route("/join/{invite_token}", everyone(200)),
    # A new person's empty form is refused; someone logged in joins with one click.
    ("auth.join", "POST"): Route(
        "/join/{invite_token}",
        lambda role, target: Expect(422) if role == "anonymous" else Expect(303, f"/c/{HOME}/"),
        after=_leave_again,
    ),
    ("account.account", "GET"): Route("/account", signed_in(200)),
    ("account.download_data", "GET"): Route("/account/data", signed_in(200)),
    ("account.change_email", "POST"): Route("/account/email", signed_in(422)),
    ("account.confirm_email", "GET"): Route("/account/email/no-such-link", everyone(404)),
    ("account.confirm_email", "POST"): Route("/account/email/no-such-link", everyone(404)),
    ("account.change_name", "POST"): Route("/account/name", signed_in(422)),
    ("account.change_password", "POST"): Route("/account/password", signed_in(422)),
    ("account.change_language", "POST"): Route("/account/language", signed_in(422)),
    ("account.change_mail", "POST"): Route("/account/mail", signed_in(422)),
    # The link in a mail works without an account; one that is not ours is 404.
    ("mail.unsubscribe_page", "GET"): Route("/mail/off/no-such-link", everyone(404)),
    ("mail.unsubscribe", "POST"): Route("/mail/off/no-such-link", everyone(404)),
    # Everyone's page (the coordinator's and the admin's ask them to hand over first); the
    # form without the password is refused.
    ("account.delete_page", "GET"): Route("/account/delete", signed_in(200)),
    ("account.delete_account", "POST"): Route("/account/delete", signed_in(422)),
    ("auth.forgot_password", "GET"): Route("/forgot", everyone(200)),
    ("auth.forgot_password", "POST"): Route("/forgot", everyone(422)),
    ("auth.reset_password", "GET"): Route("/reset/{reset_token}", everyone(200)),
    ("auth.reset_password", "POST"): Route("/reset/{reset_token}", everyone(422)),
    ("calendar.calendar_page", "GET"): Route("/calendar", signed_in(200)),
    ("calendar.new_token", "POST"): Route("/calendar/token", signed_in(303, "/calendar")),
    ("calendar.personal_feed", "GET"): Route("/calendar/{feed_token}.ics", everyone(200)),
    # The resident's feed of one coalition: theirs, or one they are not a member of.
    ("calendar.coalition_feed", "GET"): Route(
        "/c/{target}/activities.ics?token={feed_token}",
        lambda role, target: Expect(200 if target == HOME else 404),
        targets=(HOME, OTHER),
    ),
    ("admin.coalitions", "GET"): Route("/admin/coalitions", admins_only(200)),
    ("admin.create_coalition", "POST"): Route("/admin/coalitions", admins_only(422)),
    ("admin.pulse_wording", "GET"): Route("/admin/pulse", admins_only(200)),
    ("programme.programme", "GET"): Route("/programme", programme_only(200)),
    ("programme.download", "GET"): Route("/programme.csv", programme_only(200)),
    ("admin.change_wording", "POST"): Route("/admin/pulse/trust", admins_only(422)),
}

APP = create_app({"TESTING": True, "SECRET_KEY": "url map", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _routes(coalition_pages: bool):
    """(rule, method) of every route: the coalition pages (which state a need), or the others."""
    for rule in sorted(APP.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if hasattr(APP.view_functions[rule.endpoint], "need") == coalition_pages:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def _coalition_cases():
    """Every coalition page × role × target (× whose object, where an object rule asks)."""
    for rule, method in _routes(coalition_pages=True):
        targets = (HOME, OTHER) + ((MIXED,) if rule.arguments - {"slug"} else ())
        for role in ROLES:
            for target in targets:
                for whose in whose_variants(rule.endpoint, role, target):
                    name = f"{rule.endpoint}-{method}-{role}-{target}"
                    name += f"-{whose}" if rule.endpoint in OBJECT_RULES else ""
                    yield pytest.param(rule, method, role, target, whose, id=name)


def _other_cases():
    """Every other route × role (× target, where its URL names a coalition)."""
    for rule, method in _routes(coalition_pages=False):
        route = OTHER_ROUTES.get((rule.endpoint, method))
        for role in ROLES:
            for target in route.targets if route else (None,):
                name = f"{rule.endpoint}-{method}-{role}" + (f"-{target}" if target else "")
                yield pytest.param(rule, method, role, target, id=name)


def send(client, method: str, url: str, data: dict, htmx: bool = False):
    """GET with data as the query, or POST data as the form; the response, closed."""
    if method == "GET":
        response = client.get(url, htmx=htmx, query_string=data or None)
    else:
        response = client.post(url, data, htmx=htmx)
    response.close()
    return response


def answer(response, expected: Expect) -> Expect:
    """The response as an Expect (with the redirect's path when the expectation names one)."""
    to = urlsplit(response.location).path if expected.to and response.location else None
    return Expect(response.status_code, to)


@pytest.mark.parametrize("rule, method, role, target, whose", list(_coalition_cases()))
def test_coalition_page_answers_as_its_rule_says(
    app, stage, visitors, rule, method, role, target, whose
):
    if rule.endpoint not in ALLOWED:
        pytest.fail(f"No expectation for {rule.endpoint}: add what it answers to ALLOWED")
    view = app.view_functions[rule.endpoint]
    expected = coalition_expectation(rule.endpoint, view, role, target, whose)
    gets_in = expected.status not in (302, 401, 403, 404)
    url, data = coalition_request(app, stage, rule, role, target, whose, gets_in)
    # A claim is asked as its page asks (htmx), so a refusal is a 422, not a flash.
    response = send(visitors[role], method, url, data, htmx=rule.endpoint in RELEASE_RULE)
    assert answer(response, expected) == expected, url


@pytest.mark.parametrize("rule, method, role, target", list(_other_cases()))
def test_every_other_route_answers_as_expected(stage, visitors, rule, method, role, target):
    route = OTHER_ROUTES.get((rule.endpoint, method))
    if route is None:
        pytest.fail(f"No expectation for {method} {rule.rule}: add it to OTHER_ROUTES")
    expected = route.expect(role, target)
    token = stage.feed_token() if "{feed_token}" in route.url else None
    url = route.url.format(**stage.ids[HOME], target=target, feed_token=token)
    try:
        response = send(visitors[role], method, url, route.data)
    finally:
        if route.after:
            route.after(stage, visitors, role)
    assert answer(response, expected) == expected, url
