"""The needs–offers network: who is joined to whom, and why.

Needs stand in a column on the left, offers on the right, each with its label
beside it. The order inside each column is chosen so lines cross as little as
possible: connected groups are kept together, then each node moves towards the
average position of its partners (the barycentre heuristic), a few sweeps each way.
Edge kinds differ by line style and colour, so neither alone carries the meaning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .palette import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    GREY,
    ORANGE,
    SKY_BLUE,
    SMALL_TEXT_SIZE,
    VERMILLION,
    plural,
    shorten,
)  # fmt: skip
from .shapes import EDGE_LABELS, EdgeKind, Network, NetworkEdge, NodeKind
from .svg import (
    check_unique,
    data_prefix,
    drawing,
    figure_to_svg,
    gid,
    message_picture,
)

SWEEPS = 4
ROW = 0.24  # inches per node in the longer column
LABEL_ROOM, LINE_ROOM, FOOT_ROOM = 3.1, 3.2, 1.05  # inches
# Thick pairings are drawn first, so dashed and dotted lines on the same pair
# stay visible on top of them.
EDGE_STYLE: dict[EdgeKind, dict[str, Any]] = {
    EdgeKind.PAIRING: {"color": BLUISH_GREEN, "linestyle": "solid", "linewidth": 2.6},
    EdgeKind.SUGGESTED: {"color": BLUE, "linestyle": (0, (5, 3)), "linewidth": 1.4},
    EdgeKind.REGIONAL: {
        "color": VERMILLION,
        "linestyle": (0, (1, 2)),
        "linewidth": 1.6,
    },
}
NODE_STYLE: dict[NodeKind, dict[str, Any]] = {
    NodeKind.NEED: {"marker": "o", "markerfacecolor": SKY_BLUE, "markersize": 8},
    NodeKind.OFFER: {"marker": "s", "markerfacecolor": ORANGE, "markersize": 7},
}
NODE_LABELS = {NodeKind.NEED: "A need", NodeKind.OFFER: "An offer"}
NAME = "network"


def draw_network(network: Network, *, name: str = NAME) -> str:
    """The network as an SVG drawing: needs left, offers right, edges between; each
    node's marker has the id ``node-{key}``.

    Args:
        network: the nodes and edges to draw.
        name: the picture's name on the page; another one also goes before the
            nodes' ids.

    Raises:
        ValueError: two nodes share a key, or an edge joins keys that are not a
            need and an offer of the network.
    """
    title = network.title or "Needs and the offers joined to them"
    if not network.nodes:
        return message_picture(name, title, "No needs or offers to draw here.")
    check_unique((gid(n.key) for n in network.nodes), "node")
    needs = [n.key for n in network.nodes if n.kind is NodeKind.NEED]
    offers = [n.key for n in network.nodes if n.kind is NodeKind.OFFER]
    _check_edges(network.edges, set(needs), set(offers))
    needs, offers = crossing_order(needs, offers, network.edges)
    place = {key: (0.0, _row(i, len(needs))) for i, key in enumerate(needs)}
    place |= {key: (1.0, _row(i, len(offers))) for i, key in enumerate(offers)}
    with drawing(name):
        fig, ax = _canvas(max(len(needs), len(offers)))
        _draw_edges(ax, network.edges, place)
        markers = _draw_nodes(ax, network, place, data_prefix(name, NAME))
        _legend(fig, network)
        return figure_to_svg(fig, name, title, _description(network), keep_ids=markers)


def crossing_order(
    needs: Sequence[str], offers: Sequence[str], edges: Sequence[NetworkEdge]
) -> tuple[list[str], list[str]]:
    """Needs and offers reordered so that fewer edges cross; ties keep input order.

    Barycentre sweeps usually help but need not, so the order with the fewest
    crossings seen along the way wins.
    """
    graph = nx.Graph()
    graph.add_nodes_from([*needs, *offers])
    graph.add_edges_from((edge.need, edge.offer) for edge in edges)
    first = {key: index for index, key in enumerate([*needs, *offers])}
    groups = sorted(
        nx.connected_components(graph), key=lambda c: min(first[k] for k in c)
    )
    group_of = {key: rank for rank, group in enumerate(groups) for key in group}
    left = sorted(needs, key=lambda k: (group_of[k], first[k]))
    right = sorted(offers, key=lambda k: (group_of[k], first[k]))
    fewest, best = crossings(left, right, edges), (left, right)
    for _ in range(SWEEPS):
        right = _by_barycentre(right, left, graph)
        left = _by_barycentre(left, right, graph)
        if (count := crossings(left, right, edges)) < fewest:
            fewest, best = count, (left, right)
    return best


def crossings(left: list[str], right: list[str], edges: Sequence[NetworkEdge]) -> int:
    """How many pairs of edges cross when the columns stand in this order."""
    at = {key: i for i, key in enumerate(left)} | {k: i for i, k in enumerate(right)}
    need = np.array([at[e.need] for e in edges])
    offer = np.array([at[e.offer] for e in edges])
    apart = np.subtract.outer(need, need) * np.subtract.outer(offer, offer)
    return int((apart < 0).sum()) // 2


def _by_barycentre(column: list[str], other: list[str], graph: nx.Graph) -> list[str]:
    """``column`` sorted by the mean position of each node's partners in ``other``
    (both scaled to 0–1); a node without partners keeps its own position."""
    at = {key: _row(i, len(other)) for i, key in enumerate(other)}
    own = {key: _row(i, len(column)) for i, key in enumerate(column)}

    def barycentre(key: str) -> tuple[float, float]:
        partners = [at[p] for p in graph.neighbors(key) if p in at]
        mean = sum(partners) / len(partners) if partners else own[key]
        return mean, own[key]

    return sorted(column, key=barycentre)


def _row(index: int, count: int) -> float:
    return (index + 0.5) / count


def _check_edges(
    edges: Sequence[NetworkEdge], needs: set[str], offers: set[str]
) -> None:
    for edge in edges:
        if edge.need not in needs or edge.offer not in offers:
            raise ValueError(f"edge {edge.need} → {edge.offer} joins unknown nodes")


def _canvas(longest: int) -> tuple[Figure, Axes]:
    """A figure tall enough for the longer column, the lines' room in the middle."""
    width = 2 * LABEL_ROOM + LINE_ROOM
    height = max(2.0, longest * ROW) + 0.5 + FOOT_ROOM
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes(
        (
            LABEL_ROOM / width,
            FOOT_ROOM / height,
            LINE_ROOM / width,
            1 - (FOOT_ROOM + 0.5) / height,
        )
    )
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(1, 0)
    ax.set_axis_off()
    for x, heading, align in ((0.0, "Needs", "right"), (1.0, "Offers", "left")):
        ax.text(
            x, -0.02, heading, ha=align, va="bottom", fontweight="bold", clip_on=False
        )
    return fig, ax


