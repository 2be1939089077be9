"""Step 6, graph: needs and offers as a bipartite networkx graph with scored edges.

The graph is the model the rest of the service reads (regional analysis, pictures);
nodes are `("need", id)` and `("offer", id)` so the two id spaces never collide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from .types import NeedRecord, OfferRecord

NEED, OFFER = "need", "offer"


def need_node(need_id: str) -> tuple[str, str]:
    """The graph node of a need."""
    return (NEED, need_id)


def offer_node(offer_id: str) -> tuple[str, str]:
    """The graph node of an offer."""
    return (OFFER, offer_id)


def build_graph(
    needs: Sequence[NeedRecord],
    offers: Sequence[OfferRecord],
    edges: Iterable[tuple[str, str, float]],
) -> nx.Graph:
    """A bipartite graph: every need and offer, one edge per scored pair.

    Args:
        needs: Needs (node attributes: country, priority).
        offers: Offers (node attributes: capacity, modality, partner).
        edges: (need id, offer id, score) of pairs at or above `min_score`.

    Returns:
        An undirected graph with `bipartite` 0 for needs and 1 for offers.
    """
    graph = nx.Graph()
    graph.add_nodes_from(
        (
            need_node(n.id),
            {"bipartite": 0, "country": n.country, "priority": n.priority},
        )
        for n in needs
    )
    graph.add_nodes_from(
        (
            offer_node(o.id),
            {"bipartite": 1, "capacity": o.capacity, "modality": o.modality,
             "partner": o.partner},
        )
        for o in offers
    )  # fmt: skip
    graph.add_edges_from(
        (need_node(n), offer_node(o), {"score": s}) for n, o, s in edges
    )
    return graph


def candidates_of_offer(
    graph: nx.Graph, offer_id: str, min_score: float
) -> list[tuple[str, float]]:
    """Need ids linked to an offer at or above a score, best first, then by id."""
    node = offer_node(offer_id)
    found = [
        (nbr[1], float(data["score"]))
        for nbr, data in graph.adj[node].items()
        if data["score"] >= min_score
    ]
    return sorted(found, key=lambda item: (-item[1], item[0]))
