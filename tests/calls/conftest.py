"""Fixtures for the open calls tests: a run with a hub candidate, clients by role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    HubCall,
    MatchRun,
    Need,
    ProposalKind,
    RegionalProposal,
    RunKind,
    RunStatus,
    utcnow,
)
from tests.web.conftest import as_role, count  # noqa: F401 (fixture, helper)

FILL_FINISH = "mRNA vaccine fill-finish line"
NOTE = "Partners with fill-finish experience: please get in touch with us."


@dataclass
class Hub:
    """A stored hub candidate of the latest run, and the needs it groups."""

    proposal: RegionalProposal
    needs: list[Need]

    @property
    def id(self) -> int:
        return self.proposal.id


@pytest.fixture
def make_hub(make):
    """A function storing a succeeded run with one hub candidate over needs of
    ``countries`` (the first two in ``category``, the rest in ``other``)."""

    def _hub(
        countries: tuple[str, ...] = ("PHL", "MYS", "LAO"),
        category: str = "vaccine-manufacturing",
        other: str | None = "testing-laboratory",
        host: str = "MYS",
    ) -> Hub:
        needs = [
            make.need(
                country=country,
                title=f"{FILL_FINISH} ({country})",
                category=category if position < 2 else other,
            )
            for position, country in enumerate(countries)
        ]
        run = MatchRun(
            kind=RunKind.FULL,
            status=RunStatus.SUCCEEDED,
            finished_at=utcnow(),
            counts={"needs": len(needs), "offers": 0, "suggestions": 0,
                    "pairings": 0, "regional": 0, "hubs": 1, "unmet": len(needs)},
            timings={"total_s": 0.1},
        )  # fmt: skip
        proposal = RegionalProposal(
            run=run,
            kind=ProposalKind.HUB,
            theme="vaccine, fill, mrna",
            sub_region_slug="south-east-asia",
            suggested_host_alpha3=host,
            why=f"{host}'s need is the most alike to the other countries' "
            "(mean similarity 0.41)",
            needs=needs,
        )
        db.session.add_all([run, proposal])
        db.session.commit()
        return Hub(proposal, needs)

    return _hub


@pytest.fixture
def hub(make_hub) -> Hub:
    return make_hub()


@pytest.fixture
def again_hub():
    """A function storing a later succeeded run whose hub groups ``needs``: the
    same gap (or part of it) found again."""

    def _again(needs: list[Need]) -> RegionalProposal:
        run = MatchRun(
            kind=RunKind.FULL,
            status=RunStatus.SUCCEEDED,
            finished_at=utcnow(),
            counts={"hubs": 1},
            timings={"total_s": 0.1},
        )
        proposal = RegionalProposal(
            run=run,
            kind=ProposalKind.HUB,
            theme="vaccine, fill, mrna",
            sub_region_slug="south-east-asia",
            suggested_host_alpha3="MYS",
            why="Found again.",
            needs=list(needs),
        )
        db.session.add_all([run, proposal])
        db.session.commit()
        return proposal

    return _again


def only_call() -> HubCall:
    """The one call in the database."""
    db.session.rollback()
    calls = db.session.scalars(select(HubCall)).all()
    assert len(calls) == 1
    return calls[0]
