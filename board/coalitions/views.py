"""Coalition home, members and invites, work sites, partners and columns."""

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _

from board import clock, events
from board.activities import queries as activity_queries
from board.auth import actions as accounts
from board.coalitions import actions, queries
from board.coalitions.inputs import ColumnInput, InviteInput, MemberInput, OrganisationInput
from board.errors import Invalid, NotFound
from board.foryou import for_you
from board.htmx import confirm_page, dom_id, render
from board.models import Column, Invite, Membership, Organisation, WorkSite
from board.permissions import coalition_access, coalition_blueprint, coalition_view

bp = coalition_blueprint("coalitions", __name__)


RECENT, RECENT_ALL = 5, 50  # what happened lately: on the home, and after "more"


@bp.get("/")
@coalition_view()
def home(access):
    """Aim, partners, work sites, members by side and what happened lately."""
    coalition = access.coalition
    members = queries.memberships(coalition)
    everything = request.args.get("recent") == "all"
    return render(
        "coalitions/home.html",
        access=access,
        coalition=coalition,
        for_you=for_you([coalition], access.user, clock.now()) if access.is_member else None,
        welcome=request.args.get("welcome") == "1" and access.is_member,
        organisations=queries.organisations(coalition),
        sites=queries.active_sites(coalition),
        residents=[m for m in members if m.side == "resident"],
        professionals=[m for m in members if m.side == "professional"],
        recent=events.recent(coalition.id, limit=RECENT_ALL if everything else RECENT + 1),
        recent_shown=RECENT_ALL if everything else RECENT,
        coming=activity_queries.upcoming(coalition, access.user, clock.now(), 3),
    )


# ---- members and invites ---------------------------------------------------------------------


def _members_page(access, status=200, errors=None, failed=None, values=None, shared_link=None):
    """The members page; a refused form (failed: 'invite' or a membership's dom_id) shows its
    errors and what was typed, a password link is shown to copy."""
    coalition = access.coalition
    return render(
        "coalitions/members.html",
        status=status,
        access=access,
        coalition=coalition,
        members=queries.memberships(coalition),
        invites=queries.open_invites(coalition) if access.is_coordinator else [],
        errors=errors or {},
        failed=failed,
        values=values or {},
        shared_link=shared_link,
    )


def _refused_member_form(access, error: Invalid, form_id: str, values=None):
    """The members page with the refused member form's errors at its fields (422); the error
    page (422) instead when the person is no longer a coordinator here, because another
    coordinator changed that meanwhile."""
    try:
        access = coalition_access(access.user, access.coalition.slug)
    except NotFound:
        raise error from None
    if not access.is_coordinator:
        raise error
    return _members_page(access, 422, error.errors, form_id, values)


def _back_to_members(access, message: str, anchor: str | None = None):
    """Say what happened and show the members page again (303)."""
    flash(message)
    return redirect(url_for(".members", slug=access.coalition.slug, _anchor=anchor), 303)


@bp.get("/members")
@coalition_view()
def members(access):
    """Who is in the coalition; for coordinators also invites and member settings."""
    return _members_page(access)


@bp.post("/invites")
@coalition_view(need="coordinator")
def create_invite(access):
    """Make an invite link for a role and side, and show it to copy."""
    typed = InviteInput.from_form(request.form)
    try:
        invite = accounts.create_invite(
            access.coalition, access.user, typed, current_app.config["INVITE_DAYS"]
        )
    except Invalid as error:
        return _members_page(access, 422, error.errors, "invite", typed.values())
    return _back_to_members(
        access, _("The invite link is ready: copy it and send it."), dom_id(invite)
    )


@bp.post("/invites/<int:invite_id>/revoke")
@coalition_view(need="coordinator")
def revoke_invite(access, invite_id):
    """Make an invite link stop working."""
    accounts.revoke_invite(access.get(Invite, invite_id))
    return _back_to_members(access, _("The invite link no longer works."))


