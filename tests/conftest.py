"""Shared fixtures: a real database (SQLite file or PostgreSQL), the app and clients.

The database comes from ``MATCHMAKER_TEST_DATABASE``: ``sqlite`` (default, a file in
a temporary folder) or ``postgres`` (a fresh database created on the server named by
``MATCHMAKER_TEST_POSTGRES_URL`` and dropped afterwards). Migrations build the schema,
exactly as in production; each test starts from empty tables with reference data.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests import factories
from tests.databases import TestDatabase, make_test_database

# One key per run, shared with the servers tests start, so that values sealed by the
# test process (second-factor secrets) open in the server and the other way round.
TEST_SECRET_KEY = secrets.token_urlsafe(32)

# Reference data survives between tests; everything else is emptied.
KEEP_TABLES = frozenset({"countries", "sub_regions", "alembic_version"})


def pytest_report_header(config: pytest.Config) -> str:
    from tests.databases import selected_kind

    return f"matchmaker test database: {selected_kind()}"


DATABASE_FIXTURES = frozenset({"test_database", "migrated_url", "fresh_database"})


# The longest test files (about a minute each), run first: the parallel runner
# hands out files in order, so a long file left for the end keeps one process busy
# while the other waits.
LONGEST_FIRST = (
    "tests/access/test_every_route.py",
    "tests/api/test_fuzz.py",
    "tests/browser/",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that reach no database, so the PostgreSQL pass can leave them out.

    A test reaches a database through one of ``DATABASE_FIXTURES`` (directly or via
    ``app``, ``client``...) or by carrying the ``database`` marker. The longest
    files go first (``LONGEST_FIRST``), each file's tests staying together.
    """
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if (
            not names & DATABASE_FIXTURES
            and item.get_closest_marker("database") is None
        ):
            item.add_marker(pytest.mark.database_independent)


@pytest.fixture(scope="session")
def test_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestDatabase]:
    """One migrated database for the whole run."""
    database = make_test_database(tmp_path_factory.mktemp("db"))
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture(scope="session")
def migrated_url(test_database: TestDatabase, tmp_path_factory) -> str:
    """The database URL after ``db upgrade`` has run on it."""
    from flask_migrate import upgrade

    app = _make_app(test_database.url, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        from matchmaker.extensions import db

        upgrade()
        db.session.remove()
        db.engine.dispose()
    return test_database.url


def _make_app(url: str, instance: Path, **overrides) -> Flask:
    from matchmaker import create_app

    os.environ["MATCHMAKER_INSTANCE_PATH"] = str(instance)
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": TEST_SECRET_KEY,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app_config() -> dict:
    """Extra configuration a test module may override."""
    return {}


@pytest.fixture
def app(migrated_url: str, tmp_path: Path, app_config: dict) -> Iterator[Flask]:
    """The application on the migrated test database, emptied after the test."""
    app = _make_app(migrated_url, tmp_path / "instance", **app_config)
    with app.app_context():
        yield app
        _empty_tables(app)


def _empty_tables(app: Flask) -> None:
    from matchmaker.extensions import db
    from matchmaker.reference_data import ensure_reference_data

    db.session.rollback()
    db.session.remove()
    tables = [t for t in db.metadata.sorted_tables if t.name not in KEEP_TABLES]
    with db.engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(table.delete())
        ensure_reference_data(connection)
    db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def db_session(app: Flask):
    from matchmaker.extensions import db

    return db.session


@pytest.fixture
def make(app: Flask) -> factories.Factories:
    """Factories for users, organisations, needs and offers (committed rows)."""
    return factories.Factories()


@pytest.fixture
def engine(app: Flask) -> sa.Engine:
    from matchmaker.extensions import db

    return db.engine


def sign_in_as(client: FlaskClient, user) -> FlaskClient:
    """Put ``user`` into the client's session as a completed sign-in would."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        # The session rules end a session without sign-in and last-seen times.
        session["signed_in_at"] = session["last_seen"] = int(time.time())
    return client


@pytest.fixture
def signed_in(client: FlaskClient, make):
    """A function signing the test client in as a given user (or a facilitator)."""

    def _sign_in(user=None) -> FlaskClient:
        return sign_in_as(client, user or make.user())

    return _sign_in


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[TestDatabase]:
    """An empty database of the selected kind, for tests of migrations themselves."""
    database = make_test_database(tmp_path)
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture
def fresh_app(fresh_database: TestDatabase, tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty, unmigrated database."""
    app = _make_app(fresh_database.url, tmp_path / "fresh-instance")
    with app.app_context():
        yield app
        from matchmaker.extensions import db

        db.session.remove()
        db.engine.dispose()
