"""Route × role entries of the JSON API: facilitation.

Suggestions, interest, pairings and decisions, with the same reach as the pages
(``table_facilitation.py``). World (``objects.py``): ``{need}`` is Bangladesh's
(focal_b), ``{offer}`` organisation Y's (partner_y), open to every country;
``{bgd_offer}`` is open to Bangladesh only; ``{review_need}`` is undecided with
``{offer}``; ``{pairing}`` is introduced (focal_b and partner_y are its parties);
``{accepted_pairing}`` waits to be introduced.
"""

from __future__ import annotations

from tests.access.cases import EVERYONE, SIGNED_IN, STAFF, RouteCase

PARTIES = frozenset({"focal_b", "partner_y"})
PARTNERS = frozenset({"partner_x", "partner_y"})
# Who may see {need} (a published need of Bangladesh) and {offer} (open to all).
SEE_NEED = STAFF | PARTNERS | {"focal_b"}
SEE_OFFER = STAFF | {"focal_a", "focal_b", "partner_y"}
CHANGE = {"If-Match": "*"}


def _suggestion_cases() -> tuple[RouteCase, ...]:
    return (
        RouteCase(
            "api_suggestions.list_need_suggestions",
            "GET",
            "/api/v1/needs/{need}/suggestions",
            SEE_NEED,
            note="focal_a may not see Bangladesh's need: 404",
        ),
        RouteCase(
            "api_suggestions.list_need_suggestions",
            "GET",
            "/api/v1/needs/{draft_need}/suggestions?per_page=5",
            STAFF | {"focal_b"},
            note="a draft: partners do not see it",
        ),
        RouteCase(
            "api_suggestions.list_offer_suggestions",
            "GET",
            "/api/v1/offers/{offer}/suggestions",
            SEE_OFFER,
            note="partner_x may not see organisation Y's offer: 404",
        ),
        RouteCase(
            "api_suggestions.list_offer_suggestions",
            "GET",
            "/api/v1/offers/{bgd_offer}/suggestions",
            STAFF | {"focal_b", "partner_y"},
            note="open to Bangladesh only: not to focal_a's Nepal",
        ),
    )


def _interest_cases() -> tuple[RouteCase, ...]:
    return (
        RouteCase(
            "api_interests.create_interest",
            "POST",
            "/api/v1/interests",
            PARTIES,
            json={
                "need_id": "{review_need:int}",
                "offer_id": "{offer:int}",
                "message": "We would like to hear more.",
            },
            note="focal_b asks, partner_y offers support; focal_a may not name "
            "Bangladesh's need, partner_x not Y's offer (422); staff 403",
        ),
        RouteCase(
            "api_interests.list_need_interests",
            "GET",
            "/api/v1/needs/{need}/interests",
            SEE_NEED,
        ),
        RouteCase(
            "api_interests.list_offer_interests",
            "GET",
            "/api/v1/offers/{offer}/interests",
            SEE_OFFER,
        ),
    )


def _pairing_cases() -> tuple[RouteCase, ...]:
    decision = {"need_id": "{review_need:int}", "offer_id": "{offer:int}"}
    return (
        RouteCase("api_pairings.list_pairings", "GET", "/api/v1/pairings", SIGNED_IN),
        RouteCase(
            "api_pairings.list_pairings",
            "GET",
            "/api/v1/pairings?status=introduced&need_id={need}&per_page=10",
            SIGNED_IN,
            note="filters read too; others get an empty page",
        ),
        RouteCase(
            "api_pairings.get_pairing",
            "GET",
            "/api/v1/pairings/{pairing}",
            STAFF | PARTIES,
        ),
        RouteCase(
            "api_pairings.get_pairing",
            "GET",
            "/api/v1/pairings/{accepted_pairing}",
            STAFF,
            note="before the introduction, the parties do not see it",
        ),
        RouteCase(
            "api_pairings.decide_pair",
            "POST",
            "/api/v1/pairings",
            STAFF,
            json={
                **decision,
                "decision": "accept",
                "cooperation_model": "bilateral-grant",
            },
            once=True,
        ),
        RouteCase(
            "api_pairings.decide_pair",
            "POST",
            "/api/v1/pairings",
            STAFF,
            json={**decision, "decision": "decline", "reason": "wrong-category"},
            once=True,
        ),
        RouteCase(
            "api_pairings.decide_pair",
            "POST",
            "/api/v1/pairings",
            STAFF,
            json={
                **decision,
                "decision": "defer",
                "defer_until": "2099-01-31",
                "version": 0,
            },
            once=True,
        ),
        RouteCase(
            "api_pairings.introduce_pairing",
            "POST",
            "/api/v1/pairings/{accepted_pairing}/introduce",
            STAFF,
            json={"note": "Please meet."},
            headers=CHANGE,
            once=True,
        ),
        RouteCase(
            "api_pairings.report_pairing",
            "POST",
            "/api/v1/pairings/{pairing}/report",
            STAFF | PARTIES,
            json={"status": "agreed"},
            headers=CHANGE,
            once=True,
        ),
        RouteCase(
            "api_pairings.close_pairing",
            "POST",
            "/api/v1/pairings/{pairing}/close",
            STAFF,
            json={"reason": "parties-did-not-agree", "note": "No funds."},
            headers=CHANGE,
            once=True,
        ),
    )


API_FACILITATION_CASES: tuple[RouteCase, ...] = (
    _suggestion_cases() + _interest_cases() + _pairing_cases()
)
assert all(case.allowed <= EVERYONE for case in API_FACILITATION_CASES)
