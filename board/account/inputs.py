"""What the account forms submit."""

from dataclasses import dataclass

from board.inputs import FormInput


@dataclass
class NameInput(FormInput):
    """The name others see."""

    display_name: str = ""


@dataclass
class PasswordInput(FormInput):
    """The password now, and the new one."""

    current_password: str = ""
    password: str = ""


@dataclass
class LanguageInput(FormInput):
    """The language of the pages and of the mail."""

    language: str = ""


@dataclass
class EmailInput(FormInput):
    """A new address to log in with and to get mail at."""

    email: str = ""
