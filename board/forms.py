"""Helpers for forms: the options of a select, and the rows of the conflict panel that shows
a form again after someone else saved first."""

from dataclasses import dataclass


def choices(objects, value: str = "id", label: str = "name", blank=None) -> list[tuple]:
    """(value, label) pairs of objects for a select or a group of checkboxes; blank, when
    given, is the label of a first option with an empty value."""
    pairs = [("", blank)] if blank is not None else []
    return pairs + [(str(getattr(o, value)), getattr(o, label)) for o in objects]


@dataclass(frozen=True)
class ConflictRow:
    """One field that differs: what the other person saved next to what the form holds."""

    name: str
    label: str
    theirs: str
    mine: str


def conflict_rows(labels: dict, theirs: dict, mine: dict, shown=None) -> list[ConflictRow]:
    """The fields (name → label, in order) where the stored values differ from the form's.

    shown(name, value) turns a stored code into what a person reads (a name for an id, a date
    in words); '—' stands for nothing.
    """
    shown = shown or (lambda name, value: value)
    rows = []
    for name, label in labels.items():
        stored, typed = _comparable(theirs.get(name)), _comparable(mine.get(name))
        if stored != typed:
            rows.append(
                ConflictRow(
                    name,
                    str(label),
                    str(shown(name, theirs.get(name)) or "—"),
                    str(shown(name, mine.get(name)) or "—"),
                )
            )
    return rows


def _comparable(value):
    """Form values as compared: lists as sorted strings, text without outer spaces."""
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    return str(value or "").strip()


def use_theirs(mine: dict, theirs: dict, name: str) -> dict:
    """The form's values with one field taken from what the other person saved."""
    return {**mine, name: theirs.get(name)} if name in theirs else dict(mine)