def _draw_edges(
    ax: Axes, edges: Sequence[NetworkEdge], place: dict[str, tuple[float, float]]
) -> None:
    for kind in EdgeKind:
        lines = [(place[e.need], place[e.offer]) for e in edges if e.kind is kind]
        if lines:
            ax.add_collection(
                LineCollection(lines, gid=f"edges-{kind.value}", **EDGE_STYLE[kind]),
                autolim=False,
            )


def _draw_nodes(
    ax: Axes, network: Network, place: dict[str, tuple[float, float]], own: str
) -> list[str]:
    """One marker per node (``node-{key}``), its label beside it, both linked;
    returns the markers' gids."""
    markers = []
    for node in network.nodes:
        x, y = place[node.key]
        markers.append(own + gid("node", node.key))
        (marker,) = ax.plot(
            [x], [y], linestyle="none", markeredgecolor=BLACK, clip_on=False,
            gid=markers[-1], **NODE_STYLE[node.kind],
        )  # fmt: skip
        label = ax.text(
            x - 0.03 if node.kind is NodeKind.NEED else x + 0.03, y,
            shorten(node.label, 40), va="center", fontsize=SMALL_TEXT_SIZE,
            ha="right" if node.kind is NodeKind.NEED else "left",
            gid=gid("label", node.key),
        )  # fmt: skip
        if node.link:
            marker.set_url(node.link)
            label.set_url(node.link)
    return markers


def _legend(fig: Figure, network: Network) -> None:
    """What the line styles and marker shapes mean, and what was left out."""
    handles = [
        Line2D([], [], label=EDGE_LABELS[kind], **EDGE_STYLE[kind]) for kind in EdgeKind
    ]
    handles += [
        Line2D([], [], linestyle="none", markeredgecolor=BLACK, label=NODE_LABELS[kind],
               **NODE_STYLE[kind])
        for kind in NodeKind
    ]  # fmt: skip
    height = fig.get_figheight()
    fig.legend(
        handles=handles, loc="upper center", ncols=2, frameon=False,
        bbox_to_anchor=(0.5, (FOOT_ROOM - 0.05) / height), handlelength=3.5,
    )  # fmt: skip
    if network.omitted_nodes:
        fig.text(
            0.5, 0.02 / height,
            f"{plural(network.omitted_nodes, 'need or offer', 'needs and offers')}"
            " with the weakest links left out to keep the picture readable.",
            ha="center", va="bottom", color=GREY, fontsize=SMALL_TEXT_SIZE,
        )  # fmt: skip


def _description(network: Network) -> str:
    needs = sum(1 for n in network.nodes if n.kind is NodeKind.NEED)
    kinds = Counter(edge.kind for edge in network.edges)
    counts = [f"{EDGE_LABELS[kind].lower()}: {kinds[kind]}" for kind in EdgeKind]
    return (
        f"{plural(needs, 'need')} on the left joined to"
        f" {plural(len(network.nodes) - needs, 'offer')} on the right by"
        f" {plural(len(network.edges), 'line')}: {'; '.join(counts)}."
    )
