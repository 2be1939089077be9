"""From a suggestion to an introduction, clicked through in headless Chromium.

gunicorn and a queue worker serve the test database; mail goes to a real SMTP
server on 127.0.0.1. A facilitator runs matching and watches its progress, accepts
one suggestion with a cooperation model, declines another with a reason and
introduces the parties; both introduction emails arrive, each with the other
side's contact. Before the introduction no page of the focal point's shows any of
the partner's details; after it, the focal point sees the pairing, its timeline
and the partner's contact.
"""

from __future__ import annotations

import os
import re
import signal
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from matchmaker.models import Role
from tests.browser.server import free_port, gunicorn_server, huey_worker
from tests.notifications.conftest import Inbox, body_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
# Generous: the suite must pass on a busy machine.
WAIT_MS = 90_000
PARTNER = ("partner@example.org", "Peter Partner", "+94 11 555 0199")
FOCAL = ("focal@example.org", "Farida Focal", "+880 2 555 0101")


@pytest.fixture(scope="module")
def mail():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def served(migrated_url, tmp_path_factory, mail):
    """gunicorn and one queue worker (its pid, to pause it) sharing a queue."""
    port, _ = mail
    folder = tmp_path_factory.mktemp("facilitation-server")
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port),
                "SIGNIN_DELAY_SECONDS": "0"}  # fmt: skip
    with (
        gunicorn_server(migrated_url, folder, workers=2, **settings) as base,
        huey_worker(migrated_url, folder, **settings) as worker,
    ):
        yield base, worker


def _sign_in(browser, base: str, email: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/")
    return page


def _world(make):
    organisation = make.organisation("Lanka Diagnostics Partnership")
    focal = make.user(
        Role.FOCAL_POINT,
        country="BGD",
        email=FOCAL[0],
        full_name=FOCAL[1],
        phone=FOCAL[2],
    )
    partner = make.user(
        Role.PARTNER,
        organisation=organisation,
        email=PARTNER[0],
        full_name=PARTNER[1],
        phone=PARTNER[2],
    )
    make.user(
        Role.FACILITATOR,
        email="facilitator@example.org",
        full_name="Fatima Facilitator",
    )
    lab = make.need(country="BGD", created_by=focal)
    incubator = make.need(
        country="BGD",
        title="Biotechnology incubator for medical device start-ups",
        description="Incubation space, mentoring and seed funding for device firms.",
        category="incubator",
        support_types=("financial", "institutional"),
    )
    diagnostics = make.offer(organisation=organisation, created_by=partner)
    make.offer(
        organisation=organisation,
        title="Start-up incubation programme for medical devices",
        description="Incubator design, mentoring and seed funding for device firms.",
        categories=("incubator",),
        support_types=("financial", "institutional"),
    )
    return lab, incubator, diagnostics


def _contact_free(page, base: str, paths: list[str]) -> None:
    for path in paths:
        page.goto(f"{base}{path}")
        text = page.content()
        shown = [detail for detail in PARTNER if detail in text]
        assert not shown, f"{path} shows {shown}"


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).strip()


def test_from_suggestion_to_introduction(browser, served, mail, make):
    base, worker = served
    _, inbox = mail
    lab, incubator, diagnostics = _world(make)
    staff = _sign_in(browser, base, "facilitator@example.org")

    # Run matching: with the worker paused, the run waits in the queue and the
    # page shows its progress; resumed, the worker stores the result.
    staff.get_by_role("link", name="Matching").click()
    os.kill(worker, signal.SIGSTOP)
    try:
        staff.get_by_role("button", name="Run matching now").click()
        progress = staff.locator("progress")
        expect(progress).to_be_visible()
        assert progress.get_attribute("max")
    finally:
        os.kill(worker, signal.SIGCONT)
    staff.wait_for_function(
        "() => !document.querySelector('progress') && "
        "document.body.innerText.includes('Latest run')",
        timeout=WAIT_MS,
        polling=1000,
    )

    # Accept the laboratory pair with a cooperation model.
    staff.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Review"
    ).click()
    row = staff.locator("tr", has_text=lab.title).filter(has_text=diagnostics.title)
    row.get_by_role("link", name=re.compile("^Review")).click()
    staff.get_by_label("Cooperation model").select_option(label="Technical twinning")
    staff.get_by_role("button", name="Accept").click()
    expect(staff.locator("h1")).to_contain_text(lab.title)
    expect(staff.locator(".status")).to_have_text("Accepted")
    pairing_url = staff.url

    # Decline another suggestion with a reason.
    staff.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Review"
    ).click()
    other = staff.locator("tr", has_text=incubator.title).first
    other.get_by_role("link", name=re.compile("^Review")).click()
    staff.get_by_label("Reason").select_option(label="Wrong support type")
    staff.get_by_role("button", name="Decline").click()
    expect(staff.locator(".flash-success")).to_contain_text("declined")

    # Before the introduction: nothing of the partner's on the focal point's pages.
    focal = _sign_in(browser, base, FOCAL[0])
    pages = ["/", "/needs/", f"/needs/{lab.id}", "/offers/",
             f"/offers/{diagnostics.id}", "/pairings/", "/notifications",
             pairing_url.removeprefix(base)]  # fmt: skip
    _contact_free(focal, base, pages)

    # Introduce.
    staff.goto(pairing_url)
    staff.get_by_role("button", name="Introduce").click()
    expect(staff.locator(".status")).to_have_text("Introduced")

    introductions = {}
    for _ in range(WAIT_MS // 500):
        introductions = {
            m["To"]: m for m in inbox.messages if _subject(m).startswith("Introduction")
        }
        if len(introductions) == 2:
            break
        staff.wait_for_timeout(500)
    assert set(introductions) == {FOCAL[0], PARTNER[0]}
    for detail in PARTNER:
        assert detail in body_of(introductions[FOCAL[0]])
    for detail in FOCAL:
        assert detail in body_of(introductions[PARTNER[0]])

    # After: the focal point finds the pairing, its timeline and the contact.
    focal.goto(f"{base}/")
    focal.get_by_role("link", name="Pairings").click()
    focal.get_by_role("link", name=lab.title).click()
    timeline = focal.locator("ol.timeline")
    expect(timeline).to_contain_text("Accepted")
    expect(timeline).to_contain_text("Parties introduced")
    offer_side = focal.locator("section[aria-labelledby=offer-side]")
    for detail in PARTNER:
        expect(offer_side).to_contain_text(detail)
