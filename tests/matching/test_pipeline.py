import json
import random
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.matching import (
    MatchSettings,
    OfferIndex,
    Taxonomy,
    evaluate,
    result_to_dict,
    run_matching,
    suggest_for_need,
    suggest_for_offer,
)

from .conftest import AS_OF, make_need, make_offer
from .test_blocking import reference_eligible


def rankings(result) -> dict[str, list[str]]:
    ranked: dict[str, list[str]] = {}
    for s in result.suggestions:
        ranked.setdefault(s.need_id, []).append(s.offer_id)
    return ranked


def test_precision_on_the_labelled_set(result, labels):
    at_1 = evaluate(rankings(result), labels, 1)
    at_3 = evaluate(rankings(result), labels, 3)
    assert at_1.precision >= 0.9
    assert at_1.mrr >= 0.9
    assert at_3.ndcg >= 0.8


def test_every_suggestion_is_labelled_relevant(result, labels):
    wrong = [
        (s.need_id, s.offer_id, s.score)
        for s in result.suggestions
        if labels.get(s.need_id, {}).get(s.offer_id, 0) == 0
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("need_id", "trap"),
    [
        ("N10", "O11"),  # data centre is not a diagnostic centre
        ("N06", "O20"),  # start-up accelerator is not a linear accelerator
        ("N06", "O21"),  # start-up incubator is not an infant incubator
        ("N24", "O21"),
        ("N19", "O16"),  # crop plant is not a vaccine plant
        ("N20", "O15"),  # pharmaceutical plant is not plant health
        ("N03", "O15"),
        ("N01", "O14"),  # human PCR is not veterinary PCR
        ("N18", "O01"),  # veterinary laboratory is not a human laboratory
        ("N02", "O15"),
    ],
)
def test_false_friends_are_not_suggested(result, need_id, trap):
    assert (need_id, trap) not in {(s.need_id, s.offer_id) for s in result.suggestions}


def test_no_ineligible_expired_or_closed_offer(result, needs, offers):
    need_by_id = {n.id: n for n in needs}
    offer_by_id = {o.id: o for o in offers}
    for s in result.suggestions:
        assert reference_eligible(need_by_id[s.need_id], offer_by_id[s.offer_id])
    assert "O17" not in {s.offer_id for s in result.suggestions}  # expired
    assert "O19" not in {s.offer_id for s in result.suggestions}  # Korea only...
    closed = [replace(o, status="closed") if o.id == "O01" else o for o in offers]
    again = run_matching(needs, closed, as_of=AS_OF)
    assert "O01" not in {s.offer_id for s in again.suggestions}


def test_suggestions_ranked_thresholded_and_capped(result):
    settings = result.settings
    by_need = rankings(result)
    for s in result.suggestions:
        assert s.score >= settings.min_score
    for need_id, offer_ids in by_need.items():
        ranked = [s for s in result.suggestions if s.need_id == need_id]
        assert [s.rank for s in ranked] == list(range(1, len(ranked) + 1))
        assert [s.score for s in ranked] == sorted(
            (s.score for s in ranked), reverse=True
        )
        assert len(offer_ids) <= settings.top_k
    assert set(result.unmet).isdisjoint(by_need)


def test_capacity_is_never_exceeded(needs, offers):
    tight = [replace(o, capacity=1) for o in offers]
    result = run_matching(needs, tight, as_of=AS_OF)
    used = [p.offer_id for p in result.pairings]
    assert len(used) == len(set(used))
    assert len({p.need_id for p in result.pairings}) == len(result.pairings)
    loose = run_matching(needs, offers, as_of=AS_OF)
    assert sum(p.score for p in loose.pairings) >= sum(p.score for p in result.pairings)


def test_explanations_add_up_to_the_score(result):
    for s in result.suggestions:
        names = [e.comparison for e in s.explanation]
        assert names == list(result.settings.weights())
        assert sum(e.contribution for e in s.explanation) == pytest.approx(
            s.score, abs=0.06
        )


def test_antivenom_needs_form_a_hub(result):
    hubs = {h.need_ids: h for h in result.hubs}
    hub = hubs[("N14", "N15", "N16")]
    assert hub.countries == ("KHM", "LAO", "MMR")
    assert hub.sub_region == "south-east-asia"
    assert "antivenom" in hub.theme
    assert hub.suggested_host in hub.countries and hub.suggested_host in hub.why
    assert {"N14", "N15", "N16"} <= set(result.unmet)


def test_regional_proposals(result):
    proposals = {p.offer_id: p for p in result.regional}
    mrna = proposals["O03"]
    assert set(mrna.need_ids) == {"N03", "N13"} and mrna.countries == ("IND", "VNM")
    for p in result.regional:
        assert len(p.countries) >= 2


def test_incremental_path_equals_the_full_run(needs, offers, result):
    index = OfferIndex.build(offers, Taxonomy())
    for need in needs:
        alone = suggest_for_need(need, index, as_of=AS_OF)
        assert list(alone) == [s for s in result.suggestions if s.need_id == need.id]


def test_retrieval_cut_off_changes_nothing_here(needs, offers, result):
    exhaustive = run_matching(
        needs, offers, MatchSettings(retrieval_top_n=None), as_of=AS_OF
    )
    assert exhaustive.suggestions == result.suggestions
    assert exhaustive.pairings == result.pairings


