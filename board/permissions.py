"""Who may do what in which coalition: the one place that says so.

Every page under /c/<slug>/ states its rule on the route with @coalition_view(need=…), which
finds the person's access to the coalition in the URL (404 when they have none, so another
coalition's pages do not even show that they exist) and refuses with 403 what their role does
not allow. Rules about one object (who may change this idea or this activity) are methods of
Access, asked by views and templates alike.

What each need allows:

- view: members, programme viewers and admins read every page of the coalition;
- edit: members of every role, and admins, work on the shared plans (cards, checklists,
  comments, activities);
- member: only members propose, support, vote, consent, answer and bring things;
- facilitator: facilitators, coordinators and admins plan intervision sessions (only those
  invited to a session, and its facilitator, ever see what is said in it);
- coordinator: coordinators and admins manage members, invites, settings, voting rounds and
  decisions on ideas.

Admins set coalitions up and repair them: inside any coalition they may do what a coordinator
does and work on the shared plans (edit), but they have no voice of their own there unless they
are members: what counts people by side (ideas, support, votes, consent, answers, claims) needs a
membership. Programme viewers only look.
"""

from dataclasses import dataclass, replace
from functools import cache, wraps

from flask import Blueprint, abort, current_app, g, request, session
from flask_login import current_user, login_required
from sqlalchemy import and_, bindparam, select

from board.auth.queries import user_by_session_id
from board.coalitions.actions import SLUG_PATTERN
from board.errors import Forbidden, NotFound
from board.extensions import db
from board.models import Coalition, Membership, User
from board.models.user import parse_session_id
from board.parsing import parse_id

NEEDS = ("view", "edit", "member", "facilitator", "coordinator")


@dataclass(frozen=True)
class Access:
    """What one person may do in one coalition, decided once per request."""

    user: User
    coalition: Coalition
    membership: Membership | None
    extra: tuple = ()  # what a polled view asked for in the same query (see coalition_view)

    @property
    def role(self) -> str | None:
        """The member's role, or None for admins and programme viewers without a membership."""
        return self.membership.role if self.membership else None

    @property
    def is_member(self) -> bool:
        """Members have a voice of their own: they propose, support, vote and answer."""
        return self.membership is not None

    @property
    def can_edit(self) -> bool:
        """Members of every role, and admins, work on the shared plans; programme viewers look."""
        return self.is_member or self.user.is_admin

    @property
    def is_facilitator(self) -> bool:
        """Facilitators lead intervision; coordinators (and admins) may too."""
        return self.role == "facilitator" or self.is_coordinator

    @property
    def is_coordinator(self) -> bool:
        """Coordinators (and admins, who set coalitions up) manage the coalition."""
        return self.role == "coordinator" or self.user.is_admin

    def allows(self, need: str) -> bool:
        """Whether this person meets a route's need ('view', 'edit', 'member', 'coordinator')."""
        return {
            "view": True,
            "edit": self.can_edit,
            "member": self.is_member,
            "facilitator": self.is_facilitator,
            "coordinator": self.is_coordinator,
        }[need]

    def require(self, need: str) -> None:
        """Refuse with Forbidden (403) unless allows(need)."""
        if not self.allows(need):
            raise Forbidden()

    # ---- rules about one object ----------------------------------------------------------------

    def may_edit_idea(self, idea) -> bool:
        """The proposer and coordinators change an idea's text while it is open."""
        return idea.status == "open" and (
            self.is_coordinator or (self.is_member and idea.proposer_id == self.user.id)
        )

    def may_change_activity(self, organisers) -> bool:
        """Organisers (a list of users) and coordinators change an activity."""
        return self.is_coordinator or any(user.id == self.user.id for user in organisers)

    def may_release(self, claim, organisers) -> bool:
        """Whoever brings a thing gives it back; organisers and coordinators may free it too."""
        return claim.user_id == self.user.id or self.may_change_activity(organisers)

    # ---- loading ---------------------------------------------------------------------------------

    def get(self, model, object_id):
        """Load one row of this coalition by id, or raise NotFound (also for foreign ids)."""
        object_id = parse_id(object_id)
        obj = db.session.get(model, object_id) if object_id else None
        if obj is None or obj.coalition_id != self.coalition.id:
            raise NotFound()
        return obj


@cache
def _person_in_coalition():
    """The statement of session_user, built once (every coalition page runs it)."""
    return (
        select(User, Coalition, Membership)
        .select_from(User)
        .outerjoin(Coalition, Coalition.slug == bindparam("slug"))
        .outerjoin(
            Membership,
            and_(Membership.coalition_id == Coalition.id, Membership.user_id == User.id),
        )
        .where(User.id == bindparam("user_id"), User.session_version == bindparam("version"))
    )


