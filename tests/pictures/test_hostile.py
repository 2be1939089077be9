"""Whatever officials type (dollars, backslashes, markup, template syntax, emoji,
other scripts, endless words, control characters) comes out as plain escaped text
in well-formed SVG, never as mathtext, markup or an error."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaker.pictures import draw_gap_map, draw_landscape, draw_network
from matchmaker.pictures.palette import clean_text
from matchmaker.pictures.shapes import (
    EdgeKind,
    GapCell,
    GapGrid,
    Landscape,
    Network,
    NetworkEdge,
    NetworkNode,
    NodeKind,
    SupplyCell,
)
from tests.pictures import HOSTILE, SVG, parse, texts


def _gap_map() -> str:
    countries = [(f"C{i}", label) for i, label in enumerate(HOSTILE)]
    categories = [(f"k{i}", label) for i, label in enumerate(HOSTILE)]
    cells = [
        GapCell(f"C{i}", f"k{i}", 1, 1, 1, link="/needs") for i in range(len(HOSTILE))
    ]
    return draw_gap_map(GapGrid(countries, categories, cells, title=HOSTILE[2]))


def _landscape() -> str:
    groups = [(f"G{i}", label) for i, label in enumerate(HOSTILE)]
    types = [(f"t{i}", label) for i, label in enumerate(HOSTILE)]
    cells = [SupplyCell(f"G{i}", f"t{i}", 2, 1, 1) for i in range(len(HOSTILE))]
    return draw_landscape(Landscape(groups, types, cells, title=HOSTILE[0]))


def _network() -> str:
    nodes = [NetworkNode(f"need-{i}", NodeKind.NEED, s) for i, s in enumerate(HOSTILE)]
    nodes += [
        NetworkNode(f"offer-{i}", NodeKind.OFFER, s) for i, s in enumerate(HOSTILE)
    ]
    edges = [
        NetworkEdge(f"need-{i}", f"offer-{i}", EdgeKind.PAIRING)
        for i in range(len(HOSTILE))
    ]
    return draw_network(Network(nodes, edges, title=HOSTILE[5]))


@pytest.fixture(
    scope="module",
    params=[_gap_map, _landscape, _network],
    ids=lambda f: f.__name__[1:],
)
def svg(request: pytest.FixtureRequest) -> str:
    return request.param()


def test_well_formed_with_no_markup_smuggled_in(svg: str) -> None:
    root = parse(svg)
    tags = {element.tag.rpartition("}")[2] for element in root.iter()}
    assert not tags & {"script", "b", "foreignObject", "iframe"}
    assert "<script" not in svg and "&lt;script&gt;" in svg


def test_dollars_stay_dollars_and_templates_stay_unrendered(svg: str) -> None:
    shown = " ".join(texts(svg))
    assert "Price $5 to $10 and $x^2$" in shown  # not mathtext
    assert "{{7*7}}" in shown and "49" not in shown
    assert "Лаборатория" in shown and "💉" in shown


def test_control_characters_are_dropped(svg: str) -> None:
    shown = " ".join(texts(svg))
    assert "controlcharacters" in shown


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=60), min_size=1, max_size=3))
def test_any_label_draws(labels: list[str]) -> None:
    nodes = [NetworkNode(f"need-{i}", NodeKind.NEED, s) for i, s in enumerate(labels)]
    svg = draw_network(Network(nodes, []))
    root = ET.fromstring(svg)
    assert len(
        [e for e in root.iter() if (e.get("id") or "").startswith("node-")]
    ) == len(labels)
    shown = [t.text or "" for t in root.iter(f"{SVG}text")]
    for label in labels:
        if clean_text(label) and len(clean_text(label)) <= 40:
            assert clean_text(label) in shown
