"""Intervision: the sessions, planning one, the session itself as each participant sees it
(lobby, live phases, closing), its poll, and the facilitator's overview."""

from functools import partial

from flask import flash, redirect, request
from flask_babel import gettext as _

from board.errors import Conflict, Forbidden, Invalid, NotFound
from board.htmx import confirm_page, render, respond
from board.intervision import actions, pages, queries
from board.intervision.inputs import ClosingInput, NoteInput, PlanInput
from board.intervision.methods import METHODS
from board.parsing import parse_count
from board.permissions import coalition_blueprint, coalition_view

bp = coalition_blueprint("intervision", __name__)


@bp.get("/intervision")
@coalition_view()
def sessions(access):
    """The coalition's sessions, what the person keeps from their own, and their learning
    points."""
    coalition = access.coalition
    # First: purging what expired ends a transaction, and with it what was read before.
    keepsakes = queries.keepsakes_of(access.user) if access.is_member else []
    return render(
        "intervision/list.html",
        access=access,
        coalition=coalition,
        rows=queries.sessions(coalition, access.user),
        keepsakes=keepsakes,
        points=queries.learning_points_for(coalition, access.user),
    )


@bp.get("/intervision/new")
@coalition_view(need="facilitator")
def new_session(access):
    """Planning, step one: choose a method (?method=); step two: the plan of that method."""
    method = request.args.get("method", "")
    activity_id = request.args.get("activity", "")
    if method not in METHODS:
        return pages.methods_page(access, activity_id)
    values = {**PlanInput(method=method, activity_id=activity_id).values()}
    return pages.plan_page(access, values)


@bp.post("/intervision")
@coalition_view(need="facilitator")
def plan_session(access):
    """Plan the session; 422 with every problem in the form."""
    typed = PlanInput.from_form(request.form)
    try:
        session = actions.plan_session(access.coalition, access.user, typed)
    except Invalid as error:
        if typed.method not in METHODS:
            return pages.methods_page(access, typed.activity_id, error.errors, status=422)
        return pages.plan_page(access, typed.values(), error.errors, status=422)
    flash(_("The session is planned and in the agenda. The people you invited see it there."))
    return redirect(pages.session_url(access.coalition, session), 303)


@bp.get("/intervision/overview")
@coalition_view(need="facilitator")
def overview(access):
    """The facilitator's overview of the group: sessions held, methods, attendance, ratings over
    time and the learning points shared."""
    return pages.overview_page(access, queries.overview(access.coalition, access.user))


# ---- one session ------------------------------------------------------------------------------


def _session(access, session_id):
    """The session, for those invited to it; 403 for everyone else (a coordinator or an admin
    too), so nobody outside the group reads what is said in it."""
    session = queries.load_session(access.coalition, session_id)
    if queries.participant(session, access.user) is None:
        raise Forbidden(_("Only the people invited to this session can open it."))
    return session


@bp.get("/intervision/<int:session_id>")
@coalition_view()
def session_page(access, session_id):
    """The session as this participant sees it now: lobby, live phase or closing."""
    return pages.session_page(access, _session(access, session_id))


@bp.get("/intervision/<int:session_id>/changes")
@coalition_view(polled=True, also=queries.poll_columns)
def session_changes(access, session_id):
    """204 while nothing changed in the session since ?since= (one query), else the live part
    of the page as it stands now."""
    updates, coalition_id, agreed_at = access.extra
    if coalition_id != access.coalition.id:
        raise NotFound()
    if agreed_at is None:
        raise Forbidden(_("Only the people invited to this session can open it."))
    since = parse_count(request.args.get("since"), 2**62)
    if since is None:
        return "", 422
    if updates <= since:
        return "", 204
    session = queries.load_session(access.coalition, session_id)
    return pages.live_fragment(access, session)


def _after(access, session, message=None):
    """After a change in the session: its live part for htmx, else back to its page."""
    return respond(
        lambda: pages.live_fragment(access, queries.load_session(access.coalition, session.id)),
        pages.session_url(access.coalition, session),
        message,
    )


def _move(access, session_id, act, message=None):
    """act(session) for an invited person; then the session as it stands, or as it stood with
    why the move was refused."""
    session = _session(access, session_id)
    try:
        act(session)
    except (Invalid, Conflict) as error:
        return _refused(access, session_id, error)
    return _after(access, session, message)


