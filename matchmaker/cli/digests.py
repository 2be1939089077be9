"""``matchmaker send-digests``: the daily email summary, meant for cron."""

from __future__ import annotations

import click


@click.command("send-digests")
def send_digests_command() -> None:
    """Email each user who chose "Once a day" their unmailed notifications.

    Safe to run twice or at the same time: every notification is claimed before it
    is mailed, so none is ever mailed twice. Exits with status 1 when a message
    could not be sent (those are logged and not retried).
    """
    from matchmaker.services.digests import send_digests

    summary = send_digests()
    if summary.sent == 0 and summary.failed == 0:
        click.echo("No daily summaries to send: nobody has unmailed notifications.")
        return
    people = "person" if summary.sent == 1 else "people"
    click.echo(
        f"Sent a daily summary to {summary.sent} {people}, covering "
        f"{summary.notifications} notification"
        f"{'' if summary.notifications == 1 else 's'}."
    )
    if summary.failed:
        click.echo(
            f"{summary.failed} summar{'y' if summary.failed == 1 else 'ies'} could "
            "not be sent; see the log. Those notifications stay on the "
            "Notifications page and are not mailed again.",
            err=True,
        )
        raise SystemExit(1)
