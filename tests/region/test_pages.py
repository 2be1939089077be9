"""The region's pages on the demo data, as each role sees them.

The demo (``seed-demo``) holds needs of many countries, pairings at every stage, a
stored run with regional proposals and hub candidates, and an open call, so every
page has something to draw. Each picture is checked against the same numbers counted
straight from the database.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    Need,
    NeedStatus,
    Organisation,
    ProposalKind,
    RegionalProposal,
    Role,
)
from matchmaker.services.match_runs import latest_successful_run
from tests.conftest import sign_in_as

COUNTED = (
    NeedStatus.OPEN,
    NeedStatus.IN_DISCUSSION,
    NeedStatus.MATCHED,
    NeedStatus.FULFILLED,
)


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.rollback()


def _svg_ids(html: str, prefix: str) -> list[str]:
    """Ids of the drawn things of one kind (their labels' ids end in -count)."""
    found = re.findall(rf'id="({prefix}[^"]*)"', html)
    return [name for name in found if not name.endswith("-count")]


def _country_category_pairs() -> set[tuple[str, str]]:
    rows = db.session.execute(
        select(Need.country_alpha3, Need.category_id).where(Need.status.in_(COUNTED))
    )
    return {(country, str(category)) for country, category in rows}


def _gap_map_draws_one_cell_per_country_and_category(client) -> None:
    page = client.get("/region/gaps")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    cells = _svg_ids(html, "cell-")
    assert len(cells) == len(set(cells)) == len(_country_category_pairs())
    assert "Download these numbers (CSV)" in html
    assert 'href="/needs/?country=' in html  # cells lead to the filtered list

    download = client.get("/region/gaps.csv?measure=all")
    assert download.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True)[1:])))
    assert len(rows) == len(cells)
    published = db.session.scalar(
        select(db.func.count(Need.id)).where(Need.status.in_(COUNTED))
    )
    assert sum(int(row["All"]) for row in rows) == published


def _a_focal_point_sees_counts_but_links_only_to_their_own_needs(client, make) -> None:
    sign_in_as(client, make.user(Role.FOCAL_POINT, country="NPL"))
    html = client.get("/region/gaps").get_data(as_text=True)
    links = set(re.findall(r'href="/needs/\?country=([A-Z]{3})', html))
    assert links == {"NPL"}
    assert len(_svg_ids(html, "cell-")) == len(_country_category_pairs())
    assert client.get("/countries/NPL").status_code == 200
    assert client.get("/countries/THA").status_code == 404
    assert client.get("/region/network").status_code == 403


def _the_landscape_of_a_partner_keeps_to_the_countries_their_offers_reach(
    client, make
) -> None:
    organisation = db.session.scalars(select(Organisation).order_by(Organisation.id))
    partner_of = next(iter(organisation))
    sign_in_as(client, make.user(Role.PARTNER, organisation=partner_of))
    page = client.get("/region/landscape?by=country")
    assert page.status_code == 200
    from matchmaker.services.region_figures import countries_reached_by

    reached = countries_reached_by(partner_of.id)
    body = client.get("/region/landscape.csv?by=country").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    from matchmaker.models import Country

    names = {
        name
        for name in db.session.scalars(
            select(Country.name).where(Country.alpha3.in_(reached))
        )
    }
    assert rows and {row["Where"] for row in rows} <= names
    assert client.get("/region/gaps").status_code == 403


def _network_nodes_and_regional_page_match_the_latest_run(client) -> None:
    html = client.get("/region/network?sub_region=south-east-asia").get_data(
        as_text=True
    )
    nodes = _svg_ids(html, "node-")
    assert nodes and len(nodes) == len(set(nodes))
    assert html.count('class="legend') or "Accepted pairing" in html

    run = latest_successful_run()
    proposals = db.session.scalars(
        select(RegionalProposal).where(RegionalProposal.run_id == run.id)
    ).all()
    page = client.get("/region/cooperation").get_data(as_text=True)
    assert page.count('class="card proposal"') == len(proposals)
    hubs = [p for p in proposals if p.kind is ProposalKind.HUB]
    assert hubs and "Raised with partners on" in page


def _progress_shows_twelve_months_and_the_funnel(client) -> None:
    html = client.get("/region/progress").get_data(as_text=True)
    months = {m for m in re.findall(r'id="month-(\d{4}-\d{2})-posted', html)}
    assert len(months) == 12
    assert _svg_ids(html, "stage-completed")
    download = client.get("/region/progress.csv").get_data(as_text=True)
    assert "Completed" in download


def _country_page_lists_the_country_s_needs(client) -> None:
    country = db.session.scalar(
        select(Need.country_alpha3).where(Need.status == NeedStatus.OPEN).limit(1)
    )
    html = client.get(f"/countries/{country}").get_data(as_text=True)
    needs = db.session.scalars(select(Need).where(Need.country_alpha3 == country))
    for need in needs:
        assert f'href="/needs/{need.id}"' in html
    assert client.get("/countries/ZZZ").status_code == 404
    assert client.get("/countries/" + "N" * 300).status_code == 404
    index = client.get("/countries/").get_data(as_text=True)
    assert f'href="/countries/{country}"' in index


SECTIONS = (
    "Key figures",
    "Needs by country and category",
    "Gap map",
    "Support landscape",
    "Pairings by stage and cooperation model",
    "Regional proposals",
    "Hub candidates",
    "Unmet needs",
)


def _report_page_and_pdf_hold_every_section(client, tmp_path) -> None:
    html = client.get("/region/report/?sub_region=south-east-asia").get_data(
        as_text=True
    )
    for heading in (*SECTIONS, "Sub-region — South-East Asia"):
        assert heading in html
    pdf = client.get("/region/report/pdf?sub_region=south-east-asia")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    for heading in (*SECTIONS, "South-East Asia", "Meeting report"):
        assert heading in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    first = next(tmp_path.glob("page*.png")).read_bytes()
    assert first.startswith(b"\x89PNG") and len(first) > 5_000


def _every_picture_is_inline_svg_without_styles(client) -> None:
    for path in ("/region/gaps", "/region/landscape", "/region/network",
                 "/region/progress", "/region/report/"):  # fmt: skip
        html = client.get(path).get_data(as_text=True)
        svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
        assert svgs, path
        for svg in svgs:
            ET.fromstring(svg)  # well-formed
            assert " style=" not in svg and "<style" not in svg, path


def test_staff_see_every_picture_drawn_from_the_database(demo, client, make, tmp_path):
    """One seeding of the demo (the slow part), every staff page checked on it."""
    sign_in_as(client, make.user(Role.FACILITATOR))
    _gap_map_draws_one_cell_per_country_and_category(client)
    _network_nodes_and_regional_page_match_the_latest_run(client)
    _progress_shows_twelve_months_and_the_funnel(client)
    _country_page_lists_the_country_s_needs(client)
    _report_page_and_pdf_hold_every_section(client, tmp_path)
    sign_in_as(client, make.user(Role.ADMIN))
    _every_picture_is_inline_svg_without_styles(client)


def test_focal_points_and_partners_see_their_part(demo, client, make):
    _a_focal_point_sees_counts_but_links_only_to_their_own_needs(client, make)
    _the_landscape_of_a_partner_keeps_to_the_countries_their_offers_reach(client, make)
