"""Step 5, scoring: a weighted sum of comparisons in [0, 100], then the top k.

The score is `100 * sum(weight * similarity)` with weights normalised to sum to one,
minus `domain_mismatch_penalty` when the two sides are about different health (a
veterinary laboratory is not a hospital laboratory, however alike the words).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .types import MatchSettings


def combine(features: Mapping[str, np.ndarray], settings: MatchSettings) -> np.ndarray:
    """Scores of every candidate pair, rounded to hundredths; -1 where text fails.

    Pairs whose TF-IDF similarity is below `min_text_similarity` get -1 so that no
    threshold can let them through: structured fields alone never make a match.

    Args:
        features: Comparison name to similarities in [0, 1].
        settings: Weights and thresholds.
    """
    weights = settings.weights()
    some = next(iter(features.values()))
    total = np.zeros(len(some), dtype=np.float64)
    for name, weight in weights.items():
        total += weight * features[name].astype(np.float64)
    total *= 100.0
    total -= settings.domain_mismatch_penalty * (features["domain"] < 1.0)
    total = np.round(np.clip(total, 0.0, 100.0), 2)
    return np.where(features["topic"] >= settings.min_text_similarity, total, -1.0)


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
