"""Which cooperation models are used where, and how far their pairings got.

Counts every pairing that was accepted (so has, or could have, a cooperation model)
by its model and where it stands now, and by its model and the sub-region of the
need's country. Pairings still under review or declined are left out: they never
started cooperating. Counted over all time, since cooperation takes months to years.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    CooperationModel,
    Country,
    Need,
    Pairing,
    PairingStatus,
    SubRegion,
)

# Where a pairing stands after acceptance, in the order cooperation moves.
STAGES: tuple[PairingStatus, ...] = (
    PairingStatus.ACCEPTED,
    PairingStatus.INTRODUCED,
    PairingStatus.AGREED,
    PairingStatus.IN_PROGRESS,
    PairingStatus.COMPLETED,
    PairingStatus.STALLED,
    PairingStatus.CLOSED,
)
NO_MODEL = "No model recorded"
NO_SUB_REGION = "Outside the sub-regions"


@dataclass(frozen=True)
class ModelRow:
    """One cooperation model's pairings by stage."""

    label: str
    active: bool
    by_stage: dict[PairingStatus, int]

    @property
    def total(self) -> int:
        return sum(self.by_stage.values())


@dataclass(frozen=True)
class RegionGroup:
    """Pairings in one sub-region, by cooperation model (most used first)."""

    sub_region: str
    models: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(number for _, number in self.models)


@dataclass(frozen=True)
class CooperationReport:
    """Cooperation models by stage and by sub-region."""

    stages: tuple[PairingStatus, ...]
    models: tuple[ModelRow, ...]
    regions: tuple[RegionGroup, ...]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.models)

    def stage_total(self, stage: PairingStatus) -> int:
        """Pairings at ``stage``, whatever their model."""
        return sum(row.by_stage.get(stage, 0) for row in self.models)


def cooperation_report() -> CooperationReport:
    """Every accepted pairing, by cooperation model × stage and × sub-region."""
    return CooperationReport(stages=STAGES, models=_by_stage(), regions=_by_region())


def _by_stage() -> tuple[ModelRow, ...]:
    counts: dict[int | None, dict[PairingStatus, int]] = {}
    for model_id, status, number in db.session.execute(
        select(Pairing.cooperation_model_id, Pairing.status, func.count())
        .where(Pairing.status.in_(STAGES))
        .group_by(Pairing.cooperation_model_id, Pairing.status)
    ):
        counts.setdefault(model_id, {})[PairingStatus(status)] = number
    models = db.session.scalars(
        select(CooperationModel).order_by(
            CooperationModel.position, CooperationModel.id
        )
    )
    rows = [
        ModelRow(
            label=model.label if model.active else f"{model.label} (retired)",
            active=model.active,
            by_stage=counts.get(model.id, {}),
        )
        for model in models
        if model.active or model.id in counts
    ]
    if None in counts:
        rows.append(ModelRow(label=NO_MODEL, active=True, by_stage=counts[None]))
    return tuple(rows)


def _by_region() -> tuple[RegionGroup, ...]:
    rows = db.session.execute(
        select(SubRegion.label, CooperationModel.label, func.count())
        .select_from(Pairing)
        .join(Need, Need.id == Pairing.need_id)
        .join(Country, Country.alpha3 == Need.country_alpha3)
        .outerjoin(SubRegion, SubRegion.slug == Country.sub_region_slug)
        .outerjoin(
            CooperationModel, CooperationModel.id == Pairing.cooperation_model_id
        )
        .where(Pairing.status.in_(STAGES))
        .group_by(SubRegion.label, CooperationModel.label)
    ).all()
    grouped: dict[str, list[tuple[str, int]]] = {}
    for region, model, number in rows:
        grouped.setdefault(region or NO_SUB_REGION, []).append(
            (model or NO_MODEL, number)
        )
    # Sub-regions by label (pairings outside them last); the most used model first.
    return tuple(
        RegionGroup(
            sub_region=region,
            models=tuple(sorted(models, key=lambda m: (-m[1], m[0] == NO_MODEL, m[0]))),
        )
        for region, models in sorted(
            grouped.items(), key=lambda item: (item[0] == NO_SUB_REGION, item[0])
        )
    )
