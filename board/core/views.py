"""Health check, the start page and the language switch."""

from flask import Blueprint, current_app, redirect, request, url_for
from flask_login import current_user, login_required

from board import clock
from board.account.actions import change_language
from board.account.inputs import LanguageInput
from board.coalitions.queries import coalition_list, list_request, member_coalitions
from board.core.queries import database_answers
from board.foryou import for_you
from board.htmx import render
from board.parsing import safe_next

bp = Blueprint("core", __name__)

LANGUAGE_COOKIE_AGE = 365 * 24 * 3600


@bp.get("/healthz")
def healthz():
    """Answer ok when the app and its database respond."""
    database_answers()
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/")
@login_required
def index():
    """The person's coalitions, with what waits for them; with exactly one, go straight to it.
    Programme viewers and admins also find every coalition here, a page at a time."""
    mine = member_coalitions(current_user)
    found = None
    if current_user.is_admin or current_user.is_programme_viewer:
        found = coalition_list(*list_request(request.args))
    elif len(mine) == 1:
        return redirect(url_for("coalitions.home", slug=mine[0].slug))
    return render(
        "core/index.html",
        coalitions=mine,
        found=found,
        for_you=for_you(mine, current_user, clock.now()) if mine else None,
        by_id={c.id: c for c in mine},
    )


def remember_language(response, language: str):
    """The response, with the language kept in a cookie for this browser."""
    response.set_cookie(
        "lang", language, max_age=LANGUAGE_COOKIE_AGE, samesite="Lax", httponly=True
    )
    return response


@bp.post("/language")
def set_language():
    """Remember the chosen language (in a cookie, and with the account of a person logged in,
    for their mail) and return to the page."""
    language = request.form.get("language", "")
    target = safe_next(request.form.get("next")) or url_for("core.index")
    response = redirect(target, 303)
    if language in current_app.config["LANGUAGES"]:
        if current_user.is_authenticated:
            change_language(current_user, LanguageInput(language=language))
        remember_language(response, language)
    return response
