"""The sections of a coalition as every page's header and a phone's bar at the bottom show them."""

from flask import url_for
from flask_babel import lazy_gettext as _l

# key, the section's page, its label (None: the coalition's name), the pages that belong to it
# (a name ending in * stands for every page whose name begins so), whether a phone's bar shows
# it (the others stand under "More"), whether only coordinators have it.
SECTIONS = (
    ("coalitions.home", "coalitions.home", None, ("coalitions.home",), True, False),
    (
        "kanban.board",
        "kanban.board",
        _l("Board"),
        ("kanban.board", "kanban.initiative*"),
        True,
        False,
    ),
    ("ideas", "ideas.ideas", _l("Ideas"), ("ideas.*",), True, False),
    ("activities", "activities.activities", _l("Activities"), ("activities.*",), True, False),
    ("intervision", "intervision.sessions", _l("Intervision"), ("intervision.*",), False, False),
    ("pulse", "pulse.pulse", _l("Pulse"), ("pulse.*",), False, False),
    ("members", "coalitions.members", _l("Members"), ("coalitions.members",), False, False),
    ("archive", "kanban.archive", _l("Archive"), ("kanban.archive",), False, False),
    ("settings", "coalitions.settings", _l("Settings"), ("coalitions.settings",), False, True),
)


def _belongs(endpoint: str, pages: tuple) -> bool:
    """Whether the page at endpoint is one of pages."""
    return any(
        endpoint.startswith(page[:-1]) if page.endswith("*") else endpoint == page for page in pages
    )


def coalition_sections(coalition, endpoint: str, coordinator: bool) -> list[tuple]:
    """(key, address, label, current, main) of each section of the coalition, in order: main
    sections stand in a phone's bar, the others under "More"; current marks the one the page
    at endpoint belongs to. Coordinators also have the settings."""
    return [
        (
            key,
            url_for(page, slug=coalition.slug),
            coalition.name if label is None else str(label),
            _belongs(endpoint, pages),
            main,
        )
        for key, page, label, pages, main, coordinators_only in SECTIONS
        if coordinator or not coordinators_only
    ]