def _refused(access, session_id, error):
    """The session page as it stands now with why the step was refused: 422, or 409 when the
    page was out of date."""
    session = queries.load_session(access.coalition, session_id)
    if isinstance(error, Conflict):
        return pages.session_page(access, session, conflict=True, status=409)
    return pages.session_page(access, session, errors=error.errors, status=422)


@bp.post("/intervision/<int:session_id>/agree")
@coalition_view(need="member")
def agree(access, session_id):
    """An invited member agrees to the rules and comes in."""
    agree_ = partial(actions.agree, access.coalition, access.user)
    return _move(access, session_id, agree_, _("You are in."))


@bp.post("/intervision/<int:session_id>/open")
@coalition_view(need="member")
def open_session(access, session_id):
    """The facilitator begins the session."""
    version = request.form.get("version")
    return _move(
        access,
        session_id,
        lambda session: actions.open_session(access.coalition, access.user, session, version),
    )


@bp.post("/intervision/<int:session_id>/steer")
@coalition_view(need="member")
def steer(access, session_id):
    """One move of the facilitator (next, back, pause, resume, more, reveal, turn, inbrenger)."""
    form = request.form
    move, version, value = form.get("move", ""), form.get("version"), form.get("value", "")
    return _move(
        access,
        session_id,
        lambda session: actions.steer(access.coalition, access.user, session, move, version, value),
    )


@bp.post("/intervision/<int:session_id>/ready")
@coalition_view(need="member")
def ready(access, session_id):
    """A participant is ready with this phase."""
    ready_ = partial(actions.ready, access.coalition, access.user)
    return _move(access, session_id, ready_, _("The facilitator sees that you are ready."))


@bp.post("/intervision/<int:session_id>/notes")
@coalition_view(need="member")
def write_note(access, session_id):
    """A participant saves what they wrote; only they see it until the facilitator reveals."""
    session = _session(access, session_id)
    typed = NoteInput.from_form(request.form)
    try:
        note = actions.write_note(access.coalition, access.user, session, typed)
    except Invalid as error:
        session = queries.load_session(access.coalition, session_id)
        return pages.session_page(access, session, errors=error.errors, typed=typed, status=422)
    return _after(access, session, pages.saved_message(note))


@bp.post("/intervision/<int:session_id>/notes/<int:note_id>/useful")
@coalition_view(need="member")
def mark_useful(access, session_id, note_id):
    """The inbrenger marks advice as useful to them (useful=1) or not (useful=0)."""
    useful = request.form.get("useful") == "1"
    return _move(
        access,
        session_id,
        lambda session: actions.mark_useful(
            access.coalition, access.user, session, note_id, useful
        ),
    )


@bp.post("/intervision/<int:session_id>/close")
@coalition_view(need="member")
def close_session(access, session_id):
    """The facilitator closes the session, after a confirmation step: what was typed goes."""
    session = _session(access, session_id)
    if session.facilitator_id != access.user.id:
        raise Forbidden()
    if request.form.get("confirm") != "1":
        return confirm_page(
            access,
            _("Close the session now?"),
            _(
                "Everything typed in it is deleted for good. The inbrenger keeps the advice they "
                "marked useful and their next step. Then everyone writes a learning point."
            ),
            _("Yes, close the session"),
            pages.session_url(access.coalition, session),
            keep={"version": request.form.get("version", "")},
        )
    version = request.form.get("version")
    return _move(
        access,
        session_id,
        lambda session: actions.close_session(access.coalition, access.user, session, version),
        _("The session is closed. What was typed is deleted."),
    )


@bp.post("/intervision/<int:session_id>/closing")
@coalition_view(need="member")
def closing(access, session_id):
    """A participant's closing: a learning point and two ratings."""
    session = _session(access, session_id)
    typed = ClosingInput.from_form(request.form)
    try:
        actions.close_for_me(access.coalition, access.user, session, typed)
    except Invalid as error:
        session = queries.load_session(access.coalition, session_id)
        return pages.session_page(
            access, session, errors=error.errors, closing=typed.values(), status=422
        )
    return _after(access, session, _("Thank you. Your closing is saved."))
