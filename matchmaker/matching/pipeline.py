"""The whole pipeline: prepare, block, retrieve, score, assign, regional, explain.

`run_matching` is a full run over all needs and offers; `suggest_for_need` is the
incremental path the web service calls when one need is saved. Both go through the
same `score_needs`, so one need gets the same suggestions either way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import numpy as np

from .assignment import assign
from .blocking import block_pairs, needs_eligible_for
from .explain import explain_pair, shared_terms
from .features import FeatureContext, compute_features, known_fields
from .graph import build_graph
from .index import NeedSide, OfferIndex, prepare_needs
from .regional import hub_candidates, regional_proposals
from .scoring import combine, pair_weights, rank_within_needs
from .text_scoring import (
    DESCRIPTION_FLOOR,
    TITLE_FLOOR,
    Candidates,
    fuzzy_pairs,
    retrieve,
)
from .types import (
    MatchResult,
    MatchSettings,
    NeedRecord,
    OfferRecord,
    Pairing,
    Suggestion,
    Taxonomy,
)

# Called after each step of a full run: (step just finished, steps done, all steps).
Progress = Callable[[str, int, int], None]
# The steps of `run_matching`, in order, as progress reports count them.
RUN_STEPS: tuple[str, ...] = (
    "prepare", "blocking", "retrieval", "text_scoring", "features", "scoring",
    "explain", "assignment", "graph", "regional", "hubs",
)  # fmt: skip
# Needs and offers (by id) that must not be paired, whatever their score.
Excluded = frozenset[tuple[str, str]]


class Timings(dict[str, float]):
    """Seconds per step, filled by `step`; each finished step is reported."""

    def __init__(self, progress: Progress | None = None) -> None:
        super().__init__()
        self._progress = progress
        self._done = 0

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time a block of work under `<name>_s`."""
        start = time.perf_counter()
        try:
            yield
        finally:
            key = f"{name}_s"
            self[key] = round(self.get(key, 0.0) + time.perf_counter() - start, 4)
        if self._progress is not None and name in RUN_STEPS:
            self._done += 1
            self._progress(name, self._done, len(RUN_STEPS))


@dataclass(frozen=True)
class Scored:
    """Candidate pairs with their similarities and scores (-1: failed the text gate)."""

    candidates: Candidates
    features: dict[str, np.ndarray]
    weights: dict[str, np.ndarray]
    score: np.ndarray
    pairs_considered: int


def score_needs(
    side: NeedSide,
    index: OfferIndex,
    as_of: date,
    settings: MatchSettings,
    timings: Timings,
    excluded: Excluded = frozenset(),
    offers_wanted: Collection[str] | None = None,
) -> Scored:
    """Block, retrieve, fuzzy-score and score every need of `side` against `index`.

    Pairs in `excluded` (need id, offer id) score -1, below any `min_score`: a
    facilitator declined them, so neither the suggestions nor the assignment may
    use them.

    `offers_wanted` (offer ids), when given, keeps only the candidates with those
    offers, *after* retrieval: which offers a need retrieves, and so every score,
    stays what the whole index gives, while the costly text scoring and the
    explanations are spent only on the pairs a caller will show.
    """
    with timings.step("blocking"):
        blocks = block_pairs(side, index, as_of)
    with timings.step("retrieval"):
        need, offer, topic = retrieve(
            side.text.matrix, index.text.matrix, blocks, settings.retrieval_top_n,
            index.transposed,
        )  # fmt: skip
        if offers_wanted is not None:
            wanted = set(offers_wanted)
            mask = np.array([o.id in wanted for o in index.offers], dtype=bool)
            keep = mask[offer] if offer.size else np.zeros(0, dtype=bool)
            need, offer, topic = need[keep], offer[keep], topic[keep]
    with timings.step("text_scoring"):
        title = fuzzy_pairs(
            [side.text.titles[i] for i in need],
            [index.text.titles[j] for j in offer],
            TITLE_FLOOR,
        )
        description = fuzzy_pairs(
            [side.text.descriptions[i] for i in need],
            [index.text.descriptions[j] for j in offer],
            DESCRIPTION_FLOOR,
        )
    candidates = Candidates(need, offer, topic, title, description)
    with timings.step("features"):
        ctx = FeatureContext(candidates, side, index, as_of, settings)
        features = compute_features(ctx)
        known = known_fields(ctx)
    with timings.step("scoring"):
        weights = pair_weights(features, settings, known)
        score = combine(features, settings, weights)
        if excluded:
            score = _without_excluded(score, candidates, side, index, excluded)
    pairs = sum(b.pairs for b in blocks)
    return Scored(candidates, features, weights, score, pairs)


