"""Pairings a facilitator took up, their history, and what surrounds them.

A ``Pairing`` exists for a need–offer pair once somebody acted on the suggestion:
a facilitator decided it (accepted, declined, deferred) or one side expressed
interest. Status words:

* ``proposed`` — under review: interest was expressed, or a decision was deferred;
* ``declined`` — a facilitator said no to the suggestion before anything started;
  the pair is not suggested again until either listing's content changes;
* ``accepted → introduced → agreed → in_progress → completed`` — cooperation;
* ``stalled`` — a party reported that work stopped; it may resume or be closed;
* ``closed`` — ended with a reason after it was accepted (or because a listing was
  withdrawn or closed). ``declined`` is the "no" before acceptance; ``closed`` the
  end of an accepted pairing that did not complete.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
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
from matchmaker.models.reference import CooperationModel, DeclineReason
from matchmaker.models.user import User


class PairingStatus(StrEnum):
    """Where a pairing stands; see the module docstring."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    INTRODUCED = "introduced"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    STALLED = "stalled"
    COMPLETED = "completed"
    DECLINED = "declined"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return PAIRING_STATUS_LABELS[self]


PAIRING_STATUS_LABELS = {
    PairingStatus.PROPOSED: "Under review",
    PairingStatus.ACCEPTED: "Accepted",
    PairingStatus.INTRODUCED: "Introduced",
    PairingStatus.AGREED: "Agreed",
    PairingStatus.IN_PROGRESS: "In progress",
    PairingStatus.STALLED: "Stalled",
    PairingStatus.COMPLETED: "Completed",
    PairingStatus.DECLINED: "Declined",
    PairingStatus.CLOSED: "Closed",
}

# Pairings that hold a place in an offer's capacity.
ACTIVE_STATUSES = frozenset(
    {
        PairingStatus.ACCEPTED,
        PairingStatus.INTRODUCED,
        PairingStatus.AGREED,
        PairingStatus.IN_PROGRESS,
        PairingStatus.STALLED,
    }
)
# From the introduction on, both parties see the pairing and each other's contact.
INTRODUCED_STATUSES = frozenset(
    {
        PairingStatus.INTRODUCED,
        PairingStatus.AGREED,
        PairingStatus.IN_PROGRESS,
        PairingStatus.STALLED,
        PairingStatus.COMPLETED,
    }
)
FINAL_STATUSES = frozenset(
    {PairingStatus.COMPLETED, PairingStatus.DECLINED, PairingStatus.CLOSED}
)

_CLOSABLE = frozenset({PairingStatus.CLOSED})
# Which status may follow which; anything else is refused.
PAIRING_TRANSITIONS: dict[PairingStatus, frozenset[PairingStatus]] = {
    PairingStatus.PROPOSED: frozenset(
        {PairingStatus.ACCEPTED, PairingStatus.DECLINED, PairingStatus.PROPOSED}
    ),
    PairingStatus.ACCEPTED: frozenset({PairingStatus.INTRODUCED}) | _CLOSABLE,
    PairingStatus.INTRODUCED: frozenset({PairingStatus.AGREED}) | _CLOSABLE,
    PairingStatus.AGREED: frozenset({PairingStatus.IN_PROGRESS, PairingStatus.STALLED})
    | _CLOSABLE,
    PairingStatus.IN_PROGRESS: frozenset(
        {PairingStatus.COMPLETED, PairingStatus.STALLED}
    )
    | _CLOSABLE,
    PairingStatus.STALLED: frozenset({PairingStatus.IN_PROGRESS}) | _CLOSABLE,
    PairingStatus.COMPLETED: frozenset(),
    # A declined pair whose listings changed since may be taken up again.
    PairingStatus.DECLINED: frozenset(
        {PairingStatus.ACCEPTED, PairingStatus.PROPOSED, PairingStatus.DECLINED}
    ),
    PairingStatus.CLOSED: frozenset(),
}


class RegionalCooperation(TimestampMixin, Base):
    """One offer serving needs of several countries, taken up as one cooperation.

    Its pairings move together: introducing, closing or reporting on it acts on
    every one of them.
    """

    __tablename__ = "regional_cooperations"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    offer: Mapped[Offer] = relationship()
    pairings: Mapped[list[Pairing]] = relationship(
        back_populates="regional_cooperation", order_by=lambda: Pairing.id
    )


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
        str_enum(PairingStatus, "pairing_status"),
        default=PairingStatus.PROPOSED,
        index=True,
    )
    score: Mapped[float | None] = mapped_column(Float)
    # Why it was declined or closed: one of the admin's reasons, and free text.
    reason_id: Mapped[int | None] = mapped_column(ForeignKey("decline_reasons.id"))
    reason_details: Mapped[str] = mapped_column(Text, default="")
    cooperation_model_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperation_models.id")
    )
    deferred_until: Mapped[date | None] = mapped_column(Date)
    # Content fingerprints of both listings when the pair was declined: the pair
    # stays out of suggestions while both still match.
    need_fingerprint: Mapped[str] = mapped_column(String(64), default="")
    offer_fingerprint: Mapped[str] = mapped_column(String(64), default="")
    regional_cooperation_id: Mapped[int | None] = mapped_column(
        ForeignKey("regional_cooperations.id"), index=True
    )
    introduced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    need: Mapped[Need] = relationship()
    offer: Mapped[Offer] = relationship()
    reason: Mapped[DeclineReason | None] = relationship()
    cooperation_model: Mapped[CooperationModel | None] = relationship()
    regional_cooperation: Mapped[RegionalCooperation | None] = relationship(
        back_populates="pairings"
    )
    created_by: Mapped[User | None] = relationship()
    events: Mapped[list[PairingEvent]] = relationship(
        back_populates="pairing",
        cascade="all, delete-orphan",
        order_by=lambda: (PairingEvent.at, PairingEvent.id),
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def introduced(self) -> bool:
        """True once a facilitator has introduced the parties."""
        return self.introduced_at is not None

    def __repr__(self) -> str:
        return f"<Pairing {self.id} {self.need_id}-{self.offer_id} {self.status}>"


class PairingEvent(Base):
    """One step in a pairing's life: who, when, what, from which status to which."""

    __tablename__ = "pairing_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairings.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(40), default="")
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


class InterestSide(StrEnum):
    """Who spoke up: the need's country or the offer's partner."""

    NEED = "need"
    OFFER = "offer"


class Interest(Base):
    """ "Ask for an introduction" (focal point) or "Offer support" (partner)."""

    __tablename__ = "interests"
    __table_args__ = (UniqueConstraint("need_id", "offer_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    side: Mapped[InterestSide] = mapped_column(str_enum(InterestSide, "interest_side"))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    need: Mapped[Need] = relationship()
    offer: Mapped[Offer] = relationship()
    user: Mapped[User] = relationship()
