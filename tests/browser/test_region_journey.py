"""Seeing the region in headless Chromium against gunicorn, on the demo data.

A facilitator follows the region's links from the navigation: the gap map, the
support landscape, the network of one sub-region, regional cooperation, the
countries and one country's page, progress and the meeting report with its PDF.
Each picture is checked against numbers counted straight from the database (cells,
nodes, proposal cards, needs, months). Every page is also opened at a phone's width;
at both widths it must not scroll sideways nor log a console error, and it is
photographed into the test output (``MATCHMAKER_TEST_OUTPUT``, else ``test-output/``
in the project), under ``screenshots/region/``, so a person can look at what the
pages show. A focal point then sees the counts of the region but only their own
country's needs and page.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Response,
    expect,
)
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    Category,
    Country,
    MatchRun,
    Need,
    NeedStatus,
    Pairing,
    PairingStatus,
    ProposalKind,
    RegionalProposal,
    Role,
    RunKind,
    RunStatus,
    Suggestion,
)
from matchmaker.models.matching import regional_proposal_needs
from tests.browser.server import PROJECT_ROOT
from tests.factories import writing

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
# Generous: the suite must pass on a busy machine.
WAIT_MS = 90_000
WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 390, "height": 844}
FACILITATOR = "region-facilitator@example.org"
FOCAL_POINT = "region-focal@example.org"
SUB_REGION = ("south-east-asia", "South-East Asia")
# Needs the gap map counts: published ones (drafts and withdrawn needs are not).
COUNTED = (
    NeedStatus.OPEN,
    NeedStatus.IN_DISCUSSION,
    NeedStatus.MATCHED,
    NeedStatus.FULFILLED,
)
# Pairings the network draws as accepted: a facilitator took them up.
TAKEN_UP = (
    PairingStatus.ACCEPTED,
    PairingStatus.INTRODUCED,
    PairingStatus.AGREED,
    PairingStatus.IN_PROGRESS,
    PairingStatus.STALLED,
    PairingStatus.COMPLETED,
)
REPORT_HEADINGS = (
    "Key figures",
    "Needs by country and category",
    "Gap map: unmet needs",
    "Support landscape",
    "Pairings by stage and cooperation model",
    "Regional proposals",
    "Hub candidates",
    "Unmet needs",
)
# In an SVG the links are xlink:href, which CSS attribute selectors do not reach.
SVG_LINKS = """svg => [...svg.querySelectorAll('a')].map(a =>
    a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || a.getAttribute('href'))
"""
HREFS = "links => links.map(a => a.getAttribute('href'))"
DRAWN_IDS = """(svg, prefix) => [...svg.querySelectorAll('[id]')].map(e => e.id)
    .filter(id => id.startsWith(prefix) && !id.endsWith('-count'))"""


def _output_folder() -> Path:
    """Where the screenshots are kept with the test output (made when missing)."""
    root = os.environ.get("MATCHMAKER_TEST_OUTPUT") or PROJECT_ROOT / "test-output"
    folder = Path(root) / "screenshots" / "region"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def demo(runner):
    """The full demo, seeded as a person would; the server reads the same database.

    Inside ``writing()`` every transaction of the seeding takes SQLite's write lock
    up front: some of its steps read before they write, and the queue worker's
    heartbeat beside the server would otherwise fail them with "database is locked".
    """
    with writing():
        result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.rollback()


@dataclass
class Visit:
    """One signed-in browser at one size, and the console errors it has seen."""

    page: Page
    width: int
    errors: list[str] = field(default_factory=list)

    def look(self, name: str) -> None:
        """Photograph the page, then check that it does not scroll sideways and
        that nothing logged an error so far (a failing page is photographed too)."""
        page = self.page
        page.wait_for_load_state("load")
        page.screenshot(
            path=_output_folder() / f"{name}-{self.width}.png", full_page=True
        )
        scroll, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= inner, f"{name} scrolls sideways at {self.width}: {scroll}"
        assert not self.errors, f"{name} at {self.width}: {self.errors}"


def _favicon(url: str) -> bool:
    return urlsplit(url).path == "/favicon.ico"


@contextmanager
def _signed_in(
    browser: Browser, base: str, email: str, viewport: dict[str, int]
) -> Iterator[Visit]:
    """A fresh browser context of ``viewport``'s size, signed in through the form."""
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(WAIT_MS)
    try:
        page = context.new_page()
        visit = Visit(page, viewport["width"])

        def console(message: ConsoleMessage) -> None:
            # The one known error: browsers ask for /favicon.ico, which is a 404.
            if message.type == "error" and not _favicon(message.location["url"]):
                visit.errors.append(f"{message.text} ({message.location['url']})")

        def response(answer: Response) -> None:
            if answer.status >= 400 and not _favicon(answer.url):
                visit.errors.append(f"{answer.status} for {answer.url}")

        page.on("console", console)
        page.on("pageerror", lambda error: visit.errors.append(str(error)))
        page.on("response", response)
        page.goto(f"{base}/sign-in")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{base}/")
        yield visit
    finally:
        context.close()