def _without_excluded(
    score: np.ndarray,
    candidates: Candidates,
    side: NeedSide,
    index: OfferIndex,
    excluded: Excluded,
) -> np.ndarray:
    """`score` with the excluded pairs set to -1 (only their needs are looked at)."""
    needs = {need for need, _ in excluded}
    rows = [i for i, n in enumerate(side.needs) if n.id in needs]
    if not rows:
        return score
    at = np.flatnonzero(np.isin(candidates.need, rows))
    hit = [
        k
        for k in at
        if (side.needs[candidates.need[k]].id, index.offers[candidates.offer[k]].id)
        in excluded
    ]
    if not hit:
        return score
    score = score.copy()
    score[hit] = -1.0
    return score


def _explained(
    side: NeedSide, index: OfferIndex, scored: Scored, settings: MatchSettings
) -> list[Suggestion]:
    c = scored.candidates
    chosen, ranks = rank_within_needs(
        c.need, c.offer, scored.score, settings.min_score, settings.top_k
    )
    return _explain_at(side, index, scored, settings, chosen, ranks)


def _explain_at(
    side: NeedSide,
    index: OfferIndex,
    scored: Scored,
    settings: MatchSettings,
    chosen: np.ndarray,
    ranks: np.ndarray,
) -> list[Suggestion]:
    """Explained suggestions for the candidates at positions `chosen`."""
    c = scored.candidates
    suggestions = []
    for at, rank in zip(chosen, ranks, strict=True):
        i, j = int(c.need[at]), int(c.offer[at])
        need, offer = side.needs[i], index.offers[j]
        need_doc = f"{side.text.titles[i]} {side.text.descriptions[i]}"
        offer_doc = f"{index.text.titles[j]} {index.text.descriptions[j]}"
        explanation = explain_pair(
            need,
            offer,
            {name: values[at] for name, values in scored.features.items()},
            settings,
            shared=shared_terms(need_doc, offer_doc),
            domains=(
                "; ".join(sorted(side.text.domains[i])),
                "; ".join(sorted(index.text.domains[j])),
            ),
            weights={name: float(w[at]) for name, w in scored.weights.items()},
        )
        score = float(scored.score[at])
        suggestions.append(Suggestion(need.id, offer.id, int(rank), score, explanation))
    return suggestions


def suggest_for_need(
    need: NeedRecord,
    index: OfferIndex,
    settings: MatchSettings | None = None,
    as_of: date | None = None,
    excluded: Excluded = frozenset(),
    offers_wanted: Collection[str] | None = None,
) -> tuple[Suggestion, ...]:
    """Suggestions for one need against prepared offers (the web service's path).

    Args:
        need: The need just saved.
        index: Offers prepared once with `OfferIndex.build` and reused.
        settings: Weights and thresholds; defaults to `MatchSettings()`.
        as_of: Reference date for validity; defaults to today.
        excluded: (need id, offer id) pairs never to suggest.
        offers_wanted: Offer ids to suggest from (those the viewer may see);
            None for every offer of the index. Scores do not change with it.

    Returns:
        Up to `top_k` explained suggestions at or above `min_score`, best first.
    """
    settings = settings or MatchSettings()
    side = prepare_needs([need], index)
    scored = score_needs(
        side, index, as_of or date.today(), settings, Timings(), excluded,
        offers_wanted,
    )  # fmt: skip
    return tuple(_explained(side, index, scored, settings))


def suggest_for_offer(
    offer_id: str,
    needs: Sequence[NeedRecord],
    index: OfferIndex,
    settings: MatchSettings | None = None,
    as_of: date | None = None,
    excluded: Excluded = frozenset(),
) -> tuple[Suggestion, ...]:
    """The needs that fit one prepared offer, best first (an offer's page).

    The mirror of `suggest_for_need`: every need is blocked and retrieves its
    candidates against the whole index, exactly as on its own page, so the scores
    are the ones the needs' pages show; then only this offer's pairs are text-scored
    and only the `top_k` best (at or above `min_score`) are explained.

    Args:
        offer_id: An offer of `index`.
        needs: The needs to consider (those the viewer may see).
        index: Offers prepared with `OfferIndex.build`, holding `offer_id`.
        settings: Weights and thresholds; `top_k` is how many needs to return.
        as_of: Reference date for validity; defaults to today.
        excluded: (need id, offer id) pairs never to suggest.

    Returns:
        Up to `top_k` explained suggestions, best score first (ties: lower need id).
    """
    settings = settings or MatchSettings()
    as_of = as_of or date.today()
    position = next(
        (j for j, offer in enumerate(index.offers) if offer.id == offer_id), None
    )
    if position is None:
        return ()
    # Only needs this offer is eligible for can pair with it; each keeps its whole
    # block of offers for retrieval, so its candidates do not change.
    needs = needs_eligible_for(needs, index, position, as_of)
    if not needs:
        return ()
    side = prepare_needs(needs, index)
    scored = score_needs(
        side, index, as_of, settings, Timings(), excluded, offers_wanted=(offer_id,)
    )
    c = scored.candidates
    keep = np.flatnonzero(scored.score >= settings.min_score)
    best = keep[np.lexsort((c.need[keep], -scored.score[keep]))][: settings.top_k]
    ranks = np.arange(1, len(best) + 1)
    return tuple(_explain_at(side, index, scored, settings, best, ranks))


