"""Seeing the region: the gap map, the support landscape, the network, regional
cooperation, progress and the meeting report.

Every picture is drawn on the server as SVG (``matchmaker.pictures``) from the same
numbers the page shows as a table and offers as a CSV, so the page reads without
colour and without JavaScript. Who sees which page is decided in
``policy/region.py``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from matchmaker import pictures, policy
from matchmaker.forms.region import (
    gap_map_form,
    landscape_form,
    network_form,
)
from matchmaker.models import Role, User
from matchmaker.pictures.shapes import (
    EDGE_LABELS,
    GAP_MEASURE_LABELS,
    GapGrid,
    Landscape,
)
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import (
    region_figures,
    region_network,
    region_progress,
    region_proposals,
)
from matchmaker.web.downloads import csv_response

bp = Blueprint("region", __name__, url_prefix="/region")

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)
STAFF_AND_FOCAL = role_in(Role.FOCAL_POINT, Role.FACILITATOR, Role.ADMIN)
EVERY_ROLE = role_in(Role.FOCAL_POINT, Role.PARTNER, Role.FACILITATOR, Role.ADMIN)


def _user() -> User:
    return current_user._get_current_object()


def _svg(markup: str) -> Markup:
    """A picture drawn by ``matchmaker.pictures``: escaped there, trusted here."""
    return Markup(markup)  # noqa: S704 - built by our own drawer from escaped text


@bp.get("/")
@allow(EVERY_ROLE)
def index() -> str | Response:
    """The region's front page: what each picture shows, for this viewer."""
    user = _user()
    if not policy.can_view_region(user):
        return deny()
    return render_template(
        "region/index.html",
        can_gap_map=policy.can_view_gap_map(user),
        can_network=policy.can_view_network(user),
        can_regional=policy.can_view_regional(user),
        can_countries=policy.can_view_countries(user),
        can_report=policy.can_view_report(user),
        own_country=user.country_alpha3 if user.role is Role.FOCAL_POINT else None,
    )


# Gap map ---------------------------------------------------------------------


def _gap_link(user: User) -> Any:
    """Cells lead to the needs list filtered by country and category, where the
    viewer may list those needs: staff everywhere, a focal point in their row."""

    def link(country: str, category: str) -> str:
        if not (policy.is_staff(user) or country == user.country_alpha3):
            return ""
        if category:
            return url_for("needs.index", country=country, category=category)
        return url_for("needs.index", country=country)

    return link


def _gap_grid(user: User) -> tuple[Any, GapGrid]:
    form = gap_map_form(request.args)
    grid = region_figures.gap_grid(
        measure=form.measure_value(),
        support_type=form.value("support_type"),
        sub_region=form.value("sub_region"),
        link_for=_gap_link(user),
    )
    return form, grid


@bp.get("/gaps")
@allow(STAFF_AND_FOCAL)
def gap_map() -> str | Response:
    """Needs by country and category: open, covered and unmet."""
    user = _user()
    if not policy.can_view_gap_map(user):
        return deny()
    form, grid = _gap_grid(user)
    return render_template(
        "region/gap_map.html",
        form=form,
        grid=grid,
        picture=_svg(pictures.draw_gap_map(grid)) if grid.cells else None,
        measure_label=GAP_MEASURE_LABELS[grid.measure],
        names=dict(grid.categories),
        countries=dict(grid.countries),
        own_row_only=not policy.is_staff(user),
    )


@bp.get("/gaps.csv")
@allow(STAFF_AND_FOCAL)
def gap_map_csv() -> Response:
    """The gap map's numbers, every cell, for a spreadsheet."""
    user = _user()
    if not policy.can_view_gap_map(user):
        return deny()
    _, grid = _gap_grid(user)
    countries, categories = dict(grid.countries), dict(grid.categories)
    rows = [
        (
            countries.get(cell.country, cell.country),
            cell.country,
            categories.get(cell.category, cell.category),
            cell.open,
            cell.covered,
            cell.unmet,
            cell.total,
        )
        for cell in grid.cells
    ]
    header = ("Country", "Country code", "Category", "Open", "Covered", "Unmet",
              "All")  # fmt: skip
    return csv_response("gap-map.csv", header, rows)


