"""One pair under review: both listings, why it scored, what passed, who asked.

What a facilitator needs to decide a suggestion: the explanation (live from the
engine, or as the latest run stored it), the eligibility rules the pair passed,
the need's other candidates, the offer's remaining capacity and the pairings that
fill it, and every expression of interest in the pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.matching import ExplanationItem
from matchmaker.models import (
    ACTIVE_STATUSES,
    Interest,
    Need,
    Offer,
    Pairing,
    Suggestion,
    User,
)
from matchmaker.models.reference import TermMixin
from matchmaker.services import interests, pairings, suggestions
from matchmaker.services.match_runs import latest_successful_run

OTHER_CANDIDATES = 5

_TermT = TypeVar("_TermT", bound=TermMixin)


@dataclass(frozen=True)
class Check:
    """One rule of the engine's blocking, and whether this pair passed it."""

    passed: bool
    text: str


@dataclass
class PairReview:
    """Everything the review page shows for one pair."""

    need: Need
    offer: Offer
    score: float | None
    explanation: tuple[ExplanationItem, ...]
    source: str
    suggestion_id: int | None
    checks: list[Check]
    others: list[suggestions.Explained[Offer]]
    capacity_left: int
    under_way: list[Pairing]
    interests: list[Interest]
    pairing: Pairing | None
    decidable: bool

    @property
    def version(self) -> int:
        return self.pairing.version if self.pairing is not None else 0

    @property
    def total(self) -> float:
        return round(sum(item.contribution for item in self.explanation), 2)


@dataclass(frozen=True)
class _Scoring:
    """How a pair scores: live from the engine, else as the latest run stored it."""

    live: suggestions.Suggestions[Offer]
    stored: Suggestion | None
    score: float | None
    explanation: tuple[ExplanationItem, ...]
    source: str  # "live", "run" or "interest" (the engine does not rate it)


def _scoring(staff: User, need: Need, offer: Offer) -> _Scoring:
    live = suggestions.suggested_offers(staff, need, shown=10_000)
    mine = next((s for s in live.items if s.listing.id == offer.id), None)
    stored = _stored_suggestion(need.id, offer.id)
    if mine is not None:
        return _Scoring(live, stored, mine.score, mine.explanation, "live")
    if stored is not None:
        return _Scoring(live, stored, stored.score, _explanation(stored), "run")
    return _Scoring(live, stored, None, (), "interest")


def review_pair(staff: User, need: Need, offer: Offer) -> PairReview:
    """The review of ``need``–``offer`` as ``staff`` sees it."""
    scoring = _scoring(staff, need, offer)
    live, stored = scoring.live, scoring.stored
    pairing = pairings.for_pair(need.id, offer.id)
    under_way = list(
        db.session.scalars(
            select(Pairing)
            .where(
                Pairing.offer_id == offer.id,
                Pairing.status.in_(list(ACTIVE_STATUSES)),
            )
            .options(selectinload(Pairing.need).selectinload(Need.country))
            .order_by(Pairing.id)
        )
    )
    return PairReview(
        need=need,
        offer=offer,
        score=scoring.score,
        explanation=scoring.explanation,
        source=scoring.source,
        suggestion_id=stored.id if stored is not None else None,
        checks=eligibility_checks(need, offer),
        others=[s for s in live.items if s.listing.id != offer.id][:OTHER_CANDIDATES],
        capacity_left=max(offer.capacity - len(under_way), 0),
        under_way=under_way,
        interests=interests.for_pair(need.id, offer.id),
        pairing=pairing,
        decidable=pairings.decidable(pairing),
    )


def pair_score(
    staff: User, need: Need, offer: Offer
) -> tuple[float | None, int | None]:
    """The pair's score as the review page shows it, and the run's suggestion id.

    Stored with a decision, so the pairing keeps the score it was decided on.
    """
    scoring = _scoring(staff, need, offer)
    return scoring.score, scoring.stored.id if scoring.stored is not None else None


def _stored_suggestion(need_id: int, offer_id: int) -> Suggestion | None:
    run = latest_successful_run()
    if run is None:
        return None
    return db.session.scalar(
        select(Suggestion)
        .where(
            Suggestion.run_id == run.id,
            Suggestion.need_id == need_id,
            Suggestion.offer_id == offer_id,
        )
        .options(selectinload(Suggestion.explanation))
    )


def _explanation(suggestion: Suggestion) -> tuple[ExplanationItem, ...]:
    return tuple(
        ExplanationItem(
            comparison=row.comparison,
            need=row.need_value,
            offer=row.offer_value,
            similarity=row.similarity,
            weight=row.weight,
            contribution=row.contribution,
        )
        for row in suggestion.explanation
    )


def eligibility_checks(need: Need, offer: Offer) -> list[Check]:
    """The blocking rules in plain words, for this pair."""
    return [
        _validity(offer),
        _eligibility(need, offer),
        _support(need, offer),
        _category(need, offer),
    ]


def _validity(offer: Offer) -> Check:
    from datetime import date

    if offer.valid_until is None:
        return Check(True, "The offer is open and has no end date.")
    ok = offer.valid_until >= date.today()
    when = offer.valid_until.strftime("%d %B %Y")
    return Check(ok, f"The offer is valid until {when}." if ok else
                 f"The offer's validity ended on {when}.")  # fmt: skip


def _eligibility(need: Need, offer: Offer) -> Check:
    country = need.country
    if offer.eligible_any or not (
        offer.eligible_countries or offer.eligible_sub_regions
    ):
        return Check(True, "The offer is open to every country.")
    if country.alpha3 in {c.alpha3 for c in offer.eligible_countries}:
        return Check(True, f"The offer names {country.name} among its countries.")
    region = next(
        (r for r in offer.eligible_sub_regions if r.slug == country.sub_region_slug),
        None,
    )
    if region is not None:
        return Check(True, f"The offer is open to {region.label}, which includes "
                     f"{country.name}.")  # fmt: skip
    return Check(False, f"The offer's eligibility does not include {country.name}.")


def _support(need: Need, offer: Offer) -> Check:
    wanted = {s.slug: s.label for s in need.support_types}
    common = [label for slug, label in wanted.items()
              if slug in {s.slug for s in offer.support_types}]  # fmt: skip
    if not wanted:
        return Check(True, "The need names no support type, so any will do.")
    if common:
        return Check(True, "Support the need asks for and the offer gives: "
                     + ", ".join(common) + ".")  # fmt: skip
    return Check(False, "The offer gives none of the support types the need asks for.")


def _category(need: Need, offer: Offer) -> Check:
    if need.category is None:
        return Check(True, "The need has no category, so any will do.")
    offered = {c.slug for c in offer.categories}
    if need.category.slug in offered:
        return Check(True, f"Same category: {need.category.label}.")
    related = [c.label for c in need.category.related if c.slug in offered]
    if related:
        return Check(True, f"Related categories: {need.category.label} and "
                     + ", ".join(related) + ".")  # fmt: skip
    return Check(False, f"The offer is not about {need.category.label} or a "
                 "related category.")  # fmt: skip
