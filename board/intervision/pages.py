"""Rendering intervision's pages: choosing a method, the plan form, a session as one
participant sees it (whole, or its live part for htmx and polls), and the overview."""

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from board import charts, clock
from board.coalitions.queries import members
from board.extensions import db
from board.htmx import render, render_fragment
from board.intervision import queries
from board.intervision.actions import EXTRA_MINUTES, GROUP, MINUTES_MAX, NOTE_MAX, POINT_MAX
from board.intervision.methods import METHODS, RULES
from board.labels import VISIBILITY_LABELS
from board.models import Activity, IntervisionSession

# What each kind of written input is called above its field.
KIND_LABELS = {
    "case": lambda: _("Your situation, in one sentence"),
    "question": lambda: _("Your question"),
    "association": lambda: _("What comes up in you"),
    "advice": lambda: _("Your advice"),
    "core_statement": lambda: _("Your sentence"),
    "notepad": lambda: _("Your notepad (only you see this)"),
    "next_step": lambda: _("Your next step"),
}


# Ratings from 1 to 5: a face and a word, so neither alone carries the meaning.
def rating_words() -> list[str]:
    """The words of the ratings 1 to 5."""
    return [_("not"), _("a little"), _("fairly"), _("good"), _("very good")]


def session_url(coalition, session: IntervisionSession) -> str:
    """The session's page."""
    return url_for("intervision.session_page", slug=coalition.slug, session_id=session.id)


def saved_message(note) -> str:
    """What a participant hears once their input is saved."""
    if note.kind == "notepad":
        return _("Saved in your notepad. Only you see it.")
    if note.kind == "next_step":
        return _("Your next step is saved. Everyone taking part reads it.")
    return _("Saved. Nobody else sees it until the facilitator shows everything.")


# ---- planning ---------------------------------------------------------------------------------


def _free_activities(coalition) -> list[Activity]:
    """The coalition's intervision activities still to come that are no session yet."""
    taken = select(IntervisionSession.activity_id)
    return list(
        db.session.scalars(
            select(Activity)
            .where(
                Activity.coalition_id == coalition.id,
                Activity.kind == "intervision",
                Activity.cancelled_at.is_(None),
                Activity.ends_at > clock.now(),
                Activity.id.not_in(taken),
            )
            .order_by(Activity.starts_at)
        )
    )


def _chosen_activity(coalition, activity_id):
    """The activity named by ?activity= if it can still become a session, else None."""
    wanted = str(activity_id or "")
    return next((a for a in _free_activities(coalition) if str(a.id) == wanted), None)


def methods_page(access, activity_id="", errors=None, status=200):
    """Step one of planning: the six methods, each with what it is good for."""
    return render(
        "intervision/methods.html",
        status=status,
        access=access,
        coalition=access.coalition,
        methods=list(METHODS.values()),
        activity=_chosen_activity(access.coalition, activity_id),
        errors=errors or {},
    )


def plan_page(access, values, errors=None, status=200):
    """Step two: the plan of the chosen method, when and where, and who comes."""
    coalition = access.coalition
    method = METHODS[values["method"]]
    minutes = list(values.get("minutes") or [])
    minutes += [str(p.minutes) for p in method.phases[len(minutes) :]]
    return render(
        "intervision/plan.html",
        status=status,
        access=access,
        coalition=coalition,
        method=method,
        values=values,
        minutes=minutes,
        errors=errors or {},
        activity=_chosen_activity(coalition, values.get("activity_id")),
        free_activities=_free_activities(coalition),
        people=[user for user in members(coalition) if user.id != access.user.id],
        group=GROUP,
        minutes_max=MINUTES_MAX,
    )


# ---- a session --------------------------------------------------------------------------------


def _context(access, session, **extra) -> dict:
    """What the session page and its live part need."""
    keepsakes = []
    if session.state == "closed" and session.inbrenger_id == access.user.id:
        # Before the rest is read: purging what expired ends a transaction, and what was read
        # in it would be read again, row by row.
        keepsakes = [k for k in queries.keepsakes_of(access.user) if k.session_id == session.id]
    view = queries.live_view(session, access.user, clock.now())
    return {
        "access": access,
        "coalition": access.coalition,
        "session": session,
        "view": view,
        "method": queries.method_of(session),
        "rules": RULES,
        "kind_labels": {kind: label() for kind, label in KIND_LABELS.items()},
        "rating_words": rating_words(),
        "visibility_options": [(k, str(v).capitalize()) for k, v in VISIBILITY_LABELS.items()],
        "extra_minutes": EXTRA_MINUTES,
        "note_max": NOTE_MAX,
        "point_max": POINT_MAX,
        "keepsakes": keepsakes,
        "errors": {},
        "typed": None,
        "closing": None,
        "conflict": False,
        **extra,
    }


def session_page(access, session, status=200, **extra):
    """The session's page (for htmx: its live part) as this participant sees it."""
    return render(
        "intervision/session.html",
        block="live",
        status=status,
        **_context(access, session, **extra),
    )


def live_fragment(access, session):
    """Only the live part of the session's page (answer to a poll or an htmx step)."""
    return render_fragment("intervision/session.html", "live", **_context(access, session))


# ---- the overview -----------------------------------------------------------------------------


def overview_page(access, found: queries.Overview):
    """The overview with its chart of ratings over time."""
    held = [row for row in found.held if row.safe is not None or row.useful is not None]
    chart = None
    if held:
        chart = charts.line_chart(
            [format_date(clock.to_local(row.session.activity.starts_at), "d MMM") for row in held],
            {_("Safe"): [row.safe for row in held], _("Useful"): [row.useful for row in held]},
            1,
            5,
        )
    return render(
        "intervision/overview.html",
        access=access,
        coalition=access.coalition,
        overview=found,
        chart=chart,
        methods=METHODS,
    )
