"""Ideas: the list, proposing, an idea's page, support, comments and coordinator decisions;
voting rounds and their ballots; consent, and an idea becoming an initiative."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from board import clock
from board.coalitions.queries import active_sites, site_by_slug
from board.errors import Conflict, Forbidden, Invalid
from board.forms import use_theirs
from board.htmx import back_within, confirm_page, render, respond
from board.ideas import actions, decisions, pages, queries
from board.ideas.inputs import IdeaInput, RoundInput
from board.parsing import parse_count, parse_id
from board.permissions import coalition_blueprint, coalition_view

bp = coalition_blueprint("ideas", __name__)

IDEA_FIELDS = ("title", "description", "work_site_id")


def _idea_url(coalition, idea_id: int, anchor: str | None = None) -> str:
    """An idea's page, at a section when anchor names one."""
    return url_for(".idea", slug=coalition.slug, idea_id=idea_id, _anchor=anchor)


@bp.get("/ideas")
@coalition_view()
def ideas(access):
    """All ideas, newest or most supported first, filtered by work site and status."""
    coalition = access.coalition
    sort = request.args.get("sort", "new")
    sort = sort if sort in queries.SORTS else "new"
    site = site_by_slug(coalition, request.args.get("site", ""))
    status = request.args.get("status")
    status = status if status in queries.LISTED else None
    return render(
        "ideas/list.html",
        block="results",
        access=access,
        coalition=coalition,
        rows=queries.list_ideas(coalition, access.user, sort, site, status),
        rounds=queries.rounds_of(coalition),
        now=clock.now(),
        sites=active_sites(coalition),
        sort=sort,
        site=site,
        status_filter=status,
        statuses=queries.LISTED,
    )


@bp.get("/ideas/new")
@coalition_view(need="member")
def new_idea(access):
    """The form to propose an idea: one screen on a phone."""
    return pages.propose_page(access)


@bp.post("/ideas")
@coalition_view(need="member")
def propose(access):
    """A member proposes an idea."""
    typed = IdeaInput.from_form(request.form)
    try:
        idea = actions.propose_idea(access.coalition, access.user, access.membership.side, typed)
    except Invalid as error:
        return pages.propose_page(access, typed.values(), error.errors, 422)
    flash(_("Your idea is there. Others can now support it."))
    return redirect(_idea_url(access.coalition, idea.id), 303)


# ---- an idea's page ------------------------------------------------------------------------------


def _refused(access, idea_id, error: Invalid, failed: str):
    """The idea's page again (422) with the refused form's errors and what was typed in it."""
    return pages.idea_page(access, idea_id, error.errors, failed, request.form.to_dict(), 422)


@bp.get("/ideas/<int:idea_id>")
@coalition_view()
def idea(access, idea_id):
    """One idea."""
    return pages.idea_page(access, idea_id)


def _back_to(coalition, idea_id) -> str:
    """Where a support button sends a plain post back: the page it was on, else the idea."""
    return back_within(coalition) or _idea_url(coalition, idea_id)


@bp.post("/ideas/<int:idea_id>/support")
@coalition_view(need="member")
def support(access, idea_id):
    """Set support on (support=1) or off (support=0); htmx gets the button and count back."""
    coalition = access.coalition
    idea = queries.load_idea(coalition, idea_id)
    back = _back_to(coalition, idea.id)
    try:
        actions.set_support(coalition, access.user, idea, request.form.get("support") == "1")
    except Invalid as error:
        message = error.errors["support"]
        return respond(
            lambda: pages.support_answer(access, idea_id, message, 422),
            back,
            message,
            category="error",
            announce=False,
        )
    return respond(lambda: pages.support_answer(access, idea_id), back)


@bp.post("/ideas/<int:idea_id>/comments")
@coalition_view(need="edit")
def comment(access, idea_id):
    """Add a comment to an idea."""
    idea = queries.load_idea(access.coalition, idea_id)
    try:
        actions.add_comment(access.coalition, access.user, idea, request.form.get("body", ""))
    except Invalid as error:
        return _refused(access, idea_id, error, "comment")
    return redirect(_idea_url(access.coalition, idea_id, "comments"), 303)


@bp.post("/ideas/<int:idea_id>/status")
@coalition_view(need="coordinator")
def change_status(access, idea_id):
    """A coordinator shortlists, reopens, chooses or does not choose an idea (with a reason)."""
    idea = queries.load_idea(access.coalition, idea_id)
    action = request.form.get("action", "")
    try:
        actions.change_status(
            access.coalition, access.user, idea, action, request.form.get("reason", "")
        )
    except Invalid as error:
        return _refused(access, idea_id, error, "reject" if action == "reject" else "decide")
    flash(_("The idea is updated."))
    return redirect(_idea_url(access.coalition, idea_id), 303)


