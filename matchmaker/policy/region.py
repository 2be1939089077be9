"""Who may see the region's pictures, country pages and the meeting report.

Decisions (the issue's "facilitators and admins see everything; focal points their
country's page and the regional picture; partners the landscape for the countries
their offers reach"), made precise against the listing rules of ``listings.py``:

* **Facilitators** and **admins** see every page: the gap map, the support
  landscape, the network, the regional cooperation page, every country's page,
  progress and the meeting report.
* **Focal points** see the regional picture in *counts* — the gap map, the support
  landscape and progress — and their own country's page. Counts by country and
  category are what a meeting of the region shares; titles are not: another
  country's needs stay out of their sight (``listings.py``), so the network (which
  names needs and the engine's suggestions) and the regional cooperation page
  (which names which countries need what, like an open call, see ``calls.py``) are
  staff pages. On their own country's page they see the regional proposals their
  country is part of, with the other countries counted, not named.
* **Partners** see the support landscape limited to the countries their
  organisation's open offers reach: where their kind of support is short.
* Another country's page answers 404 to a focal point, as another country's need
  does, so that the address reveals nothing.
"""

from __future__ import annotations

from typing import Any

from matchmaker.models import Role
from matchmaker.policy.listings import is_staff, role_of


def can_view_region(user: Any) -> bool:
    """The region's front page: everybody with a role in the region's work."""
    return is_staff(user) or role_of(user) in (Role.FOCAL_POINT, Role.PARTNER)


def can_view_gap_map(user: Any) -> bool:
    """Counts of needs by country and category: staff and focal points."""
    return is_staff(user) or role_of(user) is Role.FOCAL_POINT


def can_view_progress(user: Any) -> bool:
    """Needs posted and met per month, and the pairing funnel: as the gap map."""
    return can_view_gap_map(user)


def can_view_landscape(user: Any) -> bool:
    """Demand against supply: staff, focal points, and partners (limited)."""
    return can_view_region(user)


def landscape_organisation(user: Any) -> int | None:
    """For a partner, the organisation whose offers' reach limits the landscape.

    None means the whole region (staff and focal points).
    """
    if role_of(user) is Role.PARTNER:
        return int(user.organisation_id) if user.organisation_id else 0
    return None


def can_view_network(user: Any) -> bool:
    """Needs and offers by name with the engine's suggestions: staff."""
    return is_staff(user)


def can_view_regional(user: Any) -> bool:
    """Regional proposals and hub candidates with their countries: staff."""
    return is_staff(user)


def can_view_countries(user: Any) -> bool:
    """The index of every country's page: staff."""
    return is_staff(user)


def can_view_country(user: Any, alpha3: str) -> bool:
    """One country's page: staff, or that country's focal point."""
    if is_staff(user):
        return True
    return (
        role_of(user) is Role.FOCAL_POINT
        and user.country_alpha3 is not None
        and user.country_alpha3 == alpha3
    )


def can_view_report(user: Any) -> bool:
    """The meeting report (HTML and PDF): staff, who prepare the meeting."""
    return is_staff(user)
