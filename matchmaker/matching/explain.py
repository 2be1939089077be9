"""Step 9, explain: one record per comparison for every suggestion.

Explanations are data (the comparison, the two values, how alike they are, the
weight and the points it contributed), so a facilitator sees why a pair scored 82
and not 56, and the web layer can draw the same numbers as a waterfall.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .types import ExplanationItem, MatchSettings, NeedRecord, OfferRecord

SNIPPET = 160
Values = Callable[[NeedRecord, OfferRecord, str], tuple[str, str]]


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "…"


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def _joined(items: tuple[str, ...] | frozenset[str]) -> str:
    return "; ".join(sorted(items))


# How each comparison shows its two values; `shared` is the terms both texts use.
VALUES: Mapping[str, Values] = {
    "title": lambda n, o, _: (n.title, o.title),
    "description": lambda n, o, _: (_snippet(n.description), _snippet(o.description)),
    "topic": lambda n, o, shared: (shared, shared),
    "category": lambda n, o, _: (n.category or "", _joined(o.categories)),
    "support": lambda n, o, _: (_joined(n.support_types), _joined(o.support_types)),
    "budget": lambda n, o, _: (_money(n.budget_usd), _money(o.budget_usd)),
    "timing": lambda n, o, _: (
        n.deadline.isoformat() if n.deadline else "",
        o.valid_until.isoformat() if o.valid_until else "",
    ),
    "modality": lambda n, o, _: ("bilateral", o.modality),
    "domain": lambda n, o, _: ("", ""),
}


def shared_terms(need_text: str, offer_text: str, limit: int = 6) -> str:
    """Canonical terms found in both normalised texts, in the need's order."""
    offer_terms = set(offer_text.split())
    seen: dict[str, None] = {}
    for term in need_text.split():
        if term in offer_terms:
            seen.setdefault(term)
    return ", ".join(list(seen)[:limit])


def explain_pair(
    need: NeedRecord,
    offer: OfferRecord,
    similarities: Mapping[str, float],
    settings: MatchSettings,
    shared: str = "",
    domains: tuple[str, str] = ("", ""),
    weights: Mapping[str, float] | None = None,
) -> tuple[ExplanationItem, ...]:
    """The explanation of one scored pair, in the order of the comparisons.

    Args:
        need: The need.
        offer: The offer.
        similarities: Comparison name to similarity in [0, 1].
        settings: The weights used, and the domain mismatch penalty.
        shared: Terms both texts use (shown for the topic comparison).
        domains: Whose health each side is about, as text.
        weights: `settings.weights()`, when the caller has it already.

    Returns:
        One item per comparison; contributions add up to the score (before the
        score is clipped to [0, 100]).
    """
    items = []
    for name, weight in (weights or settings.weights()).items():
        similarity = float(similarities[name])
        contribution = similarity * weight * 100.0
        need_value, offer_value = VALUES[name](need, offer, shared)
        if name == "domain":
            need_value, offer_value = domains
            if similarity < 1.0:
                contribution -= settings.domain_mismatch_penalty
        items.append(
            ExplanationItem(
                comparison=name,
                need=need_value,
                offer=offer_value,
                similarity=round(similarity, 3),
                weight=round(weight, 4),
                contribution=round(contribution, 2),
            )
        )
    return tuple(items)
