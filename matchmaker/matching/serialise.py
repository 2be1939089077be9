"""Results as JSON-ready data and as CSV rows (the shapes `match-files` writes)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .types import MatchResult, Suggestion

SUGGESTION_COLUMNS: tuple[str, ...] = (
    "need_id", "offer_id", "rank", "score", "top_reasons", "explanation",
)  # fmt: skip
TOP_REASONS = 3


def result_to_dict(result: MatchResult) -> dict[str, Any]:
    """The documented JSON shape of a match run (the graph is left out).

    Returns:
        A dict with `settings`, `suggestions` (with explanations), `unmet`,
        `pairings`, `regional`, `hubs` and `timings`; lists as lists, never tuples,
        so it round-trips through `json` unchanged.
    """
    return {
        "settings": result.settings.as_dict(),
        "suggestions": [_suggestion(s) for s in result.suggestions],
        "unmet": list(result.unmet),
        "pairings": [asdict(p) for p in result.pairings],
        "regional": [
            {**asdict(r), "need_ids": list(r.need_ids), "countries": list(r.countries)}
            for r in result.regional
        ],
        "hubs": [
            {**asdict(h), "need_ids": list(h.need_ids), "countries": list(h.countries)}
            for h in result.hubs
        ],
        "timings": dict(result.timings),
    }


def _suggestion(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "need_id": suggestion.need_id,
        "offer_id": suggestion.offer_id,
        "rank": suggestion.rank,
        "score": suggestion.score,
        "explanation": [asdict(item) for item in suggestion.explanation],
    }


def suggestion_rows(result: MatchResult) -> list[dict[str, str]]:
    """One CSV row per suggestion.

    `top_reasons` names the three comparisons that contributed most
    (`title +27.3; category +15.0; ...`); `explanation` holds every comparison as
    `name=similarity*weight->contribution`, `|`-separated, for spreadsheets.
    """
    rows = []
    for s in result.suggestions:
        best = sorted(s.explanation, key=lambda e: (-e.contribution, e.comparison))
        rows.append(
            {
                "need_id": s.need_id,
                "offer_id": s.offer_id,
                "rank": str(s.rank),
                "score": f"{s.score:.2f}",
                "top_reasons": "; ".join(
                    f"{e.comparison} {e.contribution:+.1f}" for e in best[:TOP_REASONS]
                ),
                "explanation": " | ".join(
                    f"{e.comparison}={e.similarity:.2f}*{e.weight:.3f}->{e.contribution:.2f}"
                    for e in s.explanation
                ),
            }
        )
    return rows
