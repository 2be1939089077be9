"""The demo data scaled up to thousands of needs and offers, bulk-inserted.

The demo's own rows (from ``matchmaker seed-demo``: its needs, offers, pairings at
every stage, a run and its history) stay as they are; what is added on top are
needs and offers of realistic shape from the speed benchmark's generator
(``benchmarks.speed.synthetic``: titles of two domain topics, 2–5 sentence
descriptions, eligibility by sub-region, countries or any), so that the matching on
listing pages and in the review queue works on text like the real one. As in the
pictures benchmark (``benchmarks.pictures._populate``) the rows go in with bulk
``INSERT``s, since the point is serving them, not creating them one form at a time;
unlike there, ids come from the database (``RETURNING``), so that PostgreSQL's
sequences stay right for the rows the load itself creates.

Statuses follow the pictures benchmark: needs 6 in 8 open, 1 in discussion, 1 draft;
offers 7 in 8 open, 1 closed; 3 % of offers past their validity. Every added row
carries a reference (``LOAD-N-…``, ``LOAD-O-…``), at least one category and one
support type, and a date in the past year, so an edit through the form is valid.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select

SEED = 7
LOAD_ORGANISATIONS = 200
NEED_REFERENCE = "LOAD-N-"
OFFER_REFERENCE = "LOAD-O-"
ORGANISATION_PREFIX = "Load partner "


@dataclass(frozen=True)
class ScaleReport:
    """Rows before and after scaling."""

    needs_before: int
    offers_before: int
    needs_added: int
    offers_added: int


def scale_up(needs: int, offers: int, seed: int = SEED) -> ScaleReport:
    """Add needs and offers until there are ``needs`` and ``offers`` (committed)."""
    from matchmaker.extensions import db
    from matchmaker.models import Need, Offer

    have_needs = db.session.scalar(select(func.count(Need.id))) or 0
    have_offers = db.session.scalar(select(func.count(Offer.id))) or 0
    add_needs, add_offers = max(0, needs - have_needs), max(0, offers - have_offers)
    from benchmarks.speed import synthetic

    need_records, offer_records = synthetic(max(add_needs, add_offers, 1), seed)
    rng = random.Random(seed)
    lookup = _Lookup()
    _insert_needs(need_records[:add_needs], lookup, rng)
    organisations = _insert_organisations(LOAD_ORGANISATIONS)
    _insert_offers(offer_records[:add_offers], lookup, organisations, rng)
    db.session.commit()
    return ScaleReport(have_needs, have_offers, add_needs, add_offers)


class _Lookup:
    """Reference ids by slug or code, read once."""

    def __init__(self) -> None:
        from matchmaker.extensions import db
        from matchmaker.models import Category, Country, SubRegion, SupportType

        self.categories = dict(
            db.session.execute(select(Category.slug, Category.id)).tuples().all()
        )
        self.support_types = dict(
            db.session.execute(select(SupportType.slug, SupportType.id)).tuples().all()
        )
        self.countries = set(
            db.session.scalars(
                select(Country.alpha3).where(Country.sub_region_slug.is_not(None))
            )
        )
        self.sub_regions = set(db.session.scalars(select(SubRegion.slug)))

    def category_ids(
        self, slugs: tuple[str, ...] | list[str], rng: random.Random
    ) -> list[int]:
        ids = [self.categories[s] for s in slugs if s in self.categories]
        return ids or [rng.choice(sorted(self.categories.values()))]

    def support_ids(self, slugs: tuple[str, ...], rng: random.Random) -> list[int]:
        ids = [self.support_types[s] for s in slugs if s in self.support_types]
        return ids or [rng.choice(sorted(self.support_types.values()))]


def _moment(rng: random.Random) -> datetime:
    return datetime.now(UTC) - timedelta(days=rng.randrange(1, 365), hours=rng.random())


def _insert_needs(records: list[Any], lookup: _Lookup, rng: random.Random) -> None:
    from matchmaker.extensions import db
    from matchmaker.models import Need, NeedStatus, Priority
    from matchmaker.models.need import need_support_types

    if not records:
        return
    statuses = [NeedStatus.OPEN] * 6 + [NeedStatus.IN_DISCUSSION, NeedStatus.DRAFT]
    countries = sorted(lookup.countries)
    rows, links = [], []
    for number, record in enumerate(records, start=1):
        moment = _moment(rng)
        rows.append(
            {
                "reference": f"{NEED_REFERENCE}{number:05d}",
                "country_alpha3": record.country
                if record.country in lookup.countries
                else rng.choice(countries),
                "title": record.title,
                "description": record.description,
                "category_id": lookup.category_ids([record.category], rng)[0],
                "budget_usd": Decimal(str(record.budget_usd))
                if record.budget_usd
                else None,
                "priority": rng.choice(list(Priority)),
                "status": rng.choice(statuses),
                "created_at": moment,
                "updated_at": moment,
            }
        )
        links.append(lookup.support_ids(record.support_types, rng))
    ids = db.session.scalars(
        insert(Need).returning(Need.id, sort_by_parameter_order=True), rows
    ).all()
    db.session.execute(
        insert(need_support_types),
        [
            {"need_id": need_id, "support_type_id": kind}
            for need_id, kinds in zip(ids, links, strict=True)
            for kind in kinds
        ],
    )


def _insert_organisations(count: int) -> list[int]:
    from matchmaker.extensions import db
    from matchmaker.models import Organisation, OrganisationKind

    kinds = list(OrganisationKind)
    rows = [
        {
            "name": f"{ORGANISATION_PREFIX}{number:03d}",
            "kind": kinds[number % len(kinds)],
            "website": "",
        }
        for number in range(1, count + 1)
    ]
    return list(
        db.session.scalars(
            insert(Organisation).returning(
                Organisation.id, sort_by_parameter_order=True
            ),
            rows,
        ).all()
    )


def _valid_until(rng: random.Random) -> date:
    today = date.today()
    if rng.random() < 0.03:
        return today - timedelta(days=rng.randint(30, 300))
    return today + timedelta(days=rng.randint(60, 700))


def _insert_offers(
    records: list[Any], lookup: _Lookup, organisations: list[int], rng: random.Random
) -> None:
    from matchmaker.extensions import db
    from matchmaker.models import Modality, Offer, OfferStatus
    from matchmaker.models.offer import (
        offer_categories,
        offer_eligible_countries,
        offer_eligible_sub_regions,
        offer_support_types,
    )

    if not records:
        return
    rows, links = [], []
    for number, record in enumerate(records, start=1):
        moment = _moment(rng)
        countries = [c for c in record.eligible if c in lookup.countries]
        regions = [r for r in record.eligible if r in lookup.sub_regions]
        rows.append(
            {
                "reference": f"{OFFER_REFERENCE}{number:05d}",
                "organisation_id": organisations[number % len(organisations)],
                "title": record.title,
                "description": record.description,
                "eligible_any": not (countries or regions),
                "capacity": record.capacity,
                "modality": Modality(record.modality),
                "valid_until": _valid_until(rng),
                "status": OfferStatus.CLOSED
                if rng.random() < 1 / 8
                else OfferStatus.OPEN,
                "created_at": moment,
                "updated_at": moment,
            }
        )
        links.append(
            (
                lookup.category_ids(record.categories, rng),
                lookup.support_ids(record.support_types, rng),
                countries,
                regions,
            )
        )
    ids = db.session.scalars(
        insert(Offer).returning(Offer.id, sort_by_parameter_order=True), rows
    ).all()
    tables = (
        (offer_categories, "category_id"),
        (offer_support_types, "support_type_id"),
        (offer_eligible_countries, "country_alpha3"),
        (offer_eligible_sub_regions, "sub_region_slug"),
    )
    for position, (table, column) in enumerate(tables):
        values = [
            {"offer_id": offer_id, column: value}
            for offer_id, link in zip(ids, links, strict=True)
            for value in link[position]
        ]
        if values:
            db.session.execute(insert(table), values)
