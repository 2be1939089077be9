"""Need-need similarity for hub detection: a sparse TF-IDF neighbour graph.

The model is fitted on the needs being grouped (not on the offers), because unmet
needs are often exactly those whose words no offer uses.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .index import NeedSide, document
from .text_scoring import CHUNK_CELLS, top_n_columns

NEIGHBOURS = 10


def neighbour_graph(
    members: Sequence[int], side: NeedSide, threshold: float
) -> tuple[nx.Graph, np.ndarray, sp.csr_matrix]:
    """Link each need to its most similar others above `threshold`.

    Args:
        members: Need positions (in `side`) to compare with each other.
        side: Prepared needs.
        threshold: Minimum cosine similarity of an edge.

    Returns:
        The graph (nodes are need positions, edges carry `weight`), the model's
        terms, and the TF-IDF rows aligned with `members`.
    """
    docs = [document(side.text.titles[i], side.text.descriptions[i]) for i in members]
    graph = nx.Graph()
    graph.add_nodes_from(members)
    if not any(d.strip() for d in docs):
        return graph, np.array([], dtype=object), sp.csr_matrix((len(members), 0))
    vectorizer = TfidfVectorizer(
        token_pattern=r"\S+", lowercase=False, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(docs).tocsr()
    transposed = matrix.T.tocsc()
    step = max(1, CHUNK_CELLS // max(1, len(members)))
    for start in range(0, len(members), step):
        sims = (matrix[start : start + step] @ transposed).toarray()
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = 0.0
        keep = top_n_columns(sims, NEIGHBOURS) & (sims >= threshold)
        for r, c in zip(*np.nonzero(keep), strict=True):
            graph.add_edge(members[start + r], members[c], weight=float(sims[r, c]))
    return graph, vectorizer.get_feature_names_out(), matrix
