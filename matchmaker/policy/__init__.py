"""The access policy: who may open which page and touch which object.

Every view declares a route rule with ``@allow(...)`` (checked before the view runs);
object rules (``can_edit_need(user, need)``...) and query scopes
(``needs_visible_to(user)``) are checked by the views and services. The app refuses to
start when a view has no route rule.
"""

from matchmaker.policy.core import (
    ANYONE,
    SIGNED_IN,
    AccessRule,
    allow,
    check_every_view_has_a_rule,
    deny,
    role_in,
)

__all__ = [
    "ANYONE",
    "SIGNED_IN",
    "AccessRule",
    "allow",
    "check_every_view_has_a_rule",
    "deny",
    "role_in",
]
