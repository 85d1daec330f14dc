"""Setting a coalition up and keeping it in order: one function per action, each one unit of work.

Members, work sites, partners and columns are the coalition's data: their changes take the
coalition's change lock first (events.change) and decide on what is stored once it is held.
"""

import re
import unicodedata

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from board import clock, events
from board.coalitions.inputs import ColumnInput, MemberInput, OrganisationInput
from board.coalitions.queries import all_columns, coordinator_count
from board.errors import Invalid
from board.extensions import db
from board.inputs import checked_text, every_problem
from board.models import Coalition, Column, Initiative, Membership, Organisation, User, WorkSite
from board.models.coalition import ORGANISATION_KINDS, ROLES, SIDES

DEFAULT_COLUMNS = (_l("Exploring"), _l("Preparing"), _l("Doing"), _l("Done"))
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 60
SITE_SLUG_MAX = 120


def slugify(text: str) -> str:
    """A lower-case ASCII slug of text: 'Horst aan de Maas' -> 'horst-aan-de-maas'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _name(value: str, field: str, limit: int) -> str:
    """A required short name, spaces folded; Invalid when empty or too long."""
    return checked_text(value, field, limit, required=_("This field is required."), one_line=True)


# ---- the coalition ---------------------------------------------------------------------------


def _slug(slug: str, name: str) -> str:
    """The web address asked for (or made from the name), free and well-formed; else Invalid."""
    slug = (slug or slugify(name)).strip().lower()
    if not SLUG_PATTERN.match(slug) or len(slug) > SLUG_MAX:
        raise Invalid(
            {"slug": _("Use lower-case letters, digits and hyphens, e.g. 'utrecht-zuilen'.")}
        )
    if db.session.scalar(select(Coalition.id).where(Coalition.slug == slug)) is not None:
        raise Invalid({"slug": _("Another coalition already has this address.")})
    return slug


def create_coalition(
    slug: str, name: str, aim: str = "", site_kind: str = "werkplaats", columns=DEFAULT_COLUMNS
) -> Coalition:
    """A new coalition with the default board columns; Invalid with every problem at once (an
    address made from a missing name is not a problem of its own)."""
    with events.unit_of_work():
        checks = {
            "name": lambda: _name(name, "name", 120),
            "site_kind": lambda: _name(site_kind or "werkplaats", "site_kind", 40).lower(),
        }
        try:
            made_from = _name(name, "name", 120)
        except Invalid:
            made_from = None
        if made_from is not None or (slug or "").strip():
            checks["slug"] = lambda: _slug(slug, made_from or "")
        values = every_problem(checks)
        coalition = Coalition(aim=(aim or "").strip(), **values)
        db.session.add(coalition)
        db.session.flush()
        for position, column_name in enumerate(columns):
            db.session.add(
                Column(coalition_id=coalition.id, name=str(column_name), position=position)
            )
    return coalition


# ---- members ---------------------------------------------------------------------------------


def check_role_side(role: str, side: str) -> None:
    """Invalid unless role and side are known values."""
    errors = {}
    if role not in ROLES:
        errors["role"] = _("Choose a role.")
    if side not in SIDES:
        errors["side"] = _("Choose a side.")
    if errors:
        raise Invalid(errors)


def add_member(coalition: Coalition, user: User, role: str, side: str) -> Membership:
    """Make user a member with role and side (set-up commands, demo data and tests)."""
    check_role_side(role, side)
    with events.unit_of_work():
        membership = db.session.scalar(
            select(Membership).where(
                Membership.coalition_id == coalition.id, Membership.user_id == user.id
            )
        )
        if membership is None:
            membership = Membership(coalition_id=coalition.id, user_id=user.id)
            db.session.add(membership)
        membership.role, membership.side = role, side
    return membership


def _keeps_a_coordinator(coalition: Coalition, membership: Membership, role: str | None) -> None:
    """Invalid when the member stepping down (role None: leaving) is the last coordinator.

    Asked once the change lock is held, so two coordinators stepping down at once cannot both
    count the other one.
    """
    if (
        membership.role == "coordinator"
        and role != "coordinator"
        and coordinator_count(coalition) <= 1
    ):
        raise Invalid({"role": _("A coalition needs at least one coordinator.")})


def change_member(
    coalition: Coalition, actor: User, membership: Membership, member: MemberInput
) -> Membership:
    """Change a member's role and side; the last coordinator cannot step down."""
    check_role_side(member.role, member.side)
    with events.change(coalition, membership) as change:
        _keeps_a_coordinator(coalition, membership, member.role)
        membership.role, membership.side = member.role, member.side
        change.record(actor, "member.changed", membership, name=membership.user.display_name)
    return membership


def check_removable(coalition: Coalition, membership: Membership) -> None:
    """Invalid when taking this member out would leave the coalition without a coordinator
    (asked before the question whether to remove; remove_member asks again under the lock)."""
    _keeps_a_coordinator(coalition, membership, None)


def remove_member(coalition: Coalition, actor: User, membership: Membership) -> None:
    """Take someone out of the coalition; cards they led keep no lead on that side."""
    with events.change(coalition, membership) as change:
        _keeps_a_coordinator(coalition, membership, None)
        for lead in ("resident_lead_id", "professional_lead_id"):
            db.session.execute(
                update(Initiative)
                .where(
                    Initiative.coalition_id == coalition.id,
                    getattr(Initiative, lead) == membership.user_id,
                )
                .values({lead: None, "version": Initiative.version + 1})
                .execution_options(synchronize_session=False)
            )
        change.record(actor, "member.removed", membership, name=membership.user.display_name)
        db.session.delete(membership)


