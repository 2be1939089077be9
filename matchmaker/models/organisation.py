"""Partner organisations."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, TimestampMixin, str_enum
from matchmaker.models.reference import Country


class OrganisationKind(StrEnum):
    """The kinds of partner the concept note names."""

    GOVERNMENT = "government"
    DEVELOPMENT_BANK = "development-bank"
    MULTILATERAL = "multilateral"
    RESEARCH = "research"
    COMPANY = "company"
    FOUNDATION = "foundation"

    @property
    def label(self) -> str:
        return ORGANISATION_KIND_LABELS[self]


ORGANISATION_KIND_LABELS = {
    OrganisationKind.GOVERNMENT: "Government",
    OrganisationKind.DEVELOPMENT_BANK: "Development bank",
    OrganisationKind.MULTILATERAL: "UN / multilateral agency",
    OrganisationKind.RESEARCH: "Research institute / university",
    OrganisationKind.COMPANY: "Company",
    OrganisationKind.FOUNDATION: "Foundation / NGO",
}


class Organisation(TimestampMixin, Base):
    """A partner that posts offers; partner users belong to one."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        str_enum(OrganisationKind, "organisation_kind"),
        default=OrganisationKind.GOVERNMENT,
    )
    country_alpha3: Mapped[str | None] = mapped_column(ForeignKey("countries.alpha3"))
    website: Mapped[str] = mapped_column(String(300), default="")

    country: Mapped[Country | None] = relationship()

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"
