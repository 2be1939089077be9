"""The ``matchmaker`` command line: Flask's CLI group with the service's commands."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup

from matchmaker.cli.deploy import check_deploy_command


def init_app(app: Flask) -> None:
    """Attach the service's commands to ``app.cli``."""
    from matchmaker.cli.backup import backup_command, restore_command
    from matchmaker.cli.demo import seed_demo_command
    from matchmaker.cli.digests import send_digests_command
    from matchmaker.cli.match import match_command
    from matchmaker.cli.tokens import create_token_command
    from matchmaker.cli.users import create_user_command
    from matchmaker.cli.worker import worker_command
    from matchmaker.matching_cli import match_files_command

    for command in (
        create_user_command,
        create_token_command,
        seed_demo_command,
        match_command,
        match_files_command,
        send_digests_command,
        worker_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from matchmaker import create_app

    return create_app()


main = FlaskGroup(
    name="matchmaker",
    create_app=_create_app,
    help="Manage the matchmaker service: database, users, demo data and matching.",
)
main.add_command(check_deploy_command)
