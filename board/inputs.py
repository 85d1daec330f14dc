"""What a person submitted, as a plain dataclass: the one way forms reach the services.

Each capability declares one dataclass per form in its inputs.py, with fields of type str,
bool or list[str] named like the form's fields. Views build it with from_form(request.form);
the services validate it (they are the only validators, so the demo loader and the commands
that call them directly get the same checks) and answer Invalid({field: message}) with every
problem at once. A refused form is shown again from values(): what was typed stays.
"""

import dataclasses
import typing

from werkzeug.datastructures import MultiDict

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
