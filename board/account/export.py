"""Everything that is mine, for "Download mijn gegevens": one ZIP file with all of it as JSON
and each table as CSV. One query per table, each reading only the person's own rows (with the
names of the things they belong to); never a secret (password hash, calendar address).

Pulse answers are not in it: they are stored without a name, so nobody, the person included,
can tell which are theirs.
"""

import csv
import io
import json
import zipfile
from datetime import date, datetime

from sqlalchemy import or_, select

from board import clock
from board.extensions import db
from board.mail.kinds import DIGEST, KINDS, digest_choice, wants
from board.models import (
    Activity,
    ActivityItem,
    Coalition,
    Column,
    Comment,
    ConsentResponse,
    ConsentRound,
    Idea,
    IdeaComment,
    Initiative,
    ItemClaim,
    LearningPoint,
    Membership,
    Rsvp,
    Support,
    User,
    Vote,
    VotingRound,
)


def _tables(user: User) -> dict:
    """Per table of the export, the query of the person's rows (labelled columns)."""
    mine = user.id
    coalition = Coalition.name.label("coalition")
    return {
        "memberships": select(coalition, Membership.role, Membership.side, Membership.joined_at)
        .join(Coalition, Coalition.id == Membership.coalition_id)
        .where(Membership.user_id == mine),
        "cards": select(
            coalition,
            Initiative.title,
            Initiative.description,
            Column.name.label("column"),
            Initiative.due_date,
            (Initiative.created_by_id == mine).label("made_by_me"),
            (Initiative.resident_lead_id == mine).label("resident_lead"),
            (Initiative.professional_lead_id == mine).label("professional_lead"),
            Initiative.created_at,
        )
        .join(Coalition, Coalition.id == Initiative.coalition_id)
        .join(Column, Column.id == Initiative.column_id)
        .where(
            or_(
                Initiative.created_by_id == mine,
                Initiative.resident_lead_id == mine,
                Initiative.professional_lead_id == mine,
            )
        ),
        "card_comments": select(
            coalition, Initiative.title.label("card"), Comment.body, Comment.created_at
        )
        .join(Coalition, Coalition.id == Comment.coalition_id)
        .join(Initiative, Initiative.id == Comment.initiative_id)
        .where(Comment.author_id == mine),
        "ideas": select(coalition, Idea.title, Idea.description, Idea.status, Idea.created_at)
        .join(Coalition, Coalition.id == Idea.coalition_id)
        .where(Idea.proposer_id == mine),
        "idea_comments": select(
            coalition, Idea.title.label("idea"), IdeaComment.body, IdeaComment.created_at
        )
        .join(Coalition, Coalition.id == IdeaComment.coalition_id)
        .join(Idea, Idea.id == IdeaComment.idea_id)
        .where(IdeaComment.author_id == mine),
        "supports": select(coalition, Idea.title.label("idea"), Support.created_at)
        .join(Coalition, Coalition.id == Support.coalition_id)
        .join(Idea, Idea.id == Support.idea_id)
        .where(Support.user_id == mine),
        "votes": select(
            coalition, VotingRound.title.label("round"), Idea.title.label("idea"), Vote.dots
        )
        .join(Coalition, Coalition.id == Vote.coalition_id)
        .join(VotingRound, VotingRound.id == Vote.round_id)
        .join(Idea, Idea.id == Vote.idea_id)
        .where(Vote.user_id == mine),
        "consent_answers": select(
            coalition,
            Idea.title.label("idea"),
            ConsentResponse.objects,
            ConsentResponse.reason,
            ConsentResponse.updated_at,
        )
        .join(Coalition, Coalition.id == ConsentResponse.coalition_id)
        .join(ConsentRound, ConsentRound.id == ConsentResponse.consent_round_id)
        .join(Idea, Idea.id == ConsentRound.idea_id)
        .where(ConsentResponse.user_id == mine),
        "activity_answers": select(
            coalition, Activity.title.label("activity"), Rsvp.occurrence, Rsvp.answer
        )
        .join(Coalition, Coalition.id == Rsvp.coalition_id)
        .join(Activity, Activity.id == Rsvp.activity_id)
        .where(Rsvp.user_id == mine),
        "things_i_bring": select(
            coalition,
            Activity.title.label("activity"),
            ItemClaim.occurrence,
            ActivityItem.text.label("thing"),
        )
        .join(Coalition, Coalition.id == ItemClaim.coalition_id)
        .join(Activity, Activity.id == ItemClaim.activity_id)
        .join(ActivityItem, ActivityItem.id == ItemClaim.item_id)
        .where(ItemClaim.user_id == mine),
        "learning_points": select(
            coalition, LearningPoint.body, LearningPoint.visibility, LearningPoint.created_at
        )
        .join(Coalition, Coalition.id == LearningPoint.coalition_id)
        .where(LearningPoint.author_id == mine),
    }


def _plain(value):
    """A value as JSON and CSV write it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def my_data(user: User) -> dict:
    """The person's profile and, per table, their rows as dicts."""
    data = {
        "profile": {
            "email": user.email,
            "name": user.display_name,
            "language": user.language,
            "mail": {kind: wants(user, kind) for kind in KINDS} | {DIGEST: digest_choice(user)},
            "admin": user.is_admin,
            "programme_viewer": user.is_programme_viewer,
            "created_at": _plain(user.created_at),
        }
    }
    for name, query in _tables(user).items():
        rows = db.session.execute(query).mappings().all()
        data[name] = [{key: _plain(value) for key, value in row.items()} for row in rows]
    return data


def as_zip(data: dict) -> bytes:
    """One ZIP file: everything as JSON, and each table as CSV (a header row, then its rows)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("buurtbord.json", json.dumps(data, ensure_ascii=False, indent=2))
        for name, rows in data.items():
            if name == "profile" or not rows:
                continue
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(f"{name}.csv", text.getvalue())
    return out.getvalue()


def file_name() -> str:
    """The download's name, with today's date."""
    return f"buurtbord-mijn-gegevens-{clock.today().isoformat()}.zip"
