"""Setting a coalition up and keeping it in order: members, work sites, partners, columns."""

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from board import events
from board.errors import Invalid
from board.extensions import db
from board.models import (
    Coalition,
    Column,
    Initiative,
    Invite,
    Membership,
    Organisation,
    User,
    WorkSite,
)
from board.models.base import utcnow
from board.models.coalition import ORGANISATION_KINDS, ROLES, SIDES

DEFAULT_COLUMNS = (_l("Exploring"), _l("Preparing"), _l("Doing"), _l("Done"))
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """A lower-case ASCII slug of text: 'Horst aan de Maas' -> 'horst-aan-de-maas'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _name(value: str, field: str, limit: int) -> str:
    """A required short name, spaces folded; Invalid when empty or too long."""
    value = " ".join((value or "").split())
    if not value:
        raise Invalid({field: str(_l("This field is required."))})
    if len(value) > limit:
        raise Invalid({field: str(_l("This can have at most %(limit)s characters.", limit=limit))})
    return value


def create_coalition(
    slug: str, name: str, aim: str = "", site_kind: str = "werkplaats", columns=DEFAULT_COLUMNS
) -> Coalition:
    """A new coalition with the default board columns."""
    name = _name(name, "name", 120)
    slug = (slug or slugify(name)).strip().lower()
    if not SLUG_PATTERN.match(slug) or len(slug) > 60:
        raise Invalid(
            {"slug": str(_l("Use lower-case letters, digits and hyphens, e.g. 'utrecht-zuilen'."))}
        )
    if db.session.scalar(select(Coalition.id).where(Coalition.slug == slug)) is not None:
        raise Invalid({"slug": str(_l("Another coalition already has this address."))})
    coalition = Coalition(
        slug=slug,
        name=name,
        aim=(aim or "").strip(),
        site_kind=_name(site_kind or "werkplaats", "site_kind", 40).lower(),
    )
    db.session.add(coalition)
    db.session.flush()
    for position, column_name in enumerate(columns):
        db.session.add(Column(coalition_id=coalition.id, name=str(column_name), position=position))
    db.session.commit()
    return coalition


# ---- reading ---------------------------------------------------------------------------------


def memberships(coalition: Coalition) -> list[Membership]:
    """The coalition's memberships, by name (users loaded in the same query)."""
    rows = db.session.scalars(select(Membership).where(Membership.coalition_id == coalition.id))
    return sorted(rows, key=lambda m: m.user.display_name.lower())


def organisations(coalition: Coalition) -> list[Organisation]:
    """The coalition's partner organisations by name."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.coalition_id == coalition.id)
            .order_by(Organisation.name)
        )
    )


def all_sites(coalition: Coalition) -> list[WorkSite]:
    """Every work site, active ones first, by name."""
    return list(
        db.session.scalars(
            select(WorkSite)
            .where(WorkSite.coalition_id == coalition.id)
            .order_by(WorkSite.archived_at.is_not(None), WorkSite.name)
        )
    )


def all_columns(coalition: Coalition) -> list[Column]:
    """Every column, active ones in board order, then archived ones."""
    return list(
        db.session.scalars(
            select(Column)
            .where(Column.coalition_id == coalition.id)
            .order_by(Column.archived_at.is_not(None), Column.position, Column.id)
        )
    )


def open_invites(coalition: Coalition) -> list[Invite]:
    """Invites that still work, newest first."""
    now = utcnow()
    invites = db.session.scalars(
        select(Invite)
        .where(
            Invite.coalition_id == coalition.id,
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
        .order_by(Invite.created_at.desc())
    )
    return [i for i in invites if not (i.role == "coordinator" and i.uses > 0)]


# ---- members ---------------------------------------------------------------------------------


def check_role_side(role: str, side: str) -> None:
    """Invalid unless role and side are known values."""
    errors = {}
    if role not in ROLES:
        errors["role"] = str(_l("Choose a role."))
    if side not in SIDES:
        errors["side"] = str(_l("Choose a side."))
    if errors:
        raise Invalid(errors)


def add_member(coalition: Coalition, user: User, role: str, side: str) -> Membership:
    """Make user a member (used by set-up commands and demo data)."""
    check_role_side(role, side)
    membership = db.session.scalar(
        select(Membership).where(
            Membership.coalition_id == coalition.id, Membership.user_id == user.id
        )
    )
    if membership is None:
        membership = Membership(coalition_id=coalition.id, user_id=user.id)
        db.session.add(membership)
    membership.role, membership.side = role, side
    db.session.commit()
    return membership


def _coordinator_count(coalition: Coalition) -> int:
    """How many coordinators the coalition has."""
    return db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.coalition_id == coalition.id, Membership.role == "coordinator"
        )
    )


def change_member(
    coalition: Coalition, actor: User, membership: Membership, role: str, side: str
) -> Membership:
    """Change a member's role and side; the last coordinator cannot step down."""
    check_role_side(role, side)
    if (
        membership.role == "coordinator"
        and role != "coordinator"
        and _coordinator_count(coalition) <= 1
    ):
        raise Invalid({"role": str(_l("A coalition needs at least one coordinator."))})
    membership.role, membership.side = role, side
    events.record(
        coalition.id, actor, "member.changed", membership, name=membership.user.display_name
    )
    db.session.commit()
    return membership


def check_removable(coalition: Coalition, membership: Membership) -> None:
    """Invalid when taking this member out would leave the coalition without a coordinator."""
    if membership.role == "coordinator" and _coordinator_count(coalition) <= 1:
        raise Invalid({"role": str(_l("A coalition needs at least one coordinator."))})


