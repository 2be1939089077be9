"""Per-pair weights: unknown fields drop out, structured fit needs text evidence."""

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from matchmaker.matching import MatchSettings, Taxonomy, run_matching
from matchmaker.matching.index import OfferIndex, field_vectors, make_vectorizer
from matchmaker.matching.scoring import combine, pair_weights, text_gate

from .conftest import make_need, make_offer

AS_OF = date(2025, 6, 1)


def features(topic: list[float]) -> dict[str, np.ndarray]:
    ones = {name: np.ones(len(topic)) for name in MatchSettings().weights()}
    return ones | {"topic": np.array(topic)}


def test_weights_sum_to_one_and_unknown_fields_drop_out():
    settings = MatchSettings()
    known = {"budget": np.array([True, False]), "timing": np.array([True, False])}
    weights = pair_weights(features([0.9, 0.9]), settings, known)
    assert np.sum(list(weights.values()), axis=0) == pytest.approx([1.0, 1.0])
    assert weights["budget"].tolist()[1] == 0.0 and weights["timing"][1] == 0.0
    assert weights["budget"][0] == pytest.approx(settings.weights()["budget"])
    assert weights["topic"][1] > weights["topic"][0]


def test_unknown_fields_scored_as_before_when_asked():
    settings = MatchSettings(ignore_unknown=False)
    known = {"budget": np.array([False])}
    weights = pair_weights(features([0.9]), settings, known)
    assert weights["budget"][0] == pytest.approx(settings.weights()["budget"])


def test_structured_fit_counts_in_proportion_to_text_evidence():
    settings = MatchSettings(text_gate=0.4)
    assert text_gate(np.array([0.0, 0.2, 0.4, 0.9]), settings).tolist() == [
        0.0, 0.5, 1.0, 1.0,
    ]  # fmt: skip
    weights = pair_weights(features([0.0, 0.2]), settings)
    assert weights["category"][0] == 0.0
    assert weights["title"][0] + weights["description"][0] + weights["topic"][
        0
    ] == pytest.approx(1.0)
    off = pair_weights(features([0.0]), replace(settings, text_gate=0.0))
    assert off["category"][0] == pytest.approx(settings.weights()["category"])


def test_structured_fields_alone_do_not_make_a_match():
    """Same category and support, unrelated text: the pair scores its text only."""
    need = make_need(
        title="Snakebite antivenom production",
        description="Produce antivenom from local snake venoms.",
        category="pharmaceutical-production",
        support_types=("technical",),
    )
    offer = make_offer(
        title="Tablet factory upgrade",
        description="Cleanroom design and validation of a tablet factory to GMP.",
        categories=("pharmaceutical-production",),
        support_types=("technical",),
    )
    settings = MatchSettings(min_score=0, min_text_similarity=0)
    result = run_matching([need], [offer], settings, as_of=AS_OF)
    (suggestion,) = result.suggestions
    by_name = {e.comparison: e for e in suggestion.explanation}
    assert suggestion.score < 10
    assert by_name["category"].similarity == 1.0 and by_name["category"].weight == 0
    assert by_name["budget"].weight == 0 and by_name["budget"].contribution == 0
    total = sum(e.contribution for e in suggestion.explanation)
    assert total == pytest.approx(suggestion.score, abs=0.06)


def test_known_fields_count_when_text_agrees():
    need = make_need(title="PCR laboratory", budget_usd=100.0)
    good = make_offer("A", title="PCR laboratory", budget_usd=100.0)
    poor = make_offer("B", title="PCR laboratory", budget_usd=10.0)
    settings = MatchSettings(min_score=0)
    scores = {
        s.offer_id: s.score
        for s in run_matching([need], [good, poor], settings, as_of=AS_OF).suggestions
    }
    assert scores["A"] > scores["B"]


def test_combine_without_known_masks_scores_every_field():
    settings = MatchSettings()
    assert combine(features([1.0]), settings).tolist() == [100.0]


def test_title_and_description_are_equal_fields():
    vectorizer = make_vectorizer().fit(["pcr laboratory", "sequencing genome"])
    long = "sequencing genome " * 20
    matrix = field_vectors(vectorizer, ["pcr laboratory"], [long]).toarray()
    pcr, sequencing = (vectorizer.vocabulary_[t] for t in ("pcr", "sequencing"))
    assert matrix[0, pcr] == pytest.approx(matrix[0, sequencing], rel=0.01)
    assert field_vectors(vectorizer, [], []).shape == (0, 4)


def test_offer_index_rows_are_unit_vectors():
    offers = [make_offer("A", description="biosafety training"), make_offer("B")]
    index = OfferIndex.build(offers, Taxonomy())
    norms = np.sqrt(index.text.matrix.multiply(index.text.matrix).sum(axis=1))
    assert np.asarray(norms).ravel() == pytest.approx([1.0, 1.0], rel=1e-5)


def test_text_gate_is_validated():
    with pytest.raises(ValueError):
        MatchSettings(text_gate=-0.1)