# Support landscape -----------------------------------------------------------


def _landscape(user: User) -> tuple[Any, Landscape, bool]:
    form = landscape_form(request.args)
    organisation = policy.landscape_organisation(user)
    countries = (
        None
        if organisation is None
        else region_figures.countries_reached_by(organisation)
    )
    landscape = region_figures.landscape(by=form.grouping(), countries=countries)
    return form, landscape, organisation is not None


@bp.get("/landscape")
@allow(EVERY_ROLE)
def landscape() -> str | Response:
    """Needs seeking each kind of support against the offers available to them."""
    user = _user()
    if not policy.can_view_landscape(user):
        return deny()
    form, landscape, limited = _landscape(user)
    return render_template(
        "region/landscape.html",
        form=form,
        landscape=landscape,
        limited=limited,
        picture=_svg(pictures.draw_landscape(landscape)) if landscape.cells else None,
        groups=dict(landscape.groups),
        support_types=dict(landscape.support_types),
    )


@bp.get("/landscape.csv")
@allow(EVERY_ROLE)
def landscape_csv() -> Response:
    user = _user()
    if not policy.can_view_landscape(user):
        return deny()
    _, landscape, _ = _landscape(user)
    groups, kinds = dict(landscape.groups), dict(landscape.support_types)
    rows = [
        (
            groups.get(cell.group, cell.group),
            kinds.get(cell.support_type, cell.support_type),
            cell.needs,
            cell.offers,
            cell.places,
            cell.shortfall,
        )
        for cell in landscape.cells
    ]
    header = ("Where", "Support type", "Needs seeking it", "Offers available",
              "Places left", "Needs beyond the places")  # fmt: skip
    return csv_response("support-landscape.csv", header, rows)


# Network ---------------------------------------------------------------------


def _listing_link(kind: str, listing_id: int) -> str:
    if kind == "need":
        return url_for("needs.detail", need_id=listing_id)
    return url_for("offers.detail", offer_id=listing_id)


@bp.get("/network")
@allow(STAFF)
def network() -> str | Response:
    """Accepted pairings, suggested pairs and regional proposals as one graph."""
    user = _user()
    if not policy.can_view_network(user):
        return deny()
    form = network_form(request.args)
    scope = region_network.Scope(
        sub_region=form.value("sub_region"), category=form.value("category")
    )
    graph = region_network.network(scope, link_for=_listing_link)
    return render_template(
        "region/network.html",
        form=form,
        graph=graph,
        picture=_svg(pictures.draw_network(graph)) if graph.nodes else None,
        labels={node.key: node for node in graph.nodes},
        edge_labels=EDGE_LABELS,
    )


# Regional cooperation --------------------------------------------------------


@bp.get("/cooperation")
@allow(STAFF)
def regional() -> str | Response:
    """Regional proposals and hub candidates by sub-region, and what came of them."""
    user = _user()
    if not policy.can_view_regional(user):
        return deny()
    return render_template(
        "region/regional.html", picture=region_proposals.regional_picture()
    )


# Progress --------------------------------------------------------------------


@bp.get("/progress")
@allow(STAFF_AND_FOCAL)
def progress() -> str | Response:
    """Needs posted and met per month, and how far pairings get, how fast."""
    user = _user()
    if not policy.can_view_progress(user):
        return deny()
    figures = region_progress.progress()
    return render_template(
        "region/progress.html",
        progress=figures,
        monthly=_svg(pictures.draw_monthly(figures.months)),
        funnel=_svg(pictures.draw_funnel(figures.funnel)),
    )


@bp.get("/progress.csv")
@allow(STAFF_AND_FOCAL)
def progress_csv() -> Response:
    user = _user()
    if not policy.can_view_progress(user):
        return deny()
    figures = region_progress.progress()
    rows: list[tuple[object, ...]] = [
        ("Month", month.month, month.posted, month.met, "") for month in figures.months
    ]
    rows += [
        ("Stage", stage.label, stage.reached, "", _days(stage.median_days_to_next))
        for stage in figures.funnel
    ]
    header = ("Figure", "Month or stage", "Needs posted or pairs reaching it",
              "Needs met", "Median days to the next stage")  # fmt: skip
    return csv_response("progress.csv", header, rows)


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