def test_json_shape(result):
    payload = json.loads(json.dumps(result_to_dict(result)))
    assert list(payload) == [
        "settings", "suggestions", "unmet", "pairings", "regional", "hubs", "timings",
    ]  # fmt: skip
    first = payload["suggestions"][0]
    assert list(first) == ["need_id", "offer_id", "rank", "score", "explanation"]
    assert list(first["explanation"][0]) == [
        "comparison", "need", "offer", "similarity", "weight", "contribution",
    ]  # fmt: skip
    assert list(payload["pairings"][0]) == ["need_id", "offer_id", "score"]
    assert list(payload["regional"][0]) == [
        "offer_id",
        "need_ids",
        "countries",
        "score",
    ]
    assert list(payload["hubs"][0]) == [
        "theme", "need_ids", "countries", "sub_region", "suggested_host", "why",
    ]  # fmt: skip
    assert payload["settings"]["min_score"] == result.settings.min_score
    assert {"blocking_s", "retrieval_s", "assignment_s", "total_s"} <= set(
        payload["timings"]
    )


def without_timings(result):
    payload = result_to_dict(result)
    payload.pop("timings")
    return payload


@settings(max_examples=8, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(needs, offers, result, rnd: random.Random):
    shuffled_needs, shuffled_offers = list(needs), list(offers)
    rnd.shuffle(shuffled_needs)
    rnd.shuffle(shuffled_offers)
    again = run_matching(shuffled_needs, shuffled_offers, as_of=AS_OF)
    assert without_timings(again) == without_timings(result)


def test_domain_mismatch_is_penalised():
    need = make_need(
        title="Veterinary PCR laboratory", description="livestock diseases"
    )
    offer = make_offer(title="PCR laboratory", description="for hospital patients")
    result = run_matching([need], [offer], MatchSettings(min_score=0), as_of=AS_OF)
    domain = next(
        e for e in result.suggestions[0].explanation if e.comparison == "domain"
    )
    assert domain.similarity == 0.0
    assert domain.contribution == pytest.approx(
        domain.weight * 0 - result.settings.domain_mismatch_penalty
    )


def test_settings_are_validated_and_documented():
    with pytest.raises(ValueError):
        MatchSettings(weight_title=-1)
    with pytest.raises(ValueError):
        MatchSettings(min_score=101)
    doc = MatchSettings.__doc__ or ""
    for name in MatchSettings().as_dict():
        assert f"{name}:" in doc, f"setting {name} is not documented"


def test_empty_inputs():
    result = run_matching([], [], as_of=date(2025, 1, 1))
    assert result.suggestions == () and result.unmet == () and result.hubs == ()
    lonely = run_matching([make_need()], [], as_of=date(2025, 1, 1))
    assert lonely.unmet == ("N1",)


def _all_pairs(needs, offers, as_of=AS_OF):
    """Every (need, offer) suggestion of a full run that keeps everything."""
    everything = MatchSettings(top_k=len(offers), min_score=0)
    result = run_matching(needs, offers, everything, as_of=as_of)
    return {(s.need_id, s.offer_id): s for s in result.suggestions}


@pytest.mark.parametrize("min_score", [0.0, 40.0])
def test_an_offers_column_equals_the_full_run_kept_to_that_offer(
    needs, offers, min_score
):
    index = OfferIndex.build(offers, Taxonomy())
    full = _all_pairs(needs, offers)
    for offer in offers:
        column = suggest_for_offer(
            offer.id, needs, index, MatchSettings(top_k=4, min_score=min_score), AS_OF
        )
        expected = sorted(
            (s for (_, o), s in full.items() if o == offer.id and s.score >= min_score),
            key=lambda s: (-s.score, s.need_id),
        )[:4]
        assert [(s.need_id, s.score) for s in column] == [
            (s.need_id, pytest.approx(s.score)) for s in expected
        ]
        for got, want in zip(column, expected, strict=True):
            assert got.offer_id == offer.id
            assert got.explanation == want.explanation


def test_an_offers_column_leaves_out_excluded_pairs(needs, offers):
    index = OfferIndex.build(offers, Taxonomy())
    settings_ = MatchSettings(top_k=3)
    offer = next(
        o for o in offers if suggest_for_offer(o.id, needs, index, settings_, AS_OF)
    )
    first = suggest_for_offer(offer.id, needs, index, settings_, AS_OF)[0]
    again = suggest_for_offer(
        offer.id, needs, index, settings_, AS_OF, excluded={(first.need_id, offer.id)}
    )
    assert first.need_id not in {s.need_id for s in again}


def test_wanted_offers_change_which_are_suggested_not_their_scores(needs, offers):
    index = OfferIndex.build(offers, Taxonomy())
    every = MatchSettings(top_k=len(offers), min_score=0)
    for need in needs[:10]:
        whole = {
            s.offer_id: s.score for s in suggest_for_need(need, index, every, AS_OF)
        }
        wanted = sorted(whole)[::2]
        part = suggest_for_need(need, index, every, AS_OF, offers_wanted=wanted)
        assert {s.offer_id for s in part} == set(wanted)
        assert all(s.score == pytest.approx(whole[s.offer_id]) for s in part)
