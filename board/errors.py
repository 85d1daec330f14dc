"""Domain errors raised by services; one handler per kind maps them to HTTP."""


class DomainError(Exception):
    """Base of every error a service raises on purpose."""


class NotFound(DomainError):
    """The object does not exist, or is not visible to this person: 404 (message: what to say
    instead of the usual words, e.g. that a link no longer works)."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class Forbidden(DomainError):
    """The person may see this but not do it: 403 (message: what to say instead of the usual
    words about roles)."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class Invalid(DomainError):
    """The input breaks a rule; errors maps a form field (or '') to a message: 422."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class Conflict(DomainError):
    """Someone else changed the object since the form was loaded, or was first: 409."""

    def __init__(self, current=None, message: str = ""):
        super().__init__(message)
        self.current = current
        self.message = message
