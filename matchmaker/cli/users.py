"""``matchmaker create-user``: accounts from the command line (the first admin)."""

from __future__ import annotations

import sys

import click

from matchmaker.models import Role
from matchmaker.passwords import PasswordRejected, validate_new_password
from matchmaker.services.users import UserError, create_user


@click.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="What the user may do.",
)
@click.option("--country", help="ISO alpha-3 code (or name); focal points need one.")
@click.option(
    "--organisation",
    help="Organisation name; partners need one. An unknown name is created.",
)
@click.option("--name", "full_name", default="", help="The person's full name.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of prompting.",
)
def create_user_command(
    email: str,
    role: str,
    country: str | None,
    organisation: str | None,
    full_name: str,
    password_stdin: bool,
) -> None:
    """Create a user. The password is never taken as an argument."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        validate_new_password(password, email)  # the same rules as the web forms
        user = create_user(
            email=email,
            role=Role(role),
            password=password,
            country=country,
            organisation=organisation,
            full_name=full_name,
        )
    except (UserError, PasswordRejected) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")
