"""The match settings an admin may change, and the engine's comparisons in plain words.

One list read by the settings form, the settings history, the decline-reason form
and the feedback advice, so that a weight is called the same everywhere. The words
paraphrase the ``MatchSettings`` docstring (``matchmaker/matching/types.py``) for
officials; the names are the engine's, so a weight the engine adds without a label
here still shows (under its own name) and a label whose weight the engine drops is
simply never used.

Left out on purpose: switches and numbers that tune the engine's internals
(``ignore_unknown``, ``unknown_similarity``, ``retrieval_top_n``,
``assignment_candidates``...). They are about speed or about how empty fields are
treated, not about what a facilitator wants more or less of, and a wrong value there
is hard to see from the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

from matchmaker.matching import MatchSettings

# Engine comparison name (a ``weight_*`` field without its prefix) to plain words.
COMPARISON_LABELS: dict[str, str] = {
    "title": "Title wording",
    "description": "Description wording",
    "topic": "Shared terms",
    "category": "Category",
    "support": "Support types",
    "budget": "Budget",
    "timing": "Deadline and validity",
    "modality": "Modality",
    "domain": "Health domain",
}

# What each comparison asks, for the decline-reason select and the weights' hints.
COMPARISON_QUESTIONS: dict[str, str] = {
    "title": "Do the need's and the offer's titles use similar words?",
    "description": "Do their descriptions use similar words?",
    "topic": "Do the two texts, title and description together, share their "
    "distinctive terms? The main text evidence.",
    "category": "Does the offer build what the need asks? The same category counts "
    "fully, a related one in part.",
    "support": "Does the offer give the kinds of support the need asks for? Counted "
    "as the share of the need's support types the offer gives.",
    "budget": "Does the offer's budget cover the need's?",
    "timing": "Is the offer still valid at the need's deadline?",
    "modality": "Does the offer work with one country at a time (bilaterally)?",
    "domain": "Are both about the same health: human, animal or plant?",
}


def weighted_comparisons() -> list[str]:
    """The engine's weighted comparisons, in the order of its settings."""
    return [
        f.name.removeprefix("weight_")
        for f in fields(MatchSettings)
        if f.name.startswith("weight_")
    ]


def comparison_label(name: str) -> str:
    """Plain words for an engine comparison (its own name if it has none)."""
    return COMPARISON_LABELS.get(name, name.replace("_", " ").capitalize())


@dataclass(frozen=True)
class SettingField:
    """One setting an admin may change: what it is called, means and may be."""

    name: str
    label: str
    explanation: str
    kind: Literal["weight", "threshold"]
    number: type  # int or float
    minimum: float
    maximum: float

    @property
    def comparison(self) -> str:
        """The engine comparison a weight belongs to ("" for thresholds)."""
        return self.name.removeprefix("weight_") if self.kind == "weight" else ""

    def format(self, value: float | None) -> str:
        """The value as a person reads it: no trailing zeros, no exponent."""
        if value is None:
            return "—"
        if self.number is int:
            return str(int(value))
        text = f"{float(value):.4f}".rstrip("0").rstrip(".")
        return text or "0"


# Relative weights: any non-negative number, divided by their sum by the engine.
MAX_WEIGHT = 10.0


def _weight(comparison: str) -> SettingField:
    return SettingField(
        name=f"weight_{comparison}",
        label=comparison_label(comparison),
        explanation=COMPARISON_QUESTIONS.get(comparison, ""),
        kind="weight",
        number=float,
        minimum=0.0,
        maximum=MAX_WEIGHT,
    )


THRESHOLDS: tuple[SettingField, ...] = (
    SettingField(
        "min_score",
        "Lowest score suggested",
        "Pairs scoring below this (out of 100) are never suggested. Raise it for "
        "fewer, surer suggestions; lower it to see more distant ones.",
        "threshold",
        float,
        0,
        100,
    ),
    SettingField(
        "top_k",
        "Suggestions kept per need",
        "How many offers a full run keeps for each need, best first.",
        "threshold",
        int,
        1,
        50,
    ),
    SettingField(
        "text_gate",
        "Text evidence needed for full credit",
        "How much the texts must share (0 to 1, as for shared terms) before "
        "category, support types and the other structured comparisons count fully. "
        "Below it they count in proportion, so a matching category cannot make up "
        "for texts about different things. 0 turns this off.",
        "threshold",
        float,
        0,
        1,
    ),
    SettingField(
        "regional_min_score",
        "Lowest score for a regional candidate",
        "A need counts towards a regional proposal (one offer for several "
        "countries) from this score out of 100. Below the lowest score suggested "
        "it has no further effect.",
        "threshold",
        float,
        0,
        100,
    ),
    SettingField(
        "hub_similarity",
        "How alike unmet needs must be to form a hub",
        "Two unmet needs are grouped when their texts share at least this much "
        "(0 to 1). Higher means fewer, closer-knit hub candidates.",
        "threshold",
        float,
        0.05,
        0.95,
    ),
    SettingField(
        "hub_min_countries",
        "Countries a hub candidate needs",
        "A hub candidate must bring together unmet needs of at least this many "
        "countries of one sub-region.",
        "threshold",
        int,
        2,
        20,
    ),
)


def editable_fields() -> tuple[SettingField, ...]:
    """Every setting an admin may change: the weights first, then the thresholds."""
    return tuple(_weight(name) for name in weighted_comparisons()) + THRESHOLDS


def editable_names() -> tuple[str, ...]:
    """The names of the settings an admin may change."""
    return tuple(f.name for f in editable_fields())


def field_by_name(name: str) -> SettingField | None:
    """The editable setting called ``name``, if there is one."""
    return next((f for f in editable_fields() if f.name == name), None)
