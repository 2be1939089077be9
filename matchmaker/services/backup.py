"""Backups of the service's database, and restores from them, while it runs.

No Flask here: the functions take the SQLAlchemy URL and paths, so the command line
(``matchmaker backup`` / ``matchmaker restore``) and the tests share one set of rules.

SQLite is copied with the online backup API in a single step: one read snapshot of a
WAL database, so writers carry on and the copy is consistent. A restore goes the same
way into the live file, so connections left open see the new contents and no file is
swapped under a running server. PostgreSQL goes through ``pg_dump`` (a consistent
snapshot) and ``pg_restore --single-transaction`` (all or nothing).

A backup is written to a temporary file beside its target, checked, and only then
renamed: a crash never leaves a half-written backup under the name asked for. A
restore checks everything it can before touching the database: the file's kind, its
integrity, that it is a matchmaker database, and that its schema revision is one this
code knows.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from matchmaker.services.schema_revisions import SchemaHistory, schema_history

Kind = Literal["sqlite", "postgresql"]
KIND_NAMES: dict[Kind, str] = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
POSTGRES_CLIENT_PACKAGE = "postgresql-client"
VERSION_TABLE = "alembic_version"
# The tables an operator recognises, named in summaries after the totals.
HIGHLIGHTED_TABLES = ("needs", "offers", "pairings", "users", "organisations")
SQLITE_BUSY_SECONDS = 30.0


class BackupError(Exception):
    """An expected failure, told in one plain sentence an operator can act on."""


# --------------------------------------------------------------------- the database


@dataclass(frozen=True)
class Database:
    """The configured database, as the backup and restore commands see it."""

    url: URL

    @property
    def kind(self) -> Kind:
        return "sqlite" if self.url.get_backend_name() == "sqlite" else "postgresql"

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file (a relative path is read from the working folder)."""
        return Path(self.url.database or "").resolve()

    @property
    def description(self) -> str:
        """Names the database for an operator, never with its password."""
        if self.kind == "sqlite":
            return f"the SQLite database {self.sqlite_path}"
        where = self.url.host or "the local server"
        if self.url.port:
            where += f":{self.url.port}"
        user = f" (user {self.url.username})" if self.url.username else ""
        return f'the PostgreSQL database "{self.url.database}" on {where}{user}'


def database_from_url(url: str | URL) -> Database:
    """The database a SQLAlchemy URL names, if it is one matchmaker can back up."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise BackupError(
                "The configured database is a SQLite database in memory; there is "
                "no file to back up or restore."
            )
    elif backend != "postgresql":
        raise BackupError(
            f"matchmaker backs up SQLite and PostgreSQL databases, not {backend}."
        )
    elif not parsed.database:
        raise BackupError("The PostgreSQL URL names no database.")
    return Database(parsed)


def _check_revision(path: Path, versions: list[str], history: SchemaHistory) -> str:
    """The backup's one schema revision, if this code can restore it."""
    if len(versions) != 1:
        raise BackupError(
            f"{path} holds {len(versions)} schema revisions instead of one: it is "
            "not a backup matchmaker can restore."
        )
    revision = versions[0].strip()
    if history.is_newer_than_head(revision):
        raise BackupError(
            f"{path} was taken at schema revision {revision}, newer than this code's "
            f"latest ({history.head}): upgrade matchmaker first, then restore."
        )
    if revision not in history.revisions:
        raise BackupError(
            f"{path} was taken at schema revision {revision!r}, which this matchmaker "
            "does not know: it was not made by this service."
        )
    return revision


# ------------------------------------------------------------------- backup files


@dataclass(frozen=True)
class BackupFile:
    """A checked backup: its kind, schema revision and rows per table."""

    path: Path
    kind: Kind
    revision: str
    rows: Mapping[str, int]

    def summary(self) -> str:
        """Tables and rows in plain words, with the tables operators know."""
        total = sum(self.rows.values())
        text = f"{total:,} rows in {len(self.rows)} tables"
        named = [
            f"{table} {self.rows[table]:,}"
            for table in HIGHLIGHTED_TABLES
            if table in self.rows
        ]
        return f"{text} ({', '.join(named)})" if named else text


