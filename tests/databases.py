"""Test databases: a SQLite file, or a throwaway database on a PostgreSQL server."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class TestDatabase:
    """A database made for one test run."""

    __test__ = False  # not a test class, despite the name

    url: str
    kind: str
    _admin_url: str | None = field(default=None, repr=False)
    _name: str | None = field(default=None, repr=False)

    def drop(self) -> None:
        """Remove a PostgreSQL database made for the run (SQLite files go with tmp)."""
        if self.kind != "postgres":
            return
        engine = sa.create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(
                sa.text(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)')
            )
        engine.dispose()


def selected_kind() -> str:
    """Which database the suite runs on."""
    kind = (os.environ.get("MATCHMAKER_TEST_DATABASE") or "sqlite").lower()
    if kind not in {"sqlite", "postgres"}:
        raise RuntimeError(
            f"MATCHMAKER_TEST_DATABASE must be sqlite or postgres: {kind}"
        )
    return kind


def make_test_database(folder: Path) -> TestDatabase:
    """A new, empty database of the selected kind."""
    if selected_kind() == "sqlite":
        return TestDatabase(url=f"sqlite:///{folder / 'test.sqlite3'}", kind="sqlite")
    server_url = os.environ.get("MATCHMAKER_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    name = f"matchmaker_test_{os.getpid()}_{secrets.token_hex(4)}"
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = make_url(server_url).set(database=name)
    return TestDatabase(
        url=url.render_as_string(hide_password=False),
        kind="postgres",
        _admin_url=server_url,
        _name=name,
    )
