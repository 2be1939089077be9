from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.matching import NeedRecord, OfferIndex, OfferRecord, Taxonomy
from matchmaker.matching.blocking import block_pairs, needs_eligible_for
from matchmaker.matching.index import prepare_needs

from .conftest import make_need, make_offer

TAX = Taxonomy()
AS_OF = date(2025, 6, 1)


def reference_eligible(need: NeedRecord, offer: OfferRecord) -> bool:
    """The blocking rules written out plainly, pair by pair."""
    if offer.status != "open" or (offer.valid_until and offer.valid_until < AS_OF):
        return False
    region = TAX.sub_region_of.get(need.country)
    if offer.eligible and not ({need.country, region} & set(offer.eligible)):
        return False
    if need.support_types and offer.support_types:
        if not set(need.support_types) & set(offer.support_types):
            return False
    if need.category and offer.categories:
        fits = [
            c == need.category or TAX.is_related(need.category, c)
            for c in offer.categories
        ]
        if not any(fits):
            return False
    return True


def blocked(needs, offers) -> set[tuple[str, str]]:
    index = OfferIndex.build(offers, TAX)
    side = prepare_needs(needs, index)
    return {
        (side.needs[i].id, index.offers[j].id)
        for block in block_pairs(side, index, AS_OF)
        for i in block.needs
        for j in block.offers
    }


COUNTRIES = ["NPL", "BGD", "THA", "FJI", "KAZ", "FRA"]
ELIGIBLE = ["NPL", "THA", "south-east-asia", "pacific", "south-south-west-asia"]
CATEGORIES = sorted(TAX.categories)
SUPPORTS = sorted(TAX.support_types)

needs_strategy = st.lists(
    st.builds(
        make_need,
        country=st.sampled_from(COUNTRIES),
        category=st.none() | st.sampled_from(CATEGORIES),
        support_types=st.lists(st.sampled_from(SUPPORTS), max_size=2, unique=True).map(
            tuple
        ),
    ),
    min_size=1,
    max_size=8,
)
offers_strategy = st.lists(
    st.builds(
        make_offer,
        categories=st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True).map(
            tuple
        ),
        support_types=st.lists(st.sampled_from(SUPPORTS), max_size=3, unique=True).map(
            tuple
        ),
        eligible=st.lists(st.sampled_from(ELIGIBLE), max_size=2, unique=True).map(
            tuple
        ),
        valid_until=st.none() | st.dates(date(2025, 5, 30), date(2025, 6, 3)),
        status=st.sampled_from(["open", "open", "closed"]),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(needs_strategy, offers_strategy)
def test_blocking_equals_the_plain_rules(needs, offers):
    needs = [n.__class__(**{**_fields(n), "id": f"N{i}"}) for i, n in enumerate(needs)]
    offers = [
        o.__class__(**{**_fields(o), "id": f"O{i}"}) for i, o in enumerate(offers)
    ]
    expected = {(n.id, o.id) for n in needs for o in offers if reference_eligible(n, o)}
    assert blocked(needs, offers) == expected


def _fields(record) -> dict:
    return {name: getattr(record, name) for name in record.__slots__}


def test_each_rule_blocks_and_empty_fields_never_do():
    need = make_need(category="testing-laboratory", support_types=("technical",))
    offers = [
        make_offer("open"),
        make_offer("expired", valid_until=date(2025, 5, 31)),
        make_offer("valid today", valid_until=AS_OF),
        make_offer("closed", status="closed"),
        make_offer("other country", eligible=("THA",)),
        make_offer("own sub-region", eligible=("south-south-west-asia",)),
        make_offer("other sub-region", eligible=("pacific",)),
        make_offer("no support overlap", support_types=("financial",)),
        make_offer("support overlap", support_types=("financial", "technical")),
        make_offer("unrelated category", categories=("clinical-trials",)),
        make_offer("related category", categories=("genomics-bioinformatics",)),
    ]
    assert {o for _, o in blocked([need], offers)} == {
        "open", "valid today", "own sub-region", "support overlap", "related category",
    }  # fmt: skip


def test_blocks_group_needs_sharing_every_key():
    needs = [make_need("A"), make_need("B"), make_need("C", country="THA")]
    index = OfferIndex.build([make_offer(eligible=("NPL",))], TAX)
    blocks = block_pairs(prepare_needs(needs, index), index, AS_OF)
    assert [b.needs.tolist() for b in blocks] == [[0, 1]]
    assert np.array_equal(blocks[0].offers, [0])


@settings(max_examples=60, deadline=None)
@given(needs_strategy, offers_strategy)
def test_an_offers_eligible_needs_are_its_column_of_the_blocks(needs, offers):
    needs = [n.__class__(**{**_fields(n), "id": f"N{i}"}) for i, n in enumerate(needs)]
    offers = [
        o.__class__(**{**_fields(o), "id": f"O{i}"}) for i, o in enumerate(offers)
    ]
    index = OfferIndex.build(offers, TAX)
    pairs = blocked(needs, offers)
    for position, offer in enumerate(index.offers):
        column = needs_eligible_for(needs, index, position, AS_OF)
        assert {n.id for n in column} == {n for n, o in pairs if o == offer.id}
