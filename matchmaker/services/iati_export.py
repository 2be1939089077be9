"""Completed pairings as IATI activities, for aid databases and donors' systems.

Only pairings that reached ``completed`` are exported: cooperation that took place,
not intentions. Each becomes one activity (see ``matchmaker/iati.py`` for how the
standard's fields are filled); a viewer gets exactly the pairings the policy lets
them see (``policy.can_view_pairing``: staff every one, the parties their own from
the introduction on), so an export never tells anyone more than the pairing pages
would.

What each activity says:

* **title**: the need, as its country put it; **description**: the need's
  description, the offer that met it and by whom, and the cooperation model.
* **sectors**: the DAC codes of the need's category (``dac_codes``). A need without
  a mapped category takes the primary codes of the offer's categories; failing
  those too, 12110, the codelist's home for unspecified health activities.
* **start**: the first time the pairing was reported in progress; **end**: when it
  was reported completed (the pairing's last change if its history lacks the step).
* **last updated**: the latest change of the pairing, its need, its offer or the
  offering organisation, since any of them changes what the activity says.

Reads take a fixed handful of queries, however many pairings there are.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from matchmaker import dac_codes, policy
from matchmaker.extensions import db
from matchmaker.iati import (
    ORG_TYPE_GOVERNMENT,
    ORG_TYPE_MULTILATERAL,
    ROLE_FUNDING,
    ROLE_IMPLEMENTING,
    IatiActivity,
    ParticipatingOrg,
    activity_identifier,
    write_activities,
)
from matchmaker.models import (
    Need,
    Offer,
    OrganisationKind,
    Pairing,
    PairingEvent,
    PairingStatus,
    utcnow,
)
from matchmaker.services.pairing_pages import visible_to

# The name the export carries as its publisher until the operator's own is set.
REPORTING_ORG_NAME = "matchmaker"

# IATI OrganisationType of each kind of partner, where the kind says it plainly.
# Development banks are multilateral (ADB) or national (JICA, KfW), and "Foundation
# / NGO" mixes two IATI types, so those two are left out rather than guessed.
ORGANISATION_TYPES: dict[OrganisationKind, str] = {
    OrganisationKind.GOVERNMENT: ORG_TYPE_GOVERNMENT,
    OrganisationKind.MULTILATERAL: ORG_TYPE_MULTILATERAL,
    OrganisationKind.RESEARCH: "80",  # academic, training and research
    OrganisationKind.COMPANY: "70",  # private sector
}


def completed_activities(viewer: Any) -> list[IatiActivity]:
    """One IATI activity per completed pairing ``viewer`` may see, oldest first."""
    completed = visible_to(viewer).where(Pairing.status == PairingStatus.COMPLETED)
    query = completed.options(
        joinedload(Pairing.need).joinedload(Need.country),
        joinedload(Pairing.need).joinedload(Need.category),
        joinedload(Pairing.offer).joinedload(Offer.organisation),
        joinedload(Pairing.offer).selectinload(Offer.categories),
        joinedload(Pairing.cooperation_model),
    ).order_by(Pairing.id)
    found = [
        pairing
        for pairing in db.session.scalars(query).unique()
        if policy.can_view_pairing(viewer, pairing)
    ]
    if not found:
        return []
    steps = _step_dates(completed.with_only_columns(Pairing.id))
    return [_activity(pairing, steps.get(pairing.id, {})) for pairing in found]


def activities_xml(
    viewer: Any,
    *,
    reporting_org: str = REPORTING_ORG_NAME,
    generated_at: datetime | None = None,
) -> bytes:
    """The IATI ``iati-activities`` document of ``completed_activities(viewer)``."""
    return write_activities(
        completed_activities(viewer),
        reporting_org=reporting_org,
        generated_at=generated_at or utcnow(),
    )


def _step_dates(pairing_ids: Select[Any]) -> dict[int, dict[PairingStatus, datetime]]:
    """Per pairing: first reported in progress, last reported completed (one query)."""
    rows = db.session.execute(
        select(
            PairingEvent.pairing_id,
            PairingEvent.to_status,
            func.min(PairingEvent.at),
            func.max(PairingEvent.at),
        )
        .where(
            PairingEvent.pairing_id.in_(pairing_ids),
            PairingEvent.to_status.in_(
                [PairingStatus.IN_PROGRESS, PairingStatus.COMPLETED]
            ),
        )
        .group_by(PairingEvent.pairing_id, PairingEvent.to_status)
    )
    steps: dict[int, dict[PairingStatus, datetime]] = {}
    for pairing_id, status, first, last in rows:
        moment = first if status is PairingStatus.IN_PROGRESS else last
        steps.setdefault(pairing_id, {})[status] = moment
    return steps


def _activity(pairing: Pairing, steps: dict[PairingStatus, datetime]) -> IatiActivity:
    need, offer = pairing.need, pairing.offer
    organisation = offer.organisation
    started = steps.get(PairingStatus.IN_PROGRESS)
    completed = steps.get(PairingStatus.COMPLETED) or pairing.updated_at
    return IatiActivity(
        identifier=activity_identifier(pairing.id),
        title=need.title,
        description=_description(pairing),
        recipient_country=need.country_alpha3,
        sectors=_sectors(pairing),
        participating_orgs=(
            ParticipatingOrg(
                organisation.name,
                ROLE_FUNDING,
                ORGANISATION_TYPES.get(organisation.kind),
            ),
            ParticipatingOrg(
                f"Government of {need.country.name}",
                ROLE_IMPLEMENTING,
                ORG_TYPE_GOVERNMENT,
            ),
        ),
        start_date=_day(started) if started is not None else None,
        end_date=_day(completed),
        last_updated=max(
            pairing.updated_at,
            need.updated_at,
            offer.updated_at,
            organisation.updated_at,
        ),
    )


def _description(pairing: Pairing) -> str:
    need, offer = pairing.need, pairing.offer
    parts = [
        need.description.strip() or need.title,
        f"Support: {offer.title}, offered by {offer.organisation.name}.",
    ]
    if offer.description.strip():
        parts.append(offer.description.strip())
    if pairing.cooperation_model is not None:
        parts.append(f"Model of cooperation: {pairing.cooperation_model.label}.")
    return "\n\n".join(parts)


def _sectors(pairing: Pairing) -> tuple[dac_codes.DacCode, ...]:
    category = pairing.need.category
    codes = dac_codes.codes_for(category.slug if category is not None else None)
    if codes:
        return codes
    primaries = [dac_codes.primary_code(c.slug) for c in pairing.offer.categories]
    unique = {code.code: code for code in primaries if code is not None}
    return tuple(unique.values()) or (dac_codes.UNSPECIFIED_HEALTH,)


def _day(moment: datetime) -> date:
    """The UTC calendar day of a moment."""
    return moment.astimezone(UTC).date()
