"""``matchmaker backup`` and ``matchmaker restore`` on the suite's real database.

A backup taken through the command line brings every row back after the data was
changed and deleted; refused files (empty, garbage, truncated, damaged, of the other
kind, not matchmaker's, from a newer schema) leave the database exactly as it was.

The round trip restores into the suite's shared database: on PostgreSQL that drops
and recreates every table, so each such test ends with Flask-Migrate's drift check,
proof that the schema and ``alembic_version`` are what the next tests expect.
Restores of other schema revisions go to databases made for the test.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import Result
from flask.testing import FlaskCliRunner
from flask_migrate import upgrade

from matchmaker.extensions import db
from matchmaker.models import (
    Organisation,
    OrganisationKind,
    Pairing,
    PairingStatus,
    Role,
)
from matchmaker.services.backup import (
    BackupError,
    back_up,
    check_restore,
    database_from_url,
    libpq_arguments,
    read_backup,
    schema_history,
)
from tests.conftest import _make_app
from tests.databases import make_test_database, selected_kind
from tests.factories import Factories, writing

HEAD = schema_history().head
DEADLINE_SECONDS = 120.0
postgres_only = pytest.mark.skipif(
    selected_kind() != "postgres", reason="a PostgreSQL restore rule"
)


# ------------------------------------------------------------------------- helpers


def database_rows() -> dict[str, list[str]]:
    """Every row of every table, alembic_version included, on a fresh connection."""
    db.session.rollback()
    with db.engine.connect() as connection:
        tables = sorted(sa.inspect(connection).get_table_names())
        return {
            table: sorted(
                repr(tuple(row))
                for row in connection.execute(sa.text(f'SELECT * FROM "{table}"'))
            )
            for table in tables
        }


def assert_refused(result: Result, *words: str, alone: bool = True) -> str:
    """Refused in one plain line (the only one unless ``alone`` is false): no
    traceback, a non-zero exit."""
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: "), result.output
    assert len(lines) == 1 or not alone, result.output
    for word in words:
        assert word in lines[-1], result.output
    return lines[-1]


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def backup_file(runner: FlaskCliRunner, path: Path) -> Path:
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    return path


def drift_check(runner: FlaskCliRunner) -> None:
    """Flask-Migrate's check: the database is at head and matches the models."""
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder for backups alone (the app's instance folder is in tmp_path)."""
    path = tmp_path / "backups"
    path.mkdir()
    return path


@pytest.fixture
def world(make: Factories) -> dict[str, int]:
    """Users of every kind, listings and one accepted pairing, by id."""
    focal = make.user(Role.FOCAL_POINT, country="NPL", full_name="Maya Focal")
    partner = make.user(Role.PARTNER, full_name="Ravi Partner")
    make.user(Role.FACILITATOR)
    need = make.need(created_by=focal, budget_usd=250_000, title="Calibration centre")
    second = make.need(country="BGD", title="Biomedical equipment maintenance")
    offer = make.offer(organisation=partner.organisation, capacity=3)
    with writing():
        pairing = Pairing(
            need=need, offer=offer, status=PairingStatus.ACCEPTED, score=81.5
        )
        db.session.add(pairing)
        db.session.commit()
    return {"need": need.id, "second": second.id, "pairing": pairing.id}


def change_and_delete(ids: dict[str, int], make: Factories) -> None:
    """Edits, deletions and additions a restore must undo."""
    from matchmaker.models import Need

    with writing():
        db.session.get(Need, ids["need"]).title = "Changed after the backup"
        db.session.delete(db.session.get(Pairing, ids["pairing"]))
        db.session.delete(db.session.get(Need, ids["second"]))
        db.session.commit()
    make.user(Role.ADMIN, email="late@example.org")


# ---------------------------------------------------------------------- round trip


def test_round_trip_brings_every_row_back(
    runner: FlaskCliRunner, make: Factories, world: dict[str, int], folder: Path
) -> None:
    before = database_rows()
    path = folder / "matchmaker.backup"
    taken = runner.invoke(args=["backup", str(path)])
    assert taken.exit_code == 0, taken.output
    assert f"schema revision {HEAD}" in taken.output
    assert "needs 2, offers 1, pairings 1, users 3" in taken.output
    assert sorted(p.name for p in folder.iterdir()) == ["matchmaker.backup"]

    change_and_delete(world, make)
    assert database_rows() != before
    live = database_from_url(db.engine.url)
    watcher = (
        sqlite3.connect(live.sqlite_path) if live.kind == "sqlite" else None
    )  # a connection open across the restore, as a server's would be
    try:
        restored = runner.invoke(args=["restore", "--yes", str(path)])
        assert restored.exit_code == 0, restored.output
        assert f"now at schema revision {HEAD}, the latest" in restored.output
        assert "db upgrade" not in restored.output
        assert database_rows() == before
        if watcher is not None:
            assert watcher.execute("SELECT count(*) FROM pairings").fetchone() == (1,)
            assert watcher.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        if watcher is not None:
            watcher.close()
    drift_check(runner)
    # Identity columns carry on past the restored rows (PostgreSQL sequences).
    assert make.need().id > max(world.values())


def test_backup_refuses_to_overwrite_without_force(
    runner: FlaskCliRunner, world: dict[str, int], folder: Path
) -> None:
    path = folder / "kept.backup"
    path.write_bytes(b"an earlier backup")
    assert_refused(runner.invoke(args=["backup", str(path)]), "--force")
    assert path.read_bytes() == b"an earlier backup"
    assert [p.name for p in folder.iterdir()] == ["kept.backup"]

    forced = runner.invoke(args=["backup", "--force", str(path)])
    assert forced.exit_code == 0, forced.output
    assert read_backup(path).rows["pairings"] == 1
    assert [p.name for p in folder.iterdir()] == ["kept.backup"]


# ------------------------------------------------------------------ refused files


def _other_kind(path: Path, backup: Path) -> str:
    """A backup of the kind the suite's database is not."""
    if selected_kind() == "sqlite":
        path.write_bytes(b"PGDMP\x01\x0e\x00" + os.urandom(2048))
        return "is a PostgreSQL backup"
    with closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        other.execute("INSERT INTO alembic_version VALUES (?)", (HEAD,))
        other.commit()
    return "is a SQLite backup"


def _truncated(path: Path, backup: Path) -> str:
    data = backup.read_bytes()
    path.write_bytes(data[: len(data) // 2 // 4096 * 4096])
    return "truncated" if selected_kind() == "sqlite" else "not a complete"


def _damaged(path: Path, backup: Path) -> str:
    data = bytearray(backup.read_bytes())
    middle = 4096 if selected_kind() == "sqlite" else len(data) // 2
    data[middle : middle + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    return "is damaged" if selected_kind() == "sqlite" else "not a complete"


def _not_matchmakers(path: Path, backup: Path) -> str:
    """A genuine database of the right kind that matchmaker never made."""
    if selected_kind() == "sqlite":
        with closing(sqlite3.connect(path)) as other:
            other.execute("CREATE TABLE visitors (name TEXT)")
            other.commit()
        return "not matchmaker's"
    stranger = make_test_database(path.parent)
    try:
        engine = sa.create_engine(stranger.url)
        with engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE visitors (name TEXT)"))
        engine.dispose()
        libpq = libpq_arguments(sa.make_url(stranger.url))
        subprocess.run(
            ["pg_dump", "--format=custom", f"--file={path}", libpq.conninfo],
            env=libpq.environment,
            check=True,
        )
    finally:
        stranger.drop()
    return "not matchmaker's"


def _empty(path: Path, backup: Path) -> str:
    path.write_bytes(b"")
    return "is empty"


def _garbage(path: Path, backup: Path) -> str:
    path.write_bytes(b"\x00\x01 not a database " * 500)
    return "not a backup"


def _sql_script(path: Path, backup: Path) -> str:
    path.write_text("-- a plain dump\nDROP TABLE needs;\n")
    return "plain SQL script"


BAD_FILES: dict[str, Callable[[Path, Path], str]] = {
    "empty": _empty,
    "garbage": _garbage,
    "sql script": _sql_script,
    "truncated": _truncated,
    "damaged": _damaged,
    "other kind": _other_kind,
    "not matchmaker's": _not_matchmakers,
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_restore_refuses_what_is_not_a_whole_backup(
    case: str, runner: FlaskCliRunner, world: dict[str, int], tmp_path: Path
) -> None:
    good = backup_file(runner, tmp_path / "good.backup")
    bad = tmp_path / "bad.backup"
    expected = BAD_FILES[case](bad, good)
    before = database_rows()
    line = assert_refused(runner.invoke(args=["restore", "--yes", str(bad)]))
    assert expected in line
    assert database_rows() == before


def test_restore_refuses_a_missing_file(
    runner: FlaskCliRunner, world: dict[str, int], tmp_path: Path
) -> None:
    before = database_rows()
    missing = tmp_path / "nowhere.backup"
    assert_refused(runner.invoke(args=["restore", str(missing)]), "does not exist")
    assert_refused(runner.invoke(args=["restore", str(tmp_path)]), "not a file")
    assert database_rows() == before


@pytest.mark.parametrize(
    ("revision", "advice"),
    [("9999", "upgrade matchmaker first"), ("abc123", "does not know")],
)
def test_restore_refuses_a_schema_this_code_does_not_know(
    revision: str,
    advice: str,
    runner: FlaskCliRunner,
    world: dict[str, int],
    tmp_path: Path,
) -> None:
    """A backup from a newer matchmaker (or another program) is never restored."""
    with db.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE alembic_version SET version_num = :r"), {"r": revision}
        )
    try:
        backup_file(runner, tmp_path / "newer.backup")
    finally:
        with db.engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE alembic_version SET version_num = :r"), {"r": HEAD}
            )
    before = database_rows()
    line = assert_refused(
        runner.invoke(args=["restore", "--yes", str(tmp_path / "newer.backup")]),
        revision,
        advice,
    )
    assert "Error:" in line
    assert database_rows() == before


# ------------------------------------------------------------------- confirmation


def test_restore_answered_no_changes_nothing(
    runner: FlaskCliRunner, make: Factories, world: dict[str, int], tmp_path: Path
) -> None:
    path = backup_file(runner, tmp_path / "matchmaker.backup")
    change_and_delete(world, make)
    before = database_rows()
    answered = runner.invoke(args=["restore", str(path)], input="n\n")
    assert answered.exit_code != 0
    description = database_from_url(db.engine.url).description
    assert f"Replace everything in {description} with this backup" in answered.output
    assert "Nothing was restored" in answered.output
    assert "Traceback" not in answered.output
    assert database_rows() == before
    # No answer at all (a script without --yes) changes nothing either.
    unanswered = runner.invoke(args=["restore", str(path)], input="")
    assert unanswered.exit_code != 0
    assert database_rows() == before


# ------------------------------------------------------------------ while writing


def test_backup_taken_while_another_connection_writes_is_consistent(
    runner: FlaskCliRunner, migrated_url: str, tmp_path: Path
) -> None:
    """Each of the writer's transactions adds two organisations: a consistent copy
    holds an even number, at least as many as were written before it began."""
    stop = threading.Event()
    committed = [0]
    errors: list[BaseException] = []
    engine = sa.create_engine(migrated_url)
    table = Organisation.__table__

    def write() -> None:
        try:
            while not stop.is_set():
                n = committed[0]
                with engine.begin() as connection:
                    for side in "ab":
                        connection.execute(
                            table.insert().values(
                                name=f"pair-{n}-{side}", kind=OrganisationKind.COMPANY
                            )
                        )
                committed[0] = n + 1
        except BaseException as error:  # reported by the test, not lost in a thread
            errors.append(error)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        wait_until(lambda: committed[0] >= 20 or bool(errors), "the first writes")
        written_before = committed[0]
        path = backup_file(runner, tmp_path / "busy.backup")
        written_after = committed[0]
        wait_until(
            lambda: committed[0] >= written_after + 5 or bool(errors), "more writes"
        )
    finally:
        stop.set()
        writer.join(DEADLINE_SECONDS)
        engine.dispose()
    assert not errors, errors
    assert not writer.is_alive()
    copied = read_backup(path).rows["organisations"]
    assert copied % 2 == 0
    assert 2 * written_before <= copied <= 2 * (written_after + 1)
    if selected_kind() == "sqlite":
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as backup:
            names = {row[0] for row in backup.execute("SELECT name FROM organisations")}
        assert {n.replace("-a", "-b") for n in names if n.endswith("-a")} == {
            n for n in names if n.endswith("-b")
        }


# ------------------------------------------------------- other schema revisions


def _matchmaker_command(
    *args: str, url: str, instance: Path
) -> subprocess.CompletedProcess[str]:
    """The installed ``matchmaker`` command, configured as an operator would."""
    environment = dict(os.environ)
    environment.pop("MATCHMAKER_ENV", None)
    environment.update(
        MATCHMAKER_DATABASE_URL=url, MATCHMAKER_INSTANCE_PATH=str(instance)
    )
    program = Path(sys.executable).with_name("matchmaker")
    return subprocess.run(
        [str(program), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS,
    )


def test_an_older_backup_restores_into_an_empty_database_then_upgrades(
    fresh_app, fresh_database, tmp_path: Path
) -> None:
    """Disaster recovery: yesterday's backup, taken before the latest migration,
    onto a new empty database through the command line; then ``db upgrade``."""
    history = schema_history()
    older = history.revisions[-2]
    upgrade(revision=older)
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO organisations (name, kind, website, created_at, "
                "updated_at) VALUES ('Kept', 'research', '', CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)"
            )
        )
    db.engine.dispose()
    path = tmp_path / "older.backup"
    back_up(database_from_url(fresh_database.url), path)

    (tmp_path / "target").mkdir()
    target = make_test_database(tmp_path / "target")
    try:
        restored = _matchmaker_command(
            "restore", "--yes", str(path), url=target.url, instance=tmp_path / "i"
        )
        assert restored.returncode == 0, restored.stderr
        assert f"now at schema revision {older}, older than" in restored.stdout
        assert "Run `matchmaker db upgrade` now" in restored.stdout
        assert "Traceback" not in restored.stderr

        target_app = _make_app(target.url, tmp_path / "target-instance")
        with target_app.app_context():
            upgrade()
            drift_check(target_app.test_cli_runner())
            kept = db.session.scalar(
                sa.select(Organisation.name).where(Organisation.name == "Kept")
            )
            assert kept == "Kept"
            db.session.remove()
            db.engine.dispose()
    finally:
        target.drop()


@postgres_only
def test_postgres_restore_refuses_to_leave_newer_tables_behind(
    fresh_app, fresh_database, migrated_url: str, tmp_path: Path
) -> None:
    """pg_restore --clean only replaces the backup's tables; a table added by a
    later migration would stay and break the next upgrade, so the restore asks for
    a downgrade first."""
    upgrade(revision="0006")  # before password_reset_requests (0007)
    db.engine.dispose()
    path = tmp_path / "old.backup"
    back_up(database_from_url(fresh_database.url), path)
    with pytest.raises(BackupError) as refused:
        check_restore(database_from_url(migrated_url), path)
    assert "password_reset_requests" in str(refused.value)
    assert "matchmaker db downgrade 0006" in str(refused.value)


@postgres_only
def test_a_failed_postgres_restore_leaves_the_database_as_it_was(
    runner: FlaskCliRunner, make: Factories, world: dict[str, int], folder: Path
) -> None:
    """The schema text of a custom archive carries no checksum: a damaged statement
    passes the reading, fails in pg_restore, and the one transaction rolls back."""
    path = backup_file(runner, folder / "matchmaker.backup")
    data = path.read_bytes()
    statement = b"CREATE TABLE public.pairings ("
    assert data.count(statement) == 1
    path.write_bytes(data.replace(statement, b"CREATE TABLX public.pairings ("))
    change_and_delete(world, make)
    before = database_rows()
    assert_refused(
        runner.invoke(args=["restore", "--yes", str(path)]),
        "pg_restore failed",
        "was left as it was",
        'syntax error at or near "TABLX"',
        alone=False,  # after the backup's summary, shown before the restore began
    )
    assert database_rows() == before
    drift_check(runner)


@postgres_only
def test_backup_names_the_missing_postgresql_client(
    runner: FlaskCliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(folder))  # an empty folder: no pg_dump
    assert_refused(
        runner.invoke(args=["backup", str(folder / "x.backup")]),
        "pg_dump",
        "postgresql-client",
    )
    assert list(folder.iterdir()) == []


# ----------------------------------------------------------- connection arguments


def test_the_password_goes_to_pgpassword_never_to_the_command_line() -> None:
    url = sa.make_url(
        "postgresql+psycopg://mm:s3cr%27et@db.internal:5433/match maker?sslmode=require"
    )
    libpq = libpq_arguments(url)
    assert "s3cr" not in libpq.conninfo
    assert libpq.environment["PGPASSWORD"] == "s3cr'et"
    assert libpq.conninfo == (
        "host='db.internal' port='5433' user='mm' dbname='match maker' "
        "sslmode='require'"
    )
    description = database_from_url(url).description
    assert description == (
        'the PostgreSQL database "match maker" on db.internal:5433 (user mm)'
    )
    assert "s3cr" not in description
