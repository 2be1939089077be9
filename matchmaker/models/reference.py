"""Reference data: sub-regions, countries, categories and support types."""

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


class Category(Base):
    """What cooperation builds; related categories earn partial credit in matching."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    related: Mapped[list[Category]] = relationship(
        secondary=category_relations,
        primaryjoin=lambda: Category.id == category_relations.c.category_id,
        secondaryjoin=lambda: Category.id == category_relations.c.related_id,
        order_by=lambda: Category.position,
    )

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class SupportType(Base):
    """How a partner helps: financial, technical, institutional..."""

    __tablename__ = "support_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<SupportType {self.slug}>"
