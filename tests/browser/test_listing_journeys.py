"""Listing journeys as people click through them, in headless Chromium on gunicorn.

A focal point posts a need through the form (a draft), publishes it and finds it
listed as open; a wrong form shows its messages beside the fields and saves nothing.
A partner posts an offer for one sub-region and one country, publishes it, and only
focal points of eligible countries can see it. Two pages of one focal point edit the
same need: the later save is refused with the conflict message and HTTP 409.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    Modality,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Priority,
    Role,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
NEED_TITLE = "Calibration centre for biomedical equipment in Kathmandu"
OFFER_TITLE = "Regional biosafety training for diagnostic laboratories"


@pytest.fixture(autouse=True)
def _quick_failures(page):
    """A missing element fails in seconds, not after Playwright's 30 s default."""
    page.set_default_timeout(60_000)


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{base}/"


def _open(page, name: str) -> None:
    """Follow a link of the main navigation."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def _read(query):
    """Rows as the database holds them now (not as this session remembers them)."""
    db.session.expire_all()
    rows = list(db.session.scalars(query))
    return rows


def _done_reading() -> None:
    """End the test's read transaction before the browser writes again."""
    db.session.rollback()


def _submit(page, button: str):
    """Click a form's button and return the response to the POST it sends."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    return answer.value


def _field_error(page, field_id: str) -> str:
    return page.locator(f"#{field_id}-error").inner_text().strip()


def test_focal_point_posts_a_draft_need_publishes_it_and_sees_it_open(
    page, live_server, make
):
    focal = make.user(Role.FOCAL_POINT, country="NPL", email="fp-npl@example.org")
    focal_id = focal.id
    deadline = date.today() + timedelta(days=120)
    _done_reading()

    _sign_in(page, live_server, "fp-npl@example.org")
    _open(page, "Needs")
    assert page.get_by_role("heading", name="Needs").is_visible()
    page.get_by_role("link", name="Post a need").click()
    assert page.url == f"{live_server}/needs/new"
    assert "For Nepal." in page.inner_text("main")

    page.get_by_label("Title", exact=True).fill(NEED_TITLE)
    page.get_by_label("Description", exact=True).fill(
        "A shared centre to maintain and calibrate laboratory and hospital equipment."
    )
    page.get_by_label("Category", exact=True).select_option(
        label="Equipment maintenance, calibration & testing"
    )
    page.get_by_label("Technical", exact=True).check()
    page.get_by_label("Capacity building", exact=True).check()
    page.get_by_label("Budget (USD)", exact=True).fill("250000.50")
    page.get_by_label("Deadline", exact=True).fill(deadline.isoformat())
    page.get_by_label("Priority", exact=True).select_option(label="High")
    response = _submit(page, "Save need")
    assert response.status == 302

    main = page.inner_text("main")
    assert "Need saved as a draft. Publish it when it is ready." in main
    assert page.locator("h1").inner_text() == NEED_TITLE
    assert page.locator(".status").inner_text() == "draft"
    facts = page.inner_text("dl.facts")
    assert "Nepal" in facts and "High" in facts
    assert "250,000.50 USD" in facts and deadline.isoformat() in facts
    assert "Technical, Capacity building" in facts or (
        "Capacity building, Technical" in facts
    )

    [need] = _read(select(Need))
    assert (need.title, need.status, need.country_alpha3) == (
        NEED_TITLE,
        NeedStatus.DRAFT,
        "NPL",
    )
    assert need.category.slug == "equipment-maintenance"
    assert {s.slug for s in need.support_types} == {"technical", "capacity-building"}
    assert need.budget_usd == Decimal("250000.50")
    assert need.deadline == deadline and need.priority is Priority.HIGH
    assert need.created_by_id == focal_id
    need_id = need.id
    assert page.url == f"{live_server}/needs/{need_id}"
    _done_reading()

    page.get_by_role("button", name="Publish").click()
    assert "Need published." in page.inner_text("main")
    assert page.locator(".status").inner_text() == "open"
    assert not page.get_by_role("button", name="Publish").is_visible()
    [need] = _read(select(Need))
    assert need.status is NeedStatus.OPEN
    _done_reading()

    _open(page, "Needs")
    row = page.locator("table.listing tbody tr").filter(has_text=NEED_TITLE)
    assert row.count() == 1
    assert row.locator(".status").inner_text() == "open"
    assert "Nepal" in row.inner_text() and "High" in row.inner_text()
    row.get_by_role("link", name=NEED_TITLE).click()
    assert page.url == f"{live_server}/needs/{need_id}"


def test_a_wrong_need_form_explains_itself_beside_the_fields_and_saves_nothing(
    page, live_server, make
):
    make.user(Role.FOCAL_POINT, country="NPL", email="fp-typo@example.org")
    _done_reading()
    _sign_in(page, live_server, "fp-typo@example.org")
    page.goto(f"{live_server}/needs/new")

    page.get_by_label("Title", exact=True).fill("   ")  # only white space
    page.get_by_label("Category", exact=True).select_option(label="R&D institute")
    page.get_by_label("Financial", exact=True).check()
    page.get_by_label("Budget (USD)", exact=True).fill("-5000")
    response = _submit(page, "Save need")

    assert response.status == 422
    assert page.url == f"{live_server}/needs/new"
    assert _field_error(page, "title") == "Enter a title."
    assert _field_error(page, "budget_usd") == (
        "Enter a budget between 0 and 10,000,000,000 USD."
    )
    # The messages sit with their fields and are announced with them.
    title = page.get_by_label("Title", exact=True)
    assert title.get_attribute("aria-invalid") == "true"
    assert "title-error" in (title.get_attribute("aria-describedby") or "")
    budget = page.get_by_label("Budget (USD)", exact=True)
    assert budget.get_attribute("aria-invalid") == "true"
    assert budget.input_value() == "-5000"  # what was typed is kept for correcting
    assert page.locator(".field.has-error").count() == 2
    summary = page.get_by_role("alert").inner_text()
    assert "There is a problem" in summary
    assert "Title: Enter a title." in summary
    # The choices made survive the round trip.
    assert page.get_by_label("Financial", exact=True).is_checked()

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Need)) == 0
    _done_reading()

    # Correcting the two fields saves the need.
    page.get_by_label("Title", exact=True).fill("Genomics training centre")
    page.get_by_label("Budget (USD)", exact=True).fill("5000")
    assert _submit(page, "Save need").status == 302
    assert "Need saved as a draft." in page.inner_text("main")
    [need] = _read(select(Need))
    assert need.title == "Genomics training centre"
    assert need.budget_usd == Decimal("5000")
    _done_reading()


def test_partner_offer_reaches_eligible_countries_only(page, live_server, make):
    organisation = make.organisation("Asia Biotech Alliance")
    make.user(Role.PARTNER, organisation=organisation, email="partner@example.org")
    make.user(Role.FOCAL_POINT, country="NPL", email="fp-nepal@example.org")
    make.user(Role.FOCAL_POINT, country="PHL", email="fp-phl@example.org")
    make.user(Role.FOCAL_POINT, country="KAZ", email="fp-kaz@example.org")
    valid_until = date.today() + timedelta(days=365)
    _done_reading()

    _sign_in(page, live_server, "partner@example.org")
    _open(page, "Offers")
    page.get_by_role("link", name="Post an offer").click()
    assert "For Asia Biotech Alliance." in page.inner_text("main")
    page.get_by_label("Title", exact=True).fill(OFFER_TITLE)
    page.get_by_label("Description", exact=True).fill(
        "BSL-2 practice, biosafety officers and quality systems for RT-PCR labs."
    )
    page.get_by_label("Diagnostic & testing laboratory", exact=True).check()
    page.get_by_label("Capacity building", exact=True).check()
    page.get_by_label("South-East Asia", exact=True).check()
    page.get_by_label("Eligible countries", exact=True).select_option("NPL")
    page.get_by_label(
        "Capacity (how many needs or countries it can serve)", exact=True
    ).fill("3")
    page.get_by_label("Modality", exact=True).select_option("regional")
    page.get_by_label("Valid until", exact=True).fill(valid_until.isoformat())
    assert _submit(page, "Save offer").status == 302
    assert "Offer saved as a draft." in page.inner_text("main")
    assert page.locator(".status").inner_text() == "draft"
    facts = page.inner_text("dl.facts")
    assert "South-East Asia, Nepal" in facts
    assert "Regional" in facts and "Asia Biotech Alliance" in facts

    [offer] = _read(select(Offer))
    offer_id = offer.id
    assert offer.status is OfferStatus.DRAFT and offer.capacity == 3
    assert offer.modality is Modality.REGIONAL and not offer.eligible_any
    assert [c.alpha3 for c in offer.eligible_countries] == ["NPL"]
    assert [s.slug for s in offer.eligible_sub_regions] == ["south-east-asia"]
    assert offer.valid_until == valid_until
    _done_reading()

    page.get_by_role("button", name="Publish").click()
    assert "Offer published." in page.inner_text("main")
    assert page.locator(".status").inner_text() == "open"
    [offer] = _read(select(Offer))
    assert offer.status is OfferStatus.OPEN
    _done_reading()
    _sign_out(page)

    detail = f"{live_server}/offers/{offer_id}"
    for email in ("fp-nepal@example.org", "fp-phl@example.org"):  # country, region
        _sign_in(page, live_server, email)
        _open(page, "Offers")
        page.get_by_role("link", name=OFFER_TITLE).click()
        assert page.url == detail, email
        assert page.locator("h1").inner_text() == OFFER_TITLE
        assert not page.get_by_role("button", name="Close").is_visible()
        _sign_out(page)

    _sign_in(page, live_server, "fp-kaz@example.org")
    _open(page, "Offers")
    assert OFFER_TITLE not in page.inner_text("main")
    assert "No offers to show." in page.inner_text("main")
    response = page.goto(detail)
    assert response.status == 404
    assert OFFER_TITLE not in page.content()


def test_a_stale_edit_is_refused_with_409_and_the_first_edit_stays(
    page, live_server, make
):
    focal = make.user(Role.FOCAL_POINT, country="NPL", email="fp-twice@example.org")
    need = make.need(
        country="NPL",
        title="Incubator for medical device start-ups",
        status=NeedStatus.OPEN,
        created_by=focal,
    )
    need_id, version = need.id, need.version
    _done_reading()

    _sign_in(page, live_server, "fp-twice@example.org")
    other = page.context.new_page()  # the same person, a second tab
    edit = f"{live_server}/needs/{need_id}/edit"
    page.goto(edit)
    other.goto(edit)
    assert page.get_by_label("Title", exact=True).input_value() == (
        "Incubator for medical device start-ups"
    )

    page.get_by_label("Title", exact=True).fill("Incubator: first edit")
    assert _submit(page, "Save need").status == 302
    assert "Need saved." in page.inner_text("main")
    assert page.locator("h1").inner_text() == "Incubator: first edit"

    other.get_by_label("Title", exact=True).fill("Incubator: second edit")
    other.get_by_label("Budget (USD)", exact=True).fill("1000")
    response = _submit(other, "Save need")
    assert response.status == 409
    conflict = other.locator("#conflict")
    assert conflict.is_visible()
    assert "Not saved" in conflict.inner_text()
    assert (
        "Someone else changed this need after you opened it, so your changes were "
        "not saved." in conflict.inner_text()
    )
    assert other.url == edit

    [stored] = _read(select(Need))
    assert stored.title == "Incubator: first edit"
    assert stored.budget_usd is None
    assert stored.version == version + 1
    _done_reading()

    # Opening the need again shows the first edit, and a save from there works.
    other.goto(edit)
    assert other.get_by_label("Title", exact=True).input_value() == (
        "Incubator: first edit"
    )
    other.get_by_label("Budget (USD)", exact=True).fill("1000")
    assert _submit(other, "Save need").status == 302
    [stored] = _read(select(Need))
    assert (stored.title, stored.budget_usd) == ("Incubator: first edit", 1000)
    _done_reading()
    other.close()
