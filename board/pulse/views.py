"""The collaboration pulse: the coalition's pulse page, opening and closing a wave, answering
it one question per screen, and hiding an open answer.

What a member answers stays in their own browser session (a draft) until they send it; only
then is it stored, without their name. So they can stop and go on where they were, and change
any answer before sending.
"""

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _

from board import clock
from board.errors import Invalid
from board.htmx import confirm_page
from board.inputs import CHECKED
from board.parsing import parse_index
from board.permissions import coalition_blueprint, coalition_view
from board.pulse import actions, pages, queries
from board.pulse.inputs import StepInput, WaveInput

bp = coalition_blueprint("pulse", __name__)
DRAFT = "pulse_draft"


def _draft(wave) -> dict:
    """What the person answered so far in this wave (nothing for another wave's draft)."""
    kept = session.get(DRAFT) or {}
    return dict(kept.get("answers", {})) if kept.get("wave") == wave.id else {}


def _keep(wave, draft: dict) -> None:
    """Keep the draft of this wave (one wave's draft at a time)."""
    session[DRAFT] = {"wave": wave.id, "answers": draft}


def _first_open_step(wave, draft: dict) -> int | None:
    """The first question without an answer in the draft, or None when all have one."""
    for index, entry in enumerate(wave.items):
        if entry["item"] not in draft:
            return index
    return None


def _refusal(access, wave) -> str | None:
    """Why this person cannot answer the wave now, or None."""
    if not wave.is_open(clock.now()):
        return _("This pulse is closed; answers can no longer be sent.")
    if queries.took_part([wave.id], access.user):
        return _("Your answers to this pulse are in already. Thank you!")
    return None


@bp.get("/pulse")
@coalition_view()
def pulse(access):
    """The coalition's pulse: the open wave, the last results and the trend."""
    return pages.pulse_page(access, draft=session.get(DRAFT))


@bp.get("/pulse/<int:wave_id>")
@coalition_view()
def wave(access, wave_id):
    """The results of one wave (once it is closed)."""
    return pages.pulse_page(access, queries.load_wave(access.coalition, wave_id))


@bp.post("/pulse")
@coalition_view(need="facilitator")
def open_wave(access):
    """Open a wave until the last day chosen; 422 with the reason in the form."""
    typed = WaveInput.from_form(request.form)
    try:
        actions.open_wave(access.coalition, access.user, typed)
    except Invalid as error:
        return pages.pulse_page(access, errors=error.errors, values=typed.values(), status=422)
    flash(_("The pulse is open. Members see it under “For you” on the coalition’s home page."))
    return redirect(pages.pulse_url(access.coalition), 303)


@bp.post("/pulse/<int:wave_id>/close")
@coalition_view(need="facilitator")
def close_wave(access, wave_id):
    """Close the open wave now, after a question; its results then show."""
    wave = queries.load_wave(access.coalition, wave_id)
    if request.form.get("confirm") != "1" and wave.is_open(clock.now()):
        return confirm_page(
            access,
            _("Close the pulse now?"),
            _(
                "Nobody can answer any more after this, and the results show to everyone "
                "(only of groups of %(num)s or more).",
                num=queries.MIN_GROUP,
            ),
            _("Yes, close it"),
            pages.pulse_url(access.coalition),
        )
    if actions.close_wave(access.coalition, access.user, wave):
        flash(_("The pulse is closed. These are the results."))
    return redirect(pages.pulse_url(access.coalition, wave), 303)


@bp.get("/pulse/<int:wave_id>/answer")
@coalition_view(need="member")
def answer(access, wave_id):
    """One question on a screen (?step=), by default the first one without an answer yet."""
    wave = queries.load_wave(access.coalition, wave_id)
    refusal = _refusal(access, wave)
    if refusal:
        flash(refusal)
        return redirect(pages.pulse_url(access.coalition), 303)
    draft = _draft(wave)
    step = parse_index(request.args.get("step"), len(wave.items))
    if step is None:
        step = _first_open_step(wave, draft)
        if step is None:
            return redirect(_review_url(access, wave), 303)
    return pages.step_page(access, wave, step, draft, then=request.args.get("then", ""))


@bp.post("/pulse/<int:wave_id>/answer")
@coalition_view(need="member")
def save_step(access, wave_id):
    """Keep one answer in the draft and go to the next question (or back to the review)."""
    wave = queries.load_wave(access.coalition, wave_id)
    step = parse_index(request.form.get("step"), len(wave.items))
    if step is None:
        step = 0
    draft = _draft(wave)
    then = "review" if request.form.get("then") == "review" else ""
    refusal = _refusal(access, wave)
    if refusal:
        return pages.step_page(access, wave, step, draft, {"": refusal}, status=422, then=then)
    entry = wave.items[step]
    try:
        draft[entry["item"]] = actions.checked_answer(entry, StepInput.from_form(request.form))
    except Invalid as error:
        return pages.step_page(access, wave, step, draft, error.errors, status=422, then=then)
    _keep(wave, draft)
    following = step + 1 if step + 1 < len(wave.items) else None
    if then == "review" or following is None:
        return redirect(_review_url(access, wave), 303)
    return redirect(_step_url(access, wave, following), 303)


@bp.get("/pulse/<int:wave_id>/review")
@coalition_view(need="member")
def review(access, wave_id):
    """All answers at a glance before sending, each with a way to change it."""
    wave = queries.load_wave(access.coalition, wave_id)
    refusal = _refusal(access, wave)
    if refusal:
        flash(refusal)
        return redirect(pages.pulse_url(access.coalition), 303)
    return pages.review_page(access, wave, _draft(wave))


@bp.post("/pulse/<int:wave_id>/send")
@coalition_view(need="member")
def send(access, wave_id):
    """Store the answers without a name; 422 (nothing stored) when the wave closed, the answers
    were sent already, or a question has no answer."""
    wave = queries.load_wave(access.coalition, wave_id)
    draft = _draft(wave)
    try:
        actions.send(access.coalition, access.user, access.membership.side, wave, draft)
    except Invalid as error:
        return pages.review_page(access, wave, draft, error.errors, status=422)
    session.pop(DRAFT, None)
    flash(_("Thank you! Your answers are in, without your name. The results show once it closes."))
    return redirect(pages.pulse_url(access.coalition), 303)


@bp.post("/pulse/<int:wave_id>/answers/<answer_id>/hidden")
@coalition_view(need="facilitator")
def hide_answer(access, wave_id, answer_id):
    """Hide an open answer from the results (hidden=1), or show it again (hidden=0)."""
    wave = queries.load_wave(access.coalition, wave_id)
    hidden = request.form.get("hidden", "") in CHECKED
    if wave.is_closed(clock.now()):
        actions.set_hidden(access.coalition, wave, answer_id, hidden)
    return redirect(pages.pulse_url(access.coalition, wave) + "#open-answers", 303)


def _step_url(access, wave, step: int) -> str:
    """The screen of one question."""
    return url_for("pulse.answer", slug=access.coalition.slug, wave_id=wave.id, step=step)


def _review_url(access, wave) -> str:
    """The review before sending."""
    return url_for("pulse.review", slug=access.coalition.slug, wave_id=wave.id)
