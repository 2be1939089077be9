"""The region's figures: needs and offers counted into the pictures' shapes.

Read-only. Every figure comes from a handful of grouped queries (never one query
per need or offer), so the pages stay fast at thousands of listings. Words used:

* **Published** needs are those a country put forward: ``open``, ``in_discussion``,
  ``matched`` or ``fulfilled`` (never a ``draft`` or a ``withdrawn`` one).
* A need is **covered** when a pairing of it was accepted or went further
  (``ACTIVE_STATUSES`` or ``completed``) or its status is ``matched`` or
  ``fulfilled``; **unmet** when not covered and the latest successful full run
  found no offer for it (its ``unmet_need_ids``); **open** otherwise: waiting for
  a decision. Needs without a category are counted in a last column, "No category".
* A need **seeks support now** when it is ``open`` or ``in_discussion`` and not
  covered.
* An **open offer** has status ``open`` and no ``valid_until`` before today. Its
  **remaining capacity** is its capacity minus the pairings holding a place in it,
  counted as the engine and the accept step count them
  (``exclusions.active_pairing_counts``: pairings in ``ACTIVE_STATUSES``; a
  completed pairing gives its place back). Eligibility follows the model: with
  ``eligible_any`` or nothing listed every country qualifies, otherwise the listed
  countries and the countries of the listed sub-regions.
* A need was **posted** in the month of its ``created_at`` when it is not a draft
  now; withdrawn needs still count, since they were put forward. (The database
  keeps no publication date, so a need is dated by its creation, and a draft
  withdrawn without ever being published counts too.) A need was **met** in the
  month of the first event moving one of its pairings to ``completed``.

Months are calendar months in UTC, keyed "YYYY-MM".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from datetime import date
from typing import Literal

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    and_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
)

from matchmaker.extensions import db
from matchmaker.models import (
    ACTIVE_STATUSES,
    Category,
    Country,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Pairing,
    PairingStatus,
    SubRegion,
    SupportType,
)
from matchmaker.models.need import need_support_types
from matchmaker.models.offer import (
    offer_eligible_countries,
    offer_eligible_sub_regions,
    offer_support_types,
)
from matchmaker.pictures.shapes import (
    GAP_MEASURE_LABELS,
    GapCell,
    GapGrid,
    GapMeasure,
    Landscape,
    SupplyCell,
)
from matchmaker.services.exclusions import active_pairing_counts
from matchmaker.services.match_runs import latest_successful_run

PUBLISHED_STATUSES = (
    NeedStatus.OPEN,
    NeedStatus.IN_DISCUSSION,
    NeedStatus.MATCHED,
    NeedStatus.FULFILLED,
)
SEEKING_STATUSES = (NeedStatus.OPEN, NeedStatus.IN_DISCUSSION)
SETTLED_STATUSES = (NeedStatus.MATCHED, NeedStatus.FULFILLED)
# Pairings that cover their need: accepted, or gone further.
COVERING = tuple(ACTIVE_STATUSES | {PairingStatus.COMPLETED})
NO_CATEGORY = ("", "No category")


Eligibility = frozenset[str] | None  # the countries an offer reaches; None: all


def _covered() -> ColumnElement[bool]:
    """SQL condition: the need is covered (see the module docstring)."""
    taken_up = exists().where(Pairing.need_id == Need.id, Pairing.status.in_(COVERING))
    return or_(Need.status.in_(SETTLED_STATUSES), taken_up)


# The gap grid ------------------------------------------------------------------


def gap_grid(
    *,
    measure: GapMeasure = GapMeasure.UNMET,
    support_type: str | None = None,
    sub_region: str | None = None,
    link_for: Callable[[str, str], str] | None = None,
) -> GapGrid:
    """Published needs by country × category, each cell split open/covered/unmet.

    Args:
        measure: what the picture colours by (every cell carries all three counts).
        support_type: a support type slug; only needs asking for it are counted.
        sub_region: a sub-region slug; only needs of its countries are counted.
        link_for: builds a cell's link from (alpha-3, category slug); None: no links.

    Rows are the countries with a counted need, grouped by sub-region (by label,
    countries outside every sub-region last) and by name within one, so that
    neighbours sit together and a regional gap reads as a band. Columns are the
    categories with a counted need, by position. Only non-empty cells are listed,
    row by row.
    """
    counts = _state_counts(support_type, sub_region)
    countries = _country_rows({country for country, _ in counts})
    categories = _category_columns({category for _, category in counts})
    row = {code: i for i, (code, _) in enumerate(countries)}
    column = {slug: i for i, (slug, _) in enumerate(categories)}
    cells = [
        GapCell(
            country=country,
            category=category,
            open=states["open"],
            covered=states["covered"],
            unmet=states["unmet"],
            link=link_for(country, category) if link_for else "",
        )
        for (country, category), states in sorted(
            counts.items(), key=lambda item: (row[item[0][0]], column[item[0][1]])
        )
    ]
    title = _gap_title(measure, support_type, sub_region)
    return GapGrid(countries, categories, cells, measure, title)


def need_states(need_ids: Iterable[int] | None = None) -> dict[int, str]:
    """Each published need's state, "open", "covered" or "unmet" (the values of
    ``GapMeasure``), by need id; ``need_ids`` narrows it to some needs. Needs not
    published (drafts, withdrawn) are left out."""
    query = select(Need.id, _state()).where(Need.status.in_(PUBLISHED_STATUSES))
    if need_ids is not None:
        query = query.where(Need.id.in_(_inlined("need_ids", need_ids)))
    return {need_id: state for need_id, state in db.session.execute(query)}


def _state() -> ColumnElement[str]:
    """SQL: a need's state, "covered", "unmet" or "open" (module docstring)."""
    whens: list[tuple[ColumnElement[bool], str]] = [(_covered(), "covered")]
    run = latest_successful_run()
    if run is not None and run.unmet_need_ids:
        whens.append((Need.id.in_(_inlined("unmet_ids", run.unmet_need_ids)), "unmet"))
    return case(*whens, else_="open")