@bp.post("/ideas/<int:idea_id>/merge")
@coalition_view(need="coordinator")
def merge(access, idea_id):
    """A coordinator folds a duplicate into another idea; supports move along, once each."""
    idea = queries.load_idea(access.coalition, idea_id)
    into = request.form.get("into")
    target = next(
        (i for i in queries.merge_candidates(access.coalition, idea) if str(i.id) == into), None
    )
    if target is not None and request.form.get("confirm") != "1":
        # Ask first, naming both ideas, and say how to go back.
        return confirm_page(
            access,
            _("Merge “%(idea)s” into “%(kept)s”?", idea=idea.title, kept=target.title),
            _(
                "“%(idea)s” leaves the list; whoever supported it supports “%(kept)s”, once. "
                "On the page of “%(kept)s” you can separate them again.",
                idea=idea.title,
                kept=target.title,
            ),
            _("Yes, merge them"),
            _idea_url(access.coalition, idea_id),
            keep={"into": into},
        )
    try:
        kept = actions.merge_ideas(access.coalition, access.user, idea, into)
    except Invalid as error:
        return _refused(access, idea_id, error, "merge")
    flash(_("The ideas are merged; their supporters now support this one."))
    return redirect(_idea_url(access.coalition, kept.id), 303)


@bp.post("/ideas/<int:idea_id>/separate")
@coalition_view(need="coordinator")
def separate(access, idea_id):
    """A coordinator undoes a merge: the idea is listed again with its own supporters."""
    idea = queries.load_idea(access.coalition, idea_id)
    if actions.separate_idea(access.coalition, access.user, idea):
        flash(_("The idea is separate again, with its own supporters."))
    return redirect(_idea_url(access.coalition, idea_id), 303)


# ---- changing an idea's text ---------------------------------------------------------------------


def _editable(access, idea_id):
    """The idea, when this person may change its text now; Forbidden otherwise."""
    idea = queries.load_idea(access.coalition, idea_id)
    if not access.may_edit_idea(idea):
        raise Forbidden()
    return idea


@bp.get("/ideas/<int:idea_id>/edit")
@coalition_view(need="edit")
def edit_idea(access, idea_id):
    """The proposer (or a coordinator) changes an open idea's text."""
    return pages.edit_page(access, _editable(access, idea_id).id)


@bp.post("/ideas/<int:idea_id>/edit")
@coalition_view(need="edit")
def save_idea(access, idea_id):
    """Save the idea's text; 422 with errors, 409 with their version when someone saved first."""
    idea = _editable(access, idea_id)
    typed = IdeaInput.from_form(request.form)
    take = request.form.get("use_theirs")
    if take in IDEA_FIELDS:
        # Combining after a conflict: one field takes the other person's value, nothing is saved.
        values = use_theirs(typed.values(), pages.stored(idea), take)
        values["version"] = str(idea.version)
        return pages.edit_page(access, idea_id, values, status=409, conflict=True)
    try:
        actions.edit_idea(access.coalition, access.user, idea, typed)
    except Invalid as error:
        return pages.edit_page(access, idea_id, typed.values(), error.errors, 422)
    except Conflict:
        version = queries.load_idea(access.coalition, idea_id).version
        values = {**typed.values(), "version": str(version)}
        return pages.edit_page(access, idea_id, values, status=409, conflict=True)
    flash(_("Your changes are saved."))
    return redirect(_idea_url(access.coalition, idea_id), 303)


# ---- voting rounds -------------------------------------------------------------------------------


@bp.get("/ideas/rounds/new")
@coalition_view(need="coordinator")
def new_round(access):
    """The form to open a voting round over shortlisted ideas."""
    return pages.round_form_page(access)


@bp.post("/ideas/rounds")
@coalition_view(need="coordinator")
def create_round(access):
    """A coordinator opens a voting round."""
    typed = RoundInput.from_form(request.form)
    try:
        voting_round = decisions.create_round(access.coalition, access.user, typed)
    except Invalid as error:
        return pages.round_form_page(access, None, typed.values(), error.errors, 422)
    flash(_("The voting round is set."))
    return redirect(
        url_for(".voting_round", slug=access.coalition.slug, round_id=voting_round.id), 303
    )


@bp.get("/ideas/rounds/<int:round_id>")
@coalition_view()
def voting_round(access, round_id):
    """A voting round's page."""
    return pages.round_page(access, queries.load_round(access.coalition, round_id))


