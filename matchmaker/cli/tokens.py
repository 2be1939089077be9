"""``matchmaker create-token``: a personal API token made on the server.

The raw token is the only thing on standard output, so that a script can capture it
(``TOKEN=$(matchmaker create-token someone@example.org)``); every message goes to
standard error.
"""

from __future__ import annotations

import click
from flask import current_app

from matchmaker.models import TokenScope
from matchmaker.services import api_tokens
from matchmaker.services.users import find_by_email

TOKEN_NAME = "Command line"


class Refused(click.ClickException):
    """No token made: "Error: ..." on standard error and status 2, like click's own
    refusals of bad usage, so a script tells it from a failure of the service."""

    exit_code = 2


@click.command("create-token")
@click.argument("email")
@click.option(
    "--scope",
    type=click.Choice([s.value for s in TokenScope]),
    default=TokenScope.READ.value,
    show_default=True,
    help="What the token may do: read listings, or read and write them.",
)
@click.option(
    "--days",
    type=int,
    default=None,
    help="How many days the token works [default: the setting "
    "MATCHMAKER_API_TOKEN_DEFAULT_DAYS].",
)
def create_token_command(email: str, scope: str, days: int | None) -> None:
    """Make an API token for the active user EMAIL and print it, alone, once."""
    user = find_by_email(email.strip())
    if user is None or not user.active:
        raise Refused(f"No active user has the email address {email!r}.")
    address = user.email
    lifetime = current_app.config["API_TOKEN_DEFAULT_DAYS"] if days is None else days
    try:
        token, raw = api_tokens.issue(
            user, name=TOKEN_NAME, scope=TokenScope(scope), days=lifetime
        )
    except api_tokens.ApiTokenError as error:
        raise Refused(str(error)) from error
    click.echo(
        f"Made a {token.scope.label.lower()} token for {address}, valid until "
        f"{token.expires_at:%Y-%m-%d %H:%M} UTC. It is shown once, below.",
        err=True,
    )
    click.echo(raw)
