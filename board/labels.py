"""Words for stored codes (roles, sides, kinds, intervision methods), in the current language."""

from flask_babel import get_locale, get_translations, gettext
from flask_babel import lazy_gettext as _l

from board.intervision.methods import METHODS

ROLE_LABELS = {
    "member": _l("member"),
    "facilitator": _l("facilitator"),
    "coordinator": _l("coordinator"),
}
SIDE_LABELS = {
    "resident": _l("resident"),
    "professional": _l("professional"),
}
SIDE_PLURALS = {
    "resident": _l("Residents"),
    "professional": _l("Professionals"),
}
IDEA_STATUS_LABELS = {
    "open": _l("open"),
    "shortlisted": _l("on the shortlist"),
    "chosen": _l("chosen"),
    "not_chosen": _l("not chosen"),
    "initiative": _l("became an initiative"),
    "merged": _l("merged"),
}
ACTIVITY_KIND_LABELS = {
    "meeting": _l("meeting"),
    "training": _l("joint training"),
    "neighbourhood": _l("neighbourhood activity"),
    "work_session": _l("work session"),
    "intervision": _l("intervision"),
}
RECURRENCE_LABELS = {
    "none": _l("once"),
    "weekly": _l("every week"),
    "fortnightly": _l("every two weeks"),
    "monthly": _l("every month on the same weekday"),
}
RSVP_LABELS = {
    "yes": _l("Yes"),
    "maybe": _l("Maybe"),
    "no": _l("No"),
}
VISIBILITY_LABELS = {
    "me": _l("only me"),
    "group": _l("this group"),
    "programme": _l("the programme, without my name"),
}
SESSION_STATE_LABELS = {
    "planned": _l("planned"),
    "live": _l("live now"),
    "closed": _l("held"),
}
ORGANISATION_KIND_LABELS = {
    "resident_initiative": _l("resident initiative"),
    "welfare": _l("welfare organisation"),
    "housing_care": _l("housing-care cooperative"),
    "other": _l("other"),
}


def init_app(app):
    """Make the labels available in every template."""
    app.jinja_env.globals.update(
        ROLE_LABELS=ROLE_LABELS,
        SIDE_LABELS=SIDE_LABELS,
        SIDE_PLURALS=SIDE_PLURALS,
        ORGANISATION_KIND_LABELS=ORGANISATION_KIND_LABELS,
        IDEA_STATUS_LABELS=IDEA_STATUS_LABELS,
        ACTIVITY_KIND_LABELS=ACTIVITY_KIND_LABELS,
        RECURRENCE_LABELS=RECURRENCE_LABELS,
        RSVP_LABELS=RSVP_LABELS,
        VISIBILITY_LABELS=VISIBILITY_LABELS,
        SESSION_STATE_LABELS=SESSION_STATE_LABELS,
        METHODS=METHODS,
        card_labels=card_labels,
    )


class CardLabels:
    """The words on a card in one language, translated once instead of once per card."""

    def __init__(self):
        self.resident_lead = gettext("Resident lead")
        self.professional_lead = gettext("Professional lead")
        self.overdue = gettext("Overdue")
        self.due = gettext("Due")
        self.checklist = gettext("Checklist")
        self.comments_title = gettext("Comments")
        self.move = gettext("Move")
        self._progress = gettext("%(done)s of %(total)s")
        # The forms as translated, not yet filled in (ngettext would fill in the 1 and the 2).
        forms = get_translations()
        self._comments = {
            1: forms.ngettext("%(num)s comment", "%(num)s comments", 1),
            2: forms.ngettext("%(num)s comment", "%(num)s comments", 2),
        }

    def progress(self, done: int, total: int) -> str:
        """'2 of 5'."""
        return self._progress % {"done": done, "total": total}

    def comments(self, count: int) -> str:
        """'1 comment', '3 comments' (Dutch and English share this plural rule)."""
        return self._comments[1 if count == 1 else 2] % {"num": count}


_CARD_LABELS: dict[str, CardLabels] = {}


def card_labels() -> CardLabels:
    """The card words of the language in use, translated once per language: translations do
    not change while the app runs."""
    locale = str(get_locale())
    labels = _CARD_LABELS.get(locale)
    if labels is None:
        labels = _CARD_LABELS[locale] = CardLabels()
    return labels
