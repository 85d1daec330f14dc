"""Reading numbers from URLs and forms without ever failing on what a person typed."""

from urllib.parse import urlsplit

MAX_ID = 2**31 - 1  # the largest value an Integer column holds on every database we support


def parse_id(value) -> int | None:
    """A row id from a URL or form value, or None when it cannot be one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def parse_count(value, upper: int) -> int | None:
    """A whole number from 0 to upper (larger values become upper), or None when it is not one."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return max(0, min(number, upper))


def parse_index(value, count: int) -> int | None:
    """A position in a list of count things (0 to count - 1), or None when it is not one."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < count else None


def parse_rank(value) -> int | None:
    """A card rank (a signed 63-bit number) from a URL, or None when it is not one."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if abs(number) < 2**62 else None


def safe_next(target) -> str | None:
    """target when it is a path on this site, else None (no open redirects).

    Browsers drop tabs and line breaks from an address and read a backslash as a slash, so
    "/\t/evil.example" would take them to another site: control characters and backslashes
    are refused, as is anything that names a scheme or a host.
    """
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(character) < 32 or ord(character) == 127 for character in target):
        return None
    parts = urlsplit(target)
    return target if not (parts.scheme or parts.netloc) else None
