"""What a person submitted, as a plain dataclass: the one way forms reach the services.

Each capability declares one dataclass per form in its inputs.py, with fields of type str,
bool or list[str] named like the form's fields. Views build it with from_form(request.form);
the services validate it (they are the only validators, so the demo loader and the commands
that call them directly get the same checks) and answer Invalid({field: message}) with every
problem at once. A refused form is shown again from values(): what was typed stays.
"""

import dataclasses
import typing
from collections.abc import Callable

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from board.errors import Invalid

CHECKED = ("1", "on", "true", "yes")
MAX_VALUES = 200  # of one list field: a form never has more checkboxes than this


class FormInput:
    """Base of the input dataclasses; subclasses are @dataclass with str/bool/list[str] fields."""

    @classmethod
    def from_form(cls, form: MultiDict):
        """The dataclass filled from a submitted form; missing fields keep their defaults."""
        hints = typing.get_type_hints(cls)
        values = {}
        for field in dataclasses.fields(cls):
            kind = hints[field.name]
            if typing.get_origin(kind) is list:
                values[field.name] = [str(v) for v in form.getlist(field.name)[:MAX_VALUES]]
            elif kind is bool:
                values[field.name] = str(form.get(field.name, "")).lower() in CHECKED
            elif field.name in form:
                values[field.name] = str(form.get(field.name))
        return cls(**values)

    def values(self) -> dict:
        """The input as the form shows it again (booleans as '1' or '')."""
        shown = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            shown[field.name] = ("1" if value else "") if isinstance(value, bool) else value
        return shown


def checked_text(
    value, field: str, limit: int, *, required: str | None = None, one_line: bool = False
) -> str:
    """Typed text without outer spaces (one_line: with its spaces folded into single ones).

    Invalid({field: …}) when it is longer than limit, or empty where required gives the
    message that asks for it.
    """
    text = " ".join(str(value or "").split()) if one_line else str(value or "").strip()
    if required and not text:
        raise Invalid({field: required})
    if len(text) > limit:
        raise Invalid({field: too_long(limit)})
    return text


def too_long(limit: int) -> str:
    """What a field says when more was typed than it holds."""
    return _("This can have at most %(limit)s characters.", limit=limit)


def every_problem(checks: dict[str, Callable[[], object]]) -> dict:
    """The value of each check by field, or Invalid with every check's refusal at once."""
    values, errors = {}, {}
    for field, check in checks.items():
        try:
            values[field] = check()
        except Invalid as error:
            errors.update(error.errors)
    if errors:
        raise Invalid(errors)
    return values
