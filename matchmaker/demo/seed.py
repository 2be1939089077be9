"""Loading the demo data; running it twice leaves the same rows."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from matchmaker.demo import data
from matchmaker.extensions import db
from matchmaker.matching import NeedRecord, OfferRecord
from matchmaker.matching.types import PRIORITY_LEVELS
from matchmaker.models import (
    Category,
    Country,
    Modality,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Organisation,
    OrganisationKind,
    Priority,
    SubRegion,
    SupportType,
)

logger = logging.getLogger(__name__)

PRIORITY_BY_LEVEL = {level: Priority(name) for name, level in PRIORITY_LEVELS.items()}


@dataclass
class SeedReport:
    """How many rows each kind gained."""

    organisations: int = 0
    needs: int = 0
    offers: int = 0


class _Lookup:
    """Reference rows by slug or code, read once per seeding."""

    def __init__(self) -> None:
        self.categories = {c.slug: c for c in db.session.scalars(select(Category))}
        self.support_types = {
            s.slug: s for s in db.session.scalars(select(SupportType))
        }
        self.sub_regions = {s.slug: s for s in db.session.scalars(select(SubRegion))}
        self.countries = {c.alpha3: c for c in db.session.scalars(select(Country))}


def seed_demo_data() -> SeedReport:
    """Insert the demo organisations, needs and offers that are not there yet.

    Rows are keyed by organisation name and by ``reference``; existing rows are left
    as they are, so edits made while trying the service survive a second run.
    """
    report = SeedReport()
    lookup = _Lookup()
    organisations = _seed_organisations(report)
    existing_needs = set(db.session.scalars(select(Need.reference)))
    record: NeedRecord | OfferRecord
    for record in data.needs():
        if record.id not in existing_needs:
            db.session.add(_need(record, lookup))
            report.needs += 1
    existing_offers = set(db.session.scalars(select(Offer.reference)))
    for record in data.offers():
        if record.id not in existing_offers:
            db.session.add(_offer(record, lookup, organisations))
            report.offers += 1
    db.session.flush()
    return report


def _seed_organisations(report: SeedReport) -> dict[str, Organisation]:
    known = {o.name: o for o in db.session.scalars(select(Organisation))}
    for row in data.organisations():
        if row["name"] in known:
            continue
        organisation = Organisation(
            name=row["name"],
            kind=OrganisationKind(row["kind"]),
            country_alpha3=row["country"] or None,
            website=row["website"],
        )
        db.session.add(organisation)
        known[row["name"]] = organisation
        report.organisations += 1
    return known


def _need(record: NeedRecord, lookup: _Lookup) -> Need:
    return Need(
        reference=record.id,
        country=lookup.countries[record.country],
        title=record.title,
        description=record.description,
        category=lookup.categories[record.category] if record.category else None,
        support_types=[lookup.support_types[s] for s in record.support_types],
        budget_usd=_money(record.budget_usd),
        deadline=record.deadline,
        priority=PRIORITY_BY_LEVEL[record.priority],
        status=NeedStatus(data.status_of(record.id)),
    )


def _offer(
    record: OfferRecord, lookup: _Lookup, organisations: dict[str, Organisation]
) -> Offer:
    eligible = record.eligible
    return Offer(
        reference=record.id,
        organisation=organisations[record.partner],
        title=record.title,
        description=record.description,
        categories=[lookup.categories[c] for c in record.categories],
        support_types=[lookup.support_types[s] for s in record.support_types],
        eligible_any=not eligible or "any" in eligible,
        eligible_countries=[
            lookup.countries[c] for c in eligible if c in lookup.countries
        ],
        eligible_sub_regions=[
            lookup.sub_regions[s] for s in eligible if s in lookup.sub_regions
        ],
        capacity=record.capacity,
        modality=Modality(record.modality),
        budget_usd=_money(record.budget_usd),
        valid_until=record.valid_until,
        status=OfferStatus(data.status_of(record.id)),
    )


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))
