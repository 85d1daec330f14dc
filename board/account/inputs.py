"""What the account forms submit."""

from dataclasses import dataclass, field

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


@dataclass
class MailInput(FormInput):
    """Which kinds of mail the person gets, and how often the digest comes."""

    digest: str = ""
    kinds: list[str] = field(default_factory=list)


@dataclass
class DeletionInput(FormInput):
    """The password, typed again to confirm that the account goes."""

    password: str = ""
