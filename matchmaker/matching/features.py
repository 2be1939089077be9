"""Step 4, features: one similarity in [0, 1] per comparison and candidate pair.

Each comparison is a small function over aligned arrays, registered by name, so a
new comparison is one function and one weight, not a new branch. A field left
empty on either side gives `settings.unknown_similarity` (what an explanation
shows), and `known_fields` says which pairs could be compared at all, so that
scoring can leave the unknown ones out (see `MatchSettings.ignore_unknown`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from .index import NO_DATE, NeedSide, OfferIndex
from .text_scoring import Candidates
from .types import MatchSettings

# How a regional-only offer fits a bilateral pairing, relative to a bilateral one.
REGIONAL_ONLY_FIT = 0.5


@dataclass(frozen=True)
class FeatureContext:
    """Everything a comparison may read."""

    candidates: Candidates
    needs: NeedSide
    index: OfferIndex
    as_of: date
    settings: MatchSettings


Comparison = Callable[[FeatureContext], np.ndarray]


def _category(ctx: FeatureContext) -> np.ndarray:
    c, unknown = ctx.candidates, ctx.settings.unknown_similarity
    out = np.full(len(c), unknown, dtype=np.float32)
    offer_cats = ctx.index.category_matrix[c.offer]
    stated = offer_cats.any(axis=1)
    distinct = sorted({s for s in ctx.needs.category if s})
    code = {slug: i for i, slug in enumerate(distinct)}
    need_codes = np.array(
        [code.get(s or "", -1) for s in ctx.needs.category], dtype=np.int64
    )
    pair_codes = need_codes[c.need] if len(need_codes) else np.zeros(0, dtype=np.int64)
    for slug in distinct:
        rows = (pair_codes == code[slug]) & stated
        exact, related = ctx.index.category_vectors(slug)
        is_exact = offer_cats[rows][:, exact].any(axis=1)
        is_related = offer_cats[rows][:, related].any(axis=1)
        out[rows] = np.where(
            is_exact,
            1.0,
            np.where(is_related, ctx.settings.related_category_similarity, 0.0),
        )
    return out


def _support(ctx: FeatureContext) -> np.ndarray:
    c = ctx.candidates
    wanted = ctx.needs.support_matrix[c.need]
    given = ctx.index.support_matrix[c.offer]
    n_wanted = wanted.sum(axis=1)
    both = (n_wanted > 0) & given.any(axis=1)
    share = (wanted & given).sum(axis=1) / np.maximum(n_wanted, 1)
    return np.where(both, share, ctx.settings.unknown_similarity).astype(np.float32)


def _budget(ctx: FeatureContext) -> np.ndarray:
    c = ctx.candidates
    need, offer = ctx.needs.budget[c.need], ctx.index.budget[c.offer]
    known = ~np.isnan(need) & ~np.isnan(offer)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(need > 0, np.minimum(offer / need, 1.0), 1.0)
    return np.where(known, ratio, ctx.settings.unknown_similarity).astype(np.float32)


def _timing(ctx: FeatureContext) -> np.ndarray:
    """Share of the need's window (today to deadline) that the offer stays valid."""
    c = ctx.candidates
    deadline, until = ctx.needs.deadline[c.need], ctx.index.valid_until[c.offer]
    today = ctx.as_of.toordinal()
    known = (deadline != NO_DATE) & (until != NO_DATE)
    window = np.maximum(deadline - today, 1).astype(np.float64)
    covered = np.clip((until - today) / window, 0.0, 1.0)
    return np.where(known, covered, ctx.settings.unknown_similarity).astype(np.float32)


def _modality(ctx: FeatureContext) -> np.ndarray:
    regional = ctx.index.modality[ctx.candidates.offer] == "regional"
    return np.where(regional, REGIONAL_ONLY_FIT, 1.0).astype(np.float32)


def _domain(ctx: FeatureContext) -> np.ndarray:
    c = ctx.candidates
    shared = ctx.needs.text.domain_bits[c.need] & ctx.index.text.domain_bits[c.offer]
    return (shared != 0).astype(np.float32)


COMPARISONS: dict[str, Comparison] = {
    "title": lambda ctx: ctx.candidates.title,
    "description": lambda ctx: ctx.candidates.description,
    "topic": lambda ctx: ctx.candidates.topic,
    "category": _category,
    "support": _support,
    "budget": _budget,
    "timing": _timing,
    "modality": _modality,
    "domain": _domain,
}


def known_fields(ctx: FeatureContext) -> dict[str, np.ndarray]:
    """Per comparison that a side may leave empty: pairs where both sides state it.

    Comparisons absent from the result (texts, modality, domain) are always known.
    """
    c = ctx.candidates
    need_category = np.array([s is not None for s in ctx.needs.category], dtype=bool)
    return {
        "category": _take(need_category, c.need)
        & ctx.index.category_matrix[c.offer].any(axis=1),
        "support": ctx.needs.support_matrix[c.need].any(axis=1)
        & ctx.index.support_matrix[c.offer].any(axis=1),
        "budget": ~np.isnan(ctx.needs.budget[c.need])
        & ~np.isnan(ctx.index.budget[c.offer]),
        "timing": (ctx.needs.deadline[c.need] != NO_DATE)
        & (ctx.index.valid_until[c.offer] != NO_DATE),
    }


def _take(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    return values[positions] if len(values) else np.zeros(len(positions), dtype=bool)


def compute_features(ctx: FeatureContext) -> dict[str, np.ndarray]:
    """Every registered comparison for every candidate pair.

    Returns:
        Comparison name to a float32 array aligned with the candidates.
    """
    return {name: compare(ctx) for name, compare in COMPARISONS.items()}
