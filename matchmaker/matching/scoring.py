"""Step 5, scoring: a weighted mean of comparisons in [0, 100], then the top k.

The score is `100 * sum(weight * similarity)` over the comparisons, with per-pair
weights that sum to one: the settings' weights, with two corrections.

- A comparison a side leaves empty (no category, budget, deadline or support type)
  drops out and the other weights grow to fill its place, when
  `settings.ignore_unknown` is on: unknown is not evidence either way, and scoring
  it as "half a match" gave unrelated pairs about 20 points for nothing.
- The structured comparisons (everything but title, description and topic) count
  in proportion to text evidence: their weights are multiplied by
  `min(1, topic / settings.text_gate)`. A matching category says how well an offer
  fits a need *about the same thing*; it is not evidence that it is the same thing.

Then `domain_mismatch_penalty` is taken off when the two sides are about different
health (a veterinary laboratory is not a hospital laboratory, however alike the
words). Explanations show the per-pair weights, so contributions add up to the score.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .types import MatchSettings

TEXT_COMPARISONS = frozenset({"title", "description", "topic"})


def text_gate(topic: np.ndarray, settings: MatchSettings) -> np.ndarray:
    """How much the structured comparisons count, from the topic similarity.

    Returns 1 from `settings.text_gate` up, proportionally less below it (0 at no
    shared term); a gate of 0 turns gating off.
    """
    if settings.text_gate <= 0:
        return np.ones(len(topic), dtype=np.float64)
    return np.clip(topic.astype(np.float64) / settings.text_gate, 0.0, 1.0)


def pair_weights(
    features: Mapping[str, np.ndarray],
    settings: MatchSettings,
    known: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Per-pair weights of every comparison, each pair's weights summing to one.

    Args:
        features: Comparison name to similarities (only `topic` and the length
            are read).
        settings: Weights, `text_gate` and `ignore_unknown`.
        known: Comparison name to where both sides state the field (from
            `features.known_fields`); missing comparisons are always known.

    Returns:
        Comparison name to float64 weights aligned with the pairs.
    """
    topic = features["topic"]
    gate = text_gate(topic, settings)
    raw: dict[str, np.ndarray] = {}
    for name, weight in settings.weights().items():
        value = np.full(len(topic), weight, dtype=np.float64)
        if settings.ignore_unknown and known is not None and name in known:
            value *= known[name]
        if name not in TEXT_COMPARISONS:
            value *= gate
        raw[name] = value
    total = np.sum(list(raw.values()), axis=0)
    total = np.where(total > 0, total, 1.0)
    return {name: value / total for name, value in raw.items()}


def combine(
    features: Mapping[str, np.ndarray],
    settings: MatchSettings,
    weights: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Scores of every candidate pair, rounded to hundredths; -1 where text fails.

    Pairs whose TF-IDF similarity is below `min_text_similarity` get -1 so that no
    threshold can let them through: structured fields alone never make a match.

    Args:
        features: Comparison name to similarities in [0, 1].
        settings: Weights and thresholds.
        weights: Per-pair weights from `pair_weights`; computed (every field
            known) when not given.
    """
    weights = weights if weights is not None else pair_weights(features, settings)
    some = next(iter(features.values()))
    total = np.zeros(len(some), dtype=np.float64)
    for name, weight in weights.items():
        total += weight * features[name].astype(np.float64)
    total *= 100.0
    total -= settings.domain_mismatch_penalty * (features["domain"] < 1.0)
    rounded = np.round(np.clip(total, 0.0, 100.0), 2)
    return np.where(features["topic"] >= settings.min_text_similarity, rounded, -1.0)


def rank_within_needs(
    need: np.ndarray,
    offer: np.ndarray,
    score: np.ndarray,
    min_score: float,
    k: int | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of each need's best pairs at or above `min_score`, and their ranks.

    Ties go to the lower offer position (offers are sorted by id).

    Returns:
        Indices into the candidate arrays ordered by need then rank, and the ranks
        (1-based).
    """
    keep = np.flatnonzero(score >= min_score)
    order = keep[np.lexsort((offer[keep], -score[keep], need[keep]))]
    if order.size == 0:
        return order, np.zeros(0, dtype=np.int64)
    sorted_needs = need[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_needs)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    ranks = np.arange(len(order)) - group_start + 1
    within = ranks <= k if k is not None else np.ones(len(order), dtype=bool)
    return order[within], ranks[within]
