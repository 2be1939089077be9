"""Cooperation offers: what a partner provides, to whom, and for how many."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, TimestampMixin, str_enum
from matchmaker.models.organisation import Organisation
from matchmaker.models.reference import Category, Country, SubRegion, SupportType
from matchmaker.models.user import User


class OfferStatus(StrEnum):
    """draft → open → closed, or expired once past its validity."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


class Modality(StrEnum):
    """Whether an offer serves one country at a time, several together, or either."""

    BILATERAL = "bilateral"
    REGIONAL = "regional"
    EITHER = "either"


def _link_table(name: str, column: str, target: str) -> Table:
    return Table(
        name,
        Base.metadata,
        Column(
            "offer_id", ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True
        ),
        Column(column, ForeignKey(target), primary_key=True),
    )


offer_categories = _link_table("offer_categories", "category_id", "categories.id")
offer_support_types = _link_table(
    "offer_support_types", "support_type_id", "support_types.id"
)
offer_eligible_countries = _link_table(
    "offer_eligible_countries", "country_alpha3", "countries.alpha3"
)
offer_eligible_sub_regions = _link_table(
    "offer_eligible_sub_regions", "sub_region_slug", "sub_regions.slug"
)


class Offer(TimestampMixin, Base):
    """An offer posted by a partner organisation.

    Eligibility is the union of the listed countries and sub-regions; with
    ``eligible_any`` (or nothing listed) every country qualifies.
    """

    __tablename__ = "offers"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("budget_usd IS NULL OR budget_usd >= 0", name="budget_usd"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    # The one-time token of the form that created it (unique): a form sent again
    # finds this row instead of creating a second one. None for older rows.
    create_token: Mapped[str | None] = mapped_column(
        String(43), unique=True, index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    eligible_any: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int] = mapped_column(default=1)
    modality: Mapped[Modality] = mapped_column(
        str_enum(Modality, "offer_modality"), default=Modality.EITHER
    )
    budget_usd: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[OfferStatus] = mapped_column(
        str_enum(OfferStatus, "offer_status"), default=OfferStatus.DRAFT, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship()
    categories: Mapped[list[Category]] = relationship(
        secondary=offer_categories, order_by=lambda: Category.position
    )
    support_types: Mapped[list[SupportType]] = relationship(
        secondary=offer_support_types, order_by=lambda: SupportType.position
    )
    eligible_countries: Mapped[list[Country]] = relationship(
        secondary=offer_eligible_countries, order_by=lambda: Country.alpha3
    )
    eligible_sub_regions: Mapped[list[SubRegion]] = relationship(
        secondary=offer_eligible_sub_regions, order_by=lambda: SubRegion.slug
    )
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def eligibility_codes(self) -> list[str]:
        """Eligibility as the CSV spells it: alpha-3 codes, sub-region slugs or any."""
        codes = [c.alpha3 for c in self.eligible_countries]
        codes += [s.slug for s in self.eligible_sub_regions]
        return ["any"] if self.eligible_any or not codes else codes

    def __repr__(self) -> str:
        return f"<Offer {self.id} {self.title[:30]!r}>"
