import itertools

import networkx as nx
import numpy as np
import pytest

from matchmaker.matching.assignment import assign


def random_case(seed: int):
    rng = np.random.default_rng(seed)
    n_needs, n_offers = rng.integers(1, 7), rng.integers(1, 5)
    pairs = [
        (i, j) for i in range(n_needs) for j in range(n_offers) if rng.random() < 0.6
    ]
    need = np.array([p[0] for p in pairs], dtype=np.int64)
    offer = np.array([p[1] for p in pairs], dtype=np.int64)
    score = np.round(rng.choice([40.0, 55.5, 70.25, 90.0], size=len(pairs)) + 0, 2)
    capacity = rng.integers(1, 3, size=n_offers)
    priority = rng.integers(1, 4, size=n_needs)
    return need, offer, score, capacity, priority


def total(pairs, need, offer, score) -> float:
    lookup = {(int(i), int(j)): s for i, j, s in zip(need, offer, score, strict=True)}
    return round(sum(lookup[p] for p in pairs), 2)


def brute_force(need, offer, score, capacity) -> float:
    by_need: dict[int, list[tuple[int, float]]] = {}
    for i, j, s in zip(need, offer, score, strict=True):
        by_need.setdefault(int(i), []).append((int(j), float(s)))
    options = [[(None, 0.0), *by_need[i]] for i in sorted(by_need)]
    best = 0.0
    for combo in itertools.product(*options):
        used = [j for j, _ in combo if j is not None]
        if all(used.count(j) <= capacity[j] for j in set(used)):
            best = max(best, sum(s for _, s in combo))
    return round(best, 2)


def min_cost_flow(need, offer, score, capacity) -> float:
    if len(need) == 0:
        return 0.0
    graph = nx.DiGraph()
    for i in set(need.tolist()):
        graph.add_edge("s", ("n", i), capacity=1, weight=0)
        graph.add_edge(("n", i), "t", capacity=1, weight=0)
    for j in set(offer.tolist()):
        graph.add_edge(("o", j), "t", capacity=int(capacity[j]), weight=0)
    for i, j, s in zip(need, offer, score, strict=True):
        graph.add_edge(("n", int(i)), ("o", int(j)), capacity=1, weight=-round(s * 100))
    flow = nx.max_flow_min_cost(graph, "s", "t")
    return round(-nx.cost_of_flow(graph, flow) / 100, 2)


@pytest.mark.parametrize("seed", range(40))
def test_optimum_equals_min_cost_flow_and_brute_force(seed):
    need, offer, score, capacity, priority = random_case(seed)
    pairs = assign(need, offer, score, capacity, priority)
    got = total(pairs, need, offer, score)
    assert got == min_cost_flow(need, offer, score, capacity)
    assert got == brute_force(need, offer, score, capacity)
    used = [j for _, j in pairs]
    assert all(used.count(j) <= capacity[j] for j in set(used))
    assert len({i for i, _ in pairs}) == len(pairs)


def test_ties_go_to_priority_then_lower_id():
    need, offer = np.array([0, 1, 2]), np.array([0, 0, 0])
    score, capacity = np.array([60.0, 60.0, 60.0]), np.array([1])
    assert assign(need, offer, score, capacity, np.array([2, 3, 2])) == [(1, 0)]
    assert assign(need, offer, score, capacity, np.array([2, 2, 2])) == [(0, 0)]


def test_score_beats_priority():
    need, offer = np.array([0, 1]), np.array([0, 0])
    pairs = assign(
        need, offer, np.array([60.01, 60.0]), np.array([1]), np.array([1, 3])
    )
    assert pairs == [(0, 0)]


def test_no_edges_no_pairs():
    empty = np.zeros(0, dtype=np.int64)
    assert assign(empty, empty, np.zeros(0), np.array([1]), np.array([2])) == []
