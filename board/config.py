"""Configuration defaults; the environment overrides what a deployment sets."""

import os
import secrets
from pathlib import Path


def load_secret_key(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, or one generated once into the instance folder."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database_url(instance_path: str) -> str:
    """Return DATABASE_URL, or a SQLite file in the instance folder."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'buurtbord.sqlite'}"


def defaults(instance_path: str) -> dict:
    """Build the default configuration for an app whose instance folder is instance_path."""
    return {
        "SECRET_KEY": load_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        "INVITE_DAYS": 14,
        "RESET_DAYS": 3,
        # Failed logins per device and email address, per network (IPv4 /24, IPv6 /64) and
        # email address, and per device over every address. Redis (REDIS_URL) shares the counts
        # between processes; without it each process counts on its own.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "LOGIN_NETWORK_RATE_LIMIT": os.environ.get(
            "LOGIN_NETWORK_RATE_LIMIT", "20 per minute;100 per hour"
        ),
        "LOGIN_DEVICE_RATE_LIMIT": os.environ.get(
            "LOGIN_DEVICE_RATE_LIMIT", "30 per minute;300 per hour"
        ),
        # Password links asked for ("Wachtwoord vergeten?") per address, and per network.
        "RESET_RATE_LIMIT": os.environ.get("RESET_RATE_LIMIT", "3 per hour"),
        "RESET_NETWORK_RATE_LIMIT": os.environ.get("RESET_NETWORK_RATE_LIMIT", "10 per hour"),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_KEY_PREFIX": "buurtbord",
        # No form of ours comes near these: a body, one form field, the number of fields.
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "MAX_FORM_MEMORY_SIZE": 64 * 1024,
        "MAX_FORM_PARTS": 500,
        # How often open boards and cards ask the server what changed.
        "POLL_INTERVAL_MS": 3000,
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0") or 0),
        # Where mail goes: smtp://user:pass@host:587 (STARTTLS), smtps://…:465, or, without it,
        # .eml files in instance/outbox/ (file:///some/folder picks another folder).
        "MAIL_URL": os.environ.get("MAIL_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Buurtbord <noreply@buurtbord.local>"),
        # Where people reach this Buurtbord: the links in mail the worker writes on its own
        # (digest, reminders, rounds, late cards) start with it.
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        # Megabytes of page pieces each process keeps, such as boards nobody changed since
        # (board/kept.py); 0 keeps none.
        "PAGE_CACHE_MB": float(os.environ.get("PAGE_CACHE_MB", "32") or 0),
    }
