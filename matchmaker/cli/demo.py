"""``matchmaker seed-demo``: demo data for trying the service."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import func, select

from matchmaker.database import write_intent, write_transaction
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
    else:
        db.session.rollback()
        with write_transaction(db.session):
            report = seed_demo_data()
        click.echo(
            f"Demo data: {report.organisations} organisations, {report.needs} needs "
            f"and {report.offers} offers added."
        )
    _seed_accounts()
    _seed_workflow()
    _seed_history()


def _seed_workflow() -> None:
    """Pairings at every stage and some interest, once (needs the demo accounts)."""
    from matchmaker.demo.workflow import seed_demo_workflow

    db.session.rollback()
    # As in a request: every transaction takes SQLite's write lock up front, so a
    # worker writing beside the seeding makes it wait instead of failing it.
    with write_intent():
        used = seed_demo_workflow()
    if not used:
        return
    click.echo(
        f"Demo workflow: {used} suggested pairs taken through review, "
        "introduction and progress, or given interest."
    )
    # A first full run, so the Matching page and the review queue show results.
    from matchmaker.services.match_runs import RunUnderWay, run_full_match

    try:
        run = run_full_match()
    except RunUnderWay:
        click.echo("A match run is under way; the demo run was left to it.")
        return
    click.echo(f"Demo match run: {run.counts['suggestions']} suggestions stored.")
    from matchmaker.demo.workflow import raise_first_hub

    with write_intent():
        raised = raise_first_hub(run.id)
    if raised:
        click.echo(
            "Demo open call: the run's first hub candidate raised with partners."
        )


def _seed_history() -> None:
    """Spread the demo's dates over the past months, once (see demo/history.py)."""
    from matchmaker.demo.history import spread_demo_history

    db.session.rollback()
    if moved := spread_demo_history():
        click.echo(
            f"Demo history: {moved} dates moved into the past eleven months, "
            "so the charts show a year of activity."
        )


def _seed_accounts() -> None:
    """Create missing demo accounts and show their passwords, this once only."""
    from matchmaker.demo.accounts import seed_demo_accounts

    db.session.rollback()
    created = seed_demo_accounts()
    if not created:
        click.echo("Demo accounts: all exist already (passwords were shown once).")
        return
    click.echo("Demo accounts (passwords are shown only now; note them):")
    for account in created:
        where = account.country or account.organisation or ""
        click.echo(
            f"  {account.role.value:<12} {account.email:<34} {account.password}"
            + (f"  ({where})" if where else "")
        )


def _holds_listings() -> bool:
    needs = db.session.scalar(select(func.count()).select_from(Need))
    offers = db.session.scalar(select(func.count()).select_from(Offer))
    return bool(needs or offers)
