"""Play the demo data in through the services, one coalition at a time (idempotent).

Everything is created through the services, so the event log tells the story a visitor would
expect. Coalitions are recognised by slug, accounts by email, work sites and partner
organisations by name, initiatives and activities by title, and a coalition with intervision
sessions gets none again: a second run creates and changes nothing.
"""

import tomllib
from pathlib import Path

from sqlalchemy import select

from board import events
from board.auth.actions import create_user
from board.auth.queries import find_user
from board.coalitions import actions as coalition_actions
from board.coalitions.inputs import OrganisationInput
from board.coalitions.queries import all_sites, organisations
from board.demo import activities, ideas, intervision, kanban, pulse
from board.extensions import db
from board.mail.notices import without_notices
from board.models import Coalition, Membership, User

DATA = Path(__file__).resolve().parent / "data"
PASSWORD = "samenwerken"


def accounts() -> dict:
    """The standard accounts of every coalition and the accounts outside coalitions."""
    with (DATA / "accounts.toml").open("rb") as f:
        return tomllib.load(f)


def coalitions() -> list[dict]:
    """Every demo coalition's data, by slug."""
    found = []
    for path in sorted((DATA / "coalitions").glob("*.toml")):
        with path.open("rb") as f:
            found.append(tomllib.load(f))
    return found


def _ensure_user(email: str, display_name: str, **flags) -> tuple[User, bool]:
    """The account with this email, created when missing; True when it is new."""
    user = find_user(email)
    if user is not None:
        return user, False
    return create_user(email, display_name, PASSWORD, **flags), True


def _ensure_coalition(data: dict) -> tuple[Coalition, bool]:
    """The coalition with this slug, created with its default columns when missing."""
    coalition = db.session.scalar(select(Coalition).where(Coalition.slug == data["slug"]))
    if coalition is not None:
        return coalition, False
    coalition = coalition_actions.create_coalition(
        data["slug"], data["name"], data["aim"], data["site_kind"]
    )
    return coalition, True


def _ensure_member(coalition: Coalition, user: User, role: str, side: str) -> None:
    """Make user a member, leaving an existing membership as it is."""
    exists = db.session.scalar(
        select(Membership.id).where(
            Membership.coalition_id == coalition.id, Membership.user_id == user.id
        )
    )
    if exists is None:
        coalition_actions.add_member(coalition, user, role, side)


def _load_people(coalition: Coalition, data: dict, standard: list) -> tuple[dict, int]:
    """The coalition's demo people by mailbox name, and how many accounts were new."""
    people: dict[str, User] = {}
    created = 0
    wanted = [(a["mailbox"], data["names"][a["mailbox"]], a["role"], a["side"]) for a in standard]
    wanted += [(m["mailbox"], m["name"], "member", m["side"]) for m in data["extra_members"]]
    for mailbox, name, role, side in wanted:
        user, is_new = _ensure_user(f"{mailbox}@{data['slug']}.example", name)
        created += is_new
        _ensure_member(coalition, user, role, side)
        people[mailbox] = user
    return people, created


def _load_partners_and_sites(coalition: Coalition, data: dict, actor: User) -> None:
    """Add the partner organisations and work sites that are not there yet."""
    known_organisations = {o.name for o in organisations(coalition)}
    for organisation in data["organisations"]:
        if organisation["name"] not in known_organisations:
            coalition_actions.add_organisation(
                coalition,
                actor,
                OrganisationInput(name=organisation["name"], kind=organisation["kind"]),
            )
    known_sites = {s.name for s in all_sites(coalition)}
    for name in data["sites"]:
        if name not in known_sites:
            coalition_actions.add_site(coalition, actor, name)


def seed_demo() -> dict:
    """Create the demo coalitions, accounts and boards that are missing; return what was new.

    The made-up history tells nobody by mail: notices are for what people do.
    """
    with without_notices():
        return _seed()


def _seed() -> dict:
    counts = {
        "coalitions": 0,
        "users": 0,
        "initiatives": 0,
        "activities": 0,
        "sessions": 0,
        "waves": 0,
    }
    known = accounts()
    for account in known["programme"]:
        flags = {k: v for k, v in account.items() if k.startswith("is_")}
        _, is_new = _ensure_user(account["email"], account["name"], **flags)
        counts["users"] += is_new
    for data in coalitions():
        coalition, is_new = _ensure_coalition(data)
        counts["coalitions"] += is_new
        # One transaction per coalition: the services' own units of work join this one.
        with events.unit_of_work():
            people, new_users = _load_people(coalition, data, known["standard"])
            counts["users"] += new_users
            _load_partners_and_sites(coalition, data, people["coordinator"])
            counts["initiatives"] += kanban.load_board(coalition, data, people)
            ideas.load_ideas(coalition, data, people)
            ideas.load_rounds(coalition, people)
            counts["activities"] += activities.load_activities(coalition, data, people)
            counts["sessions"] += intervision.load_intervision(coalition, data, people)
            counts["waves"] += pulse.load_pulse(coalition, people)
    return counts
