"""The facilitators' review queue: undecided suggestions, best first.

Three sources, merged by pair: the latest full run's suggestions; live suggestions
for listings published or changed since that run (the engine's incremental path,
so a new need does not wait for the next run); and pairs somebody expressed
interest in. Pairs already decided (under way, completed, or declined with both
listings unchanged), deferred to a later date, or whose need no longer seeks
support or whose offer is closed or full are left out. Interest lifts a pair to the
top; then the score decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Country,
    MatchRun,
    Need,
    Offer,
    OfferStatus,
    Pairing,
    PairingStatus,
    Suggestion,
    User,
)
from matchmaker.services import interests, suggestions
from matchmaker.services.engine_records import MATCHABLE_NEED_STATUSES
from matchmaker.services.exclusions import active_pairing_counts, excluded_pairs
from matchmaker.services.listing import Page
from matchmaker.services.match_runs import latest_successful_run

# Listings changed since the run whose suggestions are computed live, at most.
LIVE_LISTINGS = 60
# Score bands offered as a filter: (lowest score, label).
SCORE_BANDS: dict[str, tuple[float, float, str]] = {
    "strong": (75.0, 101.0, "Strong (75 and above)"),
    "good": (55.0, 75.0, "Good (55 to 74)"),
    "weak": (0.0, 55.0, "Weak (below 55)"),
}
PER_PAGE = 25


@dataclass
class QueueItem:
    """One undecided pair as the queue shows it."""

    need: Need
    offer: Offer
    score: float | None
    source: str  # "run", "new" or "interest"
    assigned: bool = False
    suggestion_id: int | None = None
    interest_count: int = 0
    pairing: Pairing | None = None
    full: bool = False  # the offer has no free place (kept only for interest)

    @property
    def key(self) -> tuple[int, int]:
        return (self.need.id, self.offer.id)


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters; empty means no filter."""

    country: str = ""
    sub_region: str = ""
    category: str = ""
    support_type: str = ""
    band: str = ""
    interest: bool = False

    def admits(self, item: QueueItem) -> bool:
        """True when ``item`` passes every filter."""
        need = item.need
        checks = (
            not self.country or need.country_alpha3 == self.country,
            not self.sub_region or need.country.sub_region_slug == self.sub_region,
            not self.category
            or (need.category is not None and need.category.slug == self.category),
            not self.support_type
            or self.support_type in {s.slug for s in need.support_types},
            not self.band or _in_band(item.score, self.band),
            not self.interest or item.interest_count > 0,
        )
        return all(checks)


@dataclass
class Queue:
    """Everything the queue page shows."""

    page: Page[QueueItem]
    run_finished: object = None
    counts: dict[str, int] = field(default_factory=dict)


def _in_band(score: float | None, band: str) -> bool:
    low, high, _ = SCORE_BANDS[band]
    return score is not None and low <= score < high


def build(
    staff: User, as_of: date | None = None, run: MatchRun | None = None
) -> list[QueueItem]:
    """Every undecided pair, interest first, then best score first.

    ``run`` is the latest successful full run when the caller has it already.
    """
    as_of = as_of or date.today()
    items: dict[tuple[int, int], QueueItem] = {}
    run = run or latest_successful_run()
    if run is not None:
        for item in _from_run(run.id):
            items[item.key] = item
    for item in _live(staff, run.finished_at if run else None, as_of):
        items.setdefault(item.key, item)
    for item in _under_review(as_of):
        items.setdefault(item.key, item)
    kept = _undecided(list(items.values()), as_of)
    counts = interests.counts([item.key for item in kept])
    for item in kept:
        item.interest_count = counts.get(item.key, 0)
    kept.sort(
        key=lambda i: (i.interest_count == 0, -(i.score or 0.0), i.need.id, i.offer.id)
    )
    return kept


def queue_page(staff: User, filters: QueueFilters, number: int) -> Queue:
    """One page of the filtered queue, with the count per source."""
    run = latest_successful_run()
    everything = build(staff, run=run)
    shown = [item for item in everything if filters.admits(item)]
    start = (number - 1) * PER_PAGE
    page = Page(shown[start : start + PER_PAGE], number, PER_PAGE, len(shown))
    counts = {
        "all": len(everything),
        "interest": sum(1 for i in everything if i.interest_count),
        "new": sum(1 for i in everything if i.source == "new"),
    }
    return Queue(page, run.finished_at if run else None, counts)


