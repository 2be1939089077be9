"""Who hears about each step of a pairing, and in what words.

Called inside the step's transaction, so the notifications commit with it. Before
the introduction, messages name listings, never people: the parties learn each
other's contact details only from the introduction itself.
"""

from __future__ import annotations

from matchmaker.models import (
    Interest,
    Need,
    NotificationKind,
    Offer,
    Pairing,
    PairingStatus,
    User,
)
from matchmaker.services import parties
from matchmaker.services.notifications import notify


# Links are paths (notifications are also written by the worker and the command
# line, where no request tells the host); emails prefix MATCHMAKER_BASE_URL.
def _pairing_link(pairing: Pairing) -> str:
    return f"/pairings/{pairing.id}"


def _need_link(need: Need) -> str:
    return f"/needs/{need.id}"


def _offer_link(offer: Offer) -> str:
    return f"/offers/{offer.id}"


def _interested(pairing: Pairing) -> list[User]:
    """People who expressed interest in this pair."""
    from sqlalchemy import select

    from matchmaker.extensions import db

    return list(
        db.session.scalars(
            select(User)
            .join(Interest, Interest.user_id == User.id)
            .where(
                Interest.need_id == pairing.need_id,
                Interest.offer_id == pairing.offer_id,
            )
        )
    )


def accepted(pairing: Pairing) -> None:
    """Both sides hear that a facilitator took the pair up; no names yet."""
    need, offer = pairing.need, pairing.offer
    notify(
        parties.need_people(need),
        NotificationKind.DECISION,
        f"An offer was accepted for your need “{need.title}”",
        f"A facilitator accepted the offer “{offer.title}” from "
        f"{offer.organisation.name} for this need. They will introduce you to the "
        "partner's contact people next.",
        _need_link(need),
    )
    notify(
        parties.offer_people(offer),
        NotificationKind.DECISION,
        f"Your offer “{offer.title}” was paired with a need",
        f"A facilitator paired your offer with the need “{need.title}” of "
        f"{need.country.name}. They will introduce you to its focal points next.",
        _offer_link(offer),
    )


def declined(pairing: Pairing) -> None:
    """Whoever asked for this pair hears it was declined, and why."""
    reason = pairing.reason.label if pairing.reason else "no reason given"
    notify(
        _interested(pairing),
        NotificationKind.DECISION,
        f"“{pairing.need.title}” and “{pairing.offer.title}” were not paired",
        f"A facilitator looked at your interest and declined the pairing ({reason}).",
        _need_link(pairing.need),
    )


def introduced(pairing: Pairing, facilitator: User) -> None:
    """Each side gets the other side's contacts and the facilitator's, by email."""
    need, offer = pairing.need, pairing.offer
    by = parties.contact_of(facilitator)
    need_side, offer_side = parties.need_contacts(need), parties.offer_contacts(offer)
    link = _pairing_link(pairing)
    notify(
        parties.need_people(need),
        NotificationKind.INTRODUCTION,
        f"Introduction: {offer.organisation.name} for “{need.title}”",
        _introduction_text(
            f"{facilitator.full_name or facilitator.email} introduces you to "
            f"{offer.organisation.name}, whose offer “{offer.title}” was paired with "
            f"your need “{need.title}”.",
            offer_side,
            by,
        ),
        link,
        always_email=True,
    )
    notify(
        parties.offer_people(offer),
        NotificationKind.INTRODUCTION,
        f"Introduction: {need.country.name} for “{offer.title}”",
        _introduction_text(
            f"{facilitator.full_name or facilitator.email} introduces you to the "
            f"focal points of {need.country.name}, whose need “{need.title}” was "
            f"paired with your offer “{offer.title}”.",
            need_side,
            by,
        ),
        link,
        always_email=True,
    )


def _introduction_text(
    opening: str, others: list[parties.Contact], facilitator: parties.Contact
) -> str:
    lines = [opening, "", "Who to contact:"]
    for contact in others or []:
        lines += contact.lines()
    if not others:
        lines.append("  (no active account yet: the facilitator will put you in touch)")
    lines += ["", "Your facilitator:", *facilitator.lines(), "",
              "Please report progress on the pairing's page as it moves."]  # fmt: skip
    return "\n".join(lines)


STATUS_WORDS = {
    PairingStatus.AGREED: "the parties agreed to cooperate",
    PairingStatus.IN_PROGRESS: "the cooperation is in progress",
    PairingStatus.COMPLETED: "the cooperation was completed",
    PairingStatus.STALLED: "the cooperation has stalled",
}


def progress(pairing: Pairing, actor: User) -> None:
    """Both parties and the facilitator who took it up hear of the new status."""
    words = STATUS_WORDS.get(pairing.status, pairing.status.label.lower())
    people = parties.need_people(pairing.need) + parties.offer_people(pairing.offer)
    if pairing.created_by is not None:
        people.append(pairing.created_by)
    notify(
        [p for p in people if p.id != actor.id],
        NotificationKind.PAIRING_STATUS,
        f"“{pairing.need.title}”: {words}",
        f"{actor.full_name or actor.email} reported that {words}.",
        _pairing_link(pairing),
    )


def ended(pairing: Pairing, actor: User | None, ended_by: Need | Offer | None) -> None:
    """The parties who knew of the pairing hear that it ended, and why."""
    reason = pairing.reason.label if pairing.reason else ""
    if pairing.introduced:
        people = parties.need_people(pairing.need) + parties.offer_people(pairing.offer)
    else:
        people = _interested(pairing)
    if ended_by is not None:  # the side that withdrew or closed knows already
        own = (
            parties.need_people(pairing.need)
            if isinstance(ended_by, Need)
            else parties.offer_people(pairing.offer)
        )
        people = [p for p in people if p not in own]
    if pairing.created_by is not None:
        people.append(pairing.created_by)
    notify(
        [p for p in people if actor is None or p.id != actor.id],
        NotificationKind.LISTING_CLOSED
        if ended_by is not None
        else NotificationKind.PAIRING_STATUS,
        f"The pairing of “{pairing.need.title}” and “{pairing.offer.title}” ended",
        f"It was closed: {reason}. {pairing.reason_details}".strip(),
        _pairing_link(pairing) if pairing.introduced else _need_link(pairing.need),
    )
