"""API: Regional proposals: regional offers and hub candidates.

What the Regional cooperation page (``web/region.py``, ``/region/cooperation``)
shows, for the same readers (``policy.can_view_regional``: staff): the latest
succeeded run's proposals, grouped and worded by ``region_proposals`` — both kinds,
their countries, the suggested host, the reason in words, and what came of each
(a regional cooperation or pairings taken up, a call raised with partners, or
nothing yet). The API adds what a program needs to follow up: the need ids, the
offer id, and the category most of the needs share (the one a call raised from
the hub would carry, ``hub_calls.most_common_category_id``).
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_login import current_user
from webargs.flaskparser import abort  # flask_smorest.abort itself, typed NoReturn

from matchmaker import policy
from matchmaker.api.blueprint import Blueprint
from matchmaker.api.fields import alpha3, slug
from matchmaker.api.pagination import PageArgs, collection_schema, of_list
from matchmaker.api.run_schemas import described
from matchmaker.models import ProposalKind, RegionalProposal, Role, User
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import hub_calls, match_results, region_proposals, taxonomy

bp = Blueprint(
    "api_region",
    __name__,
    url_prefix="/api/v1",
    description="Regional proposals: regional offers and hub candidates.",
)

# The Regional cooperation page's route rule; the object rule is checked in the view.
STAFF = role_in(Role.FACILITATOR, Role.ADMIN)

KINDS = [kind.value for kind in ProposalKind]


class RegionalProposalArgs(PageArgs):
    kind = ma.fields.String(
        validate=ma.validate.OneOf(KINDS),
        metadata={
            "description": "regional-offer (one offer for several countries) or "
            "hub (a shared hub no offer covers yet)."
        },
    )
    sub_region = described(
        slug(),
        "Slug of a sub-region (see /sub-regions): the proposals grouped under it "
        "on the Regional cooperation page.",
    )


class RegionalProposalSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    run_id = ma.fields.Integer(
        required=True, metadata={"description": "The run that proposed it."}
    )
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    kind_label = ma.fields.String(required=True)
    sub_region = described(
        slug(required=True, allow_none=True),
        "Its sub-region; null when its countries span several.",
    )
    countries = ma.fields.List(
        alpha3(),
        required=True,
        metadata={"description": "Countries whose needs it groups."},
    )
    theme = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Key terms of a hub's shared need; null for offers."},
    )
    category = described(
        slug(required=True, allow_none=True),
        "Slug of the category most of its needs share; null when none has one.",
    )
    suggested_host = described(
        alpha3(required=True, allow_none=True),
        "The country suggested to host a hub (alpha-3); null when none.",
    )
    reason = ma.fields.String(
        required=True, metadata={"description": "Why it was proposed, in words."}
    )
    score = ma.fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "How well the offer fits the needs (0 to 100)."},
    )
    need_ids = ma.fields.List(ma.fields.Integer(), required=True)
    offer_id = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The offer serving them; null for a hub."},
    )
    outcome = ma.fields.String(
        required=True, metadata={"description": "What came of it, in a sentence."}
    )
    acted_on = ma.fields.Boolean(
        required=True,
        metadata={"description": "Taken up (pairings, a cooperation or a call)."},
    )
    call_id = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The call a hub was raised as, if any."},
    )


ProposalPage = collection_schema(RegionalProposalSchema, "RegionalProposalPage")


def _user() -> User:
    return current_user._get_current_object()


@bp.route("/regional-proposals", methods=["GET"])
@allow(STAFF)
@bp.arguments(RegionalProposalArgs, location="query")
@bp.response(200, ProposalPage)
def list_regional_proposals(args: dict[str, Any]) -> dict[str, Any]:
    """The latest run's regional proposals and hub candidates, by sub-region."""
    user = _user()
    if not policy.can_view_regional(user):
        return deny()
    wanted_region = args.get("sub_region")
    if wanted_region is not None and wanted_region not in {
        region.slug for region in taxonomy.sub_regions()
    }:
        abort(422, errors={"sub_region": ["Unknown sub-region."]})
    picture = region_proposals.regional_picture()
    if picture.run is None:
        return of_list([], args)
    rows = _proposal_rows(picture.run.id)
    categories = {category.id: category.slug for category in taxonomy.categories()}
    items = []
    for group in picture.groups:
        if wanted_region is not None and group.slug != wanted_region:
            continue
        for view in group.proposals:
            row = rows.get(view.proposal_id)
            if row is None or args.get("kind") not in (None, view.kind.value):
                continue
            category_id = hub_calls.most_common_category_id(row.needs)
            items.append(
                {
                    "id": view.proposal_id,
                    "run_id": picture.run.id,
                    "kind": view.kind.value,
                    "kind_label": view.kind_label,
                    "sub_region": group.slug or None,
                    "countries": view.country_codes,
                    "theme": view.theme or None,
                    "category": categories.get(category_id or 0),
                    "suggested_host": row.suggested_host_alpha3,
                    "reason": view.why,
                    "score": row.score,
                    "need_ids": sorted(need.id for need in row.needs),
                    "offer_id": row.offer_id,
                    "outcome": view.outcome,
                    "acted_on": view.acted_on,
                    "call_id": view.call_id,
                }
            )
    return of_list(items, args)


def _proposal_rows(run_id: int) -> dict[int, RegionalProposal]:
    """The run's proposals with their needs, by id: the ids and the category the
    page's words (``region_proposals.ProposalView``) do not carry."""
    return match_results.proposals_with_needs(run_id)
