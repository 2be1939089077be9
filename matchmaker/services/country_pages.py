"""One country's page: its needs and where each stands, its pairings and their
stages, the offers it may draw on, its gaps, and the regional proposals it is part of.

The page is the country's own picture of the region's work, for its focal point and
for the facilitators preparing a meeting with it; what the viewer may see of it is
decided by the policy (``policy/region.py`` for the page, ``policy/listings.py`` and
``policy/pairings.py`` for what is on it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.models import (
    Country,
    Need,
    NeedStatus,
    Offer,
    Pairing,
    SubRegion,
)
from matchmaker.policy.listings import eligible_for_country
from matchmaker.services import region_figures, region_proposals
from matchmaker.services.exclusions import active_pairing_counts
from matchmaker.services.region_proposals import ProposalView

# Offers listed on the page at once; the rest are counted and the list links on.
OFFERS_SHOWN = 50
STATE_LABELS = {
    "covered": "Covered by a pairing",
    "unmet": "No offer found",
    "open": "Waiting for a decision",
}


@dataclass(frozen=True)
class NeedLine:
    need: Need
    state: str  # "covered", "unmet", "open", or "" for drafts and withdrawn needs

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, "")


@dataclass(frozen=True)
class OfferLine:
    offer: Offer
    places: int


@dataclass(frozen=True)
class CountryPage:
    country: Country
    needs: list[NeedLine]
    pairings: list[Pairing]
    offers: list[OfferLine]
    offer_count: int
    unmet: list[Need]
    # Categories the country needs that no open offer available to it covers.
    uncovered_categories: list[str]
    regional: list[ProposalView] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for line in self.needs if line.state == state)


def get_country(alpha3: str) -> Country | None:
    """The country of an address, or None (the view answers 404)."""
    if not alpha3.isascii() or len(alpha3) != 3:
        return None
    return db.session.scalar(
        select(Country)
        .where(Country.alpha3 == alpha3.upper())
        .options(selectinload(Country.sub_region))
    )


def country_page(country: Country, viewer: Any) -> CountryPage:
    """Everything on ``country``'s page that ``viewer`` may see."""
    needs = list(
        db.session.scalars(
            policy.needs_visible_to(viewer)
            .where(Need.country_alpha3 == country.alpha3)
            .options(selectinload(Need.category))
            .order_by(Need.status, Need.priority, Need.id)
        )
    )
    states = region_figures.need_states([need.id for need in needs])
    lines = [NeedLine(need, states.get(need.id, "")) for need in needs]
    available = _open_offers(country)
    offers, offer_count = _offers(available)
    return CountryPage(
        country=country,
        needs=lines,
        pairings=_pairings(country, viewer),
        offers=offers,
        offer_count=offer_count,
        unmet=[line.need for line in lines if line.state == "unmet"],
        uncovered_categories=_uncovered_categories(needs, available),
        regional=_regional(country),
    )


def _open_offers(country: Country) -> list[Offer]:
    """The offers open today that the country may draw on, read once for the page
    (the offers list and the gaps both come from them)."""
    query = (
        select(Offer)
        .where(
            region_figures.open_offer(date.today()),
            eligible_for_country(country.alpha3, country.sub_region_slug),
        )
        .options(selectinload(Offer.organisation), selectinload(Offer.categories))
    )
    return list(db.session.scalars(query))


def _offers(offers: list[Offer]) -> tuple[list[OfferLine], int]:
    """The offers with places left, most places first."""
    taken = active_pairing_counts([offer.id for offer in offers])
    lines = [
        OfferLine(offer, offer.capacity - taken.get(offer.id, 0)) for offer in offers
    ]
    lines = [line for line in lines if line.places > 0]
    lines.sort(key=lambda line: (-line.places, line.offer.title))
    return lines[:OFFERS_SHOWN], len(lines)


def _pairings(country: Country, viewer: Any) -> list[Pairing]:
    """The pairings of the country's needs that the viewer may see, latest first."""
    found = db.session.scalars(
        select(Pairing)
        .join(Need, Need.id == Pairing.need_id)
        .where(Need.country_alpha3 == country.alpha3)
        .options(
            selectinload(Pairing.need),
            selectinload(Pairing.offer).selectinload(Offer.organisation),
            selectinload(Pairing.cooperation_model),
        )
        .order_by(Pairing.updated_at.desc(), Pairing.id.desc())
    )
    return [p for p in found if policy.can_view_pairing(viewer, p)]


def _uncovered_categories(needs: list[Need], offers: list[Offer]) -> list[str]:
    """Labels of the categories of the country's needs still seeking support that
    no open offer available to the country lists."""
    offered = {category.id for offer in offers for category in offer.categories}
    missing = {
        need.category
        for need in needs
        if need.category is not None
        and need.category.id not in offered
        and need.status in (NeedStatus.OPEN, NeedStatus.IN_DISCUSSION)
    }
    return [c.label for c in sorted(missing, key=lambda c: (c.position, c.label))]


def _regional(country: Country) -> list[ProposalView]:
    picture = region_proposals.regional_picture(country=country.alpha3)
    return [p for group in picture.groups for p in group.proposals]


@dataclass(frozen=True)
class CountryRow:
    """One line of the countries index."""

    alpha3: str
    name: str
    sub_region: str
    needs: int
    covered: int
    unmet: int


def country_rows() -> list[CountryRow]:
    """Every country of the region with published needs, by sub-region and name,
    counted as the gap map counts them."""
    grid = region_figures.gap_grid()
    totals: dict[str, list[int]] = {}
    for cell in grid.cells:
        row = totals.setdefault(cell.country, [0, 0, 0])
        row[0] += cell.total
        row[1] += cell.covered
        row[2] += cell.unmet
    if not totals:
        return []
    query = (
        select(Country.alpha3, Country.name, func.coalesce(Country.sub_region_slug, ""))
        .where(Country.alpha3.in_(totals))
        .order_by(Country.sub_region_slug, Country.name)
    )
    labels = dict(db.session.execute(select(SubRegion.slug, SubRegion.label)).all())
    return [
        CountryRow(code, name, labels.get(slug, ""), *totals[code])
        for code, name, slug in db.session.execute(query)
    ]
