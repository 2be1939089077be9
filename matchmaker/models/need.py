"""Country needs: what a country lacks and wants support for."""

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
from matchmaker.models.reference import Category, Country, SupportType
from matchmaker.models.user import User


class NeedStatus(StrEnum):
    """draft → open → in_discussion → matched → fulfilled, or withdrawn."""

    DRAFT = "draft"
    OPEN = "open"
    IN_DISCUSSION = "in_discussion"
    MATCHED = "matched"
    FULFILLED = "fulfilled"
    WITHDRAWN = "withdrawn"


class Priority(StrEnum):
    """How urgent a need is for its country; the engine breaks ties with it."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


need_support_types = Table(
    "need_support_types",
    Base.metadata,
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    Column("support_type_id", ForeignKey("support_types.id"), primary_key=True),
)


class Need(TimestampMixin, Base):
    """A need posted by a country's focal point."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint("budget_usd IS NULL OR budget_usd >= 0", name="budget_usd"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    # The one-time token of the form that created it (unique): a form sent again
    # finds this row instead of creating a second one. None for older rows.
    create_token: Mapped[str | None] = mapped_column(
        String(43), unique=True, index=True
    )
    country_alpha3: Mapped[str] = mapped_column(
        ForeignKey("countries.alpha3"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id"), index=True
    )
    budget_usd: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    deadline: Mapped[date | None] = mapped_column(Date)
    priority: Mapped[Priority] = mapped_column(
        str_enum(Priority, "need_priority"), default=Priority.MEDIUM
    )
    status: Mapped[NeedStatus] = mapped_column(
        str_enum(NeedStatus, "need_status"), default=NeedStatus.DRAFT, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    country: Mapped[Country] = relationship()
    category: Mapped[Category | None] = relationship()
    support_types: Mapped[list[SupportType]] = relationship(
        secondary=need_support_types, order_by=lambda: SupportType.position
    )
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Need {self.id} {self.country_alpha3} {self.title[:30]!r}>"