def detect_kind(path: Path) -> Kind:
    """What a file is, from its first bytes; refuses anything that is no backup."""
    if not path.exists():
        raise BackupError(f"{path} does not exist.")
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"{path} cannot be read: {error.strerror}.") from error
    if not head:
        raise BackupError(f"{path} is empty: it is not a backup.")
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    if head.lstrip().startswith(b"--"):
        raise BackupError(
            f"{path} looks like a plain SQL script, not a backup made by "
            "`matchmaker backup` (a pg_dump custom-format archive or a SQLite file)."
        )
    raise BackupError(
        f"{path} is not a backup: it is neither a SQLite database nor a pg_dump "
        "custom-format archive."
    )


def read_backup(path: Path, history: SchemaHistory | None = None) -> BackupFile:
    """Check a backup file through and through; refuses what cannot be restored."""
    kind = detect_kind(path)
    return _read_backup_of_kind(path, kind, history or schema_history())


def _read_backup_of_kind(path: Path, kind: Kind, history: SchemaHistory) -> BackupFile:
    rows, versions = _read_contents(path, kind)
    if VERSION_TABLE not in rows:
        raise BackupError(
            f"{path} holds a {KIND_NAMES[kind]} database that is not matchmaker's: "
            f"it has no {VERSION_TABLE} table."
        )
    revision = _check_revision(path, versions, history)
    return BackupFile(path=path, kind=kind, revision=revision, rows=rows)


def _read_contents(path: Path, kind: Kind) -> tuple[dict[str, int], list[str]]:
    """Rows per table and the rows of alembic_version, once the file proves whole."""
    if kind == "sqlite":
        return _read_sqlite_file(path)
    return _read_pg_archive(path)


# --------------------------------------------------------------------------- backup


@dataclass(frozen=True)
class BackupReport:
    """What ``back_up`` wrote."""

    database: Database
    backup: BackupFile
    size: int


