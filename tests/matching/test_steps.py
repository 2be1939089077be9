"""Small unit tests of the steps the pipeline tests exercise only as a whole."""

from datetime import date

import numpy as np
import pytest

from matchmaker.matching import MatchSettings, Taxonomy, ndcg_at_k, precision_at_k
from matchmaker.matching.evaluate import evaluate, recall_at_k, reciprocal_rank
from matchmaker.matching.explain import explain_pair, shared_terms
from matchmaker.matching.features import FeatureContext, compute_features
from matchmaker.matching.graph import build_graph, candidates_of_offer
from matchmaker.matching.index import OfferIndex, prepare_needs
from matchmaker.matching.scoring import combine, rank_within_needs
from matchmaker.matching.text_scoring import Candidates, fuzzy_pairs, top_n_columns

from .conftest import make_need, make_offer

LAB, GEN, D = "testing-laboratory", "genomics-bioinformatics", date


def test_top_n_columns_breaks_ties_by_column():
    scores = np.array([[0.5, 0.9, 0.5, 0.5], [0.1, 0.2, 0.3, 0.4]])
    assert top_n_columns(scores, 2).tolist() == [
        [True, True, False, False],
        [False, False, True, True],
    ]
    assert top_n_columns(scores, None).all()


def test_fuzzy_pairs_floor_and_scale():
    sims = fuzzy_pairs(
        ["pcr laboratory", "pcr", "xyz"], ["pcr laboratory", "pcr test", "abc"]
    )
    assert sims.tolist() == [1.0, 1.0, 0.0]
    assert fuzzy_pairs([], []).size == 0


def features_for(need, offer, as_of=date(2025, 1, 1)):
    index = OfferIndex.build([offer], Taxonomy())
    side = prepare_needs([need], index)
    zero = np.zeros(1, dtype=np.float32)
    candidates = Candidates(np.array([0]), np.array([0]), zero, zero, zero)
    ctx = FeatureContext(candidates, side, index, as_of, MatchSettings())
    return {name: float(v[0]) for name, v in compute_features(ctx).items()}


@pytest.mark.parametrize(
    ("need", "offer", "name", "expected"),
    [
        ({"category": LAB}, {"categories": (LAB,)},
         "category", 1.0),
        ({"category": LAB}, {"categories": (GEN,)},
         "category", 0.6),
        ({"category": LAB}, {"categories": ("clinical-trials",)},
         "category", 0.0),
        ({}, {"categories": ("clinical-trials",)}, "category", 0.5),
        ({"support_types": ("technical", "equipment")}, {"support_types": ("technical",)},  # noqa: E501
         "support", 0.5),
        ({"budget_usd": 100.0}, {"budget_usd": 50.0}, "budget", 0.5),
        ({"budget_usd": 100.0}, {"budget_usd": 500.0}, "budget", 1.0),
        ({"budget_usd": 100.0}, {}, "budget", 0.5),
        ({"deadline": D(2025, 12, 31)}, {"valid_until": D(2026, 1, 1)}, "timing", 1.0),
        ({"deadline": D(2025, 1, 11)}, {"valid_until": D(2025, 1, 6)}, "timing", 0.5),
        ({}, {"modality": "regional"}, "modality", 0.5),
        ({}, {"modality": "bilateral"}, "modality", 1.0),
    ],
)  # fmt: skip
def test_features(need, offer, name, expected):
    assert features_for(make_need(**need), make_offer(**offer))[name] == pytest.approx(
        expected
    )


def test_combine_weights_penalty_and_text_gate():
    settings = MatchSettings()
    ones = {name: np.ones(3, dtype=np.float32) for name in settings.weights()}
    ones["topic"] = np.array([1.0, 1.0, 0.05], dtype=np.float32)
    ones["domain"] = np.array([1.0, 0.0, 1.0], dtype=np.float32)
    weight = settings.weights()["domain"] * 100
    assert combine(ones, settings).tolist() == [
        100.0, pytest.approx(100.0 - weight - 30.0), -1.0,
    ]  # fmt: skip


def test_rank_within_needs():
    need = np.array([0, 0, 0, 1, 1])
    offer = np.array([0, 1, 2, 0, 1])
    score = np.array([50.0, 70.0, 50.0, 30.0, 45.0])
    chosen, ranks = rank_within_needs(need, offer, score, 40.0, 2)
    assert chosen.tolist() == [1, 0, 4] and ranks.tolist() == [1, 2, 1]


def test_graph_and_candidates_of_offer():
    graph = build_graph(
        [make_need("A"), make_need("B", country="THA")],
        [make_offer("X")],
        [("A", "X", 60.0), ("B", "X", 80.0)],
    )
    assert graph.nodes[("need", "B")]["country"] == "THA"
    assert graph.nodes[("offer", "X")]["bipartite"] == 1
    assert candidates_of_offer(graph, "X", 70.0) == [("B", 80.0)]
    assert candidates_of_offer(graph, "X", 0.0) == [("B", 80.0), ("A", 60.0)]


def test_explain_pair_contributions_and_values():
    settings = MatchSettings()
    sims = dict.fromkeys(settings.weights(), 1.0) | {"domain": 0.0}
    items = explain_pair(
        make_need(), make_offer(), sims, settings, "pcr", ("animal", "human")
    )
    by_name = {i.comparison: i for i in items}
    assert by_name["title"].contribution == pytest.approx(
        by_name["title"].weight * 100, abs=0.01
    )
    assert by_name["domain"].need == "animal" and by_name["domain"].contribution < 0
    assert by_name["topic"].need == "pcr"
    assert shared_terms("pcr laboratory pcr bsl2", "bsl2 pcr") == "pcr, bsl2"


def test_metrics():
    labels = {"a": 2, "b": 1, "c": 0}
    assert precision_at_k(["c", "a", "x"], labels, 2) == 0.5
    assert recall_at_k(["c", "a", "x"], labels, 2) == 0.5
    assert reciprocal_rank(["c", "x", "b"], labels) == pytest.approx(1 / 3)
    assert ndcg_at_k(["a", "b"], labels, 10) == 1.0
    assert ndcg_at_k(["b", "a"], labels, 10) == pytest.approx(
        (1 + 3 / np.log2(3)) / (3 + 1 / np.log2(3))
    )
    report = evaluate({"q": ["a"]}, {"q": labels, "empty": {"z": 0}}, 1)
    assert report.queries == 1 and report.precision == 1.0 and report.mrr == 1.0
