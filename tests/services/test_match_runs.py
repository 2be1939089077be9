"""Full match runs over the database: stored whole, explained, within capacity."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.matching import MatchSettings
from matchmaker.models import (
    MatchRun,
    Modality,
    NeedStatus,
    OfferStatus,
    ProposalKind,
    RegionalProposal,
    RunStatus,
    Suggestion,
)
from matchmaker.services import match_runs
from matchmaker.services.engine_records import offer_record, taxonomy_from_database

AS_OF = date(2027, 1, 15)


@pytest.fixture
def listings(make):
    lab = make.offer(
        title="RT-PCR laboratory strengthening",
        description="Molecular diagnostics equipment, BSL-2 biosafety training, ISO "
        "15189 quality systems for public health laboratories.",
        eligible_countries=("NPL", "BGD"),
        capacity=1,
    )
    closed = make.offer(
        title="RT-PCR laboratory strengthening (closed round)",
        description="Molecular diagnostics equipment and BSL-2 training.",
        status=OfferStatus.CLOSED,
    )
    needs = [
        make.need(country="NPL", title="RT-PCR laboratory for provincial hospitals"),
        make.need(country="BGD", title="Molecular diagnostics (RT-PCR) laboratory"),
        make.need(
            country="THA",
            title="Clinical trial unit accreditation",
            description="GCP training for a clinical trial network.",
            category="clinical-trials",
            support_types=("capacity-building",),
        ),
        make.need(country="NPL", title="Draft idea", status=NeedStatus.DRAFT),
    ]
    return lab, closed, needs


def test_full_run_stores_explained_suggestions_within_capacity(listings):
    lab, closed, needs = listings
    run = match_runs.run_full_match(MatchSettings(top_k=3), as_of=AS_OF)
    db.session.rollback()
    run = db.session.get(MatchRun, run.id)
    assert run.status is RunStatus.SUCCEEDED and run.finished_at is not None
    assert run.counts["needs"] == 3  # the draft is not matched
    assert run.counts["offers"] == 1  # the closed offer is not either
    suggestions = list(db.session.scalars(sa.select(Suggestion)))
    suggested = {(s.need_id, s.offer_id) for s in suggestions}
    assert (needs[0].id, lab.id) in suggested and (needs[1].id, lab.id) in suggested
    assert all(s.offer_id != closed.id for s in suggestions)
    assert all(s.need_id != needs[2].id for s in suggestions)  # THA is not eligible
    assert run.unmet_need_ids == [needs[2].id]
    assigned = Counter(s.offer_id for s in suggestions if s.assigned)
    assert assigned[lab.id] == 1  # capacity 1
    for suggestion in suggestions:
        assert suggestion.explanation, "every suggestion carries its explanation"
        total = sum(item.contribution for item in suggestion.explanation)
        assert total == pytest.approx(suggestion.score, abs=0.6)
    assert match_runs.latest_successful_run().id == run.id


def test_regional_offer_becomes_a_proposal(make):
    offer = make.offer(
        title="Regional genomic surveillance network",
        description="NGS sequencing, bioinformatics training and genomic surveillance "
        "of pathogens for national public health laboratories.",
        categories=("genomics-bioinformatics",),
        eligible_sub_regions=("south-east-asia",),
        capacity=4,
        modality=Modality.REGIONAL,
    )
    for country in ("PHL", "MYS", "LAO"):
        make.need(
            country=country,
            title="Genomic surveillance with NGS sequencing",
            description="Sequencing (NGS) and bioinformatics for pathogen genomic "
            "surveillance at the national public health laboratory.",
            category="genomics-bioinformatics",
        )
    run = match_runs.run_full_match(as_of=AS_OF)
    proposals = list(
        db.session.scalars(
            sa.select(RegionalProposal).where(RegionalProposal.run_id == run.id)
        )
    )
    regional = [p for p in proposals if p.kind is ProposalKind.REGIONAL_OFFER]
    assert [p.offer_id for p in regional] == [offer.id]
    assert {n.country_alpha3 for n in regional[0].needs} == {"PHL", "MYS", "LAO"}
    # Officials read country names, not codes.
    assert "Philippines" in regional[0].why and "PHL" not in regional[0].why


def test_a_failing_run_is_recorded_as_failed(make, monkeypatch):
    make.need()

    def explode(*args, **kwargs):
        raise RuntimeError("engine broke")

    monkeypatch.setattr(match_runs, "run_matching", explode)
    with pytest.raises(RuntimeError):
        match_runs.run_full_match(as_of=AS_OF)
    db.session.rollback()
    run = db.session.scalar(sa.select(MatchRun))
    assert run.status is RunStatus.FAILED and "engine broke" in run.error
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Suggestion)) == 0


def test_records_follow_the_admins_taxonomy(make):
    offer = make.offer(eligible_sub_regions=("pacific",), eligible_any=False)
    record = offer_record(offer)
    assert record.eligible == ("pacific",)
    everywhere = offer_record(make.offer())
    assert everywhere.eligible == ()
    taxonomy = taxonomy_from_database()
    assert taxonomy.sub_region_of["NPL"] == "south-south-west-asia"
    assert "genomics-bioinformatics" in taxonomy.related["testing-laboratory"]


def test_match_command_reports_the_run(runner, make):
    make.need()
    make.offer()
    result = runner.invoke(args=["match", "--as-of", "2027-01-15", "--top", "2"])
    assert result.exit_code == 0, result.output
    assert "1 needs, 1 offers" in result.output
    bad = runner.invoke(args=["match", "--min-score", "140"])
    assert bad.exit_code != 0 and "140" in bad.output


def test_full_run_marks_offers_past_their_validity_expired(make):
    from matchmaker.models import Offer

    past = make.offer(title="Old round", valid_until=date(2026, 12, 31))
    current = make.offer(title="Current round", valid_until=date(2027, 6, 30))
    run = match_runs.run_full_match(as_of=AS_OF)
    db.session.rollback()
    assert db.session.get(Offer, past.id).status is OfferStatus.EXPIRED
    assert db.session.get(Offer, current.id).status is OfferStatus.OPEN
    assert run.counts["expired_offers"] == 1
    assert run.counts["offers"] == 1
