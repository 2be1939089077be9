"""The access policy: who may open which page and touch which object.

Every view declares a route rule with ``@allow(...)`` (checked before the view runs);
object rules (``can_edit_need(user, need)``...) and query scopes
(``needs_visible_to(user)``) are checked by the views and services. The app refuses to
start when a view has no route rule.
"""

from matchmaker.policy.admin import (
    can_edit_taxonomy,
    can_manage_organisations,
    can_view_audit,
    is_admin,
)
from matchmaker.policy.calls import (
    can_answer_call,
    can_close_call,
    can_raise_call,
    can_view_call,
    can_view_calls,
)
from matchmaker.policy.core import (
    ANYONE,
    SIGNED_IN,
    AccessRule,
    allow,
    check_every_view_has_a_rule,
    deny,
    role_in,
)
from matchmaker.policy.listings import (
    can_change_need_status,
    can_change_offer_status,
    can_create_need,
    can_create_offer,
    can_edit_need,
    can_edit_offer,
    can_view_need,
    can_view_offer,
    is_staff,
    needs_visible_to,
    offer_is_eligible_for,
    offers_visible_to,
    role_of,
)
from matchmaker.policy.matching import can_run_matching, can_view_matching
from matchmaker.policy.notifications import (
    can_read_notification,
    notifications_visible_to,
)
from matchmaker.policy.pairings import (
    can_ask_for_introduction,
    can_close,
    can_introduce,
    can_offer_support,
    can_review,
    can_see_contacts,
    can_view_pairing,
    is_party,
    reports_allowed,
)
from matchmaker.policy.region import (
    can_view_countries,
    can_view_country,
    can_view_gap_map,
    can_view_landscape,
    can_view_network,
    can_view_progress,
    can_view_region,
    can_view_regional,
    can_view_report,
    landscape_organisation,
)

__all__ = [
    "can_view_countries",
    "can_view_country",
    "can_view_gap_map",
    "can_view_landscape",
    "can_view_network",
    "can_view_progress",
    "can_view_region",
    "can_view_regional",
    "can_view_report",
    "landscape_organisation",
    "can_answer_call",
    "can_close_call",
    "can_raise_call",
    "can_view_call",
    "can_view_calls",
    "can_ask_for_introduction",
    "can_close",
    "can_introduce",
    "can_offer_support",
    "can_review",
    "can_see_contacts",
    "can_view_pairing",
    "is_party",
    "reports_allowed",
    "ANYONE",
    "SIGNED_IN",
    "AccessRule",
    "allow",
    "can_change_need_status",
    "can_change_offer_status",
    "can_create_need",
    "can_create_offer",
    "can_edit_need",
    "can_edit_offer",
    "can_edit_taxonomy",
    "can_manage_organisations",
    "can_read_notification",
    "can_run_matching",
    "can_view_audit",
    "can_view_matching",
    "can_view_need",
    "can_view_offer",
    "check_every_view_has_a_rule",
    "deny",
    "is_admin",
    "is_staff",
    "needs_visible_to",
    "notifications_visible_to",
    "offer_is_eligible_for",
    "offers_visible_to",
    "role_in",
    "role_of",
]
