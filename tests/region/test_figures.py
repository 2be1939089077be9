"""The region's figures counted from a small, fully known database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import pytest

from matchmaker import taxonomy
from matchmaker.extensions import db
from matchmaker.models import (
    MatchRun,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Pairing,
    PairingEvent,
    PairingStatus,
    Role,
    RunKind,
    RunStatus,
    Suggestion,
)
from matchmaker.pictures.shapes import (
    FunnelStage,
    GapCell,
    GapMeasure,
    MonthCount,
    SupplyCell,
)
from matchmaker.services import pairings, region_figures
from matchmaker.services.region_figures import (
    countries_reached_by,
    gap_grid,
    landscape,
)
from matchmaker.services.region_progress import progress

S = PairingStatus
TODAY = date(2031, 3, 10)


def at(day: str, hour: int = 12) -> datetime:
    """A UTC moment on an ISO day."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def run(
    *,
    unmet: Iterable[Need] = (),
    suggested: Iterable[tuple[Need, Offer]] = (),
    started: datetime | None = None,
    status: RunStatus = RunStatus.SUCCEEDED,
) -> MatchRun:
    """A full run as stored: its unmet needs and the pairs it suggested."""
    started = started or at("2031-01-01", 0)
    row = MatchRun(
        kind=RunKind.FULL,
        status=status,
        started_at=started,
        finished_at=started + timedelta(minutes=5),
        unmet_need_ids=[need.id for need in unmet],
    )
    row.suggestions = [
        Suggestion(need_id=need.id, offer_id=offer.id, rank=1, score=0.8)
        for need, offer in suggested
    ]
    db.session.add(row)
    db.session.commit()
    return row


def pairing(
    need: Need,
    offer: Offer,
    steps: Iterable[tuple[PairingStatus, datetime]],
    created: datetime | None = None,
) -> Pairing:
    """A pairing with events at known times; its status is the last step's and it
    was created at the first step unless ``created`` says otherwise."""
    steps = list(steps)
    row = Pairing(
        need_id=need.id,
        offer_id=offer.id,
        status=steps[-1][0],
        created_at=created or steps[0][1],
    )
    before = None
    for status, moment in steps:
        row.events.append(PairingEvent(from_status=before, to_status=status, at=moment))
        before = status
    db.session.add(row)
    db.session.commit()
    return row


def set_created(need: Need, moment: datetime) -> Need:
    need.created_at = moment
    db.session.commit()
    return need


# The gap grid ------------------------------------------------------------------


@pytest.fixture
def gaps(make):
    """Needs of Nepal in every state, and a few elsewhere; see each comment."""
    lab = "testing-laboratory"
    npl = [make.need(country="NPL", category=lab) for _ in range(4)]
    covered_by_pairing, unmet, open_, under_review = npl
    offer = make.offer(capacity=5)
    facilitator = make.user(Role.FACILITATOR)
    pairings.decide(
        facilitator,
        covered_by_pairing,
        offer,
        0,
        pairings.Decision("accept", cooperation_model="bilateral-grant"),
    )
    pairing(under_review, offer, [(S.PROPOSED, at("2031-01-02"))])  # not covering
    matched = make.need(country="NPL", category=None, status=NeedStatus.MATCHED)
    fulfilled = make.need(
        country="BGD", category="clinical-trials", status=NeedStatus.FULFILLED
    )
    thai = make.need(
        country="THA", category="clinical-trials", support_types=("financial",)
    )
    japan = make.need(country="JPN", category=lab, support_types=("financial",))
    draft = make.need(country="LAO", status=NeedStatus.DRAFT)
    withdrawn = make.need(country="LAO", status=NeedStatus.WITHDRAWN)
    # An older run's verdict on ``open_`` no longer holds; a failed run's never did.
    run(unmet=[open_], started=at("2030-12-01"))
    run(
        unmet=[unmet, covered_by_pairing, fulfilled, thai, draft, withdrawn],
        started=at("2031-01-01"),
    )
    run(unmet=[open_, japan], started=at("2031-02-01"), status=RunStatus.FAILED)
    return {
        "covered": [covered_by_pairing, matched, fulfilled],
        "unmet": [unmet, thai],
        "open": [open_, under_review, japan],
        "not published": [draft, withdrawn],
    }


