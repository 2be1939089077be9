"""``matchmaker backup`` and ``matchmaker restore``: the configured database to a file
and back, while the service keeps running (the rules live in services/backup.py)."""

from __future__ import annotations

from pathlib import Path

import click

from matchmaker.services.backup import (
    BackupError,
    Database,
    back_up,
    check_restore,
    database_from_url,
    plain_size,
    restore,
    schema_history,
)

FILE = click.Path(dir_okay=True, path_type=Path)


def _configured_database() -> Database:
    """The app's database, with SQLite's path as the app resolved it."""
    from matchmaker.extensions import db

    # The command holds no transaction of its own: on PostgreSQL one would block
    # the restore's DROP TABLE, on SQLite it would pin an old snapshot.
    db.session.remove()
    return database_from_url(db.engine.url)


@click.command("backup", short_help="Back up the database into a file, online.")
@click.argument("file", type=FILE)
@click.option("--force", is_flag=True, help="Replace FILE if it exists already.")
def backup_command(file: Path, force: bool) -> None:
    """Back up the configured database into FILE, while the service runs.

    SQLite is copied with its online backup API and checked; PostgreSQL goes through
    pg_dump (custom format). FILE appears only once the copy is complete.
    """
    try:
        report = back_up(_configured_database(), file, force=force)
        history = schema_history()
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    backup = report.backup
    click.echo(
        f"Backed up {report.database.description} to {backup.path} "
        f"({plain_size(report.size)})."
    )
    click.echo(f"It holds {backup.summary()}, at {history.describe(backup.revision)}.")


@click.command("restore", short_help="Replace the database with a backup.")
@click.argument("file", type=FILE)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(file: Path, yes: bool) -> None:
    """Replace everything in the configured database with the backup in FILE.

    The file is checked first (its kind, integrity and schema revision); nothing
    is changed unless it can be restored whole. Asks before replacing anything
    (--yes for scripts). If the backup is from an older schema, run
    `matchmaker db upgrade` afterwards, as the command says.
    """
    from matchmaker.extensions import db

    try:
        database = _configured_database()
        history = schema_history()
        backup = check_restore(database, file, history)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"The backup {backup.path} holds {backup.summary()}, at "
        f"{history.describe(backup.revision)}."
    )
    if not yes and not click.confirm(
        f"Replace everything in {database.description} with this backup "
        "(what it holds now will be lost)?",
        default=False,
    ):
        click.echo("Nothing was restored; the database is unchanged.")
        raise click.exceptions.Exit(1)
    try:
        report = restore(database, backup, history)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    finally:
        # Pooled connections made before the restore are not reused.
        db.engine.dispose()
    click.echo(f"Restored {backup.path} into {database.description}.")
    click.echo(f"The database is now at {history.describe(backup.revision)}.")
    if report.needs_upgrade:
        click.echo(
            "Run `matchmaker db upgrade` now, before the service uses the database: "
            f"this code expects schema revision {history.head}."
        )
