"""`matchmaker match-files`: match two CSV files with no database at all."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from datetime import date, datetime
from pathlib import Path

import click

from matchmaker.matching import (
    InputError,
    MatchSettings,
    read_needs_csv,
    read_offers_csv,
    result_to_dict,
    run_matching,
    suggestion_rows,
)
from matchmaker.matching.serialise import SUGGESTION_COLUMNS


def _render(payload: dict, rows: list[dict[str, str]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUGGESTION_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command("match-files")
@click.argument("needs_csv", metavar="NEEDS.csv", type=click.Path(dir_okay=False))
@click.argument("offers_csv", metavar="OFFERS.csv", type=click.Path(dir_okay=False))
@click.option(
    "--top",
    "top_k",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Suggestions kept per need.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=40.0,
    show_default=True,
    help="Nothing scoring below this (0-100) is suggested.",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Reference date for offer validity (YYYY-MM-DD). [default: today]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="Output format (see below).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
def match_files_command(
    needs_csv: str, offers_csv: str, top_k: int, min_score: float,
    as_of: datetime | None, fmt: str, out: str | None,
) -> None:  # fmt: skip
    """Suggest offers for needs, from NEEDS.csv and OFFERS.csv.

    JSON (default) holds settings, suggestions with explanations, unmet needs,
    capacity-aware pairings, regional proposals, hub candidates and timings.

    CSV holds one row per suggestion: need_id, offer_id, rank, score, top_reasons
    (the three comparisons that contributed most, e.g. "topic +26.3; title +15.0")
    and explanation (every comparison as name=similarity*weight->contribution,
    separated by "|").

    A malformed file stops the command with the file, line and column at fault,
    and nothing is written.
    """
    reference = as_of.date() if as_of is not None else date.today()
    try:
        needs = read_needs_csv(needs_csv)
        offers = read_offers_csv(offers_csv)
        settings = MatchSettings(top_k=top_k, min_score=min_score)
        result = run_matching(needs, offers, settings, as_of=reference)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    text = _render(result_to_dict(result), suggestion_rows(result), fmt)
    if out is None:
        click.echo(text, nl=False)
    else:
        _write_atomically(Path(out), text)
