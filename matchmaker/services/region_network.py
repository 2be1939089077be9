"""The needs–offers network of one sub-region or one category, as the picture draws it.

Three kinds of link join a need and an offer: a pairing a facilitator accepted (or
that went further), a pair the latest full run chose under capacity, and a need
that is part of one of the latest run's regional proposals for an offer. A pair
linked several ways is drawn once, as its strongest kind (pairing, then regional,
then suggested).

At a region's size a sub-region holds hundreds of linked needs, which no picture can
label legibly, so the network keeps the needs with the strongest links (up to
``MAX_NEEDS``) and counts the rest; the page links to the lists for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.sql.selectable import ScalarSelect

from matchmaker.extensions import db
from matchmaker.models import (
    Category,
    Country,
    Need,
    Offer,
    Organisation,
    Pairing,
    ProposalKind,
    RegionalProposal,
    SubRegion,
    Suggestion,
)
from matchmaker.models.matching import regional_proposal_needs
from matchmaker.models.offer import offer_categories
from matchmaker.pictures.shapes import (
    EdgeKind,
    Network,
    NetworkEdge,
    NetworkNode,
    NodeKind,
)
from matchmaker.services.exclusions import TAKEN_UP
from matchmaker.services.match_runs import latest_successful_run

MAX_NEEDS = 40
MAX_OFFERS = 40
LABEL_CHARACTERS = 200  # the drawer shortens further; the table shows this
# The order a pair's links are kept in when it has several: the strongest first.
STRENGTH = {EdgeKind.PAIRING: 0, EdgeKind.REGIONAL: 1, EdgeKind.SUGGESTED: 2}

LinkFor = Callable[[str, int], str]


@dataclass(frozen=True)
class Scope:
    """Which part of the region a network covers; both None means all of it."""

    sub_region: str | None = None
    category: str | None = None


def network(scope: Scope, *, link_for: LinkFor | None = None) -> Network:
    """The network of ``scope``: its links, their needs and offers, labelled."""
    links = _links(scope)
    kept, omitted = _keep_strongest(links)
    need_ids = sorted({need for need, _ in kept})
    offer_ids = sorted({offer for _, offer in kept})
    nodes = _need_nodes(need_ids, link_for) + _offer_nodes(offer_ids, link_for)
    edges = [
        NetworkEdge(f"need-{need}", f"offer-{offer}", kind, score)
        for (need, offer), (kind, score) in sorted(kept.items())
    ]
    return Network(nodes=nodes, edges=edges, title=_title(scope), omitted_nodes=omitted)


def _links(scope: Scope) -> dict[tuple[int, int], tuple[EdgeKind, float | None]]:
    """Every pair linked in scope, with its strongest kind and score."""
    found: dict[tuple[int, int], tuple[EdgeKind, float | None]] = {}

    def add(need: int, offer: int, kind: EdgeKind, score: float | None) -> None:
        known = found.get((need, offer))
        if known is None or STRENGTH[kind] < STRENGTH[known[0]]:
            found[(need, offer)] = (kind, score)

    in_scope = _needs_in_scope(scope)
    pairings = select(Pairing.need_id, Pairing.offer_id, Pairing.score).where(
        Pairing.status.in_(TAKEN_UP), Pairing.need_id.in_(in_scope)
    )
    for need, offer, score in db.session.execute(pairings):
        add(need, offer, EdgeKind.PAIRING, score)
    run = latest_successful_run()
    if run is not None:
        suggested = select(
            Suggestion.need_id, Suggestion.offer_id, Suggestion.score
        ).where(
            Suggestion.run_id == run.id,
            Suggestion.assigned.is_(True),
            Suggestion.need_id.in_(in_scope),
        )
        for need, offer, score in db.session.execute(suggested):
            add(need, offer, EdgeKind.SUGGESTED, score)
        regional = (
            select(
                regional_proposal_needs.c.need_id,
                RegionalProposal.offer_id,
                RegionalProposal.score,
            )
            .join(
                RegionalProposal,
                RegionalProposal.id == regional_proposal_needs.c.proposal_id,
            )
            .where(
                RegionalProposal.run_id == run.id,
                RegionalProposal.kind == ProposalKind.REGIONAL_OFFER,
                RegionalProposal.offer_id.is_not(None),
                regional_proposal_needs.c.need_id.in_(in_scope),
            )
        )
        for need, offer, score in db.session.execute(regional):
            add(need, offer, EdgeKind.REGIONAL, score)
    if scope.category:
        # A category's network: the needs of that category, and only offers of it.
        offers_of_category = set(
            db.session.scalars(
                select(offer_categories.c.offer_id)
                .join(Category, Category.id == offer_categories.c.category_id)
                .where(Category.slug == scope.category)
            )
        )
        found = {
            pair: link for pair, link in found.items() if pair[1] in offers_of_category
        }
    return found


def _needs_in_scope(scope: Scope) -> ScalarSelect[int]:
    """A subquery of the ids of the needs the scope covers."""
    query = select(Need.id)
    if scope.sub_region:
        query = query.join(Country, Country.alpha3 == Need.country_alpha3).where(
            Country.sub_region_slug == scope.sub_region
        )
    if scope.category:
        query = query.join(Category, Category.id == Need.category_id).where(
            Category.slug == scope.category
        )
    return query.scalar_subquery()


def _keep_strongest(
    links: dict[tuple[int, int], tuple[EdgeKind, float | None]],
) -> tuple[dict[tuple[int, int], tuple[EdgeKind, float | None]], int]:
    """The links of the needs and offers with the strongest links, and how many
    needs and offers were left out."""

    def strength(item: tuple[tuple[int, int], tuple[EdgeKind, float | None]]) -> tuple:
        (need, offer), (kind, score) = item
        return (STRENGTH[kind], -(score or 0.0), need, offer)

    needs: list[int] = []
    offers: list[int] = []
    for (need, offer), _ in sorted(links.items(), key=strength):
        if need not in needs and len(needs) < MAX_NEEDS:
            needs.append(need)
        if offer not in offers and len(offers) < MAX_OFFERS and need in needs:
            offers.append(offer)
    kept_needs, kept_offers = set(needs), set(offers)
    kept = {
        pair: link
        for pair, link in links.items()
        if pair[0] in kept_needs and pair[1] in kept_offers
    }
    all_needs = {need for need, _ in links}
    all_offers = {offer for _, offer in links}
    shown_needs = {need for need, _ in kept}
    shown_offers = {offer for _, offer in kept}
    omitted = len(all_needs - shown_needs) + len(all_offers - shown_offers)
    return kept, omitted


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LABEL_CHARACTERS:
        return text
    return text[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _need_nodes(ids: list[int], link_for: LinkFor | None) -> list[NetworkNode]:
    """The needs as nodes, labelled "Country: title"."""
    query = (
        select(Need.id, Country.name, Need.title)
        .join(Country, Country.alpha3 == Need.country_alpha3)
        .where(Need.id.in_(ids))
        .order_by(Need.id)
    )
    return _nodes(NodeKind.NEED, query, link_for) if ids else []


def _offer_nodes(ids: list[int], link_for: LinkFor | None) -> list[NetworkNode]:
    """The offers as nodes, labelled "Organisation: title"."""
    query = (
        select(Offer.id, Organisation.name, Offer.title)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(Offer.id.in_(ids))
        .order_by(Offer.id)
    )
    return _nodes(NodeKind.OFFER, query, link_for) if ids else []


def _nodes(
    kind: NodeKind, query: Select[int, str, str], link_for: LinkFor | None
) -> list[NetworkNode]:
    """Nodes from rows of (id, whose, title), in id order."""
    return [
        NetworkNode(
            key=f"{kind.value}-{listing_id}",
            kind=kind,
            label=_short(f"{whose}: {title}"),
            link=link_for(kind.value, listing_id) if link_for else "",
        )
        for listing_id, whose, title in db.session.execute(query)
    ]


def _title(scope: Scope) -> str:
    parts = []
    if scope.sub_region:
        label = db.session.scalar(
            select(SubRegion.label).where(SubRegion.slug == scope.sub_region)
        )
        parts.append(label or scope.sub_region)
    if scope.category:
        label = db.session.scalar(
            select(Category.label).where(Category.slug == scope.category)
        )
        parts.append(label or scope.category)
    where = " — ".join(parts) if parts else "the whole region"
    return f"Needs and offers linked in {where}"
