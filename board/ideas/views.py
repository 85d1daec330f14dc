"""Ideas: the list, proposing, an idea's page, support, comments and coordinator decisions."""

from datetime import timedelta

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from board.coalitions.queries import active_sites, members_by_side
from board.errors import Conflict, Invalid
from board.extensions import db
from board.htmx import confirm_page, is_partial, render
from board.ideas import services, voting
from board.models import Initiative, WorkSite
from board.models.base import utcnow
from board.parsing import parse_count, parse_id
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
        rounds=voting.rounds_of(coalition),
        now=utcnow(),
        sites=active_sites(coalition),
        sort=sort,
        site=site,
        status_filter=status,
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
    consent, responses = voting.consent_of(idea)
    return render(
        "ideas/idea.html",
        access=access,
        coalition=coalition,
        row=services.idea_row(coalition, current_user, idea),
        consent=consent,
        responses=responses,
        my_response=next((r for r in responses if r.user_id == current_user.id), None),
        card_id=db.session.scalar(select(Initiative.id).where(Initiative.idea_id == idea.id)),
        leads=members_by_side(coalition)
        if access.is_coordinator and consent is not None and idea.status == "chosen"
        else None,
        comments=services.comments_of(idea),
        may_edit=services.may_edit(idea, current_user, access.is_coordinator),
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


def _edit_page(access, idea, values, errors=None, status=200, theirs=None):
    """The form to change an idea's text, with errors or the other person's saved version."""
    return render(
        "ideas/edit.html",
        access=access,
        coalition=access.coalition,
        idea=idea,
        sites=active_sites(access.coalition),
        values=values,
        errors=errors or {},
        theirs=theirs,
        status=status,
    )


def _editable(access, idea_id):
    idea = services.load_idea(access.coalition, idea_id)
    if not services.may_edit(idea, current_user, access.is_coordinator):
        abort(403)
    return idea


@bp.get("/ideas/<int:idea_id>/edit")
def edit_idea(idea_id):
    """The proposer (or a coordinator) changes an open idea's text."""
    access = current_access()
    idea = _editable(access, idea_id)
    values = {
        "title": idea.title,
        "description": idea.description,
        "work_site_id": str(idea.work_site_id or ""),
        "version": idea.version,
    }
    return _edit_page(access, idea, values)


@bp.post("/ideas/<int:idea_id>/edit")
def save_idea(idea_id):
    """Save the idea's text; 422 with errors, 409 with their version when someone saved first."""
    access = current_access()
    idea = _editable(access, idea_id)
    form = request.form
    try:
        services.edit_idea(
            access.coalition,
            current_user,
            idea,
            form.get("title", ""),
            form.get("description", ""),
            form.get("work_site_id"),
            form.get("version"),
        )
    except Invalid as error:
        db.session.rollback()
        return _edit_page(access, idea, form, error.errors, 422)
    except Conflict:
        db.session.rollback()
        idea = services.load_idea(access.coalition, idea_id)
        values = {**form.to_dict(), "version": idea.version}
        return _edit_page(access, idea, values, status=409, theirs=idea)
    flash(_("Your changes are saved."))
    return redirect(url_for(".idea", slug=access.coalition.slug, idea_id=idea.id), 303)


@bp.post("/ideas/<int:idea_id>/support")
def support(idea_id):
    """Set support on (support=1) or off (support=0); htmx gets the button and count back."""
    access = current_access()
    access.require_membership()
    coalition = access.coalition
    idea = services.load_idea(coalition, idea_id)
    status, message = 200, None
    try:
        services.set_support(coalition, current_user, idea, request.form.get("support") == "1")
    except Invalid as error:
        db.session.rollback()
        status, message = 422, next(iter(error.errors.values()))
        if not is_partial():
            flash(message, "error")
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
        support_error=message,
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


# ---- voting rounds -------------------------------------------------------------------------------


def _round_form_page(access, voting_round=None, status=200, errors=None, values=None):
    """The form for a round's rules: new, or changing one that has not opened yet."""
    coalition = access.coalition
    shortlisted = services.list_ideas(coalition, current_user, status="shortlisted")
    if voting_round is not None and values is None:
        values = {
            "title": voting_round.title,
            "dots_per_member": str(voting_round.dots_per_member),
            "allow_stacking": "1" if voting_round.allow_stacking else "",
            "opens_at": voting.local_input(voting_round.opens_at),
            "closes_at": voting.local_input(voting_round.closes_at),
            "idea_ids": [str(idea.id) for idea in voting.ideas_in(voting_round)],
        }
    if values is None:
        now = utcnow().replace(second=0, microsecond=0)
        values = {
            "title": "",
            "dots_per_member": "3",
            "allow_stacking": "1",
            "opens_at": voting.local_input(now),
            "closes_at": voting.local_input(now + timedelta(days=7)),
            "idea_ids": [str(row.idea.id) for row in shortlisted],
        }
    return render(
        "ideas/round_form.html",
        access=access,
        coalition=coalition,
        voting_round=voting_round,
        shortlisted=shortlisted,
        errors=errors or {},
        values=values,
        status=status,
    )


def _rules_from(form) -> "voting.RoundRules":
    """The round rules a coordinator submitted."""
    return voting.RoundRules(
        title=form.get("title", ""),
        dots_per_member=form.get("dots_per_member", ""),
        allow_stacking=form.get("allow_stacking") == "1",
        opens_at=form.get("opens_at", ""),
        closes_at=form.get("closes_at", ""),
        idea_ids=form.getlist("idea_ids"),
    )


def _submitted(form) -> dict:
    """The submitted rules as form values, to show them again with errors."""
    values = form.to_dict()
    values["idea_ids"] = form.getlist("idea_ids")
    return values


@bp.get("/ideas/rounds/new")
def new_round():
    """The form to open a voting round over shortlisted ideas."""
    access = current_access()
    access.require_coordinator()
    return _round_form_page(access)


@bp.post("/ideas/rounds")
def create_round():
    """A coordinator opens a voting round."""
    access = current_access()
    access.require_coordinator()
    try:
        voting_round = voting.create_round(
            access.coalition, current_user, _rules_from(request.form)
        )
    except Invalid as error:
        db.session.rollback()
        return _round_form_page(access, None, 422, error.errors, _submitted(request.form))
    flash(_("The voting round is set."))
    return redirect(
        url_for(".voting_round", slug=access.coalition.slug, round_id=voting_round.id), 303
    )


def _round_page(access, voting_round, status=200, error=None, ballot=None):
    """A round: the ballot while open, the results once closed, the rules before."""
    state = voting_round.state(utcnow())
    ideas = voting.ideas_in(voting_round)
    mine = voting.ballot_of(voting_round, current_user) if access.membership else {}
    return render(
        "ideas/round.html",
        access=access,
        coalition=access.coalition,
        voting_round=voting_round,
        state=state,
        ideas=ideas,
        ballot=ballot if ballot is not None else mine,
        has_voted=bool(mine),
        results=voting.results_of(voting_round) if state == "closed" else None,
        error=error,
        status=status,
    )


@bp.get("/ideas/rounds/<int:round_id>")
def voting_round(round_id):
    """A voting round's page."""
    access = current_access()
    return _round_page(access, voting.load_round(access.coalition, round_id))


@bp.get("/ideas/rounds/<int:round_id>/edit")
def edit_round(round_id):
    """Change the rules of a round that has not opened yet."""
    access = current_access()
    access.require_coordinator()
    return _round_form_page(access, voting.load_round(access.coalition, round_id))


@bp.post("/ideas/rounds/<int:round_id>")
def change_round(round_id):
    """Save changed rules; refused once the round has opened."""
    access = current_access()
    access.require_coordinator()
    voting_round = voting.load_round(access.coalition, round_id)
    try:
        voting.change_round(access.coalition, current_user, voting_round, _rules_from(request.form))
    except Invalid as error:
        db.session.rollback()
        return _round_form_page(access, voting_round, 422, error.errors, _submitted(request.form))
    flash(_("The round's rules are saved."))
    return redirect(url_for(".voting_round", slug=access.coalition.slug, round_id=round_id), 303)


@bp.post("/ideas/rounds/<int:round_id>/close")
def close_round(round_id):
    """A coordinator closes an open round early, after a confirmation step."""
    access = current_access()
    access.require_coordinator()
    coalition = access.coalition
    voting_round = voting.load_round(coalition, round_id)
    back = url_for(".voting_round", slug=coalition.slug, round_id=round_id)
    if request.form.get("confirm") != "1":
        return confirm_page(
            access,
            _("Close '%(title)s' now?", title=voting_round.title),
            _("Nobody can vote or change a vote after this, and everyone sees the results."),
            _("Yes, close the round"),
            back,
        )
    try:
        voting.close_round(coalition, current_user, voting_round)
    except Invalid as error:
        db.session.rollback()
        flash(next(iter(error.errors.values())), "error")
        return redirect(back, 303)
    flash(_("The round is closed. These are the results."))
    return redirect(back, 303)


@bp.post("/ideas/rounds/<int:round_id>/ballot")
def cast_ballot(round_id):
    """Save a member's whole ballot and say plainly what was saved."""
    access = current_access()
    access.require_membership()
    coalition = access.coalition
    voting_round = voting.load_round(coalition, round_id)
    allocation = {
        key.removeprefix("dots-"): (value or "0")
        for key, value in request.form.items()
        if key.startswith("dots-")
    }
    try:
        dots = voting.cast_ballot(coalition, current_user, voting_round, allocation)
    except Invalid as error:
        db.session.rollback()
        typed = {parse_id(k): parse_count(v, 10**6) or 0 for k, v in allocation.items()}
        return _round_page(
            access, voting.load_round(coalition, round_id), 422, error.errors[""], typed
        )
    titles = {idea.id: idea.title for idea in voting.ideas_in(voting_round)}
    flash(ballot_sentence(dots, titles))
    return redirect(url_for(".voting_round", slug=coalition.slug, round_id=round_id), 303)


def ballot_sentence(dots: dict, titles: dict) -> str:
    """'Je stem is opgeslagen: 2 stippen op …, 1 op …' in the current language."""
    if not dots:
        return _("Your vote is saved: you gave no dots.")
    parts = []
    for number, (idea_id, count) in enumerate(sorted(dots.items(), key=lambda kv: -kv[1])):
        title = titles.get(idea_id, "")
        if number == 0:
            parts.append(
                ngettext(
                    "%(num)s dot on '%(title)s'", "%(num)s dots on '%(title)s'", count, title=title
                )
            )
        else:
            parts.append(_("%(num)s on '%(title)s'", num=count, title=title))
    return _("Your vote is saved: %(dots)s.", dots=", ".join(parts))


# ---- consent -------------------------------------------------------------------------------------


@bp.post("/ideas/<int:idea_id>/consent/start")
def start_consent(idea_id):
    """A coordinator asks whether a chosen idea is good enough to try."""
    access = current_access()
    access.require_coordinator()
    idea = services.load_idea(access.coalition, idea_id)
    try:
        voting.start_consent(access.coalition, current_user, idea)
    except Invalid as error:
        db.session.rollback()
        return _idea_page(access, idea, 422, {"consent": error.errors})
    flash(_("The consent round is open: everyone can now consent or object."))
    return redirect(
        url_for(".idea", slug=access.coalition.slug, idea_id=idea_id, _anchor="consent"), 303
    )


@bp.post("/ideas/<int:idea_id>/consent")
def respond_consent(idea_id):
    """A member consents, or objects with a reason."""
    access = current_access()
    access.require_membership()
    idea = services.load_idea(access.coalition, idea_id)
    objects = request.form.get("answer") == "object"
    try:
        voting.respond(
            access.coalition, current_user, idea, objects, request.form.get("reason", "")
        )
    except Invalid as error:
        db.session.rollback()
        return _idea_page(access, idea, 422, {"consent": error.errors}, request.form)
    flash(_("Your answer is saved.") if not objects else _("Your objection is saved."))
    return redirect(
        url_for(".idea", slug=access.coalition.slug, idea_id=idea_id, _anchor="consent"), 303
    )


@bp.post("/ideas/<int:idea_id>/initiative")
def make_initiative(idea_id):
    """With consent, a coordinator turns the idea into an initiative on the board."""
    access = current_access()
    access.require_coordinator()
    idea = services.load_idea(access.coalition, idea_id)
    try:
        card = voting.make_initiative(
            access.coalition,
            current_user,
            idea,
            request.form.get("resident_lead_id"),
            request.form.get("professional_lead_id"),
        )
    except Invalid as error:
        db.session.rollback()
        return _idea_page(access, idea, 422, {"initiative": error.errors}, request.form)
    flash(_("'%(title)s' is now an initiative on the board.", title=card.title))
    return redirect(
        url_for("kanban.initiative", slug=access.coalition.slug, initiative_id=card.id), 303
    )
