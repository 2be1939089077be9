"""Cooperation models by stage and by sub-region, on the Matching page."""

from __future__ import annotations

from matchmaker.extensions import db
from matchmaker.models import CooperationModel, PairingStatus, Role
from matchmaker.services import match_runs
from matchmaker.services.cooperation_report import (
    NO_MODEL,
    STAGES,
    cooperation_report,
)
from tests.settings.conftest import term

S = PairingStatus


def _row(report, label):
    return next(r for r in report.models if r.label == label)


def test_counts_per_model_and_stage(make_pairing):
    make_pairing(S.ACCEPTED, model="bilateral-grant", country="NPL")
    make_pairing(S.COMPLETED, model="bilateral-grant", country="NPL")
    make_pairing(S.COMPLETED, model="bilateral-grant", country="PHL")
    make_pairing(S.STALLED, model="technical-twinning", country="FJI")
    make_pairing(S.CLOSED, model="technical-twinning", country="KAZ")
    make_pairing(S.IN_PROGRESS, country="BGD")  # no model recorded
    # Never cooperated: left out.
    make_pairing(S.DECLINED, reason="duplicate", model="bilateral-grant")
    make_pairing(S.PROPOSED, model="bilateral-grant")

    report = cooperation_report()

    assert report.stages == STAGES
    grant = _row(report, "Bilateral grant")
    assert grant.by_stage == {S.ACCEPTED: 1, S.COMPLETED: 2} and grant.total == 3
    twinning = _row(report, "Technical twinning")
    assert twinning.by_stage == {S.STALLED: 1, S.CLOSED: 1}
    assert _row(report, NO_MODEL).by_stage == {S.IN_PROGRESS: 1}
    assert _row(report, "Concessional loan").total == 0  # active, unused, listed
    assert report.total == 6
    assert report.stage_total(S.COMPLETED) == 2


def test_counts_per_sub_region_of_the_needs_country(make_pairing):
    make_pairing(S.COMPLETED, model="bilateral-grant", country="NPL")
    make_pairing(S.AGREED, model="bilateral-grant", country="BGD")
    make_pairing(S.AGREED, model="training-fellowship", country="IND")
    make_pairing(S.INTRODUCED, model="training-fellowship", country="PHL")
    make_pairing(S.ACCEPTED, country="PHL")
    make_pairing(S.ACCEPTED, model="bilateral-grant", country="FRA")  # no sub-region

    groups = {g.sub_region: g.models for g in cooperation_report().regions}

    assert groups == {
        "South and South-West Asia": (
            ("Bilateral grant", 2),
            ("Training fellowship", 1),
        ),
        "South-East Asia": (("Training fellowship", 1), (NO_MODEL, 1)),
        "Outside the sub-regions": (("Bilateral grant", 1),),
    }
    assert list(groups)[-1] == "Outside the sub-regions"


def test_retired_models_stay_while_pairings_use_them(make_pairing):
    loan = term(CooperationModel, "concessional-loan")
    twinning = term(CooperationModel, "technical-twinning")
    loan.active = twinning.active = False
    db.session.commit()
    make_pairing(S.AGREED, model="concessional-loan")

    labels = [r.label for r in cooperation_report().models]

    assert "Concessional loan (retired)" in labels
    assert not any(label.startswith("Technical twinning") for label in labels)


def test_matching_page_shows_the_tables(make, make_pairing, as_user):
    make.need(country="NPL")
    match_runs.run_full_match()
    make_pairing(S.COMPLETED, model="regional-hub-and-spoke", country="LAO")
    page = as_user(make.user(Role.ADMIN)).get("/matching/").text
    assert "Accepted pairings by cooperation model and where each stands now" in page
    assert "Regional hub-and-spoke" in page and "South-East Asia" in page
    assert '<th scope="col" class="number">In progress</th>' in page


def test_matching_page_without_pairings_says_so(make, as_user):
    make.need(country="NPL")
    match_runs.run_full_match()
    page = as_user(make.user(Role.FACILITATOR)).get("/matching/").text
    assert "No pairing has been accepted yet." in page
    assert "No suggestion was declined and no pairing closed" in page
