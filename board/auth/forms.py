"""Forms for logging in, joining and resetting a password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(
        _l("Email address"), validators=[DataRequired(_l("Enter your email address."))]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Stay logged in on this device"))
    next = HiddenField()


class JoinForm(FlaskForm):
    """A new member's name, email and password (the join service checks them all at once)."""

    display_name = StringField(_l("Your name, as others will see it"))
    email = EmailField(_l("Email address"))
    password = PasswordField(_l("Choose a password (at least 8 characters)"))


class JoinAsMemberForm(FlaskForm):
    """Someone already logged in accepts an invite with one button."""


class ResetForm(FlaskForm):
    """A new password."""

    password = PasswordField(
        _l("New password (at least 8 characters)"),
        validators=[DataRequired(_l("Choose a password of at least 8 characters."))],
    )
