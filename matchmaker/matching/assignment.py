"""Step 7, assignment: bilateral pairings maximising total score under capacity.

Each offer of capacity c becomes c identical columns, and each need gets its own
"unassigned" column of weight zero, so a full matching always exists. SciPy's sparse
Jonker-Volgenant solver (`min_weight_full_bipartite_matching`) then finds the optimum
in milliseconds where networkx's general matching takes seconds.

Ties: weights are integers, score in hundredths times a multiplier plus a bonus
smaller than one hundredth in total, ordering higher priority, then lower id, first.
Every weight stays an exact float (below 2**53), so the optimum is exact.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


def _tie_bonus(priority: np.ndarray) -> np.ndarray:
    """Per-row bonus: priority first, then lower row (lower id); all distinct."""
    n = len(priority)
    return priority.astype(np.int64) * (n + 1) + (n - np.arange(n))


def _slots(offer: np.ndarray, capacity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column slots per used offer: min(capacity, number of candidate needs)."""
    used, demand = np.unique(offer, return_counts=True)
    slots = np.minimum(capacity[used], demand)
    first = np.r_[0, np.cumsum(slots)[:-1]]
    start = np.full(len(capacity), -1, dtype=np.int64)
    count = np.zeros(len(capacity), dtype=np.int64)
    start[used], count[used] = first, slots
    return start, count


def assign(
    need: np.ndarray,
    offer: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    priority: np.ndarray,
) -> list[tuple[int, int]]:
    """Optimal capacity-constrained assignment of needs to offers.

    Args:
        need: Need positions of the candidate edges (0..n-1).
        offer: Offer positions of the candidate edges.
        score: Edge scores (0..100, hundredths).
        capacity: Capacity per offer position.
        priority: Priority per need position (higher wins ties).

    Returns:
        (need position, offer position) pairs, sorted by need.
    """
    if len(need) == 0:
        return []
    rows, row_of = np.unique(need, return_inverse=True)
    n = len(rows)
    bonus = _tie_bonus(priority[rows])
    multiplier = int(bonus.max()) * n + 1
    if 10_001 * multiplier >= 2**52:
        multiplier, bonus = n * 4 + 1, priority[rows].astype(np.int64)
    start, count = _slots(offer, capacity)
    reps = count[offer]
    edge_rows = np.repeat(row_of, reps)
    within = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    edge_cols = np.repeat(start[offer], reps) + within
    weight = np.rint(np.repeat(score, reps) * 100).astype(np.int64) * multiplier
    weight += bonus[edge_rows]
    n_slots = int(count.sum())
    big = float(weight.max()) + 1.0
    matrix = sp.csr_matrix(
        (
            np.r_[big - weight, np.full(n, big)],
            (np.r_[edge_rows, np.arange(n)], np.r_[edge_cols, n_slots + np.arange(n)]),
        ),
        shape=(n, n_slots + n),
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(matrix)
    slot_offer = np.repeat(np.flatnonzero(count), count[count > 0])
    pairs = [
        (int(rows[r]), int(slot_offer[c]))
        for r, c in zip(matched_rows, matched_cols, strict=True)
        if c < n_slots
    ]
    return sorted(pairs)
