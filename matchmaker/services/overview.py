"""Aggregate figures for dashboards."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from matchmaker.extensions import db
from matchmaker.models import Country, Need, NeedStatus, Offer, OfferStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    """What the home page shows."""

    needs_by_status: dict[str, int]
    offers_by_status: dict[str, int]
    needs_by_country: list[tuple[str, str, int]]

    @property
    def total_needs(self) -> int:
        return sum(self.needs_by_status.values())

    @property
    def total_offers(self) -> int:
        return sum(self.offers_by_status.values())


def summary() -> Summary:
    """Count needs and offers by status and needs by country."""
    needs = dict.fromkeys((s.value for s in NeedStatus), 0)
    for need_status, count in db.session.execute(
        select(Need.status, func.count()).group_by(Need.status)
    ):
        needs[need_status.value] = count
    offers = dict.fromkeys((s.value for s in OfferStatus), 0)
    for offer_status, count in db.session.execute(
        select(Offer.status, func.count()).group_by(Offer.status)
    ):
        offers[offer_status.value] = count
    by_country = db.session.execute(
        select(Country.alpha3, Country.name, func.count(Need.id))
        .join(Need, Need.country_alpha3 == Country.alpha3)
        .group_by(Country.alpha3, Country.name)
        .order_by(func.count(Need.id).desc(), Country.name)
    ).all()
    return Summary(
        needs, offers, [(alpha3, name, count) for alpha3, name, count in by_country]
    )


def database_reachable() -> bool:
    """True when a trivial query succeeds."""
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        logger.exception("database health check failed")
        return False
