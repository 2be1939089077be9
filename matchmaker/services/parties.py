"""The people on each side of a pairing, and their contact details.

Contact details (name, email, phone, organisation) leave this module only for the
pairing page and the introduction email; the policy decides who sees them
(``policy.can_see_contacts``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Need, Offer, Role, User


@dataclass(frozen=True)
class Contact:
    """How to reach one person of a party."""

    name: str
    email: str
    phone: str
    organisation: str

    def lines(self) -> list[str]:
        """The contact as plain-text lines (emails)."""
        lines = [self.name or self.email, f"  Email: {self.email}"]
        if self.phone:
            lines.append(f"  Phone: {self.phone}")
        if self.organisation:
            lines.append(f"  Organisation: {self.organisation}")
        return lines


def need_people(need: Need) -> list[User]:
    """Active focal points of the need's country."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.role == Role.FOCAL_POINT,
                User.country_alpha3 == need.country_alpha3,
                User.active.is_(True),
            )
            .order_by(User.id)
        )
    )


def offer_people(offer: Offer) -> list[User]:
    """Active partner users of the offer's organisation."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.role == Role.PARTNER,
                User.organisation_id == offer.organisation_id,
                User.active.is_(True),
            )
            .order_by(User.id)
        )
    )


def staff() -> list[User]:
    """Active facilitators and admins."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_([Role.FACILITATOR, Role.ADMIN]), User.active.is_(True))
            .order_by(User.id)
        )
    )


def contact_of(user: User, organisation: str = "") -> Contact:
    """One person's contact details."""
    return Contact(
        name=user.full_name,
        email=user.email,
        phone=user.phone or "",
        organisation=organisation,
    )


def need_contacts(need: Need) -> list[Contact]:
    """The need's side: its country's focal points (organisation: the country)."""
    return [contact_of(u, f"Focal point for {need.country.name}") for u in
            need_people(need)]  # fmt: skip


def offer_contacts(offer: Offer) -> list[Contact]:
    """The offer's side: its organisation's partner users."""
    return [contact_of(u, offer.organisation.name) for u in offer_people(offer)]
