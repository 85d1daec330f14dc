"""What the forms for logging in, joining, asking for a password link and choosing a new
password submit."""

from dataclasses import dataclass

from board.inputs import FormInput


@dataclass
class LoginInput(FormInput):
    """Email and password, whether to stay logged in, and the page to go to afterwards."""

    email: str = ""
    password: str = ""
    remember: bool = False
    next: str = ""


@dataclass
class JoinInput(FormInput):
    """A new member's name, email and password (checked all at once)."""

    display_name: str = ""
    email: str = ""
    password: str = ""


@dataclass
class ResetInput(FormInput):
    """A new password."""

    password: str = ""


@dataclass
class ForgotInput(FormInput):
    """The address to send a password link to."""

    email: str = ""