@bp.get("/ideas/rounds/<int:round_id>/edit")
@coalition_view(need="coordinator")
def edit_round(access, round_id):
    """Change the rules of a round that has not opened yet."""
    return pages.round_form_page(access, queries.load_round(access.coalition, round_id))


@bp.post("/ideas/rounds/<int:round_id>")
@coalition_view(need="coordinator")
def change_round(access, round_id):
    """Save changed rules; refused once the round has opened."""
    voting_round = queries.load_round(access.coalition, round_id)
    typed = RoundInput.from_form(request.form)
    try:
        decisions.change_round(access.coalition, access.user, voting_round, typed)
    except Invalid as error:
        return pages.round_form_page(access, voting_round, typed.values(), error.errors, 422)
    flash(_("The round's rules are saved."))
    return redirect(url_for(".voting_round", slug=access.coalition.slug, round_id=round_id), 303)


@bp.post("/ideas/rounds/<int:round_id>/close")
@coalition_view(need="coordinator")
def close_round(access, round_id):
    """A coordinator closes an open round early, after a confirmation step."""
    coalition = access.coalition
    voting_round = queries.load_round(coalition, round_id)
    back = url_for(".voting_round", slug=coalition.slug, round_id=round_id)
    if request.form.get("confirm") != "1":
        return confirm_page(
            access,
            _("Close '%(title)s' now?", title=voting_round.title),
            _("Nobody can vote or change a vote after this, and everyone sees the results."),
            _("Yes, close the round"),
            back,
        )
    decisions.close_round(coalition, access.user, voting_round)
    flash(_("The round is closed. These are the results."))
    return redirect(back, 303)


@bp.post("/ideas/rounds/<int:round_id>/ballot")
@coalition_view(need="member")
def cast_ballot(access, round_id):
    """Save a member's whole ballot and say plainly what was saved."""
    coalition = access.coalition
    voting_round = queries.load_round(coalition, round_id)
    allocation = {
        key.removeprefix("dots-"): (value or "0")
        for key, value in request.form.items()
        if key.startswith("dots-")
    }
    try:
        dots = decisions.cast_ballot(coalition, access.user, voting_round, allocation)
    except Invalid as error:
        typed = {
            parse_id(key): parse_count(value, decisions.MAX_NUMBER) or 0
            for key, value in allocation.items()
        }
        return pages.round_page(access, voting_round, typed, error.errors[""], 422)
    titles = {idea.id: idea.title for idea in queries.ideas_in(voting_round)}
    flash(pages.ballot_sentence(dots, titles))
    return redirect(url_for(".voting_round", slug=coalition.slug, round_id=round_id), 303)


# ---- consent -------------------------------------------------------------------------------------


@bp.post("/ideas/<int:idea_id>/consent/start")
@coalition_view(need="coordinator")
def start_consent(access, idea_id):
    """A coordinator asks whether a chosen idea is good enough to try."""
    idea = queries.load_idea(access.coalition, idea_id)
    try:
        decisions.start_consent(access.coalition, access.user, idea)
    except Invalid as error:
        return _refused(access, idea_id, error, "consent")
    flash(_("The consent round is open: everyone can now consent or object."))
    return redirect(_idea_url(access.coalition, idea_id, "consent"), 303)


@bp.post("/ideas/<int:idea_id>/consent")
@coalition_view(need="member")
def respond_consent(access, idea_id):
    """A member consents, or objects with a reason."""
    idea = queries.load_idea(access.coalition, idea_id)
    answer = request.form.get("answer")
    objects = answer == "object"
    try:
        if answer not in ("consent", "object"):
            raise Invalid({"answer": _("Choose: you consent, or you object.")})
        decisions.answer_consent(
            access.coalition, access.user, idea, objects, request.form.get("reason", "")
        )
    except Invalid as error:
        return _refused(access, idea_id, error, "consent")
    flash(_("Your objection is saved.") if objects else _("Your answer is saved."))
    return redirect(_idea_url(access.coalition, idea_id, "consent"), 303)


@bp.post("/ideas/<int:idea_id>/initiative")
@coalition_view(need="coordinator")
def make_initiative(access, idea_id):
    """With consent, a coordinator turns the idea into an initiative on the board."""
    idea = queries.load_idea(access.coalition, idea_id)
    try:
        card = decisions.make_initiative(
            access.coalition,
            access.user,
            idea,
            request.form.get("resident_lead_id"),
            request.form.get("professional_lead_id"),
        )
    except Invalid as error:
        return _refused(access, idea_id, error, "initiative")
    flash(_("'%(title)s' is now an initiative on the board.", title=card.title))
    return redirect(
        url_for("kanban.initiative", slug=access.coalition.slug, initiative_id=card.id), 303
    )
