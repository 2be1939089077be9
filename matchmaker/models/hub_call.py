"""Open calls: hub candidates a facilitator raised with partners.

A hub candidate lives in one match run; once "raised with partners" it becomes an
open call that outlives the run, so partners can read that several countries need
the same thing and post an offer for it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, UTCDateTime, str_enum, utcnow
from matchmaker.models.need import Need
from matchmaker.models.reference import Category, Country, SubRegion
from matchmaker.models.user import User


class HubCallStatus(StrEnum):
    """Open until a facilitator closes it (an offer came, or it was dropped)."""

    OPEN = "open"
    CLOSED = "closed"


hub_call_needs = Table(
    "hub_call_needs",
    Base.metadata,
    Column("call_id", ForeignKey("hub_calls.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)


class HubCall(Base):
    """Several countries of a sub-region need the same thing and no offer exists."""

    __tablename__ = "hub_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("regional_proposals.id", ondelete="SET NULL"), unique=True
    )
    theme: Mapped[str] = mapped_column(String(200))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    sub_region_slug: Mapped[str | None] = mapped_column(ForeignKey("sub_regions.slug"))
    suggested_host_alpha3: Mapped[str | None] = mapped_column(
        ForeignKey("countries.alpha3")
    )
    why: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[HubCallStatus] = mapped_column(
        str_enum(HubCallStatus, "hub_call_status"), default=HubCallStatus.OPEN
    )
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    category: Mapped[Category | None] = relationship()
    sub_region: Mapped[SubRegion | None] = relationship()
    suggested_host: Mapped[Country | None] = relationship()
    raised_by: Mapped[User | None] = relationship()
    needs: Mapped[list[Need]] = relationship(
        secondary=hub_call_needs, order_by=lambda: Need.country_alpha3
    )
