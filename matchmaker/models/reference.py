"""Reference data: sub-regions, countries and the admin's lists of terms.

Terms (categories, support types, decline reasons, cooperation models) share one
shape: a stable slug, a label, a description, an active flag and a position, so
the admin's taxonomy pages edit them all the same way.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base


class SubRegion(Base):
    """An ESCAP sub-region; offers may name one as eligible."""

    __tablename__ = "sub_regions"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(80))

    countries: Mapped[list[Country]] = relationship(back_populates="sub_region")


class Country(Base):
    """An ISO 3166-1 country with the flags eligibility rules and priorities use."""

    __tablename__ = "countries"

    alpha3: Mapped[str] = mapped_column(String(3), primary_key=True)
    alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    sub_region_slug: Mapped[str | None] = mapped_column(
        ForeignKey("sub_regions.slug"), index=True
    )
    escap_member: Mapped[bool] = mapped_column(default=False)
    escap_associate: Mapped[bool] = mapped_column(default=False)
    ldc: Mapped[bool] = mapped_column(default=False)
    lldc: Mapped[bool] = mapped_column(default=False)
    sids: Mapped[bool] = mapped_column(default=False)

    sub_region: Mapped[SubRegion | None] = relationship(back_populates="countries")

    def __repr__(self) -> str:
        return f"<Country {self.alpha3}>"


category_relations = Table(
    "category_relations",
    Base.metadata,
    Column("category_id", ForeignKey("categories.id"), primary_key=True),
    Column("related_id", ForeignKey("categories.id"), primary_key=True),
)


class TermMixin:
    """The columns every admin-kept term has; terms are retired, never deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class Category(TermMixin, Base):
    """What cooperation builds; related categories earn partial credit in matching."""

    __tablename__ = "categories"

    related: Mapped[list[Category]] = relationship(
        secondary=category_relations,
        primaryjoin=lambda: Category.id == category_relations.c.category_id,
        secondaryjoin=lambda: Category.id == category_relations.c.related_id,
        order_by=lambda: Category.position,
    )

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class SupportType(TermMixin, Base):
    """How a partner helps: financial, technical, institutional..."""

    __tablename__ = "support_types"

    def __repr__(self) -> str:
        return f"<SupportType {self.slug}>"


class DeclineReason(TermMixin, Base):
    """Why a facilitator declined a suggestion or closed a pairing.

    ``comparison`` names the engine comparison a decline for this reason speaks
    against (``category``, ``support``...), so declines can be counted as evidence
    about the weights; empty for reasons that say nothing about scoring.
    """

    __tablename__ = "decline_reasons"

    comparison: Mapped[str] = mapped_column(String(40), default="")

    def __repr__(self) -> str:
        return f"<DeclineReason {self.slug}>"


class CooperationModel(TermMixin, Base):
    """How an accepted pairing cooperates: grant, twinning, fellowship, loan..."""

    __tablename__ = "cooperation_models"

    def __repr__(self) -> str:
        return f"<CooperationModel {self.slug}>"