def _inlined(name: str, ids: Iterable[int]) -> BindParameter[list[int]]:
    """Integers written into the SQL, so that thousands of them do not pass
    SQLite's limit on parameters (integers need no quoting)."""
    values = sorted({int(i) for i in ids})
    return bindparam(name, values, expanding=True, literal_execute=True)


def _state_counts(
    support_type: str | None, sub_region: str | None
) -> dict[tuple[str, str], Counter[str]]:
    """(country, category slug) → needs counted by state, in one grouped query."""
    filters: list[ColumnElement[bool]] = [Need.status.in_(PUBLISHED_STATUSES)]
    if support_type is not None:
        filters.append(Need.support_types.any(SupportType.slug == support_type))
    if sub_region is not None:
        in_region = select(Country.alpha3).where(Country.sub_region_slug == sub_region)
        filters.append(Need.country_alpha3.in_(in_region))
    per_need = (
        select(
            Need.country_alpha3.label("country"),
            func.coalesce(Category.slug, "").label("category"),
            _state().label("state"),
        )
        .outerjoin(Category, Category.id == Need.category_id)
        .where(*filters)
        .subquery()
    )
    grouped = select(per_need, func.count()).group_by(*per_need.c)
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for country, category, state, count in db.session.execute(grouped):
        counts[(country, category)][state] += count
    return dict(counts)


def _country_rows(codes: Collection[str]) -> list[tuple[str, str]]:
    """(alpha-3, name) by sub-region label, then name; outside every sub-region last."""
    rows = list(
        db.session.execute(
            select(Country.alpha3, Country.name, SubRegion.label)
            .outerjoin(SubRegion, SubRegion.slug == Country.sub_region_slug)
            .where(Country.alpha3.in_(list(codes)))
        )
    )
    rows.sort(key=lambda r: (r.label is None, r.label or "", r.name, r.alpha3))
    return [(r.alpha3, r.name) for r in rows]


def _category_columns(slugs: Collection[str]) -> list[tuple[str, str]]:
    """(slug, label) by position; "No category" last when needs lack one."""
    rows = db.session.execute(
        select(Category.slug, Category.label)
        .where(Category.slug.in_([s for s in slugs if s]))
        .order_by(Category.position, Category.label)
    )
    columns = [(slug, label) for slug, label in rows]
    return columns + [NO_CATEGORY] if "" in slugs else columns


