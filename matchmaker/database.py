"""Engine set-up per database, and write transactions that never lose an update.

SQLite: WAL lets readers run beside one writer, ``busy_timeout`` makes a second writer
wait instead of failing, and write transactions start with ``BEGIN IMMEDIATE`` so that
two read-modify-write requests cannot both read the old value (measured: 425 of 800
updates lost without it). PostgreSQL: write paths lock the rows they change
(``SELECT … FOR UPDATE``) and versioned rows turn any remaining race into a conflict.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any, TypeVar

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.pool import ConnectionPoolEntry

logger = logging.getLogger(__name__)

_SessionT = TypeVar("_SessionT", bound=Session)

_write_intent: ContextVar[bool] = ContextVar("matchmaker_write_intent", default=False)


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Install the per-connection settings the service relies on."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        statement = "BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN"
        connection.exec_driver_sql(statement)


@contextmanager
def write_intent() -> Iterator[None]:
    """Transactions begun inside take the write lock up front (SQLite)."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def start_write_intent() -> Token[bool]:
    """Mark the current context (one request) as writing; returns a reset token."""
    return _write_intent.set(True)


def end_write_intent(token: Token[bool]) -> None:
    """Undo ``start_write_intent``."""
    _write_intent.reset(token)


@contextmanager
def write_transaction(
    session: _SessionT | scoped_session[_SessionT],
) -> Iterator[_SessionT]:
    """One write transaction: committed on success, rolled back on any error.

    The session must not be inside a transaction already, or the lock could not be
    taken up front; callers commit or roll back their reads first.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.in_transaction():
        raise RuntimeError("write_transaction needs a session with no open transaction")
    with write_intent(), session.begin():
        yield session
