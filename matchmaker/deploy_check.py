"""What makes a production configuration unsafe, read from the environment alone.

``matchmaker check-deploy`` runs these before a release (and CI runs them on a
known-good and several known-bad environments). They are kept apart from the app
because the worst configurations are the ones the app refuses to start with: the
check must still say, in words, what to fix. The checks that need the running
parts (database, schema, queue) live in ``services/readiness.py``.

A *problem* makes the deployment unsafe (check-deploy refuses it); a *warning* is
advice for a setup that can be right on one machine but not on several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

from matchmaker.config import (
    MIN_SECRET_KEY_LENGTH,
    PREFIX,
    SETTINGS,
    ConfigurationError,
    build_config,
    env,
)

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})


class Severity(Enum):
    PROBLEM = "problem"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing check-deploy has to say about the configuration."""

    severity: Severity
    message: str


def _problem(message: str) -> Finding:
    return Finding(Severity.PROBLEM, message)


def _warning(message: str) -> Finding:
    return Finding(Severity.WARNING, message)


def check_environment(environ: dict[str, str], instance_path: Path) -> list[Finding]:
    """Every finding on the configuration ``environ`` describes."""
    findings: list[Finding] = []
    if (env("ENV", environ) or "").strip().lower() == "development":
        findings.append(
            _problem(
                f"{PREFIX}ENV is not 'production': cookies are not marked secure, "
                "the secret key may be a generated one, and demo data is allowed."
            )
        )
    config, refusals = _config_and_refusals(environ, instance_path)
    findings += refusals
    findings += _base_url(config)
    findings += _mail(config)
    findings += _database(config)
    findings += _queue(config)
    findings += _proxies(config)
    if config["LOG_LEVEL"] == "DEBUG":
        findings.append(
            _warning(
                f"{PREFIX}LOG_LEVEL is DEBUG: logs grow fast and may hold "
                "personal data; INFO is the usual level."
            )
        )
    return findings


def _config_and_refusals(
    environ: dict[str, str], instance_path: Path
) -> tuple[dict, list[Finding]]:
    """The configuration, and every setting the service would refuse to start with.

    The service stops at the first refusal; an operator wants them all at once. So
    each refused setting is noted, set aside (a placeholder for the secret key, the
    default otherwise) and the configuration read again.
    """
    trial = dict(environ)
    refusals: list[Finding] = []
    for _ in range(len(SETTINGS) + 1):
        try:
            return build_config(instance_path, trial), refusals
        except ConfigurationError as error:
            refusals.append(_problem(f"{error}."))
            named = re.match(rf"{PREFIX}([A-Z0-9_]+)", str(error))
            name = PREFIX + (named.group(1) if named else "")
            if name not in trial and name != PREFIX + "SECRET_KEY":
                break  # nothing left to set aside: report what we have
            if name == PREFIX + "SECRET_KEY":
                trial[name] = "placeholder-" + "x" * MIN_SECRET_KEY_LENGTH
            else:
                trial.pop(name)
    raise RuntimeError(f"configuration still refused: {refusals[-1].message}")


def _base_url(config: dict) -> list[Finding]:
    parts = urlsplit(config["BASE_URL"])
    findings = []
    if parts.scheme != "https":
        findings.append(
            _problem(
                f"{PREFIX}BASE_URL ({config['BASE_URL'] or 'empty'}) is not an "
                "https:// address: links in emails (invitations, password resets) "
                "would travel unencrypted or not reach people."
            )
        )
    if parts.hostname in LOCAL_HOSTS:
        findings.append(
            _problem(
                f"{PREFIX}BASE_URL points at this machine ({parts.hostname}): "
                "links in emails would not open for anyone else."
            )
        )
    trusted = config["TRUSTED_HOSTS"]
    if trusted and parts.hostname and parts.hostname not in trusted:
        findings.append(
            _problem(
                f"{PREFIX}TRUSTED_HOSTS does not include the host of "
                f"{PREFIX}BASE_URL ({parts.hostname}): every page would be refused."
            )
        )
    return findings


def _mail(config: dict) -> list[Finding]:
    if not config["MAIL_SERVER"]:
        return [
            _problem(
                f"{PREFIX}MAIL_SERVER is empty: invitations, password resets, "
                "introductions and notifications would only be written to the log, "
                "never sent."
            )
        ]
    local = config["MAIL_SERVER"] in LOCAL_HOSTS
    if not config["MAIL_USE_TLS"] and not local:
        return [
            _warning(
                f"{PREFIX}MAIL_USE_TLS is off for a mail server on another machine: "
                "messages with sign-in links would cross the network unencrypted."
            )
        ]
    return []


def _database(config: dict) -> list[Finding]:
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return [
            _warning(
                "The database is a SQLite file: fine for one machine, but every "
                "web host must share it, so more than one host needs PostgreSQL "
                f"({PREFIX}DATABASE_URL=postgresql+psycopg://...)."
            )
        ]
    return []


def _queue(config: dict) -> list[Finding]:
    if not config["QUEUE_URL"]:
        return [
            _warning(
                f"{PREFIX}QUEUE_URL is empty: the task queue is a file on this "
                "machine, so match runs asked for on another host would never run. "
                "Several hosts need Redis (redis://...)."
            )
        ]
    return []


def _proxies(config: dict) -> list[Finding]:
    if config["PROXY_COUNT"] == 0:
        return [
            _warning(
                f"{PREFIX}PROXY_COUNT is 0: behind a TLS proxy every visitor "
                "would seem to come from the proxy's address, and sign-in limits "
                "would lock everyone out together. Set it to the number of proxies."
            )
        ]
    return []
