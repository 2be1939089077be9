"""``matchmaker seed-demo``: demo data for trying the service."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import func, select

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import Need, Offer


@click.command("seed-demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Only seed when the database holds no needs and no offers yet.",
)
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo organisations, needs and offers (safe to run again)."""
    from matchmaker.demo.seed import seed_demo_data

    if current_app.config["MATCHMAKER_ENV"] == "production":
        raise click.ClickException("seed-demo is refused in production.")
    if if_empty and _holds_listings():
        click.echo("The database already holds needs or offers; nothing seeded.")
        return
    db.session.rollback()
    with write_transaction(db.session):
        report = seed_demo_data()
    click.echo(
        f"Demo data: {report.organisations} organisations, {report.needs} needs and "
        f"{report.offers} offers added."
    )


def _holds_listings() -> bool:
    needs = db.session.scalar(select(func.count()).select_from(Need))
    offers = db.session.scalar(select(func.count()).select_from(Offer))
    return bool(needs or offers)
