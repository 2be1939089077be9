"""Live suggestions on listing pages: the engine's incremental path, scoped per viewer.

A need's page asks the engine for the offers that fit it (``suggest_for_need``
against an ``OfferIndex`` of every open offer); an offer's page asks the same
question the other way round, for the matchable needs the viewer may see. Both are
computed on request, never stored: a GET writes nothing, and what a viewer sees
follows the listings as they are now, not as the last full run left them.

The ``OfferIndex`` (normalised texts, a fitted TF-IDF model, eligibility masks) is
the expensive part, so each process keeps one per database and rebuilds it only when
a cheap fingerprint of the offers, their organisations and the taxonomy changes.
The index holds every open offer, whoever asks; what a viewer is shown is cut down
afterwards by the access policy (``offers_visible_to``, ``needs_visible_to``), so the
scores stay the same for everyone and nobody sees a listing they may not see.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.matching import (
    ExplanationItem,
    OfferIndex,
    suggest_for_need,
    suggest_for_offer,
)
from matchmaker.models import (
    Category,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Organisation,
    SupportType,
    User,
)
from matchmaker.models.reference import category_relations
from matchmaker.services.engine_records import (
    MATCHABLE_NEED_STATUSES,
    need_record,
    open_offers,
    taxonomy_from_database,
)
from matchmaker.services.exclusions import active_pairing_counts, excluded_pairs
from matchmaker.services.match_settings import current_settings

# Suggestions shown on one listing page, best first.
SHOWN = 5

NOT_MATCHED_NEED = {
    NeedStatus.DRAFT: "This need is a draft: offers are suggested once it is "
    "published, so that partners only ever see what its country has released.",
    NeedStatus.MATCHED: "This need has been matched, so no further offers are "
    "suggested.",
    NeedStatus.FULFILLED: "This need has been fulfilled, so no offers are suggested.",
    NeedStatus.WITHDRAWN: "This need was withdrawn, so no offers are suggested.",
}
NOT_MATCHED_OFFER = {
    OfferStatus.DRAFT: "This offer is a draft: needs are suggested once it is "
    "published.",
    OfferStatus.CLOSED: "This offer is closed, so no needs are suggested.",
    OfferStatus.EXPIRED: "This offer has expired, so no needs are suggested.",
}


# What is suggested: offers on a need's page, needs on an offer's page.
ListingT = TypeVar("ListingT", bound=Offer | Need)


@dataclass(frozen=True)
class Explained(Generic[ListingT]):
    """One suggested listing (an ``Offer`` or a ``Need``) with its score's reasons."""

    listing: ListingT
    score: float
    explanation: tuple[ExplanationItem, ...]

    @property
    def total(self) -> float:
        """The contributions added up: the score, up to rounding to hundredths."""
        return round(sum(item.contribution for item in self.explanation), 2)


@dataclass(frozen=True)
class Suggestions(Generic[ListingT]):
    """What a listing page shows: suggestions, or why there are none."""

    items: tuple[Explained[ListingT], ...] = ()
    reason: str = ""
    considered: int = 0


@dataclass
class CacheStats:
    """How the per-process index cache has done (read by tests and measurements)."""

    hits: int = 0
    misses: int = 0
    last_build_s: float = 0.0


@dataclass
class _Entry:
    key: tuple
    index: OfferIndex


_lock = threading.Lock()
_entries: dict[str, _Entry] = {}
stats = CacheStats()


def fingerprint() -> tuple:
    """A cheap summary that changes whenever the index would.

    Open offers (the only ones indexed): count, largest id, latest change and the
    sum of versions (every edit and status change bumps a version; an offer leaving
    or joining the open ones changes the count). Organisations: count and latest
    change (their names appear as partners). Taxonomy: the state of every category
    and support type and every category relation (a few dozen rows). Active
    pairings per offer (they set the places left; an offer with none left leaves
    the index). Drafts, closed offers and pairings moving between active stages
    leave the index as it is, so they cost no rebuild. Countries and sub-regions
    change only with migrations and are left out.
    """
    offers = db.session.execute(
        select(
            func.count(Offer.id),
            func.max(Offer.id),
            func.max(Offer.updated_at),
            func.coalesce(func.sum(Offer.version), 0),
            select(func.count(Organisation.id)).scalar_subquery(),
            select(func.max(Organisation.updated_at)).scalar_subquery(),
        ).where(Offer.status == OfferStatus.OPEN)
    ).one()
    categories = db.session.execute(
        select(Category.id, Category.slug, Category.active).order_by(Category.id)
    ).all()
    relations = db.session.execute(
        select(category_relations).order_by(*category_relations.c)
    ).all()
    support = db.session.execute(
        select(SupportType.slug, SupportType.active).order_by(SupportType.id)
    ).all()
    pairings = sorted(active_pairing_counts().items())
    return tuple(
        tuple(rows) for rows in (offers, categories, relations, support, pairings)
    )