def test_needs_are_counted_by_state_country_and_category(gaps):
    grid = gap_grid()
    assert grid.countries == [
        ("JPN", "Japan"),  # East and North-East Asia
        ("BGD", "Bangladesh"),  # South and South-West Asia
        ("NPL", "Nepal"),
        ("THA", "Thailand"),  # South-East Asia
    ]
    assert grid.categories == [
        ("testing-laboratory", "Diagnostic & testing laboratory"),
        ("clinical-trials", "Clinical trials"),
        ("", "No category"),
    ]
    assert grid.cells == [
        GapCell("JPN", "testing-laboratory", open=1, covered=0, unmet=0),
        GapCell("BGD", "clinical-trials", open=0, covered=1, unmet=0),
        GapCell("NPL", "testing-laboratory", open=2, covered=1, unmet=1),
        GapCell("NPL", "", open=0, covered=1, unmet=0),
        GapCell("THA", "clinical-trials", open=0, covered=0, unmet=1),
    ]
    # Drafts and withdrawn needs are never counted, even when a run listed them.
    assert sum(cell.total for cell in grid.cells) == 8
    assert grid.measure is GapMeasure.UNMET
    assert grid.title == "Unmet needs by country and category"
    assert grid.cell("NPL", "testing-laboratory").count(GapMeasure.OPEN) == 2


def test_filters_narrow_the_needs_and_the_title_says_them(gaps):
    grid = gap_grid(support_type="financial", sub_region="south-east-asia")
    assert grid.countries == [("THA", "Thailand")]
    assert grid.categories == [("clinical-trials", "Clinical trials")]
    assert grid.cells == [GapCell("THA", "clinical-trials", 0, 0, 1)]
    assert grid.title == (
        "Unmet needs by country and category — South-East Asia, financial support"
    )

    financial = gap_grid(support_type="financial", measure=GapMeasure.ALL)
    assert [code for code, _ in financial.countries] == ["JPN", "THA"]
    assert financial.title.startswith("All published needs by country and category")

    region = gap_grid(sub_region="south-south-west-asia")
    assert [code for code, _ in region.countries] == ["BGD", "NPL"]
    assert region.title.endswith("— South and South-West Asia")


def test_need_states_give_each_published_need_its_state(gaps):
    expected = {
        need.id: state for state in ("covered", "unmet", "open") for need in gaps[state]
    }
    assert region_figures.need_states() == expected
    some = [gaps["unmet"][0].id, gaps["open"][0].id, gaps["not published"][0].id]
    assert region_figures.need_states(some) == {
        gaps["unmet"][0].id: "unmet",
        gaps["open"][0].id: "open",
    }
    assert region_figures.need_states([]) == {}


def test_each_cell_links_where_link_for_says(gaps):
    grid = gap_grid(link_for=lambda country, category: f"/needs/{country}/{category}")
    assert grid.cell("NPL", "").link == "/needs/NPL/"
    assert grid.cell("THA", "clinical-trials").link == "/needs/THA/clinical-trials"
    assert all(cell.link for cell in grid.cells)


def test_an_empty_database_makes_an_empty_grid(app):
    grid = gap_grid(measure=GapMeasure.COVERED)
    assert (grid.countries, grid.categories, grid.cells) == ([], [], [])


# The landscape -----------------------------------------------------------------


@pytest.fixture
def supply(make):
    """Technical needs of Nepal, Bangladesh and Thailand against offers of every
    kind; each offer's comment says whether and where it counts."""
    tech = ("technical",)
    for country in ("NPL", "NPL", "BGD", "THA"):
        make.need(country=country, support_types=tech)
    make.need(country="NPL", support_types=tech, status=NeedStatus.MATCHED)
    make.need(country="NPL", support_types=tech, status=NeedStatus.DRAFT)
    taken = make.need(country="BGD", support_types=tech)  # covered: not seeking
    donor, other, closed_only = (make.organisation() for _ in range(3))

    def offer(organisation=donor, support_types=tech, **fields) -> Offer:
        return make.offer(
            organisation=organisation, support_types=support_types, **fields
        )

    offer(eligible_countries=("NPL",), capacity=3)  # NPL: 3 places
    offer(eligible_countries=("NPL", "BGD"), capacity=2)  # NPL, BGD: 2
    south_east = offer(eligible_sub_regions=("south-east-asia",), capacity=2)
    pairing(taken, south_east, [(S.ACCEPTED, at("2031-01-02"))])  # SEA: 1 left
    offer(organisation=other, eligible_any=True)  # everywhere: 1
    offer(organisation=other, eligible_any=False)  # nothing listed: 1
    offer(organisation=other, eligible_countries=("USA",))  # no need there: none
    full = offer(organisation=other, eligible_countries=("NPL",))
    pairing(
        make.need(country="NPL", status=NeedStatus.MATCHED),
        full,
        [(S.ACCEPTED, at("2031-01-02")), (S.AGREED, at("2031-01-09"))],
    )
    # A completed pairing gives its place back (as when accepting a pairing).
    done = offer(organisation=other, eligible_countries=("BGD",))  # BGD: 1
    pairing(
        make.need(country="BGD", status=NeedStatus.FULFILLED),
        done,
        [(S.ACCEPTED, at("2031-01-02")), (S.COMPLETED, at("2031-02-09"))],
    )
    offer(eligible_countries=("BTN",), valid_until=TODAY - timedelta(days=1))
    offer(eligible_countries=("THA",), valid_until=TODAY, capacity=4)  # THA: 4
    offer(organisation=closed_only, status=OfferStatus.CLOSED)
    offer(
        organisation=closed_only, eligible_countries=("NPL",), status=OfferStatus.DRAFT
    )
    offer(eligible_countries=("NPL",), support_types=())  # no support type: none
    return {"donor": donor, "other": other, "closed_only": closed_only}


