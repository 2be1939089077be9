"""The matching journey in headless Chromium against gunicorn, on the demo listings.

A facilitator asks for a match run on the Matching page, the queue worker beside
the server runs it, and the facilitator finds regional cooperation in the results;
a focal point opens their country's need and reads why an offer was suggested for
it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.demo.seed import seed_demo_data
from matchmaker.extensions import db
from matchmaker.models import Need, NeedStatus, Role
from matchmaker.services import suggestions
from tests.browser.server import wait_for_run_results
from tests.factories import writing

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "correct horse battery staple"


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{base}/"


def _need_with_a_suggestion(staff) -> tuple[Need, str]:
    """An open demo need and the title of the best offer suggested for it."""
    needs = db.session.scalars(
        select(Need).where(Need.status == NeedStatus.OPEN).order_by(Need.id)
    )
    for need in needs:
        found = suggestions.suggested_offers(staff, need).items
        if found:
            return need, found[0].listing.title
    raise AssertionError("no demo need has a suggested offer")


def test_facilitator_runs_matching_and_focal_point_reads_a_suggestion(
    page, live_server, make
):
    with writing():
        seed_demo_data()
        db.session.commit()
    staff = make.user(Role.FACILITATOR, email="facilitator@example.org")

    _sign_in(page, live_server, "facilitator@example.org")
    page.get_by_role("link", name="Matching").click()
    assert "No full run has succeeded yet" in page.inner_text("main")
    page.get_by_role("button", name="Run matching now").click()
    assert page.url == f"{live_server}/matching/"
    assert "Matching will start in a moment" in page.inner_text("main")
    wait_for_run_results(page)
    hubs = page.locator("section[aria-labelledby=hubs] tbody tr")
    regional = page.locator("section[aria-labelledby=regional] tbody tr")
    assert hubs.count() + regional.count() > 0
    assert "South-East Asia" in page.inner_text("section[aria-labelledby=hubs]")
    page.get_by_role("button", name="Sign out").click()

    need, offer_title = _need_with_a_suggestion(staff)
    make.user(Role.FOCAL_POINT, country=need.country_alpha3, email="fp@example.org")
    _sign_in(page, live_server, "fp@example.org")
    page.goto(f"{live_server}/needs/{need.id}")
    section = page.locator("section[aria-labelledby=suggested-offers]")
    assert section.get_by_role("link", name=offer_title).first.is_visible()
    table = section.locator("table.explanation").first
    assert not table.is_visible()  # folded until asked for
    section.locator("summary").first.click()
    assert table.is_visible()
    assert "Sum of contributions (the score)" in table.inner_text()
    assert table.locator("tbody tr").count() == 9
