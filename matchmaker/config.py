"""Configuration read from the environment (prefix ``MATCHMAKER_``) with safe defaults.

Every setting is listed in ``SETTINGS`` so that the README can be checked against it
by a test: an undocumented setting is a bug.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

PREFIX = "MATCHMAKER_"
MIN_SECRET_KEY_LENGTH = 32


@dataclass(frozen=True)
class Setting:
    """One environment variable the service reads."""

    name: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("ENV", "development", "`development` or `production`."),
    Setting(
        "DATABASE_URL",
        None,
        "SQLAlchemy URL; default a SQLite file `matchmaker.sqlite3` in the instance "
        "folder. PostgreSQL: `postgresql+psycopg://user@host/db`.",
    ),
    Setting(
        "SECRET_KEY",
        None,
        "Signs sessions and tokens. Development generates one and keeps it in the "
        "instance folder; production refuses to start without one of 32+ characters.",
    ),
    Setting(
        "BASE_URL",
        "http://127.0.0.1:5000",
        "Public address used in links sent by email (never the request's Host).",
    ),
    Setting(
        "TRUSTED_HOSTS",
        "",
        "Comma-separated host names the service answers to; empty accepts any in "
        "development and 127.0.0.1/localhost plus the BASE_URL host in production.",
    ),
    Setting("INSTANCE_PATH", None, "Folder for the SQLite file and generated key."),
    Setting("MAIL_SERVER", "", "SMTP host; empty prints messages to the log."),
    Setting("MAIL_PORT", "25", "SMTP port."),
    Setting("MAIL_USERNAME", "", "SMTP user name, if the server needs one."),
    Setting("MAIL_PASSWORD", "", "SMTP password, if the server needs one."),
    Setting("MAIL_USE_TLS", "false", "Use STARTTLS (`true`/`false`)."),
    Setting("MAIL_DEFAULT_SENDER", "matchmaker@localhost", "From address."),
    Setting(
        "SESSION_IDLE_MINUTES",
        "30",
        "A signed-in session unused for this long ends (idle timeout).",
    ),
    Setting(
        "SESSION_ABSOLUTE_HOURS",
        "12",
        "A session ends this long after sign-in, however active (absolute timeout).",
    ),
    Setting(
        "SIGNIN_WINDOW_SECONDS",
        "900",
        "Sliding window in which failed sign-ins are counted, per account and per "
        "address, in the database (so the limits hold across workers).",
    ),
    Setting(
        "SIGNIN_MAX_FAILURES_PER_ACCOUNT",
        "5",
        "Failed sign-ins for one email in the window before further attempts are "
        "refused with 429; at most this many reach password verification.",
    ),
    Setting(
        "SIGNIN_MAX_FAILURES_PER_ADDRESS",
        "30",
        "Failed sign-ins from one remote address in the window before it is refused.",
    ),
    Setting(
        "SIGNIN_DELAY_AFTER_FAILURES",
        "3",
        "After this many failures in the window, each new attempt must wait "
        "SIGNIN_DELAY_SECONDS after the previous one (slow-down before refusal).",
    ),
    Setting(
        "SIGNIN_DELAY_SECONDS",
        "10",
        "Wait imposed between attempts once SIGNIN_DELAY_AFTER_FAILURES is reached.",
    ),
    Setting(
        "RESET_WINDOW_SECONDS",
        "3600",
        "Sliding window in which password-reset requests are counted, per address "
        "asked about and per client address, in the database.",
    ),
    Setting(
        "RESET_MAX_PER_ACCOUNT",
        "3",
        "Reset emails sent for one address in the window; further requests get the "
        "same answer but send nothing.",
    ),
    Setting(
        "RESET_MAX_PER_ADDRESS",
        "10",
        "Reset requests from one client address in the window that may send an "
        "email, whichever addresses they ask about.",
    ),
    Setting(
        "API_TOKEN_DEFAULT_DAYS",
        "90",
        "Days a new personal API token stays valid when its holder does not choose.",
    ),
    Setting(
        "API_TOKEN_MAX_DAYS",
        "365",
        "The longest a personal API token may be made to stay valid, in days.",
    ),
    Setting(
        "API_RATE_LIMIT_PER_MINUTE",
        "120",
        "Requests one API token may make in a minute, counted in the database "
        "(so the limit holds across workers); more are refused with 429.",
    ),
    Setting("INVITE_LINK_HOURS", "72", "How long an invitation link stays valid."),
    Setting("RESET_LINK_MINUTES", "60", "How long a password-reset link stays valid."),
    Setting("SQLITE_BUSY_TIMEOUT_MS", "15000", "How long a SQLite writer waits."),
    Setting("MAX_CONTENT_LENGTH", "5242880", "Largest request body in bytes."),
    Setting("LOG_LEVEL", "INFO", "Python logging level."),
    Setting(
        "LOG_FORMAT",
        "",
        "`json` (one JSON object per line, with the request id) or `text`; empty "
        "means JSON in production and text in development.",
    ),
    Setting(
        "PROXY_COUNT",
        "0",
        "How many reverse proxies stand in front of the service and append to "
        "`X-Forwarded-For`/`-Proto`/`-Host`; 0 trusts none of those headers. The "
        "client address (sign-in throttling, logs) is read through that many proxies.",
    ),
    Setting(
        "BIND",
        "127.0.0.1:5000",
        "Address gunicorn listens on (`gunicorn.conf.py`); workers come from "
        "`WEB_CONCURRENCY` or the CPU count.",
    ),
    Setting(
        "QUEUE_URL",
        "",
        "Task queue for full match runs: empty keeps it in a SQLite file "
        "`queue.sqlite3` in the instance folder; `redis://host:6379/0` uses Redis.",
    ),
    Setting(
        "QUEUE_NAME",
        "matchmaker",
        "Name of the queue (letters, digits, underscores), so that several "
        "services can share one Redis.",
    ),
)


def env(name: str, environ: dict[str, str] | None = None) -> str | None:
    """Read one documented setting, falling back to its default."""
    source = os.environ if environ is None else environ
    setting = next(s for s in SETTINGS if s.name == name)
    value = source.get(PREFIX + name)
    return setting.default if value in (None, "") else value


def env_bool(name: str, environ: dict[str, str] | None = None) -> bool:
    """Read a boolean setting; anything but a clear yes is no."""
    return (env(name, environ) or "").strip().lower() in {"1", "true", "yes", "on"}


class ConfigurationError(RuntimeError):
    """The environment does not allow the service to start safely."""


def build_config(instance_path: Path, environ: dict[str, str] | None = None) -> dict:
    """Turn the environment into Flask configuration keys."""
    environment = (env("ENV", environ) or "development").lower()
    if environment not in {"development", "production"}:
        raise ConfigurationError(
            f"{PREFIX}ENV must be 'development' or 'production', not {environment!r}"
        )
    production = environment == "production"
    database_url = env("DATABASE_URL", environ) or (
        f"sqlite:///{instance_path / 'matchmaker.sqlite3'}"
    )
    base_url = (env("BASE_URL", environ) or "").rstrip("/")
    return {
        "MATCHMAKER_ENV": environment,
        "SECRET_KEY": _secret_key(instance_path, production, environ),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLITE_BUSY_TIMEOUT_MS": int(env("SQLITE_BUSY_TIMEOUT_MS", environ) or 0),
        "BASE_URL": base_url,
        "TRUSTED_HOSTS": _trusted_hosts(environ, production, base_url),
        "MAX_CONTENT_LENGTH": int(env("MAX_CONTENT_LENGTH", environ) or 0),
        "MAIL_SERVER": env("MAIL_SERVER", environ) or "",
        "MAIL_PORT": int(env("MAIL_PORT", environ) or 25),
        "MAIL_USERNAME": env("MAIL_USERNAME", environ) or None,
        "MAIL_PASSWORD": env("MAIL_PASSWORD", environ) or None,
        "MAIL_USE_TLS": env_bool("MAIL_USE_TLS", environ),
        "MAIL_DEFAULT_SENDER": env("MAIL_DEFAULT_SENDER", environ),
        # No SMTP server: messages go to the log (bodies only outside production).
        "MAIL_BACKEND": "smtp"
        if env("MAIL_SERVER", environ)
        else "matchmaker.services.mail.EmailBackend",
        **_account_settings(environ),
        **_api_settings(environ),
        "LOG_LEVEL": (env("LOG_LEVEL", environ) or "INFO").upper(),
        "LOG_FORMAT": log_format(environ),
        "PROXY_COUNT": _proxy_count(environ),
        **_queue_settings(environ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "WTF_CSRF_TIME_LIMIT": None,
    }


def log_format(environ: dict[str, str] | None = None) -> str:
    """``json`` or ``text``: the setting, else JSON in production only."""
    chosen = (env("LOG_FORMAT", environ) or "").strip().lower()
    if chosen and chosen not in {"json", "text"}:
        raise ConfigurationError(f"{PREFIX}LOG_FORMAT must be 'json' or 'text'")
    if chosen:
        return chosen
    production = (env("ENV", environ) or "").strip().lower() == "production"
    return "json" if production else "text"


# More proxies than this in a chain is a typo, not a deployment.
MAX_PROXY_COUNT = 5


def _proxy_count(environ: dict[str, str] | None) -> int:
    raw = (env("PROXY_COUNT", environ) or "0").strip()
    if not raw.isdigit() or int(raw) > MAX_PROXY_COUNT:
        raise ConfigurationError(
            f"{PREFIX}PROXY_COUNT must be a whole number from 0 to {MAX_PROXY_COUNT}"
        )
    return int(raw)


def _queue_settings(environ: dict[str, str] | None) -> dict[str, str]:
    """Where the task queue lives, checked here so a typo stops the start."""
    url = (env("QUEUE_URL", environ) or "").strip()
    name = (env("QUEUE_NAME", environ) or "").strip()
    if url and url.partition("://")[0] not in {"redis", "rediss", "unix"}:
        raise ConfigurationError(
            f"{PREFIX}QUEUE_URL must be empty or a redis:// address"
        )
    if not name.replace("_", "").isalnum() or not name.isascii() or len(name) > 60:
        raise ConfigurationError(
            f"{PREFIX}QUEUE_NAME may hold only letters, digits and underscores"
        )
    return {"QUEUE_URL": url, "QUEUE_NAME": name}


def _account_settings(environ: dict[str, str] | None) -> dict[str, int]:
    """Session timeouts, sign-in and reset throttling, link lifetimes, as integers."""
    names = (
        "SESSION_IDLE_MINUTES",
        "SESSION_ABSOLUTE_HOURS",
        "SIGNIN_WINDOW_SECONDS",
        "SIGNIN_MAX_FAILURES_PER_ACCOUNT",
        "SIGNIN_MAX_FAILURES_PER_ADDRESS",
        "SIGNIN_DELAY_AFTER_FAILURES",
        "SIGNIN_DELAY_SECONDS",
        "RESET_WINDOW_SECONDS",
        "RESET_MAX_PER_ACCOUNT",
        "RESET_MAX_PER_ADDRESS",
        "INVITE_LINK_HOURS",
        "RESET_LINK_MINUTES",
    )
    values = {}
    for name in names:
        raw = env(name, environ) or "0"
        try:
            values[name] = int(raw)
        except ValueError as error:
            raise ConfigurationError(
                f"{PREFIX}{name} must be a whole number"
            ) from error
    return values


# Past ten years a token's expiry is a typo, and dates past year 9999 overflow.
MAX_API_TOKEN_DAYS = 3650


def _api_settings(environ: dict[str, str] | None) -> dict[str, int]:
    """Token lifetimes and the per-token rate limit, as whole numbers from 1.

    The default lifetime must be one the maximum allows, or every token made
    without a choice (the command line's) would be refused.
    """
    values = {}
    for name, highest in (
        ("API_TOKEN_DEFAULT_DAYS", MAX_API_TOKEN_DAYS),
        ("API_TOKEN_MAX_DAYS", MAX_API_TOKEN_DAYS),
        ("API_RATE_LIMIT_PER_MINUTE", None),
    ):
        raw = (env(name, environ) or "").strip()
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ConfigurationError(f"{PREFIX}{name} must be a whole number from 1")
        if highest is not None and int(raw) > highest:
            raise ConfigurationError(f"{PREFIX}{name} may be at most {highest}")
        values[name] = int(raw)
    if values["API_TOKEN_DEFAULT_DAYS"] > values["API_TOKEN_MAX_DAYS"]:
        raise ConfigurationError(
            f"{PREFIX}API_TOKEN_DEFAULT_DAYS may not exceed {PREFIX}API_TOKEN_MAX_DAYS"
        )
    return values


def _trusted_hosts(
    environ: dict[str, str] | None, production: bool, base_url: str
) -> list[str] | None:
    raw = env("TRUSTED_HOSTS", environ) or ""
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    if hosts:
        return hosts
    if not production:
        return None
    from urllib.parse import urlsplit

    base_host = urlsplit(base_url).hostname
    return sorted({"127.0.0.1", "localhost", *([base_host] if base_host else [])})


def _secret_key(
    instance_path: Path, production: bool, environ: dict[str, str] | None
) -> str:
    """Production demands a strong key; development keeps a generated one on disk."""
    key = env("SECRET_KEY", environ)
    if key:
        if production and len(key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigurationError(
                f"{PREFIX}SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} "
                "characters in production"
            )
        return key
    if production:
        raise ConfigurationError(f"{PREFIX}SECRET_KEY must be set in production")
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    logger.info("Generated a development secret key in %s", key_file)
    return key
