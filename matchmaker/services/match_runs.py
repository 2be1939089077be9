"""Full match runs: the engine over every open listing, stored as one run.

A run is recorded as ``running`` before the engine starts, so a crash leaves a trace;
its results are written in one transaction together with the ``succeeded`` mark, so
readers see either the previous run or the whole new one, never half of it.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from sqlalchemy import select

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.matching import MatchResult, MatchSettings, run_matching
from matchmaker.models import (
    ExplanationItem,
    MatchRun,
    ProposalKind,
    RegionalProposal,
    RunKind,
    RunStatus,
    Suggestion,
    User,
    utcnow,
)
from matchmaker.models import Need as NeedRow
from matchmaker.services import audit, offers
from matchmaker.services.engine_records import (
    matchable_needs,
    open_offers,
    taxonomy_from_database,
)
from matchmaker.services.exclusions import excluded_pairs
from matchmaker.services.match_settings import current_settings

logger = logging.getLogger(__name__)


def run_full_match(
    settings: MatchSettings | None = None,
    as_of: date | None = None,
    started_by: User | None = None,
) -> MatchRun:
    """Match every open need against every open offer and store the results."""
    settings = settings or current_settings()
    as_of = as_of or date.today()
    db.session.rollback()
    with write_transaction(db.session):
        expired = offers.expire_past(as_of)
        run = MatchRun(
            kind=RunKind.FULL,
            settings=settings.as_dict(),
            started_by_id=started_by.id if started_by else None,
        )
        db.session.add(run)
    started = time.perf_counter()
    try:
        needs, open_listings = matchable_needs(), open_offers()
        taxonomy = taxonomy_from_database()
        excluded = excluded_pairs()
        db.session.rollback()
        result = run_matching(
            needs,
            open_listings,
            settings,
            as_of=as_of,
            taxonomy=taxonomy,
            excluded=excluded,
        )
        with write_transaction(db.session):
            run = db.session.get(MatchRun, run.id)
            _store(run, result)
            run.counts = {
                **_counts(len(needs), len(open_listings), result),
                "expired_offers": len(expired),
            }
            run.timings = {
                **dict(result.timings),
                "total_s": round(time.perf_counter() - started, 4),
            }
            run.unmet_need_ids = [int(need_id) for need_id in result.unmet]
            run.status = RunStatus.SUCCEEDED
            run.finished_at = utcnow()
            audit.record("match_run.finish", obj=run, actor=started_by,
                         details=run.counts)  # fmt: skip
    except Exception as error:
        logger.exception("match run %s failed", run.id)
        db.session.rollback()
        with write_transaction(db.session):
            failed = db.session.get(MatchRun, run.id)
            failed.status = RunStatus.FAILED
            failed.error = f"{type(error).__name__}: {error}"[:2000]
            failed.finished_at = utcnow()
        raise
    return run


def latest_successful_run() -> MatchRun | None:
    """The run whose results the service shows."""
    return db.session.scalar(
        select(MatchRun)
        .where(MatchRun.status == RunStatus.SUCCEEDED, MatchRun.kind == RunKind.FULL)
        .order_by(MatchRun.finished_at.desc(), MatchRun.id.desc())
        .limit(1)
    )


def _counts(needs: int, offers: int, result: MatchResult) -> dict[str, int]:
    return {
        "needs": needs,
        "offers": offers,
        "suggestions": len(result.suggestions),
        "unmet": len(result.unmet),
        "pairings": len(result.pairings),
        "regional": len(result.regional),
        "hubs": len(result.hubs),
    }


def _store(run: MatchRun, result: MatchResult) -> None:
    assigned = {(p.need_id, p.offer_id) for p in result.pairings}
    for suggestion in result.suggestions:
        row = Suggestion(
            run=run,
            need_id=int(suggestion.need_id),
            offer_id=int(suggestion.offer_id),
            rank=suggestion.rank,
            score=suggestion.score,
            assigned=(suggestion.need_id, suggestion.offer_id) in assigned,
        )
        row.explanation = [
            ExplanationItem(
                position=position,
                comparison=item.comparison,
                need_value=item.need,
                offer_value=item.offer,
                similarity=item.similarity,
                weight=item.weight,
                contribution=item.contribution,
            )
            for position, item in enumerate(suggestion.explanation)
        ]
        db.session.add(row)
    for proposal in result.regional:
        db.session.add(
            RegionalProposal(
                run_id=run.id,
                kind=ProposalKind.REGIONAL_OFFER,
                offer_id=int(proposal.offer_id),
                score=proposal.score,
                needs=_needs(proposal.need_ids),
                why=f"One offer for {len(proposal.countries)} countries: "
                + ", ".join(proposal.countries),
            )
        )
    for hub in result.hubs:
        db.session.add(
            RegionalProposal(
                run_id=run.id,
                kind=ProposalKind.HUB,
                theme=hub.theme[:200],
                sub_region_slug=hub.sub_region,
                suggested_host_alpha3=hub.suggested_host,
                why=hub.why,
                needs=_needs(hub.need_ids),
            )
        )


def _needs(ids: tuple[str, ...]) -> list[NeedRow]:
    return list(
        db.session.scalars(select(NeedRow).where(NeedRow.id.in_([int(i) for i in ids])))
    )