def _gap_title(
    measure: GapMeasure, support_type: str | None, sub_region: str | None
) -> str:
    """The grid's title, naming its filters in words."""
    parts = []
    if sub_region is not None:
        label = db.session.scalar(
            select(SubRegion.label).where(SubRegion.slug == sub_region)
        )
        parts.append(label or sub_region)
    if support_type is not None:
        label = db.session.scalar(
            select(SupportType.label).where(SupportType.slug == support_type)
        )
        parts.append(f"{(label or support_type).lower()} support")
    title = f"{GAP_MEASURE_LABELS[measure]} by country and category"
    return f"{title} — {', '.join(parts)}" if parts else title


# The landscape -----------------------------------------------------------------


def landscape(
    *,
    by: Literal["country", "sub-region"] = "sub-region",
    countries: Collection[str] | None = None,
    today: date | None = None,
) -> Landscape:
    """Needs seeking support against open offers with places left, group × type.

    Args:
        by: one group per country, or per sub-region.
        countries: alpha-3 codes to restrict to (a partner sees the countries its
            offers reach): only their needs count, offers count when eligible for
            one of them, and the groups are those countries or their sub-regions.
        today: the day offers' validity is read against (default: today).

    The groups are the countries of a sub-region and the countries with a need
    seeking support (or ``countries``); by sub-region, a country outside every
    sub-region belongs to no group. An offer eligible for several countries of a
    sub-region counts once there. Groups with neither needs nor offers are left
    out, and so are empty cells; columns are the active support types by position.
    """
    group_of, group_names = _groups(by, countries)
    types = _active_support_types()
    demand: Counter[tuple[str, str]] = Counter()
    for alpha3, slug, count in _seeking_needs():
        if alpha3 in group_of:
            demand[(group_of[alpha3], slug)] += count
    offers: Counter[tuple[str, str]] = Counter()
    places: Counter[tuple[str, str]] = Counter()
    every_group = set(group_of.values())
    for eligible, left, slugs in _available_offers(today or date.today()):
        groups = (
            every_group
            if eligible is None
            else {group_of[c] for c in eligible if c in group_of}
        )
        for key in ((group, slug) for group in groups for slug in slugs):
            offers[key] += 1
            places[key] += left
    keys = set(demand) | set(offers)
    rows = sorted({(g, group_names[g]) for g, _ in keys}, key=lambda g: (g[1], g[0]))
    cells = [
        SupplyCell(group, slug, demand[key], offers[key], places[key])
        for group, _ in rows
        for slug, _ in types
        if (key := (group, slug)) in keys
    ]
    where = "country" if by == "country" else "sub-region"
    title = f"Needs seeking support and open offers, by {where} and support type"
    return Landscape(rows, types, cells, title)