def remove_member(coalition: Coalition, actor: User, membership: Membership) -> None:
    """Take someone out of the coalition; cards they led keep no lead on that side."""
    check_removable(coalition, membership)
    user_id = membership.user_id
    for lead in ("resident_lead_id", "professional_lead_id"):
        db.session.execute(
            Initiative.__table__.update()
            .where(
                Initiative.coalition_id == coalition.id,
                getattr(Initiative, lead) == user_id,
            )
            .values({lead: None, "version": Initiative.version + 1})
        )
    events.record(
        coalition.id, actor, "member.removed", membership, name=membership.user.display_name
    )
    db.session.delete(membership)
    db.session.commit()


# ---- work sites ------------------------------------------------------------------------------


def add_site(coalition: Coalition, actor: User, name: str) -> WorkSite:
    """A new work site, with a slug for the board filter."""
    name = _name(name, "name", 120)
    base = slugify(name) or "site"
    taken = set(
        db.session.scalars(select(WorkSite.slug).where(WorkSite.coalition_id == coalition.id))
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    site = WorkSite(coalition_id=coalition.id, name=name, slug=slug)
    db.session.add(site)
    db.session.flush()
    events.record(coalition.id, actor, "site.added", site, site=name)
    db.session.commit()
    return site


def rename_site(coalition: Coalition, actor: User, site: WorkSite, name: str) -> WorkSite:
    """Rename a work site (its filter address stays the same)."""
    old_name, site.name = site.name, _name(name, "name", 120)
    events.record(coalition.id, actor, "site.changed", site, site=site.name, old=old_name)
    db.session.commit()
    return site


def set_site_archived(
    coalition: Coalition, actor: User, site: WorkSite, archived: bool
) -> WorkSite:
    """Archive a work site (cards keep it) or bring it back."""
    if archived and site.archived_at is None:
        site.archived_at = utcnow()
        events.record(coalition.id, actor, "site.archived", site, site=site.name)
    elif not archived and site.archived_at is not None:
        site.archived_at = None
        events.record(coalition.id, actor, "site.restored", site, site=site.name)
    db.session.commit()
    return site


# ---- partner organisations -------------------------------------------------------------------


def add_organisation(coalition: Coalition, actor: User, name: str, kind: str) -> Organisation:
    """A new partner organisation."""
    name = _name(name, "name", 160)
    if kind not in ORGANISATION_KINDS:
        raise Invalid({"kind": str(_l("Choose the kind of organisation."))})
    organisation = Organisation(coalition_id=coalition.id, name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    events.record(coalition.id, actor, "organisation.added", organisation, organisation=name)
    db.session.commit()
    return organisation


def remove_organisation(coalition: Coalition, actor: User, organisation: Organisation) -> None:
    """Remove a partner organisation."""
    events.record(
        coalition.id, actor, "organisation.removed", organisation, organisation=organisation.name
    )
    db.session.delete(organisation)
    db.session.commit()


# ---- columns ---------------------------------------------------------------------------------


def _wip_limit(value) -> int | None:
    """A WIP limit from a form: empty means none; otherwise a whole number from 1 to 999."""
    if value in (None, ""):
        return None
    try:
        limit = int(value)
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= 999:
        raise Invalid({"wip_limit": str(_l("Enter a number from 1 to 999, or leave it empty."))})
    return limit


def add_column(coalition: Coalition, actor: User, name: str, wip_limit=None) -> Column:
    """A new column at the right end of the board."""
    name = _name(name, "name", 60)
    limit = _wip_limit(wip_limit)
    last = db.session.scalar(
        select(func.max(Column.position)).where(Column.coalition_id == coalition.id)
    )
    column = Column(
        coalition_id=coalition.id,
        name=name,
        wip_limit=limit,
        position=0 if last is None else last + 1,
    )
    db.session.add(column)
    db.session.flush()
    events.record(coalition.id, actor, "column.added", column, column=name)
    db.session.commit()
    return column


def change_column(
    coalition: Coalition, actor: User, column: Column, name: str, wip_limit
) -> Column:
    """Rename a column and set or clear its WIP limit."""
    column.name = _name(name, "name", 60)
    column.wip_limit = _wip_limit(wip_limit)
    events.record(coalition.id, actor, "column.changed", column, column=column.name)
    db.session.commit()
    return column


def shift_column(coalition: Coalition, actor: User, column: Column, direction: int) -> Column:
    """Swap a column with its neighbour to the left (-1) or right (+1)."""
    columns = [c for c in all_columns(coalition) if c.archived_at is None]
    index = next(i for i, c in enumerate(columns) if c.id == column.id)
    other = index + (1 if direction > 0 else -1)
    if 0 <= other < len(columns):
        columns[index], columns[other] = columns[other], columns[index]
        for position, each in enumerate(columns):
            each.position = position
        events.record(coalition.id, actor, "column.changed", column, column=column.name)
        db.session.commit()
    return column


def archive_column(coalition: Coalition, actor: User, column: Column) -> Column:
    """Archive an empty column; a column with cards must be emptied first."""
    active_cards = db.session.scalar(
        select(func.count(Initiative.id)).where(
            Initiative.column_id == column.id, Initiative.archived_at.is_(None)
        )
    )
    if active_cards:
        raise Invalid(
            {"": str(_l("Move or archive the cards in this column before archiving it."))}
        )
    remaining = db.session.scalar(
        select(func.count(Column.id)).where(
            Column.coalition_id == coalition.id,
            Column.archived_at.is_(None),
            Column.id != column.id,
        )
    )
    if not remaining:
        raise Invalid({"": str(_l("A board needs at least one column."))})
    column.archived_at = utcnow()
    events.record(coalition.id, actor, "column.archived", column, column=column.name)
    db.session.commit()
    return column
