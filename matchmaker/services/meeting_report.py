"""The meeting report: the region's picture on one printable page.

A meeting like the one in the concept note needs key figures, needs by country and
category, the gaps, the support landscape, pairings by stage and cooperation model,
the regional proposals and hub candidates, and the needs nobody meets — with the date
and the choices it was made with, so that a printed copy says what it shows. The
page and the PDF are made from this one object.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Category,
    CooperationModel,
    Country,
    Need,
    Offer,
    Pairing,
    PairingStatus,
    SupportType,
)
from matchmaker.models.need import need_support_types
from matchmaker.pictures.shapes import GapGrid, GapMeasure, Landscape
from matchmaker.services import region_figures, region_proposals
from matchmaker.services.exclusions import TAKEN_UP
from matchmaker.services.match_runs import latest_successful_run
from matchmaker.services.region_proposals import ProposalView

# Stages in the order cooperation moves; declined suggestions are counted apart.
STAGES = (
    PairingStatus.ACCEPTED,
    PairingStatus.INTRODUCED,
    PairingStatus.AGREED,
    PairingStatus.IN_PROGRESS,
    PairingStatus.STALLED,
    PairingStatus.COMPLETED,
    PairingStatus.CLOSED,
)
NO_MODEL = "Not yet chosen"


@dataclass(frozen=True)
class Scope:
    """The choices a report is made with (slugs; None for all)."""

    sub_region: str | None = None
    category: str | None = None
    support_type: str | None = None


@dataclass(frozen=True)
class KeyFigure:
    value: int
    what: str


@dataclass(frozen=True)
class Report:
    made_at: datetime
    filters: list[tuple[str, str]]
    key_figures: list[KeyFigure]
    needs_grid: GapGrid  # every published need, by country and category
    gap_grid: GapGrid  # coloured by unmet needs
    landscape: Landscape
    stages: list[PairingStatus]
    models: list[tuple[str, dict[PairingStatus, int]]]  # model label → stage counts
    regional: list[ProposalView]
    hubs: list[ProposalView]
    unmet: list[Need]
    run_finished_at: datetime | None = None
    stage_totals: dict[PairingStatus, int] = field(default_factory=dict)


def build(scope: Scope, filters: list[tuple[str, str]]) -> Report:
    """Everything the report shows for ``scope``; ``filters`` says it in words."""
    needs_grid = _grid(scope, GapMeasure.ALL)
    gap_grid = _grid(scope, GapMeasure.UNMET)
    models, totals = _pairings_by_model(scope)
    proposals = _proposals(scope)
    unmet = _unmet(scope)
    run = latest_successful_run()
    figures = [
        KeyFigure(sum(c.total for c in needs_grid.cells), "published needs"),
        KeyFigure(sum(c.covered for c in needs_grid.cells), "covered by a pairing"),
        KeyFigure(len(unmet), "with no offer found"),
        KeyFigure(_open_offers(), "open offers"),
        KeyFigure(
            sum(totals.get(s, 0) for s in STAGES if s in TAKEN_UP), "pairings made"
        ),
        KeyFigure(totals.get(PairingStatus.COMPLETED, 0), "completed"),
        KeyFigure(
            sum(1 for p in proposals if p.offer is not None), "regional proposals"
        ),
        KeyFigure(sum(1 for p in proposals if p.offer is None), "hub candidates"),
    ]
    return Report(
        made_at=datetime.now(UTC),
        filters=filters,
        key_figures=figures,
        needs_grid=needs_grid,
        gap_grid=gap_grid,
        landscape=_landscape(scope),
        stages=list(STAGES),
        models=models,
        regional=[p for p in proposals if p.offer is not None],
        hubs=[p for p in proposals if p.offer is None],
        unmet=unmet,
        run_finished_at=run.finished_at if run else None,
        stage_totals=totals,
    )


def _grid(scope: Scope, measure: GapMeasure) -> GapGrid:
    grid = region_figures.gap_grid(
        measure=measure, support_type=scope.support_type, sub_region=scope.sub_region
    )
    if scope.category is None:
        return grid
    cells = [cell for cell in grid.cells if cell.category == scope.category]
    kept = {cell.country for cell in cells}
    return GapGrid(
        countries=[c for c in grid.countries if c[0] in kept],
        categories=[c for c in grid.categories if c[0] == scope.category and cells],
        cells=cells,
        measure=grid.measure,
        title=grid.title,
    )


def _landscape(scope: Scope) -> Landscape:
    if scope.sub_region is None:
        return region_figures.landscape(by="sub-region")
    countries = set(
        db.session.scalars(
            select(Country.alpha3).where(Country.sub_region_slug == scope.sub_region)
        )
    )
    return region_figures.landscape(by="country", countries=countries)


def _need_conditions(scope: Scope) -> list[Any]:
    """SQL conditions on ``Need`` for the scope."""
    conditions: list[Any] = []
    if scope.sub_region:
        conditions.append(
            Need.country_alpha3.in_(
                select(Country.alpha3).where(
                    Country.sub_region_slug == scope.sub_region
                )
            )
        )
    if scope.category:
        conditions.append(
            Need.category_id.in_(
                select(Category.id).where(Category.slug == scope.category)
            )
        )
    if scope.support_type:
        conditions.append(
            exists().where(
                and_(
                    need_support_types.c.need_id == Need.id,
                    need_support_types.c.support_type_id
                    == select(SupportType.id)
                    .where(SupportType.slug == scope.support_type)
                    .scalar_subquery(),
                )
            )
        )
    return conditions


def _pairings_by_model(
    scope: Scope,
) -> tuple[list[tuple[str, dict[PairingStatus, int]]], dict[PairingStatus, int]]:
    """Pairings counted by cooperation model and stage, and the stage totals."""
    query = (
        select(CooperationModel.label, Pairing.status, func.count(Pairing.id))
        .join(Need, Need.id == Pairing.need_id)
        .outerjoin(
            CooperationModel, CooperationModel.id == Pairing.cooperation_model_id
        )
        .where(Pairing.status.in_(STAGES), *_need_conditions(scope))
        .group_by(CooperationModel.label, Pairing.status)
    )
    by_model: dict[str, dict[PairingStatus, int]] = defaultdict(dict)
    totals: dict[PairingStatus, int] = defaultdict(int)
    for label, status, count in db.session.execute(query):
        by_model[label or NO_MODEL][status] = count
        totals[status] += count
    ordered = sorted(by_model.items(), key=lambda item: (item[0] == NO_MODEL, item[0]))
    return ordered, dict(totals)


def _proposals(scope: Scope) -> list[ProposalView]:
    picture = region_proposals.regional_picture()
    wanted = _scoped_need_countries(scope)
    views = []
    for group in picture.groups:
        if scope.sub_region and group.slug != scope.sub_region:
            continue
        for proposal in group.proposals:
            if wanted is None or set(proposal.country_codes) & wanted:
                views.append(proposal)
    return views


def _scoped_need_countries(scope: Scope) -> set[str] | None:
    """Countries with needs in the category or support type chosen, or None."""
    if not (scope.category or scope.support_type):
        return None
    return set(
        db.session.scalars(
            select(Need.country_alpha3).where(*_need_conditions(scope)).distinct()
        )
    )


def _unmet(scope: Scope) -> list[Need]:
    """The needs the latest run found no offer for and nothing covers since."""
    states = region_figures.need_states()
    ids = [need_id for need_id, state in states.items() if state == "unmet"]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Need)
            .where(Need.id.in_(ids), *_need_conditions(scope))
            .options(selectinload(Need.country), selectinload(Need.category))
            .order_by(Need.country_alpha3, Need.title)
        )
    )


def _open_offers() -> int:
    """Offers open today (status open and not past their date)."""
    query = select(func.count(Offer.id)).where(region_figures.open_offer(date.today()))
    return db.session.scalar(query) or 0
