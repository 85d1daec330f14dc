"""The sections of a coalition as every page's header and a phone's bar at the bottom show them."""

from flask import url_for
from flask_babel import gettext as _


def coalition_sections(coalition, endpoint: str, coordinator: bool) -> list[tuple]:
    """(key, address, label, current, main) of each section of the coalition, in order: main
    sections stand in a phone's bar, the others under "More"; current marks the one the page
    at endpoint belongs to. Coordinators also have the settings."""
    slug = coalition.slug
    sections = [
        (
            "coalitions.home",
            url_for("coalitions.home", slug=slug),
            coalition.name,
            endpoint == "coalitions.home",
            True,
        ),
        (
            "kanban.board",
            url_for("kanban.board", slug=slug),
            _("Board"),
            endpoint == "kanban.board" or endpoint.startswith("kanban.initiative"),
            True,
        ),
        (
            "ideas",
            url_for("ideas.ideas", slug=slug),
            _("Ideas"),
            endpoint.startswith("ideas."),
            True,
        ),
        (
            "activities",
            url_for("activities.activities", slug=slug),
            _("Activities"),
            endpoint.startswith("activities."),
            True,
        ),
        (
            "intervision",
            url_for("intervision.sessions", slug=slug),
            _("Intervision"),
            endpoint.startswith("intervision."),
            False,
        ),
        (
            "pulse",
            url_for("pulse.pulse", slug=slug),
            _("Pulse"),
            endpoint.startswith("pulse."),
            False,
        ),
        (
            "members",
            url_for("coalitions.members", slug=slug),
            _("Members"),
            endpoint == "coalitions.members",
            False,
        ),
        (
            "archive",
            url_for("kanban.archive", slug=slug),
            _("Archive"),
            endpoint == "kanban.archive",
            False,
        ),
    ]
    if coordinator:
        sections.append(
            (
                "settings",
                url_for("coalitions.settings", slug=slug),
                _("Settings"),
                endpoint == "coalitions.settings",
                False,
            )
        )
    return sections