def offer_index() -> OfferIndex:
    """The index of every open offer, from the cache while the fingerprint holds."""
    database = str(db.engine.url)
    key = fingerprint()
    with _lock:
        entry = _entries.get(database)
        if entry is not None and entry.key == key:
            stats.hits += 1
            return entry.index
        started = time.perf_counter()
        index = OfferIndex.build(open_offers(), taxonomy_from_database())
        stats.last_build_s = time.perf_counter() - started
        stats.misses += 1
        _entries[database] = _Entry(key, index)
        return index


def clear_cache() -> None:
    """Forget every cached index (tests; a process never needs to)."""
    with _lock:
        _entries.clear()


def suggested_offers(
    user: User, need: Need, as_of: date | None = None, shown: int = SHOWN
) -> Suggestions[Offer]:
    """Offers the engine suggests for ``need`` that ``user`` may see, best first."""
    if need.status not in MATCHABLE_NEED_STATUSES:
        return Suggestions(reason=NOT_MATCHED_NEED.get(need.status, ""))
    index = offer_index()
    # The offers the viewer may see are chosen before scoring, so that only the
    # ones shown are explained; the scores do not depend on it.
    visible_ids = db.session.scalars(
        policy.offers_visible_to(user).with_only_columns(Offer.id)
    )
    found = suggest_for_need(
        need_record(need),
        index,
        replace(current_settings(), top_k=shown),
        as_of=as_of or date.today(),
        excluded=excluded_pairs([need.id]),
        offers_wanted={str(offer_id) for offer_id in visible_ids},
    )
    offers = {
        offer.id: offer
        for offer in db.session.scalars(
            select(Offer)
            .where(Offer.id.in_([int(s.offer_id) for s in found]))
            .options(selectinload(Offer.organisation))
        )
    }
    items = [
        Explained(offers[int(s.offer_id)], s.score, s.explanation)
        for s in found
        if int(s.offer_id) in offers
    ]
    return Suggestions(items=tuple(items), considered=len(index))


def fitting_needs(
    user: User,
    offer: Offer,
    as_of: date | None = None,
    shown: int = SHOWN,
    visible: Sequence[Need] | None = None,
) -> Suggestions[Need]:
    """Matchable needs ``user`` may see that the engine finds for ``offer``.

    The engine's column path over the visible needs against the cached index:
    only this offer's pairs are scored in full and only those shown explained;
    the scores equal those on the needs' own pages. ``visible`` is
    ``visible_matchable_needs(user)`` when the caller has it already (several
    offers in a row).
    """
    as_of = as_of or date.today()
    if offer.status is not OfferStatus.OPEN:
        return Suggestions(reason=NOT_MATCHED_OFFER.get(offer.status, ""))
    if offer.valid_until is not None and offer.valid_until < as_of:
        return Suggestions(reason=NOT_MATCHED_OFFER[OfferStatus.EXPIRED])
    if visible is None:
        visible = visible_matchable_needs(user)
    needs = {need.id: need for need in visible}
    if not needs:
        return Suggestions()
    index = offer_index()
    mine = str(offer.id)
    if not any(record.id == mine for record in index.offers):
        return Suggestions(considered=len(needs))  # not open on the index's terms
    found = suggest_for_offer(
        mine,
        [need_record(n) for n in needs.values()],
        index,
        replace(current_settings(), top_k=shown),
        as_of=as_of,
        excluded=excluded_pairs(needs),
    )
    items = [Explained(needs[int(s.need_id)], s.score, s.explanation) for s in found]
    return Suggestions(items=tuple(items), considered=len(needs))


def visible_matchable_needs(user: User) -> list[Need]:
    """The needs ``user`` may see that can be suggested, with what scoring reads."""
    return list(
        db.session.scalars(
            policy.needs_visible_to(user)
            .where(Need.status.in_(MATCHABLE_NEED_STATUSES))
            .options(
                selectinload(Need.category),
                selectinload(Need.support_types),
                selectinload(Need.country),
            )
            .order_by(Need.id)
        )
    )
