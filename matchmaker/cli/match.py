"""``matchmaker match``: a full run of the engine over the database."""

from __future__ import annotations

from datetime import date

import click

from matchmaker.matching import InputError, MatchSettings


@click.command("match")
@click.option("--top", "top_k", type=click.IntRange(1, 50), default=5,
              show_default=True, help="Suggestions kept per need.")  # fmt: skip
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Lowest score suggested (default: the engine's).")  # fmt: skip
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reference date for validity (default: today).")  # fmt: skip
def match_command(top_k: int, min_score: float | None, as_of) -> None:
    """Match every open need against every open offer and store the run."""
    from matchmaker.services.match_runs import run_full_match

    options: dict[str, object] = {"top_k": top_k}
    if min_score is not None:
        options["min_score"] = min_score
    try:
        settings = MatchSettings(**options)
    except InputError as error:
        raise click.ClickException(str(error)) from error
    reference = as_of.date() if as_of else date.today()
    click.echo(f"Matching open needs and offers as of {reference}...")
    run = run_full_match(settings, as_of=reference)
    counts = run.counts
    click.echo(
        f"Run {run.id}: {counts['needs']} needs, {counts['offers']} offers -> "
        f"{counts['suggestions']} suggestions, {counts['pairings']} pairings, "
        f"{counts['regional']} regional proposals, {counts['hubs']} hub candidates, "
        f"{counts['unmet']} needs unmet ({run.timings['total_s']:.2f} s); "
        f"{counts['expired_offers']} offers past their validity marked expired."
    )
