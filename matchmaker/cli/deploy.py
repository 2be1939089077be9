"""``matchmaker check-deploy``: refuse an unsafe production configuration.

Registered on the command group itself, not on the app: the configurations it
must explain are often the ones the app refuses to start with.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from matchmaker.deploy_check import Finding, Severity, check_environment


@click.command("check-deploy")
@click.option(
    "--offline",
    is_flag=True,
    help="Check the environment only; do not reach the database or the queue.",
)
def check_deploy_command(offline: bool) -> None:
    """Check this environment is safe for production; exit 1 if it is not.

    Reads the same MATCHMAKER_* variables as the service, then (unless --offline)
    reaches the database, the schema revision and the task queue as a starting
    host would.
    """
    environ = dict(os.environ)
    instance = Path(environ.get("MATCHMAKER_INSTANCE_PATH") or "instance")
    findings = check_environment(environ, instance)
    problems = [f for f in findings if f.severity is Severity.PROBLEM]
    if not offline and not problems:
        findings += _live_findings()
    _print(findings)
    problems = [f for f in findings if f.severity is Severity.PROBLEM]
    if problems:
        raise SystemExit(1)


def _live_findings() -> list[Finding]:
    """What the database, the schema and the queue say, as findings."""
    from matchmaker import create_app
    from matchmaker.demo.accounts import DOMAIN
    from matchmaker.extensions import db
    from matchmaker.services import readiness, user_queries

    app = create_app()
    findings = []
    with app.app_context():
        try:
            checks = readiness.all_checks()
            findings += [
                Finding(
                    Severity.PROBLEM, check.detail[0].upper() + check.detail[1:] + "."
                )
                for check in checks
                if not check.ok
            ]
            if all(check.ok for check in checks):
                demo = user_queries.count_in_email_domain(DOMAIN)
                if demo:
                    findings.append(
                        Finding(
                            Severity.PROBLEM,
                            f"{demo} demo account(s) (@{DOMAIN}) exist in this "
                            "database: their passwords were printed when they were "
                            "made. Disable or delete them.",
                        )
                    )
        finally:
            db.session.remove()
            db.engine.dispose()
    return findings


def _print(findings: list[Finding]) -> None:
    problems = [f for f in findings if f.severity is Severity.PROBLEM]
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    for finding in problems:
        click.echo(f"PROBLEM  {finding.message}")
    for finding in warnings:
        click.echo(f"warning  {finding.message}")
    if problems:
        click.echo(
            f"Not safe for production: {_count(problems, 'problem')} to fix"
            + (f", {_count(warnings, 'warning')} to consider." if warnings else ".")
        )
    elif warnings:
        click.echo(f"Safe to deploy, with {_count(warnings, 'warning')} to consider.")
    else:
        click.echo("Safe to deploy: no problem found.")


def _count(findings: list[Finding], noun: str) -> str:
    return f"{len(findings)} {noun}{'' if len(findings) == 1 else 's'}"
