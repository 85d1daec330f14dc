"""The kinds of mail a member can get, each switched on or off by the person (`/account`), and
when their digest of "Voor jou" is due.

Mail about the account itself (a password link, a new address) is no kind: it always goes.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from board import clock


@dataclass(frozen=True)
class Kind:
    """A kind of mail as the person sees it in their settings."""

    key: str
    label: object
    hint: object
    on: bool = True  # what someone who never chose gets


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind(
            "reminder",
            _l("The day before an activity"),
            _l("When, where, and what you bring, for activities you said yes or maybe to."),
        ),
        Kind(
            "ideas",
            _l("News about my ideas"),
            _l(
                "The first support, the shortlist, chosen or not (with the reason), merged, "
                "and when it becomes an initiative."
            ),
        ),
        Kind(
            "rounds",
            _l("Voting rounds"),
            _l("When a round opens (with its closing time) and when the results are out."),
        ),
        Kind("consent", _l("Consent questions"), _l("When the coalition asks for your consent.")),
        Kind(
            "cards",
            _l("Cards I lead"),
            _l("When someone moves or comments on a card you lead, and when it is late."),
        ),
        Kind(
            "intervision",
            _l("Intervision invitations"),
            _l("When a facilitator invites you to a session (never what is said there)."),
        ),
    )
}
DIGEST = "digest"
DIGEST_CHOICES = {
    "off": _l("No digest"),
    "daily": _l("Every morning"),
    "weekly": _l("Every Monday morning"),
}
DIGEST_DEFAULT = "off"
DIGEST_HOUR = time(7, 0)  # Dutch time


def wants(user, kind: str) -> bool:
    """Whether the person gets mail of kind."""
    if kind == DIGEST:
        return digest_choice(user) != "off"
    chosen = (user.mail_settings or {}).get(kind)
    return KINDS[kind].on if chosen is None else bool(chosen)


def digest_choice(user) -> str:
    """ "off", "daily" or "weekly"."""
    chosen = (user.mail_settings or {}).get(DIGEST)
    return chosen if chosen in DIGEST_CHOICES else DIGEST_DEFAULT


def next_digest(choice: str, now: datetime) -> datetime | None:
    """When a digest chosen now is next due: the next 7:00 (daily) or Monday 7:00 (weekly)
    in Dutch time, after now; None when it is off."""
    if choice not in ("daily", "weekly"):
        return None
    day = clock.to_local(now).date()
    while True:
        moment = clock.wall_moment(day, DIGEST_HOUR)
        if moment > now and (choice == "daily" or day.weekday() == 0):
            return moment
        day += timedelta(days=1)


def label_of(kind: str):
    """What the person calls a kind of mail."""
    return _l("The digest of “For you”") if kind == DIGEST else KINDS[kind].label


def choices_of(user) -> dict:
    """What the settings form shows: every kind, which are on, and the digest's choice."""
    return {
        "kinds": list(KINDS.values()),
        "on": [key for key in KINDS if wants(user, key)],
        "digest": digest_choice(user),
        "digest_choices": list(DIGEST_CHOICES.items()),
    }
