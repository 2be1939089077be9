"""Pairings a facilitator took up, and the history of their status."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import (
    Base,
    TimestampMixin,
    UTCDateTime,
    str_enum,
    utcnow,
)
from matchmaker.models.need import Need
from matchmaker.models.offer import Offer
from matchmaker.models.user import User


class PairingStatus(StrEnum):
    """proposed → accepted → introduced → agreed → in_progress → completed, or
    declined with a reason."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    INTRODUCED = "introduced"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"


# Which status may follow which; anything else is refused.
PAIRING_TRANSITIONS: dict[PairingStatus, frozenset[PairingStatus]] = {
    PairingStatus.PROPOSED: frozenset({PairingStatus.ACCEPTED, PairingStatus.DECLINED}),
    PairingStatus.ACCEPTED: frozenset(
        {PairingStatus.INTRODUCED, PairingStatus.DECLINED}
    ),
    PairingStatus.INTRODUCED: frozenset({PairingStatus.AGREED, PairingStatus.DECLINED}),
    PairingStatus.AGREED: frozenset(
        {PairingStatus.IN_PROGRESS, PairingStatus.DECLINED}
    ),
    PairingStatus.IN_PROGRESS: frozenset(
        {PairingStatus.COMPLETED, PairingStatus.DECLINED}
    ),
    PairingStatus.COMPLETED: frozenset(),
    PairingStatus.DECLINED: frozenset(),
}


class Pairing(TimestampMixin, Base):
    """A need and an offer brought together; one pairing per pair."""

    __tablename__ = "pairings"
    __table_args__ = (UniqueConstraint("need_id", "offer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), index=True)
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL")
    )
    status: Mapped[PairingStatus] = mapped_column(
        str_enum(PairingStatus, "pairing_status"), default=PairingStatus.PROPOSED
    )
    score: Mapped[float | None] = mapped_column(Float)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    need: Mapped[Need] = relationship()
    offer: Mapped[Offer] = relationship()
    created_by: Mapped[User | None] = relationship()
    events: Mapped[list[PairingEvent]] = relationship(
        back_populates="pairing",
        cascade="all, delete-orphan",
        order_by=lambda: PairingEvent.at,
    )

    __mapper_args__ = {"version_id_col": version}


class PairingEvent(Base):
    """One status change of a pairing: who, when, from what to what, and why."""

    __tablename__ = "pairing_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairings.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[PairingStatus | None] = mapped_column(
        str_enum(PairingStatus, "pairing_event_from")
    )
    to_status: Mapped[PairingStatus] = mapped_column(
        str_enum(PairingStatus, "pairing_event_to")
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    pairing: Mapped[Pairing] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
