"""Route × role entries of the JSON API: listings.

The same rules as the needs and offers pages (``table_listings.py``): everyone signed
in lists what they may see; an open need is read by its country, partners and staff,
a draft only by its country and staff; offers by their organisation, the focal points
of eligible countries (open offers only) and staff. Only focal points post needs and
only partners post offers; only the owner (focal_b for ``{need}``, partner_y for
``{offer}``) edits, publishes, withdraws or closes. Changes are sent with
``If-Match: *`` so that the tag check passes and the policy is what is tested.
"""

from __future__ import annotations

from tests.access.cases import SIGNED_IN, STAFF, RouteCase
from tests.access.table_listings import FOCAL_POINTS, PARTNERS

NEED_BODY = {
    "title": "Genomic surveillance laboratory",
    "description": "Sequencers and training for pathogen genomics.",
    "category": "testing-laboratory",
    "support_types": ["technical"],
    "priority": "high",
    "budget_usd": 250000,
    "deadline": "2099-06-30",
}
OFFER_BODY = {
    "title": "Sequencing platform and training",
    "description": "Two sequencers and a bioinformatics course.",
    "categories": ["testing-laboratory"],
    "support_types": ["technical"],
    "eligible_any": True,
    "capacity": 3,
    "modality": "either",
}
IF_MATCH = {"If-Match": "*"}


def _need_cases() -> tuple[RouteCase, ...]:
    owner = frozenset({"focal_b"})
    needs = "/api/v1/needs"
    return (
        RouteCase("api_needs.list_needs", "GET", needs, SIGNED_IN),
        RouteCase(
            "api_needs.list_needs",
            "GET",
            f"{needs}?country=BGD&category=testing-laboratory&status=open&q=lab",
            SIGNED_IN,
            note="filters and search read only what each actor may see",
        ),
        RouteCase(
            "api_needs.get_need",
            "GET",
            f"{needs}/{{need}}",
            owner | PARTNERS | STAFF,
            note="an open need: its country, partners and staff; not focal_a",
        ),
        RouteCase(
            "api_needs.get_need",
            "GET",
            f"{needs}/{{draft_need}}",
            owner | STAFF,
            note="a draft: only its country and staff",
        ),
        RouteCase("api_needs.create_need", "POST", needs, FOCAL_POINTS, json=NEED_BODY),
        RouteCase(
            "api_needs.update_need",
            "PATCH",
            f"{needs}/{{need}}",
            owner,
            json={"title": "Renamed through the API", "budget_usd": None},
            headers=IF_MATCH,
        ),
        RouteCase(
            "api_needs.publish_need",
            "POST",
            f"{needs}/{{draft_need}}/publish",
            owner,
            headers=IF_MATCH,
        ),
        RouteCase(
            "api_needs.withdraw_need",
            "POST",
            f"{needs}/{{need}}/withdraw",
            owner,
            headers=IF_MATCH,
        ),
    )


def _offer_cases() -> tuple[RouteCase, ...]:
    owner = frozenset({"partner_y"})
    offers = "/api/v1/offers"
    return (
        RouteCase("api_offers.list_offers", "GET", offers, SIGNED_IN),
        RouteCase(
            "api_offers.list_offers",
            "GET",
            f"{offers}?country=NPL&category=testing-laboratory&status=open&q=lab",
            SIGNED_IN,
            note="country keeps the offers eligible for it",
        ),
        RouteCase(
            "api_offers.get_offer",
            "GET",
            f"{offers}/{{offer}}",
            owner | FOCAL_POINTS | STAFF,
            note="open and eligible for any country: every focal point sees it",
        ),
        RouteCase(
            "api_offers.get_offer",
            "GET",
            f"{offers}/{{bgd_offer}}",
            owner | {"focal_b"} | STAFF,
            note="open but eligible for BGD only: not focal_a (NPL)",
        ),
        RouteCase(
            "api_offers.get_offer",
            "GET",
            f"{offers}/{{draft_offer}}",
            owner | STAFF,
            note="a draft: only its organisation and staff",
        ),
        RouteCase("api_offers.create_offer", "POST", offers, PARTNERS, json=OFFER_BODY),
        RouteCase(
            "api_offers.update_offer",
            "PATCH",
            f"{offers}/{{offer}}",
            owner,
            json={"capacity": 7, "modality": "regional"},
            headers=IF_MATCH,
        ),
        RouteCase(
            "api_offers.publish_offer",
            "POST",
            f"{offers}/{{draft_offer}}/publish",
            owner,
            headers=IF_MATCH,
        ),
        RouteCase(
            "api_offers.close_offer",
            "POST",
            f"{offers}/{{offer}}/close",
            owner,
            headers=IF_MATCH,
        ),
    )


API_LISTING_CASES: tuple[RouteCase, ...] = _need_cases() + _offer_cases()
