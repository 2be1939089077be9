"""Plain factories with keyword defaults: each creates and commits one row."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from matchmaker.database import write_intent
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
    Role,
    SubRegion,
    SupportType,
    User,
)
from matchmaker.passwords import hash_password

DEFAULT_PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def _category(slug: str | None) -> Category | None:
    if slug is None:
        return None
    return db.session.scalar(select(Category).where(Category.slug == slug))


def _support_types(slugs: tuple[str, ...]) -> list[SupportType]:
    return list(
        db.session.scalars(select(SupportType).where(SupportType.slug.in_(slugs)))
    )


@contextmanager
def writing() -> Iterator[None]:
    """One write transaction that takes the lock up front, as the service's do.

    On SQLite a transaction that read first and writes later fails at once when
    another process (a queue worker, a server) wrote in between: its snapshot is
    stale, and no busy timeout waits that out. So the test's read transaction is
    ended first (nothing is pending: factories commit what they make).
    """
    db.session.commit()
    with write_intent():
        yield


class Factories:
    """Factories bound to the current app's session."""

    password = DEFAULT_PASSWORD
    _hash_cache: dict[str, str] = {}

    def organisation(
        self, name: str | None = None, kind: OrganisationKind = OrganisationKind.COMPANY
    ) -> Organisation:
        with writing():
            organisation = Organisation(name=name or f"Org {next(_counter)}", kind=kind)
            db.session.add(organisation)
            db.session.commit()
            return organisation

    def user(
        self,
        role: Role = Role.FACILITATOR,
        *,
        email: str | None = None,
        country: str | None = None,
        organisation: Organisation | None = None,
        password: str | None = DEFAULT_PASSWORD,
        active: bool = True,
        full_name: str = "",
        phone: str = "",
    ) -> User:
        with writing():
            if role is Role.FOCAL_POINT and country is None:
                country = "NPL"
            if role is Role.PARTNER and organisation is None:
                organisation = self.organisation()
            user = User(
                email=email or f"user{next(_counter)}@example.org",
                role=role,
                country_alpha3=country,
                organisation=organisation,
                password_hash=self._hash(password),
                active=active,
                full_name=full_name,
                phone=phone,
            )
            db.session.add(user)
            db.session.commit()
            return user

    def _hash(self, password: str | None) -> str | None:
        if password is None:
            return None
        if password not in self._hash_cache:
            self._hash_cache[password] = hash_password(password)
        return self._hash_cache[password]

    def need(
        self,
        *,
        country: str = "NPL",
        title: str = "RT-PCR testing laboratory for the national public health lab",
        description: str = "Equipment and training for molecular diagnostics.",
        category: str | None = "testing-laboratory",
        support_types: tuple[str, ...] = ("technical", "equipment"),
        status: NeedStatus = NeedStatus.OPEN,
        priority: Priority = Priority.MEDIUM,
        budget_usd: int | None = None,
        deadline: date | None = None,
        created_by: User | None = None,
    ) -> Need:
        with writing():
            need = Need(
                country=db.session.get(Country, country),
                title=title,
                description=description,
                category=_category(category),
                support_types=_support_types(support_types),
                status=status,
                priority=priority,
                budget_usd=Decimal(budget_usd) if budget_usd is not None else None,
                deadline=deadline,
                created_by=created_by,
            )
            db.session.add(need)
            db.session.commit()
            return need

    def offer(
        self,
        *,
        organisation: Organisation | None = None,
        title: str = "Molecular diagnostics laboratory support",
        description: str = "RT-PCR equipment, BSL-2 training and quality systems.",
        categories: tuple[str, ...] = ("testing-laboratory",),
        support_types: tuple[str, ...] = ("technical", "equipment"),
        eligible_countries: tuple[str, ...] = (),
        eligible_sub_regions: tuple[str, ...] = (),
        eligible_any: bool = True,
        capacity: int = 1,
        modality: Modality = Modality.EITHER,
        status: OfferStatus = OfferStatus.OPEN,
        valid_until: date | None = None,
        created_by: User | None = None,
    ) -> Offer:
        with writing():
            offer = Offer(
                organisation=organisation or self.organisation(),
                title=title,
                description=description,
                categories=[c for c in map(_category, categories) if c is not None],
                support_types=_support_types(support_types),
                eligible_any=eligible_any
                and not (eligible_countries or eligible_sub_regions),
                eligible_countries=[
                    db.session.get(Country, c) for c in eligible_countries
                ],
                eligible_sub_regions=[
                    db.session.get(SubRegion, s) for s in eligible_sub_regions
                ],
                capacity=capacity,
                modality=modality,
                status=status,
                valid_until=valid_until,
                created_by=created_by,
            )
            db.session.add(offer)
            db.session.commit()
            return offer


GENOMICS = "Genomic surveillance with NGS sequencing"
GENOMICS_TEXT = (
    "Sequencing (NGS) and bioinformatics for pathogen genomic surveillance at the "
    "national public health laboratory."
)


def regional_genomics(make: Factories) -> tuple[Offer, list[Need]]:
    """One regional genomics offer for South-East Asia and three needs it fits
    (Philippines, Malaysia, Laos): a full run proposes it as a regional offer."""
    offer = make.offer(
        title="Regional genomic surveillance network",
        description="NGS sequencing, bioinformatics training and genomic surveillance "
        "of pathogens for national public health laboratories.",
        categories=("genomics-bioinformatics",),
        eligible_sub_regions=("south-east-asia",),
        capacity=4,
        modality=Modality.REGIONAL,
    )
    needs = [
        make.need(
            country=country,
            title=GENOMICS,
            description=GENOMICS_TEXT,
            category="genomics-bioinformatics",
        )
        for country in ("PHL", "MYS", "LAO")
    ]
    return offer, needs