def _need_options() -> list:
    return [
        selectinload(Need.country).selectinload(Country.sub_region),
        selectinload(Need.category),
        selectinload(Need.support_types),
    ]


def _from_run(run_id: int) -> list[QueueItem]:
    rows = db.session.scalars(
        select(Suggestion)
        .where(Suggestion.run_id == run_id)
        .options(
            selectinload(Suggestion.need).options(*_need_options()),
            selectinload(Suggestion.offer).selectinload(Offer.organisation),
        )
    )
    return [
        QueueItem(
            need=s.need,
            offer=s.offer,
            score=s.score,
            source="run",
            assigned=s.assigned,
            suggestion_id=s.id,
        )
        for s in rows
    ]


def _live(staff: User, since: object, as_of: date) -> list[QueueItem]:
    """Live suggestions for matchable needs and open offers changed since ``since``."""
    need_query = select(Need).where(Need.status.in_(MATCHABLE_NEED_STATUSES))
    offer_query = select(Offer).where(Offer.status == OfferStatus.OPEN)
    if since is not None:
        need_query = need_query.where(Need.updated_at > since)
        offer_query = offer_query.where(Offer.updated_at > since)
    needs = db.session.scalars(
        need_query.options(*_need_options()).order_by(Need.id).limit(LIVE_LISTINGS)
    ).all()
    offers = db.session.scalars(
        offer_query.options(selectinload(Offer.organisation))
        .order_by(Offer.id)
        .limit(LIVE_LISTINGS)
    ).all()
    found: list[QueueItem] = []
    s: suggestions.Explained[Offer] | suggestions.Explained[Need]
    for need in needs:
        for s in suggestions.suggested_offers(staff, need, as_of, shown=5).items:
            found.append(QueueItem(need, s.listing, s.score, "new"))
    visible = suggestions.visible_matchable_needs(staff) if offers else []
    for offer in offers:
        fitting = suggestions.fitting_needs(staff, offer, as_of, 5, visible)
        for s in fitting.items:
            found.append(QueueItem(s.listing, offer, s.score, "new"))
    return found


def _under_review(as_of: date) -> list[QueueItem]:
    """Pairs under review (interest, or a deferral whose date has come)."""
    rows = db.session.scalars(
        select(Pairing)
        .where(
            Pairing.status == PairingStatus.PROPOSED,
            or_(Pairing.deferred_until.is_(None), Pairing.deferred_until <= as_of),
        )
        .options(
            selectinload(Pairing.need).options(*_need_options()),
            selectinload(Pairing.offer).selectinload(Offer.organisation),
        )
    )
    return [QueueItem(p.need, p.offer, p.score, "interest", pairing=p) for p in rows]


def _undecided(items: list[QueueItem], as_of: date) -> list[QueueItem]:
    """Leave out what is decided, deferred, no longer seeking, closed or full."""
    if not items:
        return []
    excluded = excluded_pairs({item.need.id for item in items})
    pairings = {
        (p.need_id, p.offer_id): p
        for p in db.session.scalars(
            select(Pairing).where(Pairing.need_id.in_({item.need.id for item in items}))
        )
    }
    taken = active_pairing_counts({item.offer.id for item in items})
    kept = []
    for item in items:
        pairing = pairings.get(item.key)
        if (str(item.need.id), str(item.offer.id)) in excluded:
            continue
        if pairing is not None and pairing.status is PairingStatus.PROPOSED:
            if pairing.deferred_until is not None and pairing.deferred_until > as_of:
                continue
            item.pairing = pairing
        if item.need.status not in MATCHABLE_NEED_STATUSES:
            continue
        if item.offer.status is not OfferStatus.OPEN:
            continue
        item.full = item.offer.capacity <= taken.get(item.offer.id, 0)
        if item.full and item.source != "interest":
            continue
        kept.append(item)
    return kept
