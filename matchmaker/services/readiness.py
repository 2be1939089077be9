"""Is this process ready to serve? The checks behind ``/readyz`` and ``check-deploy``.

``/healthz`` answers "alive" (the process runs and reaches its database), which is
what a process manager needs to decide on a restart. A load balancer needs more
before sending traffic: the schema must be the one this code expects (a host started
before ``matchmaker db upgrade`` would fail on every page) and the task queue must
be reachable (otherwise "Run matching now" fails). Each check says what is wrong in
words an operator can act on, and never the exception text, which may hold
addresses or credentials and is logged instead.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import redis
from alembic.runtime.migration import MigrationContext
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from matchmaker.extensions import db
from matchmaker.services import overview
from matchmaker.services.schema_revisions import schema_history

logger = logging.getLogger(__name__)

# A readiness probe must answer quickly, whatever a lost Redis does.
QUEUE_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class Check:
    """One readiness check and its outcome."""

    name: str
    ok: bool
    detail: str


def database_check() -> Check:
    """The database answers a trivial query."""
    if not overview.database_reachable():  # the liveness check's own query
        db.session.rollback()
        return Check("database", False, "the database does not answer")
    return Check("database", True, "the database answers")


def schema_check() -> Check:
    """The database's schema revision is the code's (no pending migration)."""
    # Alembic announces its dialect at INFO on every look: noise on each probe.
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
    try:
        connection = db.session.connection()
        current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError:
        logger.exception("readiness: could not read the schema revision")
        db.session.rollback()
        return Check("schema", False, "the schema revision could not be read")
    finally:
        db.session.rollback()
    history = schema_history()
    expected = frozenset({history.head})
    if current == expected:
        return Check("schema", True, f"schema at revision {', '.join(sorted(current))}")
    if not current:
        return Check(
            "schema",
            False,
            "the database has no schema yet: run `matchmaker db upgrade`",
        )
    if not current <= set(history.revisions):
        return Check(
            "schema",
            False,
            "the database's schema is newer than this code: deploy the newer code, "
            "or restore a backup that matches it",
        )
    return Check(
        "schema",
        False,
        "the database's schema is behind this code: run `matchmaker db upgrade`",
    )


def queue_check() -> Check:
    """The task queue's storage can be reached (Redis) or written (SQLite file)."""
    url = current_app.config.get("QUEUE_URL", "")
    if not url:
        folder = Path(current_app.instance_path)
        if os.access(folder, os.W_OK):
            return Check("queue", True, "the queue file's folder is writable")
        return Check("queue", False, "the queue file's folder is not writable")
    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=QUEUE_TIMEOUT_SECONDS,
        socket_timeout=QUEUE_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except redis.RedisError:
        logger.exception("readiness: Redis did not answer")
        return Check("queue", False, "the queue (Redis) does not answer")
    finally:
        client.close()
    return Check("queue", True, "the queue (Redis) answers")


def all_checks() -> list[Check]:
    """Every readiness check, the database first (the schema check needs it)."""
    first = database_check()
    if not first.ok:
        return [
            first,
            Check("schema", False, "not checked: no database"),
            queue_check(),
        ]
    return [first, schema_check(), queue_check()]
