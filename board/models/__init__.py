"""The data model, one module per area; importing this package registers every table."""

from board.models.activities import (
    Activity,
    ActivityItem,
    ActivityOrganiser,
    ItemClaim,
    OccurrenceChange,
    Rsvp,
)
from board.models.coalition import (
    Coalition,
    Invite,
    Membership,
    Organisation,
    PasswordReset,
    WorkSite,
)
from board.models.event import Event, ProgrammeMonth
from board.models.ideas import (
    ConsentResponse,
    ConsentRound,
    Idea,
    IdeaComment,
    RoundIdea,
    Support,
    Vote,
    VotingRound,
)
from board.models.intervision import (
    IntervisionKeepsake,
    IntervisionNote,
    IntervisionParticipant,
    IntervisionSession,
    LearningPoint,
)
from board.models.kanban import ChecklistItem, Column, Comment, Initiative
from board.models.mail import OutboxMail
from board.models.pulse import PulseAnswer, PulseParticipation, PulseWave, PulseWording
from board.models.user import EmailChange, User

__all__ = [
    "Activity",
    "ActivityItem",
    "ActivityOrganiser",
    "ChecklistItem",
    "ConsentResponse",
    "ConsentRound",
    "Coalition",
    "Column",
    "Comment",
    "EmailChange",
    "Event",
    "Idea",
    "IdeaComment",
    "Initiative",
    "IntervisionKeepsake",
    "IntervisionNote",
    "IntervisionParticipant",
    "IntervisionSession",
    "Invite",
    "ItemClaim",
    "LearningPoint",
    "Membership",
    "OccurrenceChange",
    "OutboxMail",
    "Organisation",
    "PasswordReset",
    "ProgrammeMonth",
    "PulseAnswer",
    "PulseParticipation",
    "PulseWave",
    "PulseWording",
    "RoundIdea",
    "Rsvp",
    "Support",
    "User",
    "Vote",
    "VotingRound",
    "WorkSite",
]