def _cells(result) -> dict[tuple[str, str], tuple[int, int, int]]:
    return {
        (c.group, c.support_type): (c.needs, c.offers, c.places) for c in result.cells
    }


def test_landscape_by_country_counts_eligible_offers_and_places(supply):
    result = landscape(by="country", today=TODAY)
    cells = _cells(result)
    # Nepal: its own offer (3), the pair (2), anyone (1), unlisted (1).
    assert cells[("NPL", "technical")] == (2, 4, 7)
    # Bangladesh: the pair (2), anyone, unlisted, the completed one (1 each).
    assert cells[("BGD", "technical")] == (1, 4, 5)
    # Thailand: the South-East Asian offer (1 left), anyone, unlisted, valid today.
    assert cells[("THA", "technical")] == (1, 4, 7)
    # Every other country of a sub-region is reached by the two open to all.
    assert cells[("JPN", "technical")] == (0, 2, 2)
    assert ("USA", "technical") not in cells  # outside every sub-region, no need
    assert {slug for _, slug in cells} == {"technical"}
    assert result.support_types[0] == ("financial", "Financial")
    assert len(result.support_types) == len(taxonomy.SUPPORT_TYPES)
    names = [name for _, name in result.groups]
    assert names == sorted(names) and len(names) == len(taxonomy.ESCAP_SUB_REGION)
    assert result.title == (
        "Needs seeking support and open offers, by country and support type"
    )
    assert SupplyCell("NPL", "technical", 2, 4, 7).shortfall == 0


def test_landscape_by_sub_region_counts_each_offer_once(supply):
    result = landscape(today=TODAY)
    assert _cells(result) == {
        # NPL + BGD needs; Nepal's (3), the pair once (2), anyone, unlisted, done.
        ("south-south-west-asia", "technical"): (3, 5, 8),
        ("south-east-asia", "technical"): (1, 4, 7),
        ("east-north-east-asia", "technical"): (0, 2, 2),
        ("north-central-asia", "technical"): (0, 2, 2),
        ("pacific", "technical"): (0, 2, 2),
    }
    assert result.groups == [
        ("east-north-east-asia", "East and North-East Asia"),
        ("north-central-asia", "North and Central Asia"),
        ("pacific", "Pacific"),
        ("south-south-west-asia", "South and South-West Asia"),
        ("south-east-asia", "South-East Asia"),
    ]
    assert "by sub-region" in result.title


def test_landscape_restricted_to_countries(supply):
    nepal = landscape(countries={"NPL"}, today=TODAY)
    # Only Nepal's needs and the offers eligible for Nepal.
    assert _cells(nepal) == {("south-south-west-asia", "technical"): (2, 4, 7)}
    assert nepal.groups == [("south-south-west-asia", "South and South-West Asia")]

    by_country = landscape(by="country", countries={"THA", "VNM"}, today=TODAY)
    assert _cells(by_country) == {
        ("THA", "technical"): (1, 4, 7),
        ("VNM", "technical"): (0, 3, 3),  # the South-East Asian one, the two open
    }
    assert by_country.groups == [("THA", "Thailand"), ("VNM", "Vietnam")]
    assert landscape(countries=set(), today=TODAY).cells == []


def test_countries_reached_by_an_organisation(supply):
    everywhere = set(taxonomy.ESCAP_SUB_REGION)
    south_east = {
        c for c, r in taxonomy.ESCAP_SUB_REGION.items() if r == "south-east-asia"
    }
    # Nepal, Bangladesh, South-East Asia, Thailand; not the expired offer's Bhutan.
    assert countries_reached_by(supply["donor"].id, TODAY) == (
        {"NPL", "BGD"} | south_east
    )
    assert countries_reached_by(supply["other"].id, TODAY) == everywhere | {"USA"}
    assert countries_reached_by(supply["closed_only"].id, TODAY) == set()


