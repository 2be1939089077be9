"""The matching engine: plain records in, explained suggestions and proposals out.

A pure library (no Flask, no database). The web service, a full `matchmaker match`
run and `matchmaker match-files` all call it through the names below.

Typical use::

    result = run_matching(needs, offers, MatchSettings(top_k=3), as_of=date.today())
    payload = result_to_dict(result)

    index = OfferIndex.build(offers, Taxonomy())  # once
    suggest_for_need(new_need, index)             # per saved need, milliseconds
    suggest_for_offer(offer_id, needs, index)     # an offer's page: one column
"""

from .csv_io import read_needs_csv, read_offers_csv
from .evaluate import EvaluationReport, evaluate, ndcg_at_k, precision_at_k
from .index import OfferIndex
from .normalise import SYNONYMS, normalise_text
from .pipeline import run_matching, suggest_for_need, suggest_for_offer
from .serialise import result_to_dict, suggestion_rows
from .types import (
    CsvError,
    ExplanationItem,
    Hub,
    InputError,
    MatchResult,
    MatchSettings,
    NeedRecord,
    OfferRecord,
    Pairing,
    RegionalProposal,
    Suggestion,
    Taxonomy,
)

__all__ = [
    "SYNONYMS",
    "CsvError",
    "EvaluationReport",
    "ExplanationItem",
    "Hub",
    "InputError",
    "MatchResult",
    "MatchSettings",
    "NeedRecord",
    "OfferIndex",
    "OfferRecord",
    "Pairing",
    "RegionalProposal",
    "Suggestion",
    "Taxonomy",
    "evaluate",
    "ndcg_at_k",
    "normalise_text",
    "precision_at_k",
    "read_needs_csv",
    "read_offers_csv",
    "result_to_dict",
    "run_matching",
    "suggest_for_need",
    "suggest_for_offer",
    "suggestion_rows",
]
