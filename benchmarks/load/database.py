"""A throwaway database for one load run, built through the service's own commands.

SQLite (a file in the run's temporary folder) or a fresh database on a PostgreSQL
server, dropped afterwards. The schema comes from ``matchmaker db upgrade`` and the
demo data from ``matchmaker seed-demo``, run as an operator would run them, so the
benchmark measures the database a real installation has, not one shaped for it.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# A full match run at 5,000 × 5,000 takes tens of seconds on 2 cores; a busy
# machine may take several times that.
CLI_DEADLINE_SECONDS = 900


class SetupError(RuntimeError):
    """The run could not be prepared; the message says what to do."""


@dataclass
class BenchDatabase:
    """The database of one run, and how to reach it."""

    url: str
    kind: str
    instance: Path
    secret_key: str = field(repr=False)
    _admin_url: str | None = field(default=None, repr=False)
    _name: str | None = field(default=None, repr=False)

    def environ(self) -> dict[str, str]:
        """The service's environment for this database (CLI and gunicorn alike)."""
        environ = dict(os.environ)
        environ.update(
            MATCHMAKER_DATABASE_URL=self.url,
            MATCHMAKER_INSTANCE_PATH=str(self.instance),
            MATCHMAKER_SECRET_KEY=self.secret_key,
            MATCHMAKER_LOG_LEVEL="WARNING",
            # Sign-in throttling is not what is measured; the failures it counts
            # never happen here (every password is right), but no delay either.
            MATCHMAKER_SIGNIN_DELAY_SECONDS="0",
        )
        return environ

    def drop(self) -> None:
        """Drop a PostgreSQL database made for the run (SQLite goes with tmp)."""
        if self.kind != "postgres" or self._admin_url is None:
            return
        engine = sa.create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(
                    sa.text(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)')
                )
        finally:
            engine.dispose()


@contextmanager
def bench_database(
    kind: str, folder: Path, postgres_url: str
) -> Iterator[BenchDatabase]:
    """A new, empty database of ``kind``; dropped on the way out, whatever happens."""
    instance = folder / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    if kind == "sqlite":
        yield BenchDatabase(
            f"sqlite:///{folder / 'load.sqlite3'}", "sqlite", instance, key
        )
        return
    name = f"matchmaker_load_{os.getpid()}_{secrets.token_hex(4)}"
    engine = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        raise SetupError(
            f"Could not create a database on {_safe(postgres_url)}: is PostgreSQL "
            "running there, and may this user create databases? "
            f"({error.orig or error})"
        ) from error
    finally:
        engine.dispose()
    url = make_url(postgres_url).set(database=name)
    database = BenchDatabase(
        url.render_as_string(hide_password=False),
        "postgres",
        instance,
        key,
        _admin_url=postgres_url,
        _name=name,
    )
    try:
        yield database
    finally:
        database.drop()


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def run_cli(database: BenchDatabase, *args: str) -> str:
    """Run ``matchmaker ARGS`` on the run's database; its output, or SetupError."""
    command = [str(Path(sys.executable).with_name("matchmaker")), *args]
    try:
        done = subprocess.run(
            command,
            env=database.environ(),
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=CLI_DEADLINE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise SetupError(
            f"'matchmaker {' '.join(args)}' did not finish within "
            f"{CLI_DEADLINE_SECONDS} s."
        ) from error
    if done.returncode != 0:
        raise SetupError(
            f"'matchmaker {' '.join(args)}' failed (exit {done.returncode}):\n"
            f"{(done.stdout + done.stderr)[-2000:]}"
        )
    return done.stdout


def make_app(database: BenchDatabase) -> Any:
    """The service's app on the run's database, for building data in-process."""
    os.environ["MATCHMAKER_INSTANCE_PATH"] = str(database.instance)
    from matchmaker import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database.url,
            "SECRET_KEY": database.secret_key,
            "LOG_LEVEL": "WARNING",
        }
    )
