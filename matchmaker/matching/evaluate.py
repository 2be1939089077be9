"""Step 10, evaluate: ranking quality against labelled pairs.

Graded labels (0 = unrelated, 1 = partly, 2 = fully relevant) serve NDCG with gain
2**rel - 1; precision, recall and MRR count any label above zero as relevant.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class EvaluationReport:
    """Mean metrics over queries (needs) that have at least one relevant item."""

    k: int
    queries: int
    precision: float
    recall: float
    mrr: float
    ndcg: float


def precision_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    """Share of the first k positions holding a relevant item (empty slots count)."""
    return sum(1 for item in ranked[:k] if relevant.get(item, 0) > 0) / k


def recall_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    """Share of the relevant items found in the first k positions."""
    wanted = sum(1 for grade in relevant.values() if grade > 0)
    if wanted == 0:
        return 0.0
    return sum(1 for item in ranked[:k] if relevant.get(item, 0) > 0) / wanted


def reciprocal_rank(ranked: Sequence[str], relevant: Mapping[str, int]) -> float:
    """1 / position of the first relevant item, 0 if none is ranked."""
    for position, item in enumerate(ranked, start=1):
        if relevant.get(item, 0) > 0:
            return 1.0 / position
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    """Normalised discounted cumulative gain with gain 2**rel - 1."""

    def dcg(grades: Sequence[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(relevant.values(), reverse=True))
    if ideal == 0:
        return 0.0
    return dcg([relevant.get(item, 0) for item in ranked]) / ideal


def evaluate(
    rankings: Mapping[str, Sequence[str]],
    labels: Mapping[str, Mapping[str, int]],
    k: int,
) -> EvaluationReport:
    """Mean precision@k, recall@k, MRR and NDCG@k over labelled queries.

    Args:
        rankings: Query id to ranked item ids (best first); missing means nothing.
        labels: Query id to item id to grade; queries with no grade above zero are
            skipped, as no ranking can score on them.
        k: Cut-off.
    """
    scored = sorted(
        q for q, grades in labels.items() if any(g > 0 for g in grades.values())
    )
    if not scored:
        return EvaluationReport(k, 0, 0.0, 0.0, 0.0, 0.0)

    def mean(metric: Callable[[Sequence[str], Mapping[str, int]], float]) -> float:
        return sum(metric(rankings.get(q, ()), labels[q]) for q in scored) / len(scored)

    return EvaluationReport(
        k=k,
        queries=len(scored),
        precision=mean(lambda r, rel: precision_at_k(r, rel, k)),
        recall=mean(lambda r, rel: recall_at_k(r, rel, k)),
        mrr=mean(reciprocal_rank),
        ndcg=mean(lambda r, rel: ndcg_at_k(r, rel, k)),
    )
