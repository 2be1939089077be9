"""Loading the demo data; running it twice leaves the same rows."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from matchmaker.demo import data
from matchmaker.extensions import db
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


@dataclass
class SeedReport:
    """How many rows each kind gained."""

    organisations: int = 0
    needs: int = 0
    offers: int = 0
    notes: list[str] = field(default_factory=list)


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
    for row in data.NEEDS:
        if row["ref"] not in existing_needs:
            db.session.add(_need(row, lookup))
            report.needs += 1
    existing_offers = set(db.session.scalars(select(Offer.reference)))
    for row in data.OFFERS:
        if row["ref"] not in existing_offers:
            db.session.add(_offer(row, lookup, organisations))
            report.offers += 1
    db.session.flush()
    return report


def _seed_organisations(report: SeedReport) -> dict[str, Organisation]:
    known = {o.name: o for o in db.session.scalars(select(Organisation))}
    for row in data.ORGANISATIONS:
        if row["name"] in known:
            continue
        organisation = Organisation(
            name=row["name"],
            kind=OrganisationKind(row["kind"]),
            country_alpha3=row.get("country"),
            website=row.get("website") or "",
        )
        db.session.add(organisation)
        known[row["name"]] = organisation
        report.organisations += 1
    return known


def _need(row: dict, lookup: _Lookup) -> Need:
    return Need(
        reference=row["ref"],
        country=lookup.countries[row["country"]],
        title=row["title"],
        description=row["description"],
        category=lookup.categories[row["category"]] if row.get("category") else None,
        support_types=[lookup.support_types[s] for s in row.get("support_types", ())],
        budget_usd=_money(row.get("budget_usd")),
        deadline=_date(row.get("deadline")),
        priority=Priority(row.get("priority", "medium")),
        status=NeedStatus(row.get("status", "open")),
    )


def _offer(row: dict, lookup: _Lookup, organisations: dict[str, Organisation]) -> Offer:
    eligible = tuple(row.get("eligible", ("any",)))
    countries = [c for c in eligible if c in lookup.countries]
    return Offer(
        reference=row["ref"],
        organisation=organisations[row["organisation"]],
        title=row["title"],
        description=row["description"],
        categories=[lookup.categories[c] for c in row.get("categories", ())],
        support_types=[lookup.support_types[s] for s in row.get("support_types", ())],
        eligible_any="any" in eligible,
        eligible_countries=[lookup.countries[c] for c in countries],
        eligible_sub_regions=[
            lookup.sub_regions[s] for s in eligible if s in lookup.sub_regions
        ],
        capacity=int(row.get("capacity", 1)),
        modality=Modality(row.get("modality", "either")),
        budget_usd=_money(row.get("budget_usd")),
        valid_until=_date(row.get("valid_until")),
        status=OfferStatus(row.get("status", "open")),
    )


def _money(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _date(value: str | None) -> date | None:
    return None if not value else date.fromisoformat(value)
