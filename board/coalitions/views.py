"""Coalition home, members and invites, work sites, partners and columns."""

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from board import events
from board.activities import services as activity_services
from board.auth import services as auth_services
from board.coalitions import services
from board.coalitions.queries import active_sites
from board.errors import Invalid
from board.extensions import db
from board.htmx import confirm_page, render
from board.models import Column, Invite, Membership, Organisation, WorkSite
from board.models.base import utcnow
from board.models.coalition import ORGANISATION_KINDS, ROLES, SIDES
from board.permissions import coalition_blueprint, current_access

bp = coalition_blueprint("coalitions", __name__)


@bp.get("/")
def home():
    """Aim, partners, work sites, members by side and what happened lately."""
    access = current_access()
    coalition = access.coalition
    members = services.memberships(coalition)
    return render(
        "coalitions/home.html",
        access=access,
        coalition=coalition,
        organisations=services.organisations(coalition),
        sites=active_sites(coalition),
        residents=[m for m in members if m.side == "resident"],
        professionals=[m for m in members if m.side == "professional"],
        recent=events.recent(coalition.id, limit=15),
        describe=events.describe,
        coming=activity_services.upcoming(coalition, current_user, utcnow(), 3),
    )


# ---- members and invites ---------------------------------------------------------------------


def _members_page(access, status=200, errors=None, values=None, shared_link=None):
    """Render the members page, optionally with errors keyed by form and a link to share."""
    coalition = access.coalition
    return render(
        "coalitions/members.html",
        access=access,
        coalition=coalition,
        members=services.memberships(coalition),
        invites=services.open_invites(coalition) if access.is_coordinator else [],
        roles=ROLES,
        sides=SIDES,
        errors=errors or {},
        values=values or {},
        shared_link=shared_link,
        status=status,
    )


@bp.get("/members")
def members():
    """Who is in the coalition; for coordinators also invites and member settings."""
    access = current_access()
    return _members_page(access)


@bp.post("/invites")
def create_invite():
    """Make an invite link for a role and side, and show it to copy."""
    access = current_access()
    access.require_coordinator()
    form = request.form
    try:
        services.check_role_side(form.get("role", ""), form.get("side", ""))
    except Invalid as error:
        return _members_page(access, 422, errors={"invite": error.errors}, values=form)
    invite = auth_services.create_invite(
        access.coalition,
        current_user,
        form["role"],
        form["side"],
        form.get("note", ""),
        current_app.config["INVITE_DAYS"],
    )
    flash(_("The invite link is ready: copy it and send it."))
    return redirect(
        url_for(".members", slug=access.coalition.slug, _anchor=f"invite-{invite.id}"), 303
    )


@bp.post("/invites/<int:invite_id>/revoke")
def revoke_invite(invite_id):
    """Make an invite link stop working."""
    access = current_access()
    access.require_coordinator()
    auth_services.revoke_invite(access.get(Invite, invite_id))
    flash(_("The invite link no longer works."))
    return redirect(url_for(".members", slug=access.coalition.slug), 303)


@bp.post("/members/<int:membership_id>")
def change_member(membership_id):
    """Change a member's role and side."""
    access = current_access()
    access.require_coordinator()
    membership = access.get(Membership, membership_id)
    try:
        services.change_member(
            access.coalition,
            current_user,
            membership,
            request.form.get("role", ""),
            request.form.get("side", ""),
        )
    except Invalid as error:
        db.session.rollback()
        return _members_page(access, 422, errors={f"member-{membership_id}": error.errors})
    flash(_("%(name)s is updated.", name=membership.user.display_name))
    return redirect(url_for(".members", slug=access.coalition.slug), 303)


@bp.post("/members/<int:membership_id>/remove")
def remove_member(membership_id):
    """Take someone out of the coalition."""
    access = current_access()
    access.require_coordinator()
    membership = access.get(Membership, membership_id)
    name = membership.user.display_name
    if request.form.get("confirm") != "1":
        try:
            services.check_removable(access.coalition, membership)
        except Invalid as error:
            return _members_page(access, 422, errors={f"member-{membership_id}": error.errors})
        return confirm_page(
            access,
            _("Remove %(name)s from %(coalition)s?", name=name, coalition=access.coalition.name),
            _(
                "Cards this person leads lose them as lead; comments and answers stay. "
                "Afterwards they can no longer open this coalition."
            ),
            _("Yes, remove %(name)s", name=name),
            url_for(".members", slug=access.coalition.slug),
        )
    try:
        services.remove_member(access.coalition, current_user, membership)
    except Invalid as error:
        db.session.rollback()
        return _members_page(access, 422, errors={f"member-{membership_id}": error.errors})
    flash(_("%(name)s is no longer a member.", name=name))
    return redirect(url_for(".members", slug=access.coalition.slug), 303)


@bp.post("/members/<int:membership_id>/reset")
def reset_link(membership_id):
    """Make a one-time link with which a member chooses a new password."""
    access = current_access()
    access.require_coordinator()
    membership = access.get(Membership, membership_id)
    reset = auth_services.create_password_reset(membership, current_app.config["RESET_DAYS"])
    link = url_for("auth.reset_password", token=reset.token, _external=True)
    return _members_page(access, shared_link={"name": membership.user.display_name, "url": link})


