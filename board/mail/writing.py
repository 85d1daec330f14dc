"""Writing a mail to one person: its subject and both bodies from mail/<name>.txt and .html,
in the language the person chose (else the page's)."""

from datetime import datetime

from flask import render_template
from flask_babel import force_locale, format_date, format_datetime, get_locale


def written(user, name: str, subject, **context) -> tuple[str, str, str]:
    """(subject, text, html) of the mail templates mail/<name>.*; subject is a lazy string,
    translated in the person's language like the bodies. The person's name is in the context."""
    with force_locale(user.language or str(get_locale())):
        context["name"] = user.display_name
        return (
            str(subject),
            render_template(f"mail/{name}.txt", **context),
            render_template(f"mail/{name}.html", **context),
        )


class Written:
    """A day or a moment that is written out in the language of the mail it stands in: it is
    formatted when the mail is (inside its force_locale), not when it is handed over."""

    def __init__(self, value, pattern: str | None = None):
        self.value = value
        self.pattern = pattern

    def __str__(self) -> str:
        if isinstance(self.value, datetime):
            return format_datetime(self.value, self.pattern or "EEEE d MMMM, HH:mm")
        return format_date(self.value, self.pattern or "EEEE d MMMM")
