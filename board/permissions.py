"""Who may do what in which coalition: every coalition-scoped query starts here."""

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, g, request, session
from flask_login import current_user, login_required
from sqlalchemy import Select, and_, select

from board.errors import Forbidden, NotFound
from board.extensions import db
from board.models import Coalition, Membership, User
from board.parsing import parse_id


@dataclass(frozen=True)
class Access:
    """What one person may do in one coalition, decided once per request."""

    user: User
    coalition: Coalition
    membership: Membership | None

    @property
    def role(self) -> str | None:
        """The member's role, or None for admins and programme viewers without a membership."""
        return self.membership.role if self.membership else None

    @property
    def can_edit(self) -> bool:
        """Members of every role work on the board; programme viewers only look."""
        return self.membership is not None or self.user.is_admin

    @property
    def is_coordinator(self) -> bool:
        """Coordinators (and admins, who set coalitions up) manage the coalition."""
        return self.role == "coordinator" or self.user.is_admin

    def require_edit(self) -> None:
        """Refuse with 403 unless this person may change the coalition's work."""
        if not self.can_edit:
            raise Forbidden()

    def require_membership(self) -> None:
        """Refuse with 403 unless this person is a member (proposing, supporting, voting)."""
        if self.membership is None:
            raise Forbidden()

    def require_coordinator(self) -> None:
        """Refuse with 403 unless this person coordinates the coalition."""
        if not self.is_coordinator:
            raise Forbidden()

    def scoped(self, model) -> Select:
        """A select of model limited to this coalition's rows."""
        return select(model).where(model.coalition_id == self.coalition.id)

    def get(self, model, object_id):
        """Load one row of this coalition by id, or raise NotFound (also for foreign ids)."""
        object_id = parse_id(object_id)
        obj = db.session.get(model, object_id) if object_id else None
        if obj is None or obj.coalition_id != self.coalition.id:
            raise NotFound()
        return obj


def coalition_access(user: User, slug: str) -> Access:
    """Return the user's access to the coalition at slug; NotFound when they have none."""
    row = db.session.execute(
        select(Coalition, Membership)
        .outerjoin(
            Membership,
            and_(Membership.coalition_id == Coalition.id, Membership.user_id == user.id),
        )
        .where(Coalition.slug == slug)
    ).first()
    if row is None:
        raise NotFound()
    coalition, membership = row
    if membership is None and not (user.is_admin or user.is_programme_viewer):
        raise NotFound()
    return Access(user=user, coalition=coalition, membership=membership)


def visible_coalitions(user: User) -> list[Coalition]:
    """The coalitions this person may open, by name."""
    query = select(Coalition).order_by(Coalition.name)
    if not (user.is_admin or user.is_programme_viewer):
        query = query.join(Membership, Membership.coalition_id == Coalition.id).where(
            Membership.user_id == user.id
        )
    return list(db.session.scalars(query))


def coalition_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /c/<slug>: login required, the slug kept for current_access()."""
    bp = Blueprint(name, import_name, url_prefix="/c/<slug>")

    @bp.url_value_preprocessor
    def _pull_slug(endpoint, values):
        g.coalition_slug = values.pop("slug")

    @bp.before_request
    def _require_login():
        """Every coalition page needs a logged-in person (polled endpoints check it themselves)."""
        view = current_app.view_functions.get(request.endpoint)
        if not getattr(view, "polled", False):
            return login_required(lambda: None)()

    return bp


def polled(view):
    """Mark a view that browsers poll: it finds person, coalition and membership in one query."""
    view.polled = True
    return view


def polled_access() -> Access:
    """Access for a polled endpoint: the session's user, coalition and membership in one query.

    Polls are the most frequent request, so they skip the separate user lookup of other pages.
    """
    user_id = parse_id(session.get("_user_id"))
    if user_id is None:
        abort(401)
    row = db.session.execute(
        select(Coalition, User, Membership)
        .select_from(Coalition)
        .join(User, User.id == user_id)
        .outerjoin(
            Membership,
            and_(Membership.coalition_id == Coalition.id, Membership.user_id == User.id),
        )
        .where(Coalition.slug == g.coalition_slug)
        .execution_options(populate_existing=True)
    ).first()
    if row is None:
        raise NotFound()
    coalition, user, membership = row
    if membership is None and not (user.is_admin or user.is_programme_viewer):
        raise NotFound()
    return Access(user=user, coalition=coalition, membership=membership)


def current_access() -> Access:
    """The logged-in person's access to the coalition in the URL (404 when they have none)."""
    return coalition_access(current_user, g.coalition_slug)