# ---- work sites ------------------------------------------------------------------------------


def add_site(coalition: Coalition, actor: User, name: str) -> WorkSite:
    """A new work site, with a slug for the board filter."""
    name = _name(name, "name", 120)
    with events.change(coalition) as change:
        # Room for a number behind it: a slug never outgrows its column (120 characters).
        base = slugify(name)[: SITE_SLUG_MAX - 10].rstrip("-") or "site"
        taken = set(
            db.session.scalars(select(WorkSite.slug).where(WorkSite.coalition_id == coalition.id))
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        site = WorkSite(coalition_id=coalition.id, name=name, slug=slug)
        db.session.add(site)
        change.record(actor, "site.added", site, site=name)
    return site


def rename_site(coalition: Coalition, actor: User, site: WorkSite, name: str) -> WorkSite:
    """Rename a work site (its filter address stays the same)."""
    name = _name(name, "name", 120)
    with events.change(coalition, site) as change:
        old_name, site.name = site.name, name
        change.record(actor, "site.changed", site, site=name, old=old_name)
    return site


def set_site_archived(
    coalition: Coalition, actor: User, site: WorkSite, archived: bool
) -> WorkSite:
    """Archive a work site (cards keep it) or bring it back."""
    with events.change(coalition, site) as change:
        if archived and site.archived_at is None:
            site.archived_at = clock.now()
            change.record(actor, "site.archived", site, site=site.name)
        elif not archived and site.archived_at is not None:
            site.archived_at = None
            change.record(actor, "site.restored", site, site=site.name)
    return site


# ---- partner organisations -------------------------------------------------------------------


def _kind(kind: str) -> str:
    """A known kind of organisation, or Invalid."""
    if kind not in ORGANISATION_KINDS:
        raise Invalid({"kind": _("Choose the kind of organisation.")})
    return kind


def add_organisation(
    coalition: Coalition, actor: User, organisation: OrganisationInput
) -> Organisation:
    """A new partner organisation."""
    values = every_problem(
        {
            "name": lambda: _name(organisation.name, "name", 160),
            "kind": lambda: _kind(organisation.kind),
        }
    )
    with events.change(coalition) as change:
        added = Organisation(coalition_id=coalition.id, **values)
        db.session.add(added)
        change.record(actor, "organisation.added", added, organisation=added.name)
    return added


def remove_organisation(coalition: Coalition, actor: User, organisation: Organisation) -> None:
    """Remove a partner organisation."""
    with events.change(coalition, organisation) as change:
        change.record(actor, "organisation.removed", organisation, organisation=organisation.name)
        db.session.delete(organisation)


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
        raise Invalid({"wip_limit": _("Enter a number from 1 to 999, or leave it empty.")})
    return limit


def _column_values(column: ColumnInput) -> dict:
    """The column form as values to store; Invalid with every problem at once."""
    return every_problem(
        {
            "name": lambda: _name(column.name, "name", 60),
            "wip_limit": lambda: _wip_limit(column.wip_limit),
        }
    )


def add_column(coalition: Coalition, actor: User, column: ColumnInput) -> Column:
    """A new column at the right end of the board."""
    values = _column_values(column)
    with events.change(coalition) as change:
        last = db.session.scalar(
            select(func.max(Column.position)).where(Column.coalition_id == coalition.id)
        )
        added = Column(
            coalition_id=coalition.id, position=0 if last is None else last + 1, **values
        )
        db.session.add(added)
        change.record(actor, "column.added", added, column=added.name)
    return added


def change_column(coalition: Coalition, actor: User, column: Column, form: ColumnInput) -> Column:
    """Rename a column and set or clear its WIP limit."""
    values = _column_values(form)
    with events.change(coalition, column) as change:
        column.name, column.wip_limit = values["name"], values["wip_limit"]
        change.record(actor, "column.changed", column, column=column.name)
    return column


def shift_column(coalition: Coalition, actor: User, column: Column, direction: int) -> Column:
    """Swap a column with its neighbour to the left (-1) or right (+1); an archived column or
    one already at that end stays where it is."""
    with events.change(coalition, column) as change:
        columns = [c for c in all_columns(coalition) if c.archived_at is None]
        index = next((i for i, c in enumerate(columns) if c.id == column.id), None)
        other = None if index is None else index + (1 if direction > 0 else -1)
        if other is not None and 0 <= other < len(columns):
            columns[index], columns[other] = columns[other], columns[index]
            for position, each in enumerate(columns):
                each.position = position
            change.record(actor, "column.changed", column, column=column.name)
    return column


def archive_column(coalition: Coalition, actor: User, column: Column) -> Column:
    """Archive an empty column; a column with cards must be emptied first."""
    with events.change(coalition, column) as change:
        if column.archived_at is not None:
            return column
        active_cards = db.session.scalar(
            select(func.count(Initiative.id)).where(
                Initiative.column_id == column.id, Initiative.archived_at.is_(None)
            )
        )
        if active_cards:
            raise Invalid({"": _("Move or archive the cards in this column before archiving it.")})
        remaining = db.session.scalar(
            select(func.count(Column.id)).where(
                Column.coalition_id == coalition.id,
                Column.archived_at.is_(None),
                Column.id != column.id,
            )
        )
        if not remaining:
            raise Invalid({"": _("A board needs at least one column.")})
        column.archived_at = clock.now()
        change.record(actor, "column.archived", column, column=column.name)
    return column