@bp.post("/members/<int:membership_id>")
@coalition_view(need="coordinator")
def change_member(access, membership_id):
    """Change a member's role and side."""
    membership = access.get(Membership, membership_id)
    name, form_id = membership.user.display_name, dom_id(membership)
    typed = MemberInput.from_form(request.form)
    giving_up = membership.user_id == access.user.id and typed.role != membership.role
    if giving_up and membership.role == "coordinator" and request.form.get("confirm") != "1":
        # Someone taking away their own coordinator's rights is asked first: they cannot undo
        # it. The last coordinator is refused before being asked.
        try:
            actions.check_removable(access.coalition, membership)
        except Invalid as error:
            return _refused_member_form(access, error, form_id, typed.values())
        return confirm_page(
            access,
            _("Give up being a coordinator of %(coalition)s?", coalition=access.coalition.name),
            _("Only another coordinator can make you one again."),
            _("Yes, give it up"),
            url_for("coalitions.members", slug=access.coalition.slug),
            keep={"role": typed.role, "side": typed.side},
        )
    try:
        actions.change_member(access.coalition, access.user, membership, typed)
    except Invalid as error:
        return _refused_member_form(access, error, form_id, typed.values())
    return _back_to_members(access, _("%(name)s is updated.", name=name))


@bp.post("/members/<int:membership_id>/remove")
@coalition_view(need="coordinator")
def remove_member(access, membership_id):
    """Take someone out of the coalition, after a confirmation step."""
    coalition = access.coalition
    membership = access.get(Membership, membership_id)
    name, form_id = membership.user.display_name, dom_id(membership)
    try:
        if request.form.get("confirm") != "1":
            actions.check_removable(coalition, membership)
            return confirm_page(
                access,
                _("Remove %(name)s from %(coalition)s?", name=name, coalition=coalition.name),
                _(
                    "Cards this person leads lose them as lead; comments and answers stay. "
                    "Afterwards they can no longer open this coalition."
                ),
                _("Yes, remove %(name)s", name=name),
                url_for(".members", slug=coalition.slug),
            )
        actions.remove_member(coalition, access.user, membership)
    except Invalid as error:
        return _refused_member_form(access, error, form_id)
    return _back_to_members(access, _("%(name)s is no longer a member.", name=name))


@bp.post("/members/<int:membership_id>/reset")
@coalition_view(need="coordinator")
def reset_link(access, membership_id):
    """Make a one-time link with which a member chooses a new password (422 when the account
    holds more than this coalition gives: only an admin may make that link)."""
    membership = access.get(Membership, membership_id)
    try:
        reset = accounts.create_password_reset(
            access.coalition, access.user, membership, current_app.config["RESET_DAYS"]
        )
    except Invalid as error:
        return _refused_member_form(access, error, dom_id(membership))
    link = url_for("auth.reset_password", token=reset.token, _external=True)
    return _members_page(access, shared_link={"name": membership.user.display_name, "url": link})


# ---- work sites, partners, columns -----------------------------------------------------------


def _settings_page(access, status=200, errors=None, failed=None, values=None):
    """The settings page; a refused form (failed: its id) shows its errors and what was typed."""
    coalition = access.coalition
    return render(
        "coalitions/settings.html",
        status=status,
        access=access,
        coalition=coalition,
        sites=queries.all_sites(coalition),
        organisations=queries.organisations(coalition),
        columns=queries.all_columns(coalition),
        errors=errors or {},
        failed=failed,
        values=values or {},
    )


def _back_to_settings(access, message: str, anchor: str):
    """Show the settings page again at anchor (303), saying what happened next to it."""
    flash(message, f"at:{anchor}")
    return redirect(url_for(".settings", slug=access.coalition.slug, _anchor=anchor), 303)


def _settings_form(access, form_id: str, typed: dict, act, message: str):
    """Run act() for the settings form form_id: back to the page saying message (303), or the
    page again with that form's errors and what was typed (422)."""
    try:
        act()
    except Invalid as error:
        return _settings_page(access, 422, error.errors, form_id, typed)
    return _back_to_settings(access, message, form_id)


@bp.get("/settings")
@coalition_view(need="coordinator")
def settings(access):
    """Work sites, partner organisations and board columns."""
    return _settings_page(access)


