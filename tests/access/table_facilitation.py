"""Route × role entries for the review queue, pairings and expressions of interest.

World (see ``objects.py``): ``{review_need}`` is undecided with ``{offer}``;
``{pairing}`` is introduced (focal_b and partner_y are its parties);
``{accepted_pairing}`` waits to be introduced; ``{regional}`` is a regional
proposal of ``{review_need}`` (BGD) and ``{npl_need}`` (NPL) with ``{offer}``.
"""

from __future__ import annotations

from tests.access.cases import EVERYONE, SIGNED_IN, STAFF, RouteCase

PAIR = "/review/{review_need}/{offer}"
PARTIES = frozenset({"focal_b", "partner_y"})


def _review_cases() -> tuple[RouteCase, ...]:
    return (
        RouteCase("review.queue", "GET", "/review/", STAFF),
        RouteCase(
            "review.queue",
            "GET",
            "/review/?country=BGD&band=strong&interest=y",
            STAFF,
            note="filters are read-only too",
        ),
        RouteCase("review.pair", "GET", PAIR, STAFF),
        RouteCase(
            "review.decision",
            "POST",
            f"{PAIR}/accept",
            STAFF,
            {"accept-version": "0", "accept-cooperation_model": "bilateral-grant"},
            once=True,
        ),
        RouteCase(
            "review.decision",
            "POST",
            f"{PAIR}/decline",
            STAFF,
            {"decline-version": "0", "decline-reason": "wrong-category"},
            once=True,
        ),
        RouteCase(
            "review.decision",
            "POST",
            f"{PAIR}/defer",
            STAFF,
            {"defer-version": "0", "defer-until": "2099-01-31"},
            once=True,
        ),
        RouteCase(
            "review.regional_accept",
            "POST",
            "/review/regional/{regional}/accept",
            STAFF,
            {"cooperation_model": "regional-hub-and-spoke"},
            once=True,
        ),
    )


def _pairing_cases() -> tuple[RouteCase, ...]:
    return (
        RouteCase("pairings.index", "GET", "/pairings/", SIGNED_IN),
        RouteCase("pairings.detail", "GET", "/pairings/{pairing}", STAFF | PARTIES),
        RouteCase(
            "pairings.detail",
            "GET",
            "/pairings/{accepted_pairing}",
            STAFF,
            note="before the introduction, the parties do not see it",
        ),
        RouteCase(
            "pairings.introduce",
            "POST",
            "/pairings/{accepted_pairing}/introduce",
            STAFF,
            {"introduce-version": "1"},
            once=True,
        ),
        RouteCase(
            "pairings.report",
            "POST",
            "/pairings/{pairing}/report",
            STAFF | PARTIES,
            {"report-version": "1", "report-status": "agreed"},
            once=True,
        ),
        RouteCase(
            "pairings.close",
            "POST",
            "/pairings/{pairing}/close",
            STAFF,
            {"close-version": "1", "close-reason": "parties-did-not-agree"},
            once=True,
        ),
        RouteCase(
            "pairings.regional",
            "GET",
            "/pairings/regional/{regional_cooperation}",
            STAFF,
        ),
    )


def _interest_cases() -> tuple[RouteCase, ...]:
    return (
        RouteCase(
            "interests.ask",
            "POST",
            "/offers/{offer}/interest",
            frozenset({"focal_b"}),
            {"listing": "{review_need}", "message": "We would like to hear more."},
            note="focal_a may not name country B's need (422, nothing written)",
        ),
        RouteCase(
            "interests.support",
            "POST",
            "/needs/{need}/interest",
            frozenset({"partner_y"}),
            {"listing": "{offer}", "message": "We can help."},
            note="partner_x may not name organisation Y's offer",
        ),
    )


FACILITATION_CASES: tuple[RouteCase, ...] = (
    _review_cases() + _pairing_cases() + _interest_cases()
)
assert all(case.allowed <= EVERYONE for case in FACILITATION_CASES)
