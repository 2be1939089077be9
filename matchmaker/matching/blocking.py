"""Step 2, blocking: only eligible pairs are ever scored.

A pair is eligible when the offer is open and not expired on the reference date,
its eligibility covers the need's country, and, when both sides state them, support
types overlap and categories are equal or related. An empty field never blocks.

Needs sharing country, category and support types form one block; each block's
offers come from one vectorised mask over all offers (no loop over pairs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from .index import NeedSide, OfferIndex, support_vector
from .types import NeedRecord


@dataclass(frozen=True)
class Block:
    """Needs that share every blocking key, and the offers eligible for all of them."""

    needs: np.ndarray
    offers: np.ndarray

    @property
    def pairs(self) -> int:
        """How many pairs the block holds."""
        return len(self.needs) * len(self.offers)


class _Masks:
    """Per-key offer masks, computed once per key and combined with `&`."""

    def __init__(self, index: OfferIndex, as_of: date):
        self.index = index
        self.open = index.open_mask(as_of)
        self.no_category = ~index.category_matrix.any(axis=1)
        self.no_support = ~index.support_matrix.any(axis=1)
        self._category: dict[str | None, np.ndarray] = {}
        self._support: dict[bytes, np.ndarray] = {}

    def category(self, slug: str | None) -> np.ndarray:
        if slug not in self._category:
            mask: np.ndarray
            if slug is None:
                mask = np.ones(len(self.index), dtype=bool)
            else:
                exact, related = self.index.category_vectors(slug)
                allowed = self.index.category_matrix[:, exact | related].any(axis=1)
                mask = np.logical_or(self.no_category, allowed)
            self._category[slug] = mask
        return self._category[slug]

    def support(self, wanted: np.ndarray) -> np.ndarray:
        key = wanted.tobytes()
        if key not in self._support:
            mask: np.ndarray
            if not wanted.any():
                mask = np.ones(len(self.index), dtype=bool)
            else:
                offered = self.index.support_matrix[:, wanted].any(axis=1)
                mask = np.logical_or(self.no_support, offered)
            self._support[key] = mask
        return self._support[key]

    def for_need(
        self, country: str, category: str | None, wanted: np.ndarray
    ) -> np.ndarray:
        return (
            self.open
            & self.index.country_mask(country)
            & self.category(category)
            & self.support(wanted)
        )


def block_pairs(needs: NeedSide, index: OfferIndex, as_of: date) -> list[Block]:
    """Group needs by blocking key and find each group's eligible offers.

    Args:
        needs: Prepared needs.
        index: Prepared offers.
        as_of: Reference date for validity.

    Returns:
        Blocks in a stable order (by first need), skipping blocks with no offer.
    """
    masks = _Masks(index, as_of)
    groups: dict[tuple[str, str | None, bytes], list[int]] = {}
    for i, need in enumerate(needs.needs):
        key = (need.country, needs.category[i], needs.support_matrix[i].tobytes())
        groups.setdefault(key, []).append(i)
    blocks = []
    for members in groups.values():
        first = members[0]
        mask = masks.for_need(
            needs.needs[first].country,
            needs.category[first],
            needs.support_matrix[first],
        )
        offers = np.flatnonzero(mask)
        if offers.size:
            blocks.append(Block(np.array(members, dtype=np.int64), offers))
    return blocks


def eligible_mask(
    needs: NeedSide, position: int, index: OfferIndex, as_of: date
) -> np.ndarray:
    """The offers eligible for one need, as a boolean mask over the index."""
    need = needs.needs[position]
    masks = _Masks(index, as_of)
    return masks.for_need(
        need.country, needs.category[position], needs.support_matrix[position]
    )


def needs_eligible_for(
    needs: Sequence[NeedRecord], index: OfferIndex, position: int, as_of: date
) -> list[NeedRecord]:
    """The needs for which the offer at `position` is eligible (same rules as
    `block_pairs`), found from their keys alone, before any text is prepared."""
    masks = _Masks(index, as_of)
    if not masks.open[position]:
        return []
    verdict: dict[tuple[str, str | None, tuple[str, ...]], bool] = {}
    kept = []
    for need in needs:
        key = (need.country, need.category or None, tuple(sorted(need.support_types)))
        if key not in verdict:
            wanted = support_vector(need.support_types, index.support_types)
            verdict[key] = bool(masks.for_need(key[0], key[1], wanted)[position])
        if verdict[key]:
            kept.append(need)
    return kept