def _pairings(
    side: NeedSide, index: OfferIndex, scored: Scored, settings: MatchSettings
) -> tuple[tuple[Pairing, ...], list[tuple[str, str, float]]]:
    c = scored.candidates
    chosen, _ = rank_within_needs(
        c.need,
        c.offer,
        scored.score,
        settings.min_score,
        settings.assignment_candidates,
    )
    pairs = assign(
        c.need[chosen],
        c.offer[chosen],
        scored.score[chosen],
        index.capacity,
        side.priority,
    )
    score_of = dict(
        zip(
            zip(c.need[chosen].tolist(), c.offer[chosen].tolist(), strict=True),
            scored.score[chosen].tolist(),
            strict=True,
        )
    )
    pairings = tuple(
        Pairing(side.needs[i].id, index.offers[j].id, score_of[(i, j)])
        for i, j in pairs
    )
    edges = [
        (side.needs[i].id, index.offers[j].id, s) for (i, j), s in score_of.items()
    ]
    return pairings, edges


def run_matching(
    needs: Sequence[NeedRecord],
    offers: Sequence[OfferRecord],
    settings: MatchSettings | None = None,
    as_of: date | None = None,
    taxonomy: Taxonomy | None = None,
    index: OfferIndex | None = None,
    excluded: Excluded = frozenset(),
    progress: Progress | None = None,
) -> MatchResult:
    """Run the whole pipeline over all needs and offers.

    Input order never matters: records are sorted by id before any step.

    Args:
        needs: Need records.
        offers: Offer records (ignored when `index` is given).
        settings: Weights and thresholds; defaults to `MatchSettings()`.
        as_of: Reference date for validity and timing; defaults to today.
        taxonomy: Categories, relations and sub-regions; defaults to the built-in.
        index: A prepared `OfferIndex` to reuse instead of `offers`.
        excluded: (need id, offer id) pairs never to suggest or assign.
        progress: Called after each of `RUN_STEPS` with (step, done, total).

    Returns:
        Suggestions with explanations, unmet needs, capacity-aware pairings,
        regional proposals, hub candidates, the graph and per-step timings.

    Raises:
        InputError: On duplicate ids.
    """
    settings, as_of, taxonomy = (
        settings or MatchSettings(),
        as_of or date.today(),
        taxonomy or Taxonomy(),
    )
    timings = Timings(progress)
    with timings.step("total"):
        with timings.step("prepare"):
            index = index or OfferIndex.build(offers, taxonomy)
            side = prepare_needs(needs, index)
        scored = score_needs(side, index, as_of, settings, timings, excluded)
        with timings.step("explain"):
            suggestions = _explained(side, index, scored, settings)
        with timings.step("assignment"):
            pairings, edges = _pairings(side, index, scored, settings)
        with timings.step("graph"):
            graph = build_graph(side.needs, index.offers, edges)
        with timings.step("regional"):
            regional = regional_proposals(graph, index.offers, settings)
        served = {s.need_id for s in suggestions}
        unmet = [i for i, n in enumerate(side.needs) if n.id not in served]
        with timings.step("hubs"):
            hubs = hub_candidates(unmet, side, index.taxonomy, settings)
    timings["pairs_considered"] = float(scored.pairs_considered)
    timings["candidates"] = float(len(scored.candidates))
    return MatchResult(
        settings=settings,
        suggestions=tuple(suggestions),
        unmet=tuple(side.needs[i].id for i in unmet),
        pairings=pairings,
        regional=tuple(regional),
        hubs=tuple(hubs),
        timings=dict(timings),
        graph=graph,
    )
