"""``matchmaker worker``: run the task queue's worker (full match runs)."""

from __future__ import annotations

import click
from flask import current_app


@click.command("worker")
@click.option(
    "--workers",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Tasks run at once (match runs still go one at a time).",
)
def worker_command(workers: int) -> None:
    """Run queued work (full match runs asked for on the Matching page).

    The queue is MATCHMAKER_QUEUE_URL's: empty, a SQLite file in the instance
    folder; redis://host:port/db, Redis. Stop it with Ctrl-C (the run under way
    finishes first) or SIGTERM (at once; the run is marked failed).
    """
    from matchmaker.worker import run_worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run_worker(app, workers=workers)