def _to_region(page: Page) -> None:
    """Open the region's front page from the main navigation."""
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Region", exact=True
    ).click()
    expect(page.locator("h1")).to_have_text("The region at a glance")


def _follow(page: Page, name: str) -> None:
    """Follow a link of the page's main part by its name; wait for where it leads."""
    link = page.get_by_role("main").get_by_role("link", name=name, exact=True)
    target = urljoin(page.url, link.get_attribute("href"))
    link.click()
    expect(page).to_have_url(target)


def _open_from_region(page: Page, name: str) -> None:
    _to_region(page)
    _follow(page, name)


def _node_key(href: str) -> str:
    """The network's id for the need or offer a link of its table leads to."""
    found = re.fullmatch(r"/(need|offer)s/(\d+)", href)
    assert found, href
    return f"node-{found[1]}-{found[2]}"


def _picture(page: Page) -> Locator:
    return page.locator("main svg.picture").first


# What the database holds ---------------------------------------------------------


def _gap_cells() -> set[str]:
    """``cell-{country}-{category or none}`` for every country and category (or
    none) that has published needs: the squares the gap map must draw."""
    rows = db.session.execute(
        select(Need.country_alpha3, Category.slug)
        .outerjoin(Category, Category.id == Need.category_id)
        .where(Need.status.in_(COUNTED))
        .distinct()
    )
    return {f"cell-{country}-{slug or 'none'}" for country, slug in rows}


def _latest_run() -> MatchRun | None:
    return db.session.scalar(
        select(MatchRun)
        .where(MatchRun.status == RunStatus.SUCCEEDED, MatchRun.kind == RunKind.FULL)
        .order_by(MatchRun.finished_at.desc(), MatchRun.id.desc())
        .limit(1)
    )


def _network_links(sub_region: str) -> set[tuple[int, int]]:
    """The (need, offer) pairs linked in a sub-region: pairings taken up, and the
    latest run's assigned suggestions and regional offers, for its needs."""
    in_region = (
        select(Need.id)
        .join(Country, Country.alpha3 == Need.country_alpha3)
        .where(Country.sub_region_slug == sub_region)
    )
    run = _latest_run()
    assert run is not None, "the demo stores a matching run"
    pairings = select(Pairing.need_id, Pairing.offer_id).where(
        Pairing.status.in_(TAKEN_UP), Pairing.need_id.in_(in_region)
    )
    suggested = select(Suggestion.need_id, Suggestion.offer_id).where(
        Suggestion.run_id == run.id,
        Suggestion.assigned.is_(True),
        Suggestion.need_id.in_(in_region),
    )
    regional = (
        select(regional_proposal_needs.c.need_id, RegionalProposal.offer_id)
        .join(
            RegionalProposal,
            RegionalProposal.id == regional_proposal_needs.c.proposal_id,
        )
        .where(
            RegionalProposal.run_id == run.id,
            RegionalProposal.kind == ProposalKind.REGIONAL_OFFER,
            RegionalProposal.offer_id.is_not(None),
            regional_proposal_needs.c.need_id.in_(in_region),
        )
    )
    return {
        (need, offer)
        for query in (pairings, suggested, regional)
        for need, offer in db.session.execute(query)
    }


def _nodes(links: set[tuple[int, int]]) -> set[str]:
    """The network's ids for the needs and offers of ``links``."""
    return {f"node-need-{need}" for need, _ in links} | {
        f"node-offer-{offer}" for _, offer in links
    }


def _proposal_count() -> int:
    run = _latest_run()
    assert run is not None
    return db.session.scalar(
        select(func.count(RegionalProposal.id)).where(RegionalProposal.run_id == run.id)
    )


def _country_needs(alpha3: str) -> set[str]:
    ids = db.session.scalars(select(Need.id).where(Need.country_alpha3 == alpha3))
    return {f"/needs/{need_id}" for need_id in ids}


# The facilitator's journey -------------------------------------------------------


