"""Feedback from declines: counts per reason and per comparison over 30 days, and
advice only when the evidence is strong (at least 5, and a fifth of decisions)."""

from __future__ import annotations

from matchmaker.matching import MatchSettings
from matchmaker.models import PairingStatus, Role
from matchmaker.services import feedback, match_settings
from matchmaker.services.feedback import decline_feedback

D, C, A = PairingStatus.DECLINED, PairingStatus.CLOSED, PairingStatus.ACCEPTED


def _reason(result: feedback.Feedback, label: str) -> feedback.ReasonCount:
    return next(r for r in result.reasons if r.label == label)


def _comparison(result: feedback.Feedback, name: str) -> feedback.ComparisonEvidence:
    return next(c for c in result.comparisons if c.comparison == name)


def test_counts_per_reason_and_per_comparison_in_the_window(make_pairing):
    for _ in range(4):
        make_pairing(D, reason="wrong-support-type", days_ago=3)
    make_pairing(C, reason="wrong-support-type", days_ago=10)
    make_pairing(D, reason="wrong-category", days_ago=29)
    make_pairing(D, reason="duplicate", days_ago=2)
    make_pairing(D, days_ago=2)  # no reason recorded
    # Outside the window, or not an ending: not counted.
    make_pairing(D, reason="wrong-support-type", days_ago=31)
    make_pairing(C, reason="wrong-category", days_ago=45)
    make_pairing(A, model="bilateral-grant", days_ago=5)
    make_pairing(PairingStatus.PROPOSED)

    result = decline_feedback(MatchSettings())

    support = _reason(result, "Wrong support type")
    assert (support.declined, support.closed, support.total) == (4, 1, 5)
    assert (
        support.comparison == "support" and support.comparison_label == "Support types"
    )
    assert _reason(result, "Wrong category").total == 1
    assert _reason(result, "Duplicate").comparison == ""
    assert _reason(result, feedback.NO_REASON).total == 1
    assert (result.declined, result.closed) == (7, 1)
    # Decisions: the 8 ended in the window and the accepted one.
    assert result.decisions == 9
    assert [c.comparison for c in result.comparisons] == ["support", "category"]
    evidence = _comparison(result, "support")
    assert evidence.total == 5 and round(evidence.share, 3) == round(5 / 9, 3)
    assert evidence.weight == MatchSettings().weights()["support"]


def test_strong_evidence_gives_plain_advice(make_pairing):
    for _ in range(12):
        make_pairing(D, reason="wrong-support-type", days_ago=5)
    for _ in range(28):
        make_pairing(A, model="technical-twinning", days_ago=5)

    result = decline_feedback(MatchSettings())

    assert result.decisions == 40
    assert result.advice == [
        "12 declines for “Wrong support type” in the last 30 days (30% of 40 "
        "decisions): consider raising the “Support types” weight, now 10% of the "
        "score, so that pairs that differ there score lower."
    ]


def test_too_few_declines_give_no_advice_whatever_their_share(make_pairing):
    for _ in range(feedback.MIN_COUNT - 1):
        make_pairing(D, reason="wrong-category", days_ago=1)
    result = decline_feedback(MatchSettings())
    assert _comparison(result, "category").share == 1.0
    assert result.advice == []


def test_a_small_share_of_many_decisions_gives_no_advice(make_pairing):
    for _ in range(5):
        make_pairing(D, reason="wrong-category", days_ago=1)
    for _ in range(21):  # 5 of 26 decisions: below a fifth
        make_pairing(A, days_ago=1)
    result = decline_feedback(MatchSettings())
    assert _comparison(result, "category").share < feedback.MIN_SHARE
    assert result.advice == []

    make_pairing(C, reason="wrong-category", days_ago=1)  # 6 of 27: still below
    make_pairing(C, reason="wrong-category", days_ago=1)  # 7 of 28: a quarter
    advice = decline_feedback(MatchSettings()).advice
    assert len(advice) == 1
    assert advice[0].startswith("7 declines and closures for “Wrong category”")


def test_the_decline_event_dates_a_pairing_not_its_creation(make_pairing):
    pairing = make_pairing(D, reason="wrong-category", days_ago=40)
    assert decline_feedback(MatchSettings()).reasons == ()
    # Taken up again and declined anew today: it counts once, now.
    from matchmaker.extensions import db
    from matchmaker.models import PairingEvent, utcnow

    pairing.events.append(
        PairingEvent(action="decline", from_status=D, to_status=D, at=utcnow())
    )
    db.session.commit()
    result = decline_feedback(MatchSettings())
    assert _reason(result, "Wrong category").total == 1 and result.decisions == 1


def test_advice_reads_the_weights_in_force(make_pairing):
    for _ in range(6):
        make_pairing(D, reason="wrong-support-type", days_ago=1)
    match_settings.save({"weight_support": 0.3})
    advice = decline_feedback(match_settings.current_settings()).advice
    assert "now 25% of the score" in advice[0]  # 0.3 of a sum of 1.2


def test_a_reason_the_admin_points_at_a_comparison_counts_for_it(make_pairing):
    from matchmaker.models import DeclineReason
    from matchmaker.services import taxonomy
    from matchmaker.services.taxonomy import TermData

    taxonomy.update_term(
        taxonomy.by_slug(DeclineReason, "offer-at-capacity"),
        TermData(label="Budget far apart", comparison="budget"),
    )
    for _ in range(5):
        make_pairing(D, reason="offer-at-capacity", days_ago=1)
    result = decline_feedback(MatchSettings())
    assert [c.comparison for c in result.comparisons] == ["budget"]
    assert "“Budget” weight" in result.advice[0]


def test_matching_page_shows_counts_and_advice(make, make_pairing, as_user):
    from matchmaker.services import match_runs

    make.need(country="NPL")
    match_runs.run_full_match()
    for _ in range(6):
        make_pairing(D, reason="wrong-support-type", days_ago=1)
    make_pairing(D, reason="duplicate", days_ago=1)
    page = as_user(make.user(Role.FACILITATOR)).get("/matching/").text
    assert "6 declines for “Wrong support type” in the last 30 days" in page
    assert "Declines and closures since" in page
    assert "No part of the score" in page  # the duplicate's row
    assert "an admin decides" in page
