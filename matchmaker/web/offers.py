"""Offers pages: a partner posts and keeps their organisation's offers.

The views are shared with needs (``web/listing_views.py``); this is what is
particular to offers.
"""

from __future__ import annotations

from typing import Any

from matchmaker import policy
from matchmaker.forms.offers import (
    OfferEditForm,
    OfferForm,
    initial_data,
    initial_for_call,
)
from matchmaker.models import OfferStatus, Role, User
from matchmaker.services import hub_calls, offers, suggestions
from matchmaker.web.interests import offer_extras
from matchmaker.web.listing_views import ListingKind, listing_blueprint


def new_offer_initial(user: User, args: Any) -> dict[str, Any] | None:
    """``/offers/new?call=<id>`` starts from an open call the partner may answer;
    any other ``call`` value (unknown, closed, not a number) is ignored."""
    call = hub_calls.open_call(args.get("call"))
    if call is None or not policy.can_answer_call(user, call):
        return None
    return initial_for_call(call)


OFFERS = ListingKind(
    name="offer",
    statuses=OfferStatus,
    service=offers,
    filters=offers.OfferFilters,
    actions=offers.OFFER_ACTIONS,
    done={"publish": "published", "close": "closed"},
    owner=Role.PARTNER,
    form=OfferForm,
    edit_form=OfferEditForm,
    initial_data=initial_data,
    can_view=policy.can_view_offer,
    can_create=policy.can_create_offer,
    can_edit=policy.can_edit_offer,
    can_change_status=policy.can_change_offer_status,
    extras=offer_extras,
    suggested=suggestions.fitting_needs,
    country_label="Eligible country",
    new_initial=new_offer_initial,
)

bp = listing_blueprint(OFFERS)