def _groups(
    by: Literal["country", "sub-region"], countries: Collection[str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Each country the landscape may show → its group; each group → its name.

    The countries are ``countries`` when given, else those of a sub-region and
    those with a need seeking support.
    """
    names: dict[str, str] = {}
    region_of: dict[str, str] = {}
    for alpha3, name, region in db.session.execute(
        select(Country.alpha3, Country.name, Country.sub_region_slug)
    ):
        names[alpha3] = name
        if region is not None:
            region_of[alpha3] = region
    if countries is not None:
        shown = set(countries) & names.keys()
    else:
        seeking = select(Need.country_alpha3).where(Need.status.in_(SEEKING_STATUSES))
        shown = set(region_of) | set(db.session.scalars(seeking.distinct()))
    if by == "country":
        return {c: c for c in shown}, names
    labels = {
        slug: label
        for slug, label in db.session.execute(select(SubRegion.slug, SubRegion.label))
    }
    return {c: region_of[c] for c in shown if c in region_of}, labels


def countries_reached_by(organisation_id: int, today: date | None = None) -> set[str]:
    """Alpha-3 codes of the countries the organisation's open offers are eligible
    for; an offer open to any country reaches every country of a sub-region."""
    condition = and_(
        open_offer(today or date.today()), Offer.organisation_id == organisation_id
    )
    eligibility = list(_eligibility(condition).values())
    reached = set().union(*(e for e in eligibility if e is not None))
    return reached | _countries_in_sub_regions() if None in eligibility else reached


def _countries_in_sub_regions() -> set[str]:
    return set(
        db.session.scalars(
            select(Country.alpha3).where(Country.sub_region_slug.is_not(None))
        )
    )


def _active_support_types() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(SupportType.slug, SupportType.label)
        .where(SupportType.active.is_(True))
        .order_by(SupportType.position, SupportType.label)
    )
    return [(slug, label) for slug, label in rows]


def _seeking_needs() -> Iterable[tuple[str, str, int]]:
    """(country, active support type slug, needs seeking support now)."""
    query = (
        select(Need.country_alpha3, SupportType.slug, func.count())
        .join(need_support_types, need_support_types.c.need_id == Need.id)
        .join(SupportType, SupportType.id == need_support_types.c.support_type_id)
        .where(
            Need.status.in_(SEEKING_STATUSES),
            ~_covered(),
            SupportType.active.is_(True),
        )
        .group_by(Need.country_alpha3, SupportType.slug)
    )
    return [
        (country, slug, count) for country, slug, count in db.session.execute(query)
    ]


def open_offer(today: date) -> ColumnElement[bool]:
    """SQL condition: the offer is open and still valid on ``today`` (the one rule
    the region's pages, the country pages and the meeting report count by)."""
    return and_(
        Offer.status == OfferStatus.OPEN,
        or_(Offer.valid_until.is_(None), Offer.valid_until >= today),
    )


def _available_offers(today: date) -> Iterable[tuple[Eligibility, int, list[str]]]:
    """For each open offer with places left and an active support type: its
    eligible countries (None: every country), places left and type slugs."""
    condition = open_offer(today)
    taken = active_pairing_counts()
    types: dict[int, list[str]] = defaultdict(list)
    for offer_id, slug in db.session.execute(
        select(offer_support_types.c.offer_id, SupportType.slug)
        .join(Offer, Offer.id == offer_support_types.c.offer_id)
        .join(SupportType, SupportType.id == offer_support_types.c.support_type_id)
        .where(condition, SupportType.active.is_(True))
    ):
        types[offer_id].append(slug)
    capacity = {
        offer_id: places
        for offer_id, places in db.session.execute(
            select(Offer.id, Offer.capacity).where(condition)
        )
    }
    for offer_id, eligible in _eligibility(condition).items():
        left = capacity[offer_id] - taken.get(offer_id, 0)
        if left > 0 and types[offer_id]:
            yield eligible, left, types[offer_id]


def _eligibility(condition: ColumnElement[bool]) -> dict[int, Eligibility]:
    """The eligible countries of each offer meeting ``condition`` (None: every
    country), as the model rules: any or nothing listed, else countries listed
    and the countries of the sub-regions listed."""
    listed: dict[int, set[str]] = defaultdict(set)
    by_country = (
        select(
            offer_eligible_countries.c.offer_id,
            offer_eligible_countries.c.country_alpha3,
        )
        .join(Offer, Offer.id == offer_eligible_countries.c.offer_id)
        .where(condition)
    )
    by_region = (
        select(offer_eligible_sub_regions.c.offer_id, Country.alpha3)
        .join(Offer, Offer.id == offer_eligible_sub_regions.c.offer_id)
        .outerjoin(
            Country,
            Country.sub_region_slug == offer_eligible_sub_regions.c.sub_region_slug,
        )
        .where(condition)
    )
    for query in (by_country, by_region):
        for offer_id, alpha3 in db.session.execute(query):
            # A listed sub-region without countries still counts as listed.
            listed[offer_id].update([alpha3] if alpha3 is not None else [])
    flags = db.session.execute(select(Offer.id, Offer.eligible_any).where(condition))
    return {
        offer_id: None
        if anyone or offer_id not in listed
        else frozenset(listed[offer_id])
        for offer_id, anyone in flags
    }
