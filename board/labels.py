"""Words for stored codes (roles, sides, kinds), in the current language."""

from flask_babel import lazy_gettext as _l

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
    )
