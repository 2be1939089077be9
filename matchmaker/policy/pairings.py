"""Who may review suggestions, follow pairings, report progress and see contacts.

* **Facilitators and admins** review suggestions (accept, decline, defer), introduce
  the parties, close pairings and read every pairing.
* **The parties** — the need's country's focal points and the offer's organisation's
  partner users — see a pairing from the introduction on, and report its progress
  (agreed, in progress, completed, stalled). Before the introduction they know only
  that interest was expressed, never who the other side's people are.
* **Contact details** of both parties (names, emails, phones) are shown to staff, and
  to the parties once a facilitator has introduced them; never before.
* **Interest**: a focal point asks for an introduction to an offer their country may
  see, for one of their country's needs still seeking support; a partner offers
  support, with one of their organisation's open offers, for a published need.
"""

from __future__ import annotations

from typing import Any

from matchmaker.models import (
    INTRODUCED_STATUSES,
    Need,
    Offer,
    OfferStatus,
    Pairing,
    PairingStatus,
    Role,
)
from matchmaker.policy.listings import (
    PUBLISHED_NEED_STATUSES,
    can_view_need,
    can_view_offer,
    is_staff,
    role_of,
)

# What a party may report, from each status (staff may report the same).
PARTY_REPORTS: dict[PairingStatus, frozenset[PairingStatus]] = {
    PairingStatus.INTRODUCED: frozenset({PairingStatus.AGREED}),
    PairingStatus.AGREED: frozenset({PairingStatus.IN_PROGRESS, PairingStatus.STALLED}),
    PairingStatus.IN_PROGRESS: frozenset(
        {PairingStatus.COMPLETED, PairingStatus.STALLED}
    ),
    PairingStatus.STALLED: frozenset({PairingStatus.IN_PROGRESS}),
}


def can_review(user: Any) -> bool:
    """Read the review queue and decide suggestions: facilitators and admins."""
    return is_staff(user)


def is_need_party(user: Any, pairing: Pairing) -> bool:
    """A focal point of the need's country."""
    return (
        role_of(user) is Role.FOCAL_POINT
        and user.country_alpha3 is not None
        and user.country_alpha3 == pairing.need.country_alpha3
    )


def is_offer_party(user: Any, pairing: Pairing) -> bool:
    """A partner user of the offer's organisation."""
    return (
        role_of(user) is Role.PARTNER
        and user.organisation_id is not None
        and user.organisation_id == pairing.offer.organisation_id
    )


def is_party(user: Any, pairing: Pairing) -> bool:
    """Either side of the pairing."""
    return is_need_party(user, pairing) or is_offer_party(user, pairing)


def can_view_pairing(user: Any, pairing: Pairing) -> bool:
    """Staff always; the parties from the introduction on."""
    if is_staff(user):
        return True
    return pairing.introduced and is_party(user, pairing)


def can_see_contacts(user: Any, pairing: Pairing) -> bool:
    """Staff, or a party once the facilitator has introduced them."""
    return can_view_pairing(user, pairing)


def can_introduce(user: Any, pairing: Pairing) -> bool:
    """Staff, on an accepted pairing."""
    return is_staff(user) and pairing.status is PairingStatus.ACCEPTED


def can_close(user: Any, pairing: Pairing) -> bool:
    """Staff, on a pairing that is under way (accepted and not finished)."""
    return is_staff(user) and pairing.status in PAIRING_CLOSABLE


PAIRING_CLOSABLE = frozenset(
    {
        PairingStatus.ACCEPTED,
        PairingStatus.INTRODUCED,
        PairingStatus.AGREED,
        PairingStatus.IN_PROGRESS,
        PairingStatus.STALLED,
    }
)


def reports_allowed(user: Any, pairing: Pairing) -> frozenset[PairingStatus]:
    """The statuses ``user`` may report for ``pairing`` now (empty: none)."""
    if not (is_staff(user) or (pairing.introduced and is_party(user, pairing))):
        return frozenset()
    if pairing.status not in INTRODUCED_STATUSES:
        return frozenset()
    return PARTY_REPORTS.get(pairing.status, frozenset())


def can_ask_for_introduction(user: Any, offer: Offer, need: Need | None) -> bool:
    """A focal point, for their own country's need, on an offer they may see."""
    if role_of(user) is not Role.FOCAL_POINT or not can_view_offer(user, offer):
        return False
    if offer.status is not OfferStatus.OPEN:
        return False
    return need is None or (
        need.country_alpha3 == user.country_alpha3
        and need.status in PUBLISHED_NEED_STATUSES
    )


def can_offer_support(user: Any, need: Need, offer: Offer | None) -> bool:
    """A partner, with their own organisation's open offer, on a published need."""
    if role_of(user) is not Role.PARTNER or not can_view_need(user, need):
        return False
    if need.status not in PUBLISHED_NEED_STATUSES:
        return False
    return offer is None or (
        offer.organisation_id == user.organisation_id
        and offer.status is OfferStatus.OPEN
    )