# Progress ------------------------------------------------------------------------


def test_months_count_needs_posted_and_met(make):
    for status, day in [
        (NeedStatus.OPEN, "2031-01-05"),
        (NeedStatus.WITHDRAWN, "2031-01-31"),  # was posted, so it counts
        (NeedStatus.DRAFT, "2031-01-10"),  # never counted
        (NeedStatus.OPEN, "2030-11-30"),  # before the window
        (NeedStatus.FULFILLED, "2031-03-01"),
    ]:
        set_created(make.need(status=status), at(day))
    offer = make.offer(capacity=10)
    long_ago = at("2020-01-01")
    met = set_created(make.need(status=NeedStatus.FULFILLED), long_ago)
    # Met in February (late on its last day, UTC), whatever came after.
    pairing(
        met,
        offer,
        [(S.ACCEPTED, at("2031-01-02")), (S.COMPLETED, at("2031-02-28", 23))],
    )
    pairing(met, make.offer(), [(S.COMPLETED, at("2031-03-02"))])
    old = set_created(make.need(status=NeedStatus.FULFILLED), long_ago)
    pairing(old, offer, [(S.COMPLETED, at("2030-10-02"))])
    unfinished = set_created(make.need(), long_ago)
    pairing(unfinished, offer, [(S.ACCEPTED, at("2031-03-02"))])

    months = progress(months=4, today=TODAY).months
    assert [(m.month, m.posted, m.met) for m in months] == [
        ("2030-12", 0, 0),
        ("2031-01", 2, 0),
        ("2031-02", 0, 1),
        ("2031-03", 1, 0),
    ]


def test_empty_months_cross_the_year_and_none_is_refused(app):
    months = progress(months=3, today=date(2031, 2, 1)).months
    assert months == [
        MonthCount("2030-12", 0, 0),
        MonthCount("2031-01", 0, 0),
        MonthCount("2031-02", 0, 0),
    ]
    with pytest.raises(ValueError):
        progress(months=0)


def test_funnel_counts_stages_and_median_days(make):
    offer = make.offer(capacity=20)
    n1, n2, n3, n4, n5, n6 = (make.need() for _ in range(6))
    run(suggested=[(n1, offer), (n2, offer), (n3, offer)], started=at("2031-01-01"))
    run(suggested=[(n1, offer), (n4, offer)], started=at("2031-01-05"))
    # Suggested on 1 January: 2 days to acceptance, then 4, 10 and 30.
    pairing(
        n1,
        offer,
        [
            (S.ACCEPTED, at("2031-01-03")),
            (S.INTRODUCED, at("2031-01-07")),
            (S.AGREED, at("2031-01-17")),
            (S.IN_PROGRESS, at("2031-01-20")),
            (S.COMPLETED, at("2031-02-16")),
        ],
        created=at("2031-01-03"),
    )
    # Suggested on 1 January: 4 days to acceptance, then 8 to the introduction.
    pairing(
        n2, offer, [(S.ACCEPTED, at("2031-01-05")), (S.INTRODUCED, at("2031-01-13"))]
    )
    pairing(n3, offer, [(S.DECLINED, at("2031-01-04"))])
    # Never suggested (interest opened it): 6 days from its creation.
    pairing(
        n5,
        offer,
        [(S.PROPOSED, at("2031-01-10")), (S.ACCEPTED, at("2031-01-16"))],
        created=at("2031-01-10"),
    )
    # Never suggested, accepted at once; completed with the steps between unrecorded.
    pairing(
        n6,
        offer,
        [(S.ACCEPTED, at("2031-01-20")), (S.COMPLETED, at("2031-03-01"))],
        created=at("2031-01-20"),
    )

    assert progress(today=TODAY).funnel == [
        # 4 pairs suggested by runs, and 2 pairings no run suggested.
        FunnelStage("suggested", "Suggested", 6, 3.0),  # median of 2, 4, 6, 0
        FunnelStage("accepted", "Accepted by a facilitator", 4, 6.0),  # 4 and 8
        FunnelStage("introduced", "Parties introduced", 3, 10.0),
        FunnelStage("agreed", "Agreement reached", 2, 30.0),
        FunnelStage("completed", "Completed", 2, None),
    ]


def test_funnel_of_nothing(app):
    assert [
        (s.stage, s.reached, s.median_days_to_next) for s in progress(months=1).funnel
    ] == [
        ("suggested", 0, None),
        ("accepted", 0, None),
        ("introduced", 0, None),
        ("agreed", 0, None),
        ("completed", 0, None),
    ]
