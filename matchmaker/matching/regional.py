"""Step 8, regional: one offer for several countries, and hubs nobody offers yet.

(a) A regional proposal is an offer (modality regional or either, capacity >= 2)
whose strong candidate needs span two or more countries. (b) A hub candidate is a
group of similar unmet needs from at least `hub_min_countries` countries of one
sub-region: a need-need similarity graph per sub-region, split into communities,
each labelled by its shared terms and given a suggested host with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .graph import candidates_of_offer
from .index import NeedSide
from .similarity import neighbour_graph
from .types import Hub, MatchSettings, OfferRecord, RegionalProposal, Taxonomy


def _pick_needs(
    candidates: list[tuple[str, float]], country_of: Mapping[str, str], capacity: int
) -> list[tuple[str, float]]:
    """Best need per country first (spreads the offer), then the best of the rest."""
    chosen: list[tuple[str, float]] = []
    seen: set[str] = set()
    for need_id, score in candidates:
        if country_of[need_id] not in seen and len(chosen) < capacity:
            chosen.append((need_id, score))
            seen.add(country_of[need_id])
    for item in candidates:
        if len(chosen) >= capacity:
            break
        if item not in chosen:
            chosen.append(item)
    return sorted(chosen, key=lambda item: (-item[1], item[0]))


def regional_proposals(
    graph: nx.Graph, offers: Sequence[OfferRecord], settings: MatchSettings
) -> list[RegionalProposal]:
    """Offers able to serve strong candidate needs of two or more countries.

    Returns:
        Proposals, best mean score first, then by offer id.
    """
    country_of = {
        node[1]: data["country"]
        for node, data in graph.nodes(data=True)
        if data["bipartite"] == 0
    }
    proposals = []
    for offer in offers:
        if offer.modality not in ("regional", "either") or offer.capacity < 2:
            continue
        candidates = candidates_of_offer(graph, offer.id, settings.regional_min_score)
        chosen = _pick_needs(candidates, country_of, offer.capacity)
        countries = sorted({country_of[n] for n, _ in chosen})
        if len(countries) < 2:
            continue
        score = round(float(np.mean([s for _, s in chosen])), 2)
        proposals.append(
            RegionalProposal(
                offer.id, tuple(n for n, _ in chosen), tuple(countries), score
            )
        )
    return sorted(proposals, key=lambda p: (-p.score, p.offer_id))


def _host(
    group: list[int],
    rows: list[int],
    weights: sp.csr_matrix,
    side: NeedSide,
    taxonomy: Taxonomy,
) -> tuple[str, str]:
    """The country whose needs are most alike to the other countries' needs.

    Mean cosine between a country's needs and the others' is a dot product of sums,
    so this stays linear in the size of the group.
    """
    countries = np.array([side.needs[i].country for i in group], dtype=object)
    vectors = weights[rows]
    total = np.asarray(vectors.sum(axis=0)).ravel()
    ranking = []
    for country in sorted(set(countries)):
        own = countries == country
        own_sum = np.asarray(vectors[np.flatnonzero(own)].sum(axis=0)).ravel()
        n_own, n_other = int(own.sum()), int((~own).sum())
        centrality = float(own_sum @ (total - own_sum)) / max(1, n_own * n_other)
        flagged = country in taxonomy.ldc or country in taxonomy.lldc
        ranking.append((-round(centrality, 6), -n_own, flagged, country))
    best = min(ranking)
    host, centrality, n_own = best[3], -best[0], -best[1]
    subject = "need is" if n_own == 1 else f"{n_own} needs are"
    why = (
        f"{host}'s {subject} the most alike to the other countries' "
        f"(mean similarity {centrality:.2f})"
    )
    if best[2]:
        why += "; it is an LDC or landlocked, so hosting may need extra support"
    return host, why


def _theme(rows: list[int], terms: np.ndarray, weights: sp.csr_matrix) -> str:
    """The three terms weighing most across the group's needs."""
    total = np.asarray(weights[rows].sum(axis=0)).ravel()
    top = np.argsort(-total, kind="stable")[:3]
    return ", ".join(str(terms[i]) for i in top if total[i] > 0)


def hub_candidates(
    unmet: Sequence[int], side: NeedSide, taxonomy: Taxonomy, settings: MatchSettings
) -> list[Hub]:
    """Communities of similar unmet needs spanning several countries of a sub-region.

    Args:
        unmet: Positions (in `side`) of needs with no suggestion.
        side: Prepared needs.
        taxonomy: Gives each country's sub-region and LDC/LLDC flags.
        settings: `hub_similarity` and `hub_min_countries`.
    """
    by_region: dict[str, list[int]] = defaultdict(list)
    for i in unmet:
        region = taxonomy.sub_region_of.get(side.needs[i].country)
        if region:
            by_region[region].append(i)
    hubs = []
    for region in sorted(by_region):
        members = by_region[region]
        if len({side.needs[i].country for i in members}) < settings.hub_min_countries:
            continue
        graph, terms, weights = neighbour_graph(members, side, settings.hub_similarity)
        row_of = {m: r for r, m in enumerate(members)}
        communities = nx.community.louvain_communities(graph, weight="weight", seed=0)
        for community in communities:
            group = sorted(community)
            countries = sorted({side.needs[i].country for i in group})
            if len(countries) < settings.hub_min_countries:
                continue
            rows = [row_of[i] for i in group]
            host, why = _host(group, rows, weights, side, taxonomy)
            hubs.append(
                Hub(
                    theme=_theme(rows, terms, weights),
                    need_ids=tuple(side.needs[i].id for i in group),
                    countries=tuple(countries),
                    sub_region=region,
                    suggested_host=host,
                    why=why,
                )
            )
    return sorted(hubs, key=lambda h: (h.sub_region, h.need_ids))