@bp.post("/sites")
@coalition_view(need="coordinator")
def add_site(access):
    """Add a work site."""
    name = request.form.get("name", "")
    return _settings_form(
        access,
        "new-site",
        {"name": name},
        lambda: actions.add_site(access.coalition, access.user, name),
        _("The work site is added."),
    )


@bp.post("/sites/<int:site_id>")
@coalition_view(need="coordinator")
def rename_site(access, site_id):
    """Rename a work site."""
    site = access.get(WorkSite, site_id)
    name = request.form.get("name", "")
    return _settings_form(
        access,
        dom_id(site),
        {"name": name},
        lambda: actions.rename_site(access.coalition, access.user, site, name),
        _("The work site is renamed."),
    )


@bp.post("/sites/<int:site_id>/archive")
@coalition_view(need="coordinator")
def archive_site(access, site_id):
    """Archive a work site."""
    site = access.get(WorkSite, site_id)
    actions.set_site_archived(access.coalition, access.user, site, True)
    return _back_to_settings(access, _("The work site is archived."), dom_id(site))


@bp.post("/sites/<int:site_id>/restore")
@coalition_view(need="coordinator")
def restore_site(access, site_id):
    """Bring an archived work site back."""
    site = access.get(WorkSite, site_id)
    actions.set_site_archived(access.coalition, access.user, site, False)
    return _back_to_settings(access, _("The work site is back."), dom_id(site))


@bp.post("/organisations")
@coalition_view(need="coordinator")
def add_organisation(access):
    """Add a partner organisation."""
    typed = OrganisationInput.from_form(request.form)
    return _settings_form(
        access,
        "new-organisation",
        typed.values(),
        lambda: actions.add_organisation(access.coalition, access.user, typed),
        _("The partner organisation is added."),
    )


@bp.post("/organisations/<int:organisation_id>/remove")
@coalition_view(need="coordinator")
def remove_organisation(access, organisation_id):
    """Remove a partner organisation (after a confirmation step)."""
    organisation = access.get(Organisation, organisation_id)
    if request.form.get("confirm") != "1":
        return confirm_page(
            access,
            _("Remove the partner %(name)s?", name=organisation.name),
            None,
            _("Yes, remove %(name)s", name=organisation.name),
            url_for(".settings", slug=access.coalition.slug, _anchor="organisations-title"),
        )
    actions.remove_organisation(access.coalition, access.user, organisation)
    return _back_to_settings(
        access, _("The partner organisation is removed."), "organisations-title"
    )


@bp.post("/columns")
@coalition_view(need="coordinator")
def add_column(access):
    """Add a column to the board."""
    typed = ColumnInput.from_form(request.form)
    return _settings_form(
        access,
        "new-column",
        typed.values(),
        lambda: actions.add_column(access.coalition, access.user, typed),
        _("The column is added."),
    )


@bp.post("/columns/<int:column_id>")
@coalition_view(need="coordinator")
def change_column(access, column_id):
    """Rename a column or change its WIP limit."""
    column = access.get(Column, column_id)
    typed = ColumnInput.from_form(request.form)
    return _settings_form(
        access,
        dom_id(column),
        typed.values(),
        lambda: actions.change_column(access.coalition, access.user, column, typed),
        _("The column is saved."),
    )


@bp.post("/columns/<int:column_id>/shift")
@coalition_view(need="coordinator")
def shift_column(access, column_id):
    """Move a column one place to the left or right."""
    column = access.get(Column, column_id)
    direction = -1 if request.form.get("direction") == "left" else 1
    actions.shift_column(access.coalition, access.user, column, direction)
    return _back_to_settings(access, _("The column is moved."), dom_id(column))


@bp.post("/columns/<int:column_id>/archive")
@coalition_view(need="coordinator")
def archive_column(access, column_id):
    """Archive an empty column."""
    column = access.get(Column, column_id)
    return _settings_form(
        access,
        dom_id(column),
        {},
        lambda: actions.archive_column(access.coalition, access.user, column),
        _("The column is archived."),
    )
