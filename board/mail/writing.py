"""Writing a mail to one person: its subject and both bodies from mail/<name>.txt and .html,
in the language the person chose (else the page's)."""

from flask import render_template
from flask_babel import force_locale, get_locale


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