def back_up(
    database: Database,
    target: Path,
    *,
    force: bool = False,
) -> BackupReport:
    """Copy the database into ``target``, checked, then renamed into place.

    The copy must be whole and hold a matchmaker schema; its revision is recorded
    whatever it is (``restore`` decides whether this code can take it back).
    """
    target = target.absolute()
    _check_target(database, target, force=force)
    try:
        descriptor, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=target.parent
        )
        os.close(descriptor)
    except OSError as error:
        raise BackupError(
            f"Cannot write in {target.parent}: {error.strerror or error}."
        ) from error
    temporary = Path(name)
    try:
        rows, revision = _copy_and_check(database, temporary)
        _publish(temporary, target, force=force)
    except OSError as error:
        raise BackupError(
            f"Cannot write {target}: {error.strerror or error}; nothing was written."
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
    backup = BackupFile(path=target, kind=database.kind, revision=revision, rows=rows)
    return BackupReport(database=database, backup=backup, size=target.stat().st_size)


def _check_target(database: Database, target: Path, *, force: bool) -> None:
    """Refuse a target that is a folder, taken, or the live database itself."""
    if database.kind == "sqlite" and target.resolve() == database.sqlite_path:
        raise BackupError(f"{target} is the database itself; choose another file.")
    if target.exists() and not target.is_file():
        raise BackupError(f"{target} exists and is not a file.")
    if target.exists() and not force:
        raise BackupError(f"{target} exists already; add --force to replace it.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")


def _copy_and_check(database: Database, temporary: Path) -> tuple[dict[str, int], str]:
    """Write the copy, read it back whole; its rows per table and its revision."""
    if database.kind == "sqlite":
        _dump_sqlite(database, temporary)
    else:
        _dump_postgresql(database, temporary)
    try:
        rows, versions = _read_contents(temporary, database.kind)
    except BackupError as error:
        raise BackupError(
            f"The copy of {database.description} failed its check, so nothing "
            f"was written: {error}"
        ) from error
    if VERSION_TABLE not in rows or len(versions) != 1:
        raise BackupError(
            f"{database.description.capitalize()} holds no matchmaker schema "
            "yet: nothing to back up (run `matchmaker db upgrade` first)."
        )
    _sync(temporary)
    return rows, versions[0].strip()


def _publish(temporary: Path, target: Path, *, force: bool) -> None:
    """Give the checked copy its name in one step, never over a file unasked."""
    if force:
        os.replace(temporary, target)
    else:
        try:
            os.link(temporary, target)  # fails if the name was taken meanwhile
        except FileExistsError as error:
            raise BackupError(
                f"{target} exists already; add --force to replace it."
            ) from error
        except OSError:  # a file system without hard links
            if target.exists():
                raise BackupError(
                    f"{target} exists already; add --force to replace it."
                ) from None
            os.replace(temporary, target)
    _sync(target.parent)


def _sync(path: Path) -> None:
    """Flush a file or a folder's entries to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems cannot sync a folder; the rename stands
        pass
    finally:
        os.close(descriptor)


# -------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class RestoreReport:
    """What ``restore`` put back, and whether the schema must be upgraded."""

    database: Database
    backup: BackupFile
    history: SchemaHistory

    @property
    def needs_upgrade(self) -> bool:
        return self.backup.revision != self.history.head


def check_restore(
    database: Database, path: Path, history: SchemaHistory | None = None
) -> BackupFile:
    """Everything that can be checked before the database is touched."""
    history = history or schema_history()
    path = path.absolute()
    kind = detect_kind(path)
    if kind != database.kind:
        raise BackupError(
            f"{path} is a {KIND_NAMES[kind]} backup, but the configured database is "
            f"{database.description}: restore it into a {KIND_NAMES[kind]} database."
        )
    backup = _read_backup_of_kind(path, kind, history)
    if kind == "sqlite":
        _check_sqlite_target(database, backup)
    else:
        _check_postgresql_target(database, backup)
    return backup


def restore(
    database: Database, backup: BackupFile, history: SchemaHistory | None = None
) -> RestoreReport:
    """Replace the database's contents with a backup checked by ``check_restore``."""
    history = history or schema_history()
    if backup.kind != database.kind:
        raise BackupError("The backup and the database are not of the same kind.")
    if database.kind == "sqlite":
        _restore_sqlite(database, backup)
    else:
        _restore_postgresql(database, backup)
    return RestoreReport(database=database, backup=backup, history=history)


# --------------------------------------------------------------------------- SQLite


def _sqlite_uri(path: Path, mode: str) -> str:
    uri = f"file:{quote(str(path))}?mode={mode}"
    # A backup file changes under nobody: no locks, no -wal/-shm files beside it.
    return uri + "&immutable=1" if mode == "ro" else uri


def _dump_sqlite(database: Database, temporary: Path) -> None:
    """One backup step: one read snapshot of the live file, writers carry on."""
    source_path = database.sqlite_path
    if not source_path.is_file():
        raise BackupError(
            f"{database.description.capitalize()} does not exist: nothing to back up."
        )
    try:
        with (
            closing(
                sqlite3.connect(
                    _sqlite_uri(source_path, "rw"),
                    uri=True,
                    timeout=SQLITE_BUSY_SECONDS,
                )
            ) as source,
            closing(sqlite3.connect(temporary)) as copy,
        ):
            source.backup(copy)
            # The copy inherits WAL from the live file; one self-contained file is
            # what a backup must be.
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(
            f"{database.description.capitalize()} could not be copied: {error}."
        ) from error


@dataclass(frozen=True)
class _SqliteHeader:
    page_size: int
    pages: int | None  # None when the header's page count is not to be trusted
    wal: bool


def _sqlite_header(path: Path) -> _SqliteHeader | None:
    """The fields of a SQLite file's 100-byte header this module relies on."""
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is valid only while the change counter matches its stamp.
    trusted = pages > 0 and header[24:28] == header[92:96]
    return _SqliteHeader(
        page_size=page_size, pages=pages if trusted else None, wal=header[18] == 2
    )


def _read_sqlite_file(path: Path) -> tuple[dict[str, int], list[str]]:
    """Rows per table and the schema revisions, once the file proves whole."""
    header = _sqlite_header(path)
    size = path.stat().st_size
    if header is None or header.page_size < 512 or size % header.page_size:
        raise BackupError(f"{path} is a damaged or truncated SQLite file.")
    if header.pages is not None and size < header.pages * header.page_size:
        raise BackupError(
            f"{path} is truncated: it should hold {header.pages * header.page_size:,}"
            f" bytes and holds {size:,}."
        )
    try:
        with closing(sqlite3.connect(_sqlite_uri(path, "ro"), uri=True)) as backup:
            problems = [row[0] for row in backup.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(
                    f"{path} fails SQLite's integrity check: {problems[0]}."
                )
            tables = [
                row[0]
                for row in backup.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite%' ORDER BY name"
                )
            ]
            rows = {
                table: backup.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in tables
            }
            versions = (
                [
                    str(row[0])
                    for row in backup.execute(
                        f"SELECT version_num FROM {VERSION_TABLE}"
                    )
                ]
                if VERSION_TABLE in rows
                else []
            )
    except sqlite3.DatabaseError as error:
        message = f'{path} is damaged or not a SQLite database: SQLite says "{error}".'
        raise BackupError(message) from error
    return rows, versions


def _check_sqlite_target(database: Database, backup: BackupFile) -> None:
    """The live file can take the backup's pages (WAL needs equal page sizes)."""
    target = database.sqlite_path
    if backup.path.resolve() == target:
        raise BackupError(f"{backup.path} is the configured database itself.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    if not target.exists() or target.stat().st_size == 0:
        return
    live = _sqlite_header(target)
    copy = _sqlite_header(backup.path)
    if live is None:
        raise BackupError(
            f"{database.description.capitalize()} is not a readable SQLite file; "
            "move it aside and restore again."
        )
    if copy is not None and live.wal and live.page_size != copy.page_size:
        raise BackupError(
            f"{backup.path} uses {copy.page_size}-byte pages and "
            f"{database.description} {live.page_size}-byte pages: stop the service, "
            "move the database file aside and restore again."
        )


def _restore_sqlite(database: Database, backup: BackupFile) -> None:
    """Write the backup's pages into the live file in one write transaction."""
    try:
        with (
            closing(
                sqlite3.connect(_sqlite_uri(backup.path, "ro"), uri=True)
            ) as source,
            closing(
                sqlite3.connect(database.sqlite_path, timeout=SQLITE_BUSY_SECONDS)
            ) as live,
        ):
            source.backup(live)
    except sqlite3.Error as error:
        raise BackupError(
            f"{database.description.capitalize()} could not be restored: {error}."
        ) from error


# ----------------------------------------------------------------------- PostgreSQL


@dataclass(frozen=True)
class _Libpq:
    """How the PostgreSQL client programs reach the database."""

    conninfo: str
    environment: dict[str, str]


def libpq_arguments(url: URL) -> _Libpq:
    """A libpq connection string for the URL; the password goes in PGPASSWORD.

    The connection string holds no password, so it may appear in a process list.
    Query parameters of the URL (``sslmode``, ``host`` for a socket folder...) are
    libpq's own, as psycopg passes them on.
    """
    keywords: dict[str, str] = {}
    if url.host:
        keywords["host"] = url.host
    if url.port:
        keywords["port"] = str(url.port)
    if url.username:
        keywords["user"] = url.username
    if url.database:
        keywords["dbname"] = url.database
    for key, value in url.query.items():
        keywords[key] = value if isinstance(value, str) else ",".join(value)
    password = keywords.pop("password", None)
    if url.password is not None:
        password = str(url.password)
    environment = dict(os.environ)
    if password:
        environment["PGPASSWORD"] = password
    environment.setdefault("PGCONNECT_TIMEOUT", "15")
    conninfo = " ".join(f"{key}={_conninfo_value(v)}" for key, v in keywords.items())
    return _Libpq(conninfo=conninfo, environment=environment)


def _conninfo_value(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def _client_program(name: str) -> str:
    """The path of a PostgreSQL client program, or advice on installing it."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed; it comes with the {POSTGRES_CLIENT_PACKAGE} "
            f"package (apt-get install {POSTGRES_CLIENT_PACKAGE}), of the same major "
            "version as the server."
        )
    return found


def _tool_message(stderr: IO[bytes], returncode: int) -> str:
    """The first error line a client program wrote, on one line."""
    stderr.seek(0)
    lines = [
        line.strip()
        for line in stderr.read().decode("utf-8", "replace").splitlines()
        if line.strip()
    ]
    errors = [line for line in lines if "error" in line.lower()]
    if returncode < 0:  # a damaged archive can crash pg_restore outright
        errors.append(f"the program crashed (signal {-returncode})")
    chosen = (errors or lines or [f"exit status {returncode}"])[0]
    chosen = re.sub(r"^(pg_dump|pg_restore): (error: )?", "", chosen)
    chosen = re.sub(r"\s+", " ", chosen)
    return "".join(c if c.isprintable() and c != "\ufffd" else "?" for c in chosen)


def _run_client(
    name: str, arguments: list[str], environment: dict[str, str], failure: str
) -> None:
    """Run pg_dump or pg_restore; when it fails, ``failure`` and then its words."""
    program = _client_program(name)
    with tempfile.TemporaryFile() as stderr:
        try:
            finished = subprocess.run(
                [program, *arguments],
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        except OSError as error:
            raise BackupError(
                f"{name} could not be started: {error.strerror or error}."
            ) from error
        if finished.returncode != 0:
            raise BackupError(
                f"{failure}: {_tool_message(stderr, finished.returncode)}"
            )


def _dump_postgresql(database: Database, temporary: Path) -> None:
    """pg_dump's custom format: one consistent snapshot, compressed."""
    libpq = libpq_arguments(database.url)
    arguments = [
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={temporary}",
        f"--dbname={libpq.conninfo}",
    ]
    failure = f"pg_dump could not back up {database.description}"
    _run_client("pg_dump", arguments, libpq.environment, failure)


_COPY_LINE = re.compile(rb"^COPY (\S+) .*FROM stdin;$")


def _read_pg_archive(path: Path) -> tuple[dict[str, int], list[str]]:
    """Read the whole archive back as a script, counting the rows of each table.

    Reading every entry and data block is what catches a truncated or damaged
    archive (compressed data carries checksums; the schema text does not, and a
    damaged statement would make the single-transaction restore roll back). The
    script holds each table's rows as a COPY block, one line a row, empty tables
    included.
    """
    command = [_client_program("pg_restore"), "--file=-", str(path)]
    with tempfile.TemporaryFile() as stderr:
        try:
            with subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=stderr
            ) as tool:
                assert tool.stdout is not None
                rows, versions = _count_copied_rows(tool.stdout)
        except OSError as error:
            raise BackupError(
                f"pg_restore could not be started: {error.strerror or error}."
            ) from error
        if tool.returncode != 0:
            raise BackupError(
                f"{path} is not a complete PostgreSQL backup: "
                f"{_tool_message(stderr, tool.returncode)}"
            )
    return rows, versions


def _count_copied_rows(script: IO[bytes]) -> tuple[dict[str, int], list[str]]:
    """Rows per table in a pg_restore script, and alembic_version's rows."""
    rows: dict[str, int] = {}
    versions: list[str] = []
    table: str | None = None
    for line in script:
        line = line.rstrip(b"\n")
        if table is None:
            if match := _COPY_LINE.match(line):
                table = _unqualified(match.group(1).decode())
                rows[table] = 0
        elif line == b"\\.":
            table = None
        else:
            rows[table] += 1
            if table == VERSION_TABLE:
                versions.append(line.decode("utf-8", "replace"))
    return rows, versions


def _unqualified(name: str) -> str:
    """``public.needs`` or ``public."needs"`` → ``needs``."""
    return name.rsplit(".", 1)[-1].strip('"')


def _check_postgresql_target(database: Database, backup: BackupFile) -> None:
    """Reachable, and holding no matchmaker table the backup would leave behind.

    ``pg_restore --clean`` drops and recreates the tables in the backup; a table a
    later migration added would stay, and the next ``db upgrade`` would fail on it.
    """
    _client_program("pg_restore")
    from matchmaker.models import Base  # the tables this code knows

    engine = sa.create_engine(database.url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            live = set(sa.inspect(connection).get_table_names())
    except sa.exc.SQLAlchemyError as error:
        message = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise BackupError(
            f"{database.description.capitalize()} cannot be reached: {message}"
        ) from error
    finally:
        engine.dispose()
    known = set(Base.metadata.tables) | {VERSION_TABLE}
    left_behind = sorted((live & known) - set(backup.rows))
    if left_behind:
        raise BackupError(
            f"{database.description.capitalize()} holds tables the backup does not "
            f"({', '.join(left_behind)}): it was upgraded after the backup was taken. "
            f"Run `matchmaker db downgrade {backup.revision}` first, then restore."
        )


def _restore_postgresql(database: Database, backup: BackupFile) -> None:
    """pg_restore in one transaction: on any error the database stays as it was."""
    libpq = libpq_arguments(database.url)
    arguments = [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={libpq.conninfo}",
        str(backup.path),
    ]
    failure = f"pg_restore failed and {database.description} was left as it was"
    _run_client("pg_restore", arguments, libpq.environment, failure)


def plain_size(size: int) -> str:
    """A file size as an operator reads it."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"
