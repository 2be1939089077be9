"""Suggestions on listing pages and the Matching page, as people use them."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from matchmaker import tasks
from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    MatchRun,
    NeedStatus,
    Outcome,
    Role,
    RunStatus,
)
from matchmaker.services import match_runs, suggestions
from tests.factories import regional_genomics
from tests.web.conftest import count

LAB = "RT-PCR molecular diagnostics laboratory"
LAB_TEXT = "RT-PCR equipment, BSL-2 biosafety training and quality systems."
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fresh_cache():
    suggestions.clear_cache()
    yield
    suggestions.clear_cache()


@pytest.fixture
def regional(make):
    """One regional genomics offer and three South-East Asian needs that fit it."""
    return regional_genomics(make)


def test_need_page_shows_suggested_offers_with_their_explanation(as_role, make):
    need = make.need(country="NPL", title=LAB, description=LAB_TEXT)
    offer = make.offer(title=LAB + " support", description=LAB_TEXT)
    page = as_role(Role.FOCAL_POINT, country="NPL").get(f"/needs/{need.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Suggested offers" in html and f'href="/offers/{offer.id}"' in html
    assert "Sum of contributions (the score)" in html
    assert "Shared terms" in html and "add up to the score" in html
    assert 'style="' not in html and "<script" not in html


def test_draft_need_page_says_why_nothing_is_suggested(as_role, make):
    need = make.need(country="NPL", title=LAB, status=NeedStatus.DRAFT)
    offer = make.offer(title=LAB + " support", description=LAB_TEXT)
    html = as_role(Role.FOCAL_POINT, country="NPL").get(f"/needs/{need.id}").text
    assert "This need is a draft" in html
    assert f'href="/offers/{offer.id}"' not in html


def test_partner_need_page_hides_other_organisations_offers(as_role, make):
    own = make.organisation("Own")
    need = make.need(country="NPL", title=LAB, description=LAB_TEXT)
    mine = make.offer(organisation=own, title=LAB + " one", description=LAB_TEXT)
    theirs = make.offer(title=LAB + " two", description=LAB_TEXT)
    html = as_role(Role.PARTNER, organisation=own).get(f"/needs/{need.id}").text
    assert f'href="/offers/{mine.id}"' in html
    assert f'href="/offers/{theirs.id}"' not in html
    staff = as_role(Role.FACILITATOR).get(f"/needs/{need.id}").text
    assert f'href="/offers/{theirs.id}"' in staff


def test_offer_page_shows_needs_that_fit_but_no_drafts(as_role, make):
    own = make.organisation("Own")
    offer = make.offer(organisation=own, title=LAB, description=LAB_TEXT)
    open_need = make.need(country="BGD", title=LAB, description=LAB_TEXT)
    draft = make.need(
        country="BGD", title=LAB, description=LAB_TEXT, status=NeedStatus.DRAFT
    )
    html = as_role(Role.PARTNER, organisation=own).get(f"/offers/{offer.id}").text
    assert "Needs that fit" in html and f'href="/needs/{open_need.id}"' in html
    assert f'href="/needs/{draft.id}"' not in html
    assert "Sum of contributions (the score)" in html


def test_matching_page_before_any_run(as_role):
    html = as_role(Role.ADMIN).get("/matching/").text
    assert "No full run has succeeded yet" in html and "Run matching now" in html


def test_run_button_queues_a_run_and_the_worker_shows_regional_results(
    app, as_role, regional
):
    offer, needs = regional
    client = as_role(Role.FACILITATOR)
    response = client.post("/matching/run")
    assert response.status_code == 302 and response.location.endswith("/matching/")
    waiting = client.get("/matching/").text
    assert "Matching will start in a moment" in waiting
    assert "Matching is waiting to start" in waiting and "<progress" in waiting
    assert 'http-equiv="refresh"' in waiting
    assert tasks.run_waiting(app) == 1  # what the queue worker does
    db.session.rollback()  # the test's session is the requests' too: see anew
    html = client.get("/matching/").text
    assert "<progress" not in html and 'http-equiv="refresh"' not in html
    assert "Regional proposals" in html and f'href="/offers/{offer.id}"' in html
    assert "Laos, Malaysia, Philippines" in html
    assert all(f'href="/needs/{n.id}"' in html for n in needs)
    assert "Assigned" in html and "succeeded" in html
    db.session.rollback()
    run = db.session.scalar(sa.select(MatchRun))
    assert run.status is RunStatus.SUCCEEDED and run.started_by_id is not None
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"match_run.request", "match_run.finish"} <= actions


def test_hub_candidates_and_unmet_needs_are_listed(app, as_role, make):
    for country in ("PHL", "MYS", "LAO", "KHM"):
        make.need(
            country=country,
            title="mRNA vaccine fill-finish line",
            description="Technology transfer for mRNA vaccine fill-finish and "
            "biomanufacturing at a state vaccine plant.",
            category="vaccine-manufacturing",
        )
    client = as_role(Role.ADMIN)
    client.post("/matching/run")
    tasks.run_waiting(app)
    db.session.rollback()
    html = client.get("/matching/").text
    hubs = html[html.index('id="hubs"') : html.index('id="pairings"')]
    assert "South-East Asia" in hubs and "None in this run" not in hubs
    unmet = html[html.index('id="unmet"') : html.index('id="runs"')]
    assert unmet.count('href="/needs/') == 4


def test_a_failed_run_shows_its_error_and_is_audited(app, as_role, make, monkeypatch):
    make.need()

    def explode(*args, **kwargs):
        raise RuntimeError("engine broke")

    monkeypatch.setattr(match_runs, "run_matching", explode)
    client = as_role(Role.FACILITATOR)
    assert client.post("/matching/run").status_code == 302
    assert tasks.run_waiting(app) == 1
    db.session.rollback()
    html = client.get("/matching/").text
    assert "RuntimeError: engine broke" in html and "failed" in html
    assert "No full run has succeeded yet" in html and "<progress" not in html
    db.session.rollback()
    failure = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.outcome == Outcome.FAILURE)
    )
    assert failure.action == "match_run.finish"
    assert "engine broke" in failure.details["error"]


def test_matching_link_only_for_staff(as_role):
    for role in (Role.FACILITATOR, Role.ADMIN):
        assert 'href="/matching/"' in as_role(role).get("/").text
    for role in (Role.FOCAL_POINT, Role.PARTNER):
        assert 'href="/matching/"' not in as_role(role).get("/").text


def test_ignored_input_never_breaks_the_page(as_role):
    client = as_role(Role.FACILITATOR)
    assert client.get("/matching/?run=%00&page=-1").status_code == 200
    assert client.post("/matching/run", data={"junk": "\x00" * 10}).status_code == 302
    assert client.get("/matching/run").status_code == 405


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_run_button_needs_its_csrf_token(as_role, make):
    make.need()
    client = as_role(Role.FACILITATOR)
    assert client.post("/matching/run").status_code == 400
    assert count(MatchRun) == 0
    token = TOKEN.search(client.get("/matching/").text).group(1)
    assert client.post("/matching/run", data={"csrf_token": token}).status_code == 302
    assert count(MatchRun) == 1