# ---- work sites, partners, columns -----------------------------------------------------------


def _settings_page(access, status=200, errors=None, values=None):
    """Render the settings page with errors keyed by form."""
    coalition = access.coalition
    return render(
        "coalitions/settings.html",
        access=access,
        coalition=coalition,
        sites=services.all_sites(coalition),
        organisations=services.organisations(coalition),
        organisation_kinds=ORGANISATION_KINDS,
        columns=services.all_columns(coalition),
        errors=errors or {},
        values=values or {},
        status=status,
    )


@bp.get("/settings")
def settings():
    """Work sites, partner organisations and board columns."""
    access = current_access()
    access.require_coordinator()
    return _settings_page(access)


def _settings_action(form_key: str, action, message: str):
    """Run a coordinator's settings action; 303 back on success, the page with 422 on error."""
    access = current_access()
    access.require_coordinator()
    try:
        action(access)
    except Invalid as error:
        db.session.rollback()
        return _settings_page(access, 422, errors={form_key: error.errors}, values=request.form)
    flash(message)
    return redirect(url_for(".settings", slug=access.coalition.slug, _anchor=form_key), 303)


@bp.post("/sites")
def add_site():
    """Add a work site."""
    return _settings_action(
        "new-site",
        lambda a: services.add_site(a.coalition, current_user, request.form.get("name", "")),
        _("The work site is added."),
    )


@bp.post("/sites/<int:site_id>")
def rename_site(site_id):
    """Rename a work site."""
    return _settings_action(
        f"site-{site_id}",
        lambda a: services.rename_site(
            a.coalition, current_user, a.get(WorkSite, site_id), request.form.get("name", "")
        ),
        _("The work site is renamed."),
    )


@bp.post("/sites/<int:site_id>/archive")
def archive_site(site_id):
    """Archive a work site."""
    return _settings_action(
        f"site-{site_id}",
        lambda a: services.set_site_archived(
            a.coalition, current_user, a.get(WorkSite, site_id), True
        ),
        _("The work site is archived."),
    )


@bp.post("/sites/<int:site_id>/restore")
def restore_site(site_id):
    """Bring an archived work site back."""
    return _settings_action(
        f"site-{site_id}",
        lambda a: services.set_site_archived(
            a.coalition, current_user, a.get(WorkSite, site_id), False
        ),
        _("The work site is back."),
    )


@bp.post("/organisations")
def add_organisation():
    """Add a partner organisation."""
    return _settings_action(
        "new-organisation",
        lambda a: services.add_organisation(
            a.coalition, current_user, request.form.get("name", ""), request.form.get("kind", "")
        ),
        _("The partner organisation is added."),
    )


@bp.post("/organisations/<int:organisation_id>/remove")
def remove_organisation(organisation_id):
    """Remove a partner organisation (after a confirmation step)."""
    if request.form.get("confirm") != "1":
        access = current_access()
        access.require_coordinator()
        organisation = access.get(Organisation, organisation_id)
        return confirm_page(
            access,
            _("Remove the partner %(name)s?", name=organisation.name),
            None,
            _("Yes, remove %(name)s", name=organisation.name),
            url_for(".settings", slug=access.coalition.slug, _anchor="organisations-title"),
        )
    return _settings_action(
        f"organisation-{organisation_id}",
        lambda a: services.remove_organisation(
            a.coalition, current_user, a.get(Organisation, organisation_id)
        ),
        _("The partner organisation is removed."),
    )


@bp.post("/columns")
def add_column():
    """Add a column to the board."""
    return _settings_action(
        "new-column",
        lambda a: services.add_column(
            a.coalition,
            current_user,
            request.form.get("name", ""),
            request.form.get("wip_limit", ""),
        ),
        _("The column is added."),
    )


@bp.post("/columns/<int:column_id>")
def change_column(column_id):
    """Rename a column or change its WIP limit."""
    return _settings_action(
        f"column-{column_id}",
        lambda a: services.change_column(
            a.coalition,
            current_user,
            a.get(Column, column_id),
            request.form.get("name", ""),
            request.form.get("wip_limit", ""),
        ),
        _("The column is saved."),
    )


@bp.post("/columns/<int:column_id>/shift")
def shift_column(column_id):
    """Move a column one place to the left or right."""
    direction = -1 if request.form.get("direction") == "left" else 1
    return _settings_action(
        f"column-{column_id}",
        lambda a: services.shift_column(
            a.coalition, current_user, a.get(Column, column_id), direction
        ),
        _("The column is moved."),
    )


@bp.post("/columns/<int:column_id>/archive")
def archive_column(column_id):
    """Archive an empty column."""
    return _settings_action(
        f"column-{column_id}",
        lambda a: services.archive_column(a.coalition, current_user, a.get(Column, column_id)),
        _("The column is archived."),
    )
