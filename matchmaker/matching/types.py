"""Every type the matching engine shares: records in, settings, results out.

Plain frozen dataclasses so the web layer, the CSV tools and the tests can build
records without the database, and so results compare by value in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Literal

import networkx as nx

from matchmaker import taxonomy as _tx

Modality = Literal["bilateral", "regional", "either"]
MODALITIES: tuple[str, ...] = ("bilateral", "regional", "either")
OPEN_STATUS = "open"

# Priority names accepted in CSV files, mapped to the rank used for tie-breaking
# (higher means more urgent).
PRIORITY_LEVELS: Mapping[str, int] = {"low": 1, "medium": 2, "high": 3}
DEFAULT_PRIORITY = 2


class InputError(ValueError):
    """Raised when records or files cannot be matched as given."""


class CsvError(InputError):
    """A malformed CSV cell, naming the file, the line and the column."""

    def __init__(self, path: str, line: int, column: str | None, message: str):
        self.path = path
        self.line = line
        self.column = column
        self.reason = message
        where = f"{path}, line {line}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class NeedRecord:
    """What a country lacks (one row of needs.csv)."""

    id: str
    country: str
    title: str
    description: str = ""
    category: str | None = None
    support_types: tuple[str, ...] = ()
    budget_usd: float | None = None
    deadline: date | None = None
    priority: int = DEFAULT_PRIORITY


@dataclass(frozen=True, slots=True)
class OfferRecord:
    """What a partner provides (one row of offers.csv); empty `eligible` means any."""

    id: str
    partner: str
    title: str
    description: str = ""
    partner_country: str | None = None
    categories: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    eligible: tuple[str, ...] = ()
    capacity: int = 1
    modality: str = "either"
    budget_usd: float | None = None
    valid_until: date | None = None
    status: str = OPEN_STATUS


def _default_related() -> dict[str, frozenset[str]]:
    return dict(_tx.related_categories())


def _default_categories() -> frozenset[str]:
    return _tx.category_slugs()


def _default_support_types() -> frozenset[str]:
    return _tx.support_type_slugs()


def _default_sub_regions() -> dict[str, str]:
    return dict(_tx.ESCAP_SUB_REGION)


@dataclass(frozen=True)
class Taxonomy:
    """Reference data as plain values, so admins' additions in the database count.

    Attributes:
        categories: Known category slugs.
        related: Category slug to the slugs that earn partial credit (symmetric).
        support_types: Known support type slugs.
        sub_region_of: Alpha-3 country code to sub-region slug.
        ldc: Least developed countries (used when explaining a hub host).
        lldc: Landlocked developing countries.
        sids: Small island developing states.
    """

    categories: frozenset[str] = field(default_factory=_default_categories)
    related: Mapping[str, frozenset[str]] = field(default_factory=_default_related)
    support_types: frozenset[str] = field(default_factory=_default_support_types)
    sub_region_of: Mapping[str, str] = field(default_factory=_default_sub_regions)
    ldc: frozenset[str] = _tx.LDC
    lldc: frozenset[str] = _tx.LLDC
    sids: frozenset[str] = _tx.SIDS

    @property
    def sub_regions(self) -> frozenset[str]:
        """Every sub-region slug that some country belongs to."""
        return frozenset(self.sub_region_of.values())

    def is_related(self, a: str, b: str) -> bool:
        """True when two categories are declared related (in either direction)."""
        return b in self.related.get(a, frozenset()) or a in self.related.get(
            b, frozenset()
        )


@dataclass(frozen=True)
class MatchSettings:
    """Weights and thresholds of one match run; every default is documented here.

    Weights are relative: they are divided by their sum, so a score stays in [0, 100].
    Per pair they are adjusted before use (see `scoring`): a comparison either side
    leaves empty drops out when `ignore_unknown` is on, the structured comparisons
    (category to domain) are scaled by text evidence (`text_gate`), and the weights
    are renormalised to sum to one. Explanations show these per-pair weights.

    Attributes:
        min_score: Below this score (0-100) nothing is suggested. Default 40.
        top_k: Suggestions kept per need, best first. Default 5.
        weight_title: Title similarity (rapidfuzz token_set_ratio above its floor
            of 70). Default 0.10.
        weight_description: Description similarity (token_set_ratio above 70).
            Default 0.05.
        weight_topic: TF-IDF cosine of title and description as equal fields.
            Default 0.45 (the text's share stays 0.60, now mostly TF-IDF).
        weight_category: Category fit: exact 1, related partial, unknown neutral.
            Default 0.15.
        weight_support: Share of the need's support types the offer gives.
            Default 0.10.
        weight_budget: Offer budget covers the need's. Default 0.05.
        weight_timing: Offer valid until the need's deadline. Default 0.04.
        weight_modality: Offer works bilaterally. Default 0.02.
        weight_domain: Human, animal or plant health on both sides. Default 0.04.
        unknown_similarity: Similarity shown (and, with `ignore_unknown` off,
            scored) when a side leaves a field empty. Default 0.5.
        ignore_unknown: Comparisons a side leaves empty get weight 0 and the
            others are renormalised, instead of scoring `unknown_similarity`.
            Default True.
        text_gate: Topic (TF-IDF cosine) similarity from which the structured
            comparisons count fully; below it they count in proportion, so
            structured fit cannot outweigh missing text evidence. 0 disables it.
            Default 0.25.
        related_category_similarity: Similarity of related categories. Default 0.6.
        domain_mismatch_penalty: Points taken off when the need and the offer are
            about different health (human, animal, plant). Default 30.
        min_text_similarity: Pairs whose best text similarity is below this are not
            suggested, whatever the structured fields say (TF-IDF cosine).
            Default 0.1.
        retrieval_top_n: Candidates per need kept by the TF-IDF retrieval before
            rapidfuzz; None scores every eligible pair. Default 60.
        assignment_candidates: Best candidates per need offered to the assignment.
            Default 10.
        regional_min_score: A need counts as a strong candidate of a regional offer
            from this score. Default 50.
        hub_similarity: Need-need TF-IDF cosine above which two unmet needs are
            linked when looking for hubs. Default 0.25.
        hub_min_countries: Countries a hub candidate must span. Default 3.
    """

    min_score: float = 40.0
    top_k: int = 5
    weight_title: float = 0.10
    weight_description: float = 0.05
    weight_topic: float = 0.45
    weight_category: float = 0.15
    weight_support: float = 0.10
    weight_budget: float = 0.05
    weight_timing: float = 0.04
    weight_modality: float = 0.02
    weight_domain: float = 0.04
    unknown_similarity: float = 0.5
    ignore_unknown: bool = True
    text_gate: float = 0.25
    related_category_similarity: float = 0.6
    domain_mismatch_penalty: float = 30.0
    min_text_similarity: float = 0.1
    retrieval_top_n: int | None = 60
    assignment_candidates: int = 10
    regional_min_score: float = 50.0
    hub_similarity: float = 0.25
    hub_min_countries: int = 3

    def __post_init__(self) -> None:
        weights = self.weights()
        if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
            raise InputError("weights must be non-negative and not all zero")
        if not 0 <= self.min_score <= 100:
            raise InputError("min_score must be between 0 and 100")
        if self.text_gate < 0:
            raise InputError("text_gate must not be negative")
        if self.top_k < 1:
            raise InputError("top_k must be at least 1")
        if self.retrieval_top_n is not None and self.retrieval_top_n < 1:
            raise InputError("retrieval_top_n must be at least 1 or None")

    def weights(self) -> dict[str, float]:
        """Comparison name to weight, normalised to sum to one."""
        raw = {
            f.name.removeprefix("weight_"): float(getattr(self, f.name))
            for f in fields(self)
            if f.name.startswith("weight_")
        }
        total = sum(raw.values()) or 1.0
        return {name: value / total for name, value in raw.items()}

    def as_dict(self) -> dict[str, object]:
        """The settings as JSON-ready data (the snapshot a match run stores)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class ExplanationItem:
    """One comparison behind a score: the two values, how alike, how much it counted."""

    comparison: str
    need: str
    offer: str
    similarity: float
    weight: float
    contribution: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An offer suggested for a need, with the comparisons that explain its score."""

    need_id: str
    offer_id: str
    rank: int
    score: float
    explanation: tuple[ExplanationItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Pairing:
    """A need and the offer the capacity-aware assignment gives it."""

    need_id: str
    offer_id: str
    score: float


@dataclass(frozen=True, slots=True)
class RegionalProposal:
    """One offer serving strong candidate needs of two or more countries."""

    offer_id: str
    need_ids: tuple[str, ...]
    countries: tuple[str, ...]
    score: float


@dataclass(frozen=True, slots=True)
class Hub:
    """Similar unmet needs of several countries of one sub-region, and a host."""

    theme: str
    need_ids: tuple[str, ...]
    countries: tuple[str, ...]
    sub_region: str
    suggested_host: str
    why: str


@dataclass(frozen=True)
class MatchResult:
    """Everything one match run produces; `graph` is for the service, not for JSON."""

    settings: MatchSettings
    suggestions: tuple[Suggestion, ...]
    unmet: tuple[str, ...]
    pairings: tuple[Pairing, ...]
    regional: tuple[RegionalProposal, ...]
    hubs: tuple[Hub, ...]
    timings: Mapping[str, float]
    graph: nx.Graph = field(default_factory=nx.Graph, compare=False, repr=False)