@cache
def _polled_person_in_coalition():
    """The statement of polled_access, built once: _person_in_coalition, its objects read
    afresh."""
    return _person_in_coalition().execution_options(populate_existing=True)


def session_user(value) -> User | None:
    """The account a session or remember cookie names, unless its sessions ended since (Flask-
    Login's user loader).

    Under /c/<slug>/ the same statement reads the coalition and the person's membership, which
    coalition_access then takes instead of asking again: a page costs one statement less.
    """
    slug = g.get("coalition_slug")
    if slug is None or not SLUG_PATTERN.match(slug):  # no coalition has it: nothing to join
        return user_by_session_id(value)
    ids = parse_session_id(value)
    if ids is None:
        return None
    row = db.session.execute(
        _person_in_coalition(), {"slug": slug, "user_id": ids[0], "version": ids[1]}
    ).first()
    if row is None:
        return None
    user, coalition, membership = row
    g.coalition_found = (user.id, slug, coalition, membership)
    return user


def coalition_access(user: User, slug: str) -> Access:
    """Return the user's access to the coalition at slug; NotFound when they have none."""
    found = g.pop("coalition_found", None)
    if found is not None and found[:2] == (user.id, slug):
        _, _, coalition, membership = found
        return _access(None if coalition is None else (coalition, membership), user)
    row = db.session.execute(
        select(Coalition, Membership)
        .outerjoin(
            Membership,
            and_(Membership.coalition_id == Coalition.id, Membership.user_id == user.id),
        )
        .where(Coalition.slug == slug)
    ).first()
    return _access(row, user)


def _access(row, user: User | None = None) -> Access:
    """Access from a (coalition, [user,] membership) row; NotFound without a right to look."""
    if row is None:
        raise NotFound()
    if user is None:
        coalition, user, membership = row
    else:
        coalition, membership = row
    if membership is None and not (user.is_admin or user.is_programme_viewer):
        raise NotFound()
    return Access(user=user, coalition=coalition, membership=membership)


def polled_access(also=None, arguments=None) -> Access:
    """Access for a polled endpoint: the session's user, coalition and membership in one query.

    Polls are the most frequent request, so they skip the separate user lookup of other pages;
    like that lookup they answer 401 once the person's sessions have ended (logout, new
    password). also(query, **arguments) may add columns the view needs to that one query; their
    values arrive as Access.extra.
    """
    ids = parse_session_id(session.get("_user_id"))
    if ids is None:
        abort(401)
    slug = g.coalition_slug
    if not SLUG_PATTERN.match(slug):  # no coalition has it
        raise NotFound()
    query = _polled_person_in_coalition()
    if also is not None:
        query = also(query, **(arguments or {}))
    row = db.session.execute(query, {"slug": slug, "user_id": ids[0], "version": ids[1]}).first()
    if row is None:
        abort(401)
    user, coalition, membership, *extra = row
    access = _access(None if coalition is None else (coalition, membership), user)
    return replace(access, extra=tuple(extra))


def coalition_view(need: str = "view", *, polled: bool = False, also=None):
    """The rule of a page under /c/<slug>/: the view receives the person's Access first.

    polled views (asked every few seconds by open pages) find person, coalition and membership
    in one query instead of the usual two; also(query, **url arguments) adds to that query what
    the view needs to answer 204 without asking again (Access.extra).
    """
    if need not in NEEDS:
        raise ValueError(f"Unknown need {need!r}")

    def decorate(view):
        @wraps(view)
        def with_access(**kwargs):
            access = (
                polled_access(also, kwargs)
                if polled
                else coalition_access(current_user, g.coalition_slug)
            )
            access.require(need)
            return view(access, **kwargs)

        with_access.need = need
        with_access.polled = polled
        return with_access

    return decorate


def coalition_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /c/<slug>: login required, the slug kept for coalition_view."""
    bp = Blueprint(name, import_name, url_prefix="/c/<slug>")

    @bp.url_value_preprocessor
    def _pull_slug(endpoint, values):
        g.coalition_slug = values.pop("slug")

    @bp.before_request
    def _require_login():
        """Every coalition page needs a logged-in person (polled views check it themselves)."""
        view = current_app.view_functions.get(request.endpoint)
        if not getattr(view, "polled", False):
            return login_required(lambda: None)()

    return bp
