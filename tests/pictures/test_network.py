"""The needs–offers network: every node drawn once, edges told apart by style and
colour, and an order that keeps crossings down."""

from __future__ import annotations

import itertools

import pytest

from matchmaker.pictures import draw_network
from matchmaker.pictures.network import crossing_order
from matchmaker.pictures.shapes import (
    EDGE_LABELS,
    EdgeKind,
    Network,
    NetworkEdge,
    NetworkNode,
    NodeKind,
)
from tests.pictures import SVG, XLINK_HREF, ids_starting, network, parse, texts


def _element(svg: str, id_: str):
    return next(e for e in parse(svg).iter() if e.get("id") == id_)


def test_every_node_once_with_its_link() -> None:
    shape = network(needs=6, offers=5, edges=10)
    svg = draw_network(shape)
    assert sorted(ids_starting(svg, "node-")) == sorted(
        f"node-{n.key}" for n in shape.nodes
    )
    for node in shape.nodes:
        marker = _element(svg, f"node-{node.key}")
        hrefs = [a.get(XLINK_HREF) for a in marker.iter(f"{SVG}a")]
        assert hrefs == ([node.link] if node.link else [])


def test_edge_kinds_differ_in_line_style_and_colour() -> None:
    svg = draw_network(network(edges=12))
    drawn = {}
    for kind in EdgeKind:
        group = _element(svg, f"network-edges-{kind.value}")
        path = next(group.iter(f"{SVG}path"))
        drawn[kind] = (path.get("stroke"), path.get("stroke-dasharray"))
    assert drawn[EdgeKind.PAIRING][1] is None  # solid
    assert len({stroke for stroke, _ in drawn.values()}) == 3
    assert len({dashes for _, dashes in drawn.values()}) == 3


def test_the_legend_names_edges_and_nodes_in_words() -> None:
    shown = texts(draw_network(network()))
    assert set(EDGE_LABELS.values()) | {"A need", "An offer"} <= set(shown)


def _crossings(left: list[str], right: list[str], edges: list[NetworkEdge]) -> int:
    at = {k: i for i, k in enumerate(left)} | {k: i for i, k in enumerate(right)}
    return sum(
        (at[a.need] - at[b.need]) * (at[a.offer] - at[b.offer]) < 0
        for a, b in itertools.combinations(edges, 2)
    )


def test_the_order_undoes_needless_crossings() -> None:
    needs, offers = ["n0", "n1", "n2", "n3"], ["o0", "o1", "o2", "o3"]
    edges = [NetworkEdge(f"n{i}", f"o{3 - i}", EdgeKind.SUGGESTED) for i in range(4)]
    assert _crossings(needs, offers, edges) == 6
    left, right = crossing_order(needs, offers, edges)
    assert _crossings(left, right, edges) == 0
    assert sorted(left) == needs and sorted(right) == offers


def test_the_order_never_adds_crossings_on_a_random_network() -> None:
    shape = network(needs=30, offers=20, edges=60, seed=11)
    needs = [n.key for n in shape.nodes if n.kind is NodeKind.NEED]
    offers = [n.key for n in shape.nodes if n.kind is NodeKind.OFFER]
    before = _crossings(needs, offers, shape.edges)
    assert _crossings(*crossing_order(needs, offers, shape.edges), shape.edges) < before


def test_labels_are_cut_at_forty_characters() -> None:
    label = "Nepal: a biosafety level three laboratory for the national institute"
    shape = Network([NetworkNode("need-1", NodeKind.NEED, label)], [])
    shown = texts(draw_network(shape))
    assert label not in shown
    assert label[:39] + "…" in shown


def test_left_out_nodes_are_mentioned() -> None:
    shape = network()
    svg = draw_network(Network(shape.nodes, shape.edges, omitted_nodes=7))
    assert any(
        t.startswith("7 needs and offers with the weakest links") for t in texts(svg)
    )


def test_nodes_without_edges_are_still_drawn() -> None:
    shape = network(edges=0)
    assert len(ids_starting(draw_network(shape), "node-")) == len(shape.nodes)


def test_nothing_to_draw() -> None:
    svg = draw_network(Network([], []))
    assert ids_starting(svg, "node-") == []
    assert "No needs or offers to draw here." in texts(svg)


def test_an_edge_to_an_unknown_node_is_a_mistake() -> None:
    shape = network()
    edge = NetworkEdge("offer-0", "need-0", EdgeKind.PAIRING)  # the wrong way round
    with pytest.raises(ValueError, match="unknown nodes"):
        draw_network(Network(shape.nodes, [edge]))


def test_eighty_nodes_and_three_hundred_edges() -> None:
    shape = network(needs=50, offers=30, edges=300, seed=5)
    svg = draw_network(shape)
    assert len(ids_starting(svg, "node-")) == 80
    assert len(ids_starting(svg, "network-edges-")) == 3
