"""Ideas: the list, proposing, an idea's page, support, comments and coordinator decisions."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from board.errors import Invalid
from board.extensions import db
from board.htmx import is_partial, render
from board.ideas import services
from board.kanban.services import active_sites
from board.models import WorkSite
from board.permissions import coalition_blueprint, current_access

bp = coalition_blueprint("ideas", __name__)


def _list_filters(coalition):
    """Sort, work site and status from the query string (unknown values are ignored)."""
    sort = request.args.get("sort", "new")
    site = None
    if request.args.get("site"):
        site = db.session.scalar(
            select(WorkSite).where(
                WorkSite.coalition_id == coalition.id, WorkSite.slug == request.args["site"]
            )
        )
    status = request.args.get("status") or None
    return (
        sort if sort in services.SORTS else "new",
        site,
        status if status in services.LISTED else None,
    )


@bp.get("/ideas")
def ideas():
    """All ideas, newest or most supported first, filtered by work site and status."""
    access = current_access()
    coalition = access.coalition
    sort, site, status = _list_filters(coalition)
    return render(
        "ideas/list.html",
        block="results",
        access=access,
        coalition=coalition,
        rows=services.list_ideas(coalition, current_user, sort, site, status),
        sites=active_sites(coalition),
        sort=sort,
        site=site,
        status=status,
        statuses=services.LISTED,
    )


def _propose_page(access, status=200, errors=None, values=None):
    """The propose form, with errors from a refused attempt."""
    return render(
        "ideas/new.html",
        access=access,
        coalition=access.coalition,
        sites=active_sites(access.coalition),
        errors=errors or {},
        values=values or {},
        status=status,
    )


@bp.get("/ideas/new")
def new_idea():
    """The form to propose an idea: one screen on a phone."""
    access = current_access()
    access.require_membership()
    return _propose_page(access)


@bp.post("/ideas")
def propose():
    """A member proposes an idea."""
    access = current_access()
    access.require_membership()
    form = request.form
    try:
        idea = services.propose_idea(
            access.coalition,
            current_user,
            access.membership.side,
            form.get("title", ""),
            form.get("description", ""),
            form.get("work_site_id"),
        )
    except Invalid as error:
        db.session.rollback()
        return _propose_page(access, 422, error.errors, form)
    flash(_("Your idea is there. Others can now support it."))
    return redirect(url_for(".idea", slug=access.coalition.slug, idea_id=idea.id), 303)


def _idea_page(access, idea, status=200, errors=None, values=None):
    """An idea's page: support, comments, and for coordinators the decisions."""
    coalition = access.coalition
    return render(
        "ideas/idea.html",
        access=access,
        coalition=coalition,
        row=services.idea_row(coalition, current_user, idea),
        comments=services.comments_of(idea),
        others=[
            row
            for row in services.list_ideas(coalition, current_user)
            if row.idea.id != idea.id and row.idea.status in services.SUPPORTABLE
        ]
        if access.is_coordinator
        else [],
        errors=errors or {},
        values=values or {},
        status=status,
    )


@bp.get("/ideas/<int:idea_id>")
def idea(idea_id):
    """One idea."""
    access = current_access()
    return _idea_page(access, services.load_idea(access.coalition, idea_id))


@bp.post("/ideas/<int:idea_id>/support")
def support(idea_id):
    """Set support on (support=1) or off (support=0); htmx gets the button and count back."""
    access = current_access()
    access.require_membership()
    coalition = access.coalition
    idea = services.load_idea(coalition, idea_id)
    status = 200
    try:
        services.set_support(coalition, current_user, idea, request.form.get("support") == "1")
    except Invalid as error:
        db.session.rollback()
        if not is_partial():
            flash(next(iter(error.errors.values())), "error")
        status = 422
    if not is_partial():
        target = request.form.get("next", "")
        if not target.startswith(f"/c/{coalition.slug}/"):
            target = url_for(".idea", slug=coalition.slug, idea_id=idea.id)
        return redirect(target, 303)
    return render(
        "ideas/idea.html",
        block="support",
        coalition=coalition,
        access=access,
        row=services.idea_row(coalition, current_user, services.load_idea(coalition, idea_id)),
        status=status,
    )


@bp.post("/ideas/<int:idea_id>/comments")
def comment(idea_id):
    """Add a comment to an idea."""
    access = current_access()
    access.require_membership()
    idea = services.load_idea(access.coalition, idea_id)
    try:
        services.add_comment(access.coalition, current_user, idea, request.form.get("body", ""))
    except Invalid as error:
        db.session.rollback()
        return _idea_page(access, idea, 422, {"comment": error.errors}, request.form)
    return redirect(
        url_for(".idea", slug=access.coalition.slug, idea_id=idea.id, _anchor="comments"), 303
    )


@bp.post("/ideas/<int:idea_id>/status")
def change_status(idea_id):
    """A coordinator shortlists, reopens, chooses or does not choose an idea (with a reason)."""
    access = current_access()
    access.require_coordinator()
    idea = services.load_idea(access.coalition, idea_id)
    try:
        services.change_status(
            access.coalition,
            current_user,
            idea,
            request.form.get("action", ""),
            request.form.get("reason", ""),
        )
    except Invalid as error:
        db.session.rollback()
        return _idea_page(access, idea, 422, {"status": error.errors}, request.form)
    flash(_("The idea is updated."))
    return redirect(url_for(".idea", slug=access.coalition.slug, idea_id=idea.id), 303)


@bp.post("/ideas/<int:idea_id>/merge")
def merge(idea_id):
    """A coordinator folds a duplicate into another idea; supports move along, once each."""
    access = current_access()
    access.require_coordinator()
    idea = services.load_idea(access.coalition, idea_id)
    try:
        kept = services.merge_ideas(access.coalition, current_user, idea, request.form.get("into"))
    except Invalid as error:
        db.session.rollback()
        return _idea_page(access, idea, 422, {"merge": error.errors}, request.form)
    flash(_("The ideas are merged; their supporters now support this one."))
    return redirect(url_for(".idea", slug=access.coalition.slug, idea_id=kept.id), 303)
