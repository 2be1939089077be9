"""Needs pages: a focal point posts and keeps their country's needs.

The views are shared with offers (``web/listing_views.py``); this is what is
particular to needs.
"""

from __future__ import annotations

from matchmaker import policy
from matchmaker.forms.needs import NeedEditForm, NeedForm, initial_data
from matchmaker.models import NeedStatus, Role
from matchmaker.services import needs, suggestions
from matchmaker.web.interests import need_extras
from matchmaker.web.listing_views import ListingKind, listing_blueprint

NEEDS = ListingKind(
    name="need",
    statuses=NeedStatus,
    service=needs,
    filters=needs.NeedFilters,
    actions=needs.NEED_ACTIONS,
    done={"publish": "published", "withdraw": "withdrawn"},
    owner=Role.FOCAL_POINT,
    form=NeedForm,
    edit_form=NeedEditForm,
    initial_data=initial_data,
    can_view=policy.can_view_need,
    can_create=policy.can_create_need,
    can_edit=policy.can_edit_need,
    can_change_status=policy.can_change_need_status,
    extras=need_extras,
    suggested=suggestions.suggested_offers,
)

bp = listing_blueprint(NEEDS)
