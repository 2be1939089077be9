"""Hypothesis over every facilitation form: whatever is posted, no 5xx, and either
exactly one step is recorded or nothing at all."""

from __future__ import annotations

from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Interest, Pairing, PairingEvent, RegionalProposal
from tests.web.test_form_fuzz import ANY_TEXT, DATEISH, FUZZ, NUMBERISH

ALLOWED = (302, 409, 422)


def _maybe(valid: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(valid, valid, ANY_TEXT)


VERSIONS = st.one_of(st.sampled_from(["0", "1", "2"]), NUMBERISH)
DECISIONS = st.one_of(
    st.fixed_dictionaries(
        {
            "action": st.just("accept"),
            "accept-version": VERSIONS,
            "accept-cooperation_model": _maybe(
                st.sampled_from(["bilateral-grant", "technical-twinning", ""])
            ),
            "accept-details": ANY_TEXT,
        }
    ),
    st.fixed_dictionaries(
        {
            "action": st.just("decline"),
            "decline-version": VERSIONS,
            "decline-reason": _maybe(st.sampled_from(["wrong-category", "other", ""])),
            "decline-details": ANY_TEXT,
        }
    ),
    st.fixed_dictionaries(
        {
            "action": st.just("defer"),
            "defer-version": VERSIONS,
            "defer-until": st.one_of(st.just("2099-03-01"), DATEISH),
            "defer-details": ANY_TEXT,
        }
    ),
)
STEPS = st.one_of(
    st.fixed_dictionaries(
        {
            "step": st.just("report"),
            "report-version": VERSIONS,
            "report-status": _maybe(
                st.sampled_from(["agreed", "in_progress", "completed", "stalled"])
            ),
            "report-details": ANY_TEXT,
        }
    ),
    st.fixed_dictionaries(
        {
            "step": st.just("close"),
            "close-version": VERSIONS,
            "close-reason": _maybe(st.sampled_from(["duplicate", "other"])),
            "close-details": ANY_TEXT,
        }
    ),
    st.fixed_dictionaries(
        {
            "step": st.just("introduce"),
            "introduce-version": VERSIONS,
            "introduce-details": ANY_TEXT,
        }
    ),
)


def _state() -> tuple:
    db.session.rollback()
    return (
        sorted(db.session.execute(select(Pairing.id, Pairing.version)).all()),
        db.session.scalar(select(func.count(PairingEvent.id))),
        db.session.scalar(select(func.count(Interest.id))),
    )


def _check(response, before: tuple) -> None:
    event(f"answered {response.status_code}")
    assert response.status_code in ALLOWED
    after = _state()
    if response.status_code == 302:
        assert after[1] >= before[1] + 1 or after[2] == before[2] + 1
    else:
        assert after == before


@FUZZ
@given(data=DECISIONS)
def test_decision_forms(parties, as_user, data) -> None:
    client = as_user(parties.facilitator)
    action = data.pop("action")
    before = _state()
    response = client.post(
        f"/review/{parties.need.id}/{parties.offer.id}/{action}", data=data
    )
    _check(response, before)


@FUZZ
@given(data=STEPS)
def test_pairing_step_forms(parties, as_user, data) -> None:
    from tests.facilitation.conftest import accept

    pairing = db.session.scalar(select(Pairing))
    if pairing is None:
        accept(as_user(parties.facilitator), parties.need.id, parties.offer.id)
        pairing = db.session.scalar(select(Pairing))
    step = data.pop("step")
    before = _state()
    response = as_user(parties.facilitator).post(
        f"/pairings/{pairing.id}/{step}", data=data
    )
    _check(response, before)


@FUZZ
@given(listing=_maybe(st.sampled_from(["1", "2", "999999999999"])), message=ANY_TEXT)
def test_interest_form(parties, as_user, listing, message) -> None:
    before = _state()
    response = as_user(parties.focal).post(
        f"/offers/{parties.offer.id}/interest",
        data={"listing": listing, "message": message},
    )
    assert response.status_code != 302 or listing == str(parties.need.id)
    if response.status_code == 302 and before[2]:  # already expressed: nothing new
        assert _state() == before
        return
    _check(response, before)


@FUZZ
@given(
    model=_maybe(st.sampled_from(["regional-hub-and-spoke", "bilateral-grant", ""])),
    details=ANY_TEXT,
)
def test_regional_accept_form(parties, make, as_user, model, details) -> None:
    from tests.facilitation.test_regional import _proposal

    proposal = db.session.scalar(select(RegionalProposal)) or _proposal(parties, make)
    before = _state()
    response = as_user(parties.facilitator).post(
        f"/review/regional/{proposal.id}/accept",
        data={"cooperation_model": model, "details": details},
    )
    event(f"answered {response.status_code}")
    assert response.status_code in (302, 400, 409)
    if response.status_code != 302:
        assert _state() == before


QUERY = st.dictionaries(
    st.sampled_from(
        ["country", "sub_region", "category", "support_type", "band", "interest",
         "page"]
    ),
    st.one_of(ANY_TEXT, st.sampled_from(["BGD", "pacific", "strong", "y", "2"])),
)  # fmt: skip


@FUZZ
@given(query=QUERY)
def test_review_queue_filters(parties, as_user, query) -> None:
    before = _state()
    response = as_user(parties.facilitator).get("/review/", query_string=query)
    assert response.status_code == 200
    assert _state() == before