def test_a_facilitator_sees_the_region_drawn_from_the_database(
    browser, live_server, demo, make
):
    make.user(Role.FACILITATOR, email=FACILITATOR)
    cells, linked = _gap_cells(), _network_links(SUB_REGION[0])
    proposals = _proposal_count()
    db.session.rollback()

    visited: list[tuple[str, str]] = []
    with _signed_in(browser, live_server, FACILITATOR, WIDE) as wide:
        page = wide.page

        def seen(name: str) -> None:
            wide.look(name)
            visited.append((name, page.url))

        _to_region(page)
        seen("region")

        _open_from_region(page, "Gap map")
        drawn = _picture(page).evaluate(DRAWN_IDS, "cell-")
        assert len(drawn) == len(set(drawn))
        assert set(drawn) == cells
        seen("gap-map")
        cell_links = _picture(page).evaluate(SVG_LINKS)
        assert len(cell_links) == len(cells)  # a facilitator may list every need
        target = cell_links[0]
        assert target.startswith("/needs/?country="), target
        country = parse_qs(urlsplit(target).query)["country"][0]
        _picture(page).locator("a").first.click()
        expect(page).to_have_url(f"{live_server}{target}")
        expect(page.get_by_label("Country")).to_have_value(country)
        name = db.session.scalar(select(Country.name).where(Country.alpha3 == country))
        db.session.rollback()
        listed = page.locator("main table tbody tr td:nth-child(2)").all_inner_texts()
        assert listed and set(listed) == {name}

        _open_from_region(page, "Support landscape")
        expect(_picture(page)).to_be_visible()
        seen("landscape")

        _open_from_region(page, "Network")
        page.get_by_label("Sub-region").select_option(label=SUB_REGION[1])
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(re.compile(f"sub_region={SUB_REGION[0]}"))
        shown = _picture(page).evaluate(DRAWN_IDS, "node-")
        assert len(shown) == len(set(shown))
        page.locator("details.numbers-table summary").click()
        rows = page.locator("details.numbers-table tbody tr")
        expect(rows.first).to_be_visible()
        hrefs = rows.locator("a").evaluate_all(HREFS)
        assert set(shown) == {_node_key(href) for href in hrefs}
        assert "left out" not in page.inner_text("main")  # nothing omitted
        assert set(shown) == _nodes(linked)
        assert rows.count() == len(linked)  # one row per linked pair
        seen("network")

        _open_from_region(page, "Regional cooperation")
        assert page.locator("li.card.proposal").count() == proposals
        seen("regional")

        _open_from_region(page, "Countries")
        seen("countries")
        first = page.locator("main table tbody tr a").first
        alpha3 = (first.get_attribute("href") or "").rsplit("/", 1)[-1]
        first.click()
        expect(page).to_have_url(f"{live_server}/countries/{alpha3}")
        hrefs = page.locator(
            "section[aria-labelledby=needs] tbody tr td:first-child a"
        ).evaluate_all(HREFS)
        assert len(hrefs) == len(set(hrefs))
        assert set(hrefs) == _country_needs(alpha3)
        db.session.rollback()
        seen("country")

        _open_from_region(page, "Progress")
        months = _picture(page).evaluate(DRAWN_IDS, "month-")
        posted = {m for m in months if re.fullmatch(r"month-\d{4}-\d{2}-posted", m)}
        assert len(posted) == 12
        seen("progress")

        _open_from_region(page, "Meeting report")
        headings = page.locator("article.report h2").all_inner_texts()
        for heading in REPORT_HEADINGS:
            assert heading in headings
        seen("report")
        pdf = _output_folder() / "meeting-report.pdf"
        with page.expect_download() as download:
            page.get_by_role("link", name="Download as PDF").click()
        download.value.save_as(pdf)
        _check_pdf(pdf)

    with _signed_in(browser, live_server, FACILITATOR, NARROW) as narrow:
        for name, url in visited:
            narrow.page.goto(url)
            narrow.look(name)


def _check_pdf(pdf: Path) -> None:
    """The PDF holds every section and draws its first page (poppler's tools); the
    picture of that page is kept beside it."""
    folder = pdf.parent
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    for heading in REPORT_HEADINGS:
        assert heading in text, heading
    prefix = folder / "meeting-report-pdf"
    for old in folder.glob("meeting-report-pdf*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(prefix)],
        check=True, timeout=120,
    )  # fmt: skip
    pages = list(folder.glob("meeting-report-pdf*.png"))
    assert len(pages) == 1 and pages[0].read_bytes().startswith(b"\x89PNG")


# The focal point's view ----------------------------------------------------------


def test_a_focal_point_sees_counts_and_only_their_own_country(
    browser, live_server, demo, make
):
    make.user(Role.FOCAL_POINT, country="NPL", email=FOCAL_POINT)
    cells = _gap_cells()
    db.session.rollback()
    with _signed_in(browser, live_server, FOCAL_POINT, WIDE) as focal:
        page = focal.page
        _to_region(page)
        region = page.get_by_role("main")
        for name in ("Gap map", "Support landscape", "Progress", "Your country"):
            expect(region.get_by_role("link", name=name, exact=True)).to_be_visible()
        for name in ("Network", "Regional cooperation", "Countries", "Meeting report"):
            expect(region.get_by_role("link", name=name, exact=True)).to_have_count(0)
        focal.look("focal-region")

        _follow(page, "Gap map")
        assert set(_picture(page).evaluate(DRAWN_IDS, "cell-")) == cells
        links = _picture(page).evaluate(SVG_LINKS)
        npl = {c for c in cells if c.startswith("cell-NPL-")}
        assert len(links) == len(npl) > 0
        assert all(parse_qs(urlsplit(h).query)["country"] == ["NPL"] for h in links)
        focal.look("focal-gap-map")

        _open_from_region(page, "Your country")
        expect(page).to_have_url(f"{live_server}/countries/NPL")
        hrefs = page.locator(
            "section[aria-labelledby=needs] tbody tr td:first-child a"
        ).evaluate_all(HREFS)
        assert set(hrefs) == _country_needs("NPL")
        db.session.rollback()
        focal.look("focal-country")

        answer = page.goto(f"{live_server}/countries/THA")
        assert answer is not None and answer.status == 404
        expect(page.locator("h1")).to_have_text("Not Found")
