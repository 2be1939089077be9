"""``matchmaker seed-demo``: demo data for trying the service."""

from __future__ import annotations

import click
from flask import current_app

from matchmaker.database import write_transaction
from matchmaker.extensions import db


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo organisations, needs and offers (safe to run again)."""
    from matchmaker.demo.seed import seed_demo_data

    if current_app.config["MATCHMAKER_ENV"] == "production":
        raise click.ClickException("seed-demo is refused in production.")
    db.session.rollback()
    with write_transaction(db.session):
        report = seed_demo_data()
    click.echo(
        f"Demo data: {report.organisations} organisations, {report.needs} needs and "
        f"{report.offers} offers added."
    )
