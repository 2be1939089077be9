"""``matchmaker match``: a full run of the engine over the database.

It holds the same run lease as the queue worker, so it refuses while a run is
under way. Progress is a bar on a terminal and one line per step otherwise (a
log file or cron mail reads better without carriage returns).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import TypedDict

import click

from matchmaker.matching import InputError

Progress = Callable[[str, int, int], None]


class _Overrides(TypedDict, total=False):
    """The match settings the command line may override for one run."""

    top_k: int
    min_score: float


@click.command("match")
@click.option("--top", "top_k", type=click.IntRange(1, 50), default=None,
              help="Suggestions kept per need (default: match settings).")  # fmt: skip
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Lowest score suggested (default: the match settings).")  # fmt: skip
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reference date for validity (default: today).")  # fmt: skip
def match_command(
    top_k: int | None, min_score: float | None, as_of: datetime | None
) -> None:
    """Match every open need against every open offer and store the run.

    The match settings an admin saved are used; ``--top`` and ``--min-score``
    override them for this run only.
    """
    from matchmaker.services.match_runs import RunUnderWay, run_full_match
    from matchmaker.services.match_settings import current_settings

    options: _Overrides = {}
    if top_k is not None:
        options["top_k"] = top_k
    if min_score is not None:
        options["min_score"] = min_score
    try:
        settings = replace(current_settings(), **options)
    except InputError as error:
        raise click.ClickException(str(error)) from error
    reference = as_of.date() if as_of else date.today()
    click.echo(f"Matching open needs and offers as of {reference}...")
    try:
        with _progress() as progress:
            run = run_full_match(settings, as_of=reference, progress=progress)
    except RunUnderWay as busy:
        raise click.ClickException(
            f"{busy} Only one run at a time: wait for it to finish, then try again."
        ) from busy
    counts = run.counts
    click.echo(
        f"Run {run.id}: {counts['needs']} needs, {counts['offers']} offers -> "
        f"{counts['suggestions']} suggestions, {counts['pairings']} pairings, "
        f"{counts['regional']} regional proposals, {counts['hubs']} hub candidates, "
        f"{counts['unmet']} needs unmet ({run.timings['total_s']:.2f} s); "
        f"{counts['expired_offers']} offers past their validity marked expired."
    )


@contextmanager
def _progress() -> Iterator[Progress]:
    """A progress callback: a bar on a terminal, plain lines otherwise."""
    from matchmaker.services.match_runs import STEP_LABELS, STEPS

    if not sys.stdout.isatty():

        def line(step: str, done: int, total: int) -> None:
            if step:
                click.echo(f"  step {done + 1} of {total}: {STEP_LABELS[step]}")

        yield line
        return
    # The step's name goes last, so that the bar stays put as names change length.
    with click.progressbar(
        length=len(STEPS),
        label=STEP_LABELS[STEPS[0]],
        show_pos=True,
        width=20,
        show_eta=False,
        bar_template="[%(bar)s]  %(info)s  %(label)s",
    ) as bar:
        shown = 0

        def update(step: str, done: int, total: int) -> None:
            nonlocal shown
            bar.label = STEP_LABELS.get(step, "Done")
            bar.update(done - shown)
            shown = done

        yield update
