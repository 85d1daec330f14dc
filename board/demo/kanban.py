"""The demo boards: cards created, filled in, moved into place and discussed."""

from datetime import datetime, timedelta

from sqlalchemy import select

from board import clock
from board.coalitions.queries import active_sites
from board.demo.history import then
from board.extensions import db
from board.kanban import actions
from board.kanban.inputs import CardInput, MoveInput
from board.kanban.queries import active_columns
from board.models import Coalition, Initiative, User

HISTORY_DAYS = 150  # the demo cards were made over the last five months


def _load_initiative(
    coalition: Coalition,
    card: dict,
    people: dict[str, User],
    columns: list,
    sites: dict,
    made: datetime,
) -> None:
    """Create one card in the first column at made, fill it in, move it into place halfway
    between then and now, and discuss it."""
    resident = people[card["resident_lead"]] if "resident_lead" in card else None
    professional = people[card["professional_lead"]] if "professional_lead" in card else None
    creator = people[card.get("created_by", "coordinator")]
    mover = people[card["moved_by"]] if "moved_by" in card else resident or professional
    due = card.get("due_in_days")
    today, now = clock.today(), clock.now()

    with then(made):
        initiative = actions.create_initiative(coalition, creator, columns[0].id, card["title"])
    actions.update_initiative(
        coalition,
        creator,
        initiative,
        CardInput(
            title=card["title"],
            description=card["description"],
            work_site_id=str(sites[card["site"]]),
            resident_lead_id=str(resident.id) if resident else "",
            professional_lead_id=str(professional.id) if professional else "",
            due_date="" if due is None else (today + timedelta(days=due)).isoformat(),
            version=str(initiative.version),
        ),
    )
    items = [
        (actions.add_checklist_item(coalition, creator, initiative, step["text"]), step)
        for step in card.get("checklist", [])
    ]
    target = columns[min(card["column"], len(columns) - 1)]
    if target.id != columns[0].id:
        with then(made + (now - made) / 2):
            actions.move_initiative(
                coalition, mover or creator, initiative, MoveInput(column_id=str(target.id))
            )
    leads = [lead for lead in (resident, professional) if lead is not None] or [creator]
    for index, (item, step) in enumerate(items):
        if step["done"]:
            actions.set_checklist_item(coalition, leads[index % len(leads)], item, True)
    for comment in card.get("comments", []):
        actions.add_comment(coalition, people[comment["author"]], initiative, comment["body"])


def load_board(coalition: Coalition, data: dict, people: dict[str, User]) -> int:
    """Create the cards whose titles the coalition does not have yet; return how many."""
    existing = set(
        db.session.scalars(select(Initiative.title).where(Initiative.coalition_id == coalition.id))
    )
    columns = active_columns(coalition)
    if not columns:
        return 0
    sites = {site.name: site.id for site in active_sites(coalition)}
    created = 0
    cards = data["initiatives"]
    now = clock.now()
    for number, card in enumerate(cards):
        if card["title"] in existing or card["site"] not in sites:
            continue
        made = now - timedelta(days=HISTORY_DAYS * (len(cards) - number) / len(cards))
        _load_initiative(coalition, card, people, columns, sites, made)
        created += 1
    return created
