"""Form helpers shared by every area."""

from flask_wtf import FlaskForm


def add_errors(form: FlaskForm, errors: dict[str, str]) -> None:
    """Attach a service's errors to the form's fields ('' or unknown names go to the form)."""
    for name, message in errors.items():
        field = form._fields.get(name) if name else None
        if field is not None:
            field.errors = list(field.errors) + [message]
        else:
            form.form_errors.append(message)
