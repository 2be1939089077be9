"""Offers pages: a partner posts and keeps their organisation's offers.

The views are shared with needs (``web/listing_views.py``); this is what is
particular to offers.
"""

from __future__ import annotations

from matchmaker import policy
from matchmaker.forms.offers import OfferEditForm, OfferForm, initial_data
from matchmaker.models import OfferStatus, Role
from matchmaker.services import offers, suggestions
from matchmaker.web.listing_views import ListingKind, listing_blueprint

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
    suggested=suggestions.fitting_needs,
    country_label="Eligible country",
)

bp = listing_blueprint(OFFERS)
