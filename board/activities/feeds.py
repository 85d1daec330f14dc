"""Calendars: each person's secret feed of their coalitions' activities, and its page."""

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from board import clock
from board.activities import actions, ical, queries
from board.coalitions.queries import member_coalitions
from board.errors import NotFound
from board.htmx import render
from board.models import Coalition, User

bp = Blueprint("calendar", __name__)


def ics_response(body: bytes, filename: str) -> Response:
    """An iCalendar file that calendar apps read and browsers open."""
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


def linker(slugs: dict):
    """link_for(activity, key): the full address of an occurrence's page (slugs by coalition)."""

    def link_for(activity, key):
        """The page of the activity's occurrence named key."""
        return url_for(
            "activities.activity",
            slug=slugs[activity.coalition_id],
            activity_id=activity.id,
            on=key or None,
            _external=True,
        )

    return link_for


def _feed_response(user: User, coalitions: list[Coalition], name: str) -> Response:
    """The feed of these coalitions' activities with the person's answers (?lang=en)."""
    now = clock.now()
    feed = queries.feed_for(user, [c.id for c in coalitions], now)
    language = "en" if request.args.get("lang") == "en" else "nl"
    with force_locale(language):
        body = ical.feed_calendar(feed, name, linker({c.id: c.slug for c in coalitions}), now)
    return ics_response(body, "buurtbord.ics")


@bp.get("/calendar/<token>.ics")
def personal_feed(token):
    """A person's feed of every activity of their coalitions; the token is the only key."""
    user = queries.user_for_token(token)
    if user is None:
        raise NotFound()
    return _feed_response(user, member_coalitions(user), "Buurtbord")


@bp.get("/c/<slug>/activities.ics")
def coalition_feed(slug):
    """A person's feed of one coalition's activities (?token=)."""
    user = queries.user_for_token(request.args.get("token"))
    coalition = None
    if user is not None:
        coalition = next((c for c in member_coalitions(user) if c.slug == slug), None)
    if coalition is None:
        raise NotFound()
    return _feed_response(user, [coalition], f"Buurtbord · {coalition.name}")


@bp.get("/calendar")
@login_required
def calendar_page():
    """The personal feed's address, with a copy button and a way to make a new one."""
    token = actions.calendar_token(current_user)
    suffix = "?lang=en" if str(get_locale()) == "en" else ""
    feed_url = url_for("calendar.personal_feed", token=token, _external=True) + suffix
    return render(
        "activities/calendar.html",
        feed_url=feed_url,
        webcal_url="webcal://" + feed_url.split("://", 1)[1],
        coalitions=member_coalitions(current_user),
    )


@bp.post("/calendar/token")
@login_required
def new_token():
    """Make a new feed address; the old one stops working at once."""
    actions.new_calendar_token(current_user)
    flash(_("Your calendar has a new address. The old address no longer works."))
    return redirect(url_for("calendar.calendar_page"), 303)
