"""Completed pairings exported as IATI activities, on the real test database."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import event, select, update

from matchmaker.extensions import db
from matchmaker.models import (
    Need,
    Offer,
    Organisation,
    OrganisationKind,
    Pairing,
    PairingEvent,
    PairingStatus,
    Role,
    User,
)
from matchmaker.services import iati_export, pairings
from tests.factories import writing

HOSTILE = "Lab <BSL-2> & \"quotes\" 'single' </narrative>"
STARTED = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)
COMPLETED = datetime(2031, 9, 30, 23, 30, tzinfo=UTC)
GENERATED = datetime(2031, 10, 2, 8, 0, tzinfo=UTC)


def _walk(facilitator: User, need: Need, offer: Offer, to: PairingStatus) -> Pairing:
    """Take the pair through the real steps, accepted to ``to``."""
    with writing():
        pairing = pairings.decide(
            facilitator, need, offer, 0,
            pairings.Decision("accept", cooperation_model="bilateral-grant"),
        )  # fmt: skip
    if to is PairingStatus.ACCEPTED:
        return pairing
    with writing():
        pairings.introduce(facilitator, pairing, pairing.version)
    for step in (
        PairingStatus.AGREED,
        PairingStatus.IN_PROGRESS,
        PairingStatus.COMPLETED,
    ):
        with writing():
            pairings.report(facilitator, pairing, pairing.version, step)
        if step is to:
            break
    return pairing


def _date_steps(pairing: Pairing) -> None:
    """Put the pairing's in-progress and completed steps on known days."""
    with writing():
        for status, at in ((PairingStatus.IN_PROGRESS, STARTED),
                           (PairingStatus.COMPLETED, COMPLETED)):  # fmt: skip
            db.session.execute(
                update(PairingEvent)
                .where(PairingEvent.pairing_id == pairing.id)
                .where(PairingEvent.to_status == status)
                .values(at=at)
            )
        db.session.commit()


def _export(viewer) -> list[ET.Element]:
    document = iati_export.activities_xml(viewer, generated_at=GENERATED)
    root = ET.fromstring(document)
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2031-10-02T08:00:00Z"
    return list(root)


def _identifiers(viewer) -> list[str]:
    return [a.findtext("iati-identifier") or "" for a in _export(viewer)]


def _narrative(element: ET.Element | None) -> str | None:
    assert element is not None
    return element.findtext("narrative")


@pytest.fixture
def world(make):
    """A completed pairing of a Bangladesh need with a research institute's offer,
    and a pairing of another Bangladesh need with the same offer still in progress."""
    organisation = make.organisation(
        "Lanka Diagnostics Partnership", kind=OrganisationKind.RESEARCH
    )
    facilitator = make.user(Role.FACILITATOR)
    need = make.need(country="BGD", title="Molecular diagnostics laboratory")
    offer = make.offer(organisation=organisation, capacity=3)
    done = _walk(facilitator, need, offer, PairingStatus.COMPLETED)
    _date_steps(done)
    cabinets = make.need(country="BGD", title="Biosafety cabinets")
    under_way = _walk(facilitator, cabinets, offer, PairingStatus.IN_PROGRESS)
    return {
        "done": done,
        "under_way": under_way,
        "need": need,
        "offer": offer,
        "organisation": organisation,
        "facilitator": facilitator,
    }


def test_a_completed_pairing_becomes_one_activity(world, make) -> None:
    done: Pairing = world["done"]
    [activity] = _export(world["facilitator"])
    assert activity.findtext("iati-identifier") == f"XM-MATCHMAKER-pairing-{done.id}"
    reporting = activity.find("reporting-org")
    assert reporting is not None and reporting.get("ref") == "XM-MATCHMAKER"
    assert _narrative(activity.find("title")) == "Molecular diagnostics laboratory"
    description = _narrative(activity.find("description")) or ""
    assert "Equipment and training for molecular diagnostics." in description
    assert "Molecular diagnostics laboratory support" in description
    assert "Lanka Diagnostics Partnership" in description
    assert "Bilateral grant" in description

    country = activity.find("recipient-country")
    assert country is not None and country.get("code") == "BD"
    sectors = [
        (s.get("vocabulary"), s.get("code"), s.get("percentage"), _narrative(s))
        for s in activity.findall("sector")
    ]
    assert sectors == [
        ("1", "12191", "50", "Medical services"),
        ("1", "12250", "50", "Infectious disease control"),
    ]
    orgs = [
        (o.get("role"), o.get("type"), _narrative(o))
        for o in activity.findall("participating-org")
    ]
    assert orgs == [
        ("1", "80", "Lanka Diagnostics Partnership"),
        ("4", "10", "Government of Bangladesh"),
    ]
    status = activity.find("activity-status")
    assert status is not None and status.get("code") == "4"
    dates = {
        d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")
    }
    assert dates == {"2": "2031-03-01", "4": "2031-09-30"}

    db.session.expire_all()
    pairing = db.session.get(Pairing, done.id)
    assert pairing is not None
    latest = max(
        pairing.updated_at,
        pairing.need.updated_at,
        pairing.offer.updated_at,
        pairing.offer.organisation.updated_at,
    )
    expected = latest.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert activity.get("last-updated-datetime") == expected


def test_the_activity_value_matches_the_document(world) -> None:
    [activity] = iati_export.completed_activities(world["facilitator"])
    assert activity.identifier == f"XM-MATCHMAKER-pairing-{world['done'].id}"
    assert activity.recipient_country == "BGD"
    assert [s.code for s in activity.sectors] == ["12191", "12250"]
    assert activity.start_date == date(2031, 3, 1)
    assert activity.end_date == date(2031, 9, 30)


def test_pairings_not_completed_are_left_out(world, make) -> None:
    facilitator = world["facilitator"]
    _walk(facilitator, make.need(country="NPL"), make.offer(), PairingStatus.ACCEPTED)
    assert _identifiers(facilitator) == [f"XM-MATCHMAKER-pairing-{world['done'].id}"]


def test_each_viewer_gets_only_the_pairings_the_policy_shows(world, make) -> None:
    done = f"XM-MATCHMAKER-pairing-{world['done'].id}"
    organisation: Organisation = world["organisation"]
    sees = {
        "admin": make.user(Role.ADMIN),
        "facilitator": world["facilitator"],
        "focal point of Bangladesh": make.user(Role.FOCAL_POINT, country="BGD"),
        "partner of the offer": make.user(Role.PARTNER, organisation=organisation),
    }
    does_not_see = {
        "focal point of Nepal": make.user(Role.FOCAL_POINT, country="NPL"),
        "partner of another organisation": make.user(Role.PARTNER),
        "disabled facilitator": make.user(Role.FACILITATOR, active=False),
        "anonymous visitor": AnonymousUserMixin(),
        "nobody": None,
    }
    for who, viewer in sees.items():
        assert _identifiers(viewer) == [done], who
    for who, viewer in does_not_see.items():
        assert _identifiers(viewer) == [], who


def test_a_pairing_never_introduced_is_shown_to_staff_only(world, make) -> None:
    """The parties see a pairing from the introduction on, even a completed one."""
    need = make.need(country="BGD", title="Cold chain")
    with writing():
        silent = Pairing(
            need=db.session.get(Need, need.id),
            offer=db.session.get(Offer, world["offer"].id),
            status=PairingStatus.COMPLETED,
        )
        db.session.add(silent)
        db.session.commit()
    silent_id = f"XM-MATCHMAKER-pairing-{silent.id}"
    focal = make.user(Role.FOCAL_POINT, country="BGD")
    partner = make.user(Role.PARTNER, organisation=world["organisation"])
    assert silent_id in _identifiers(world["facilitator"])
    assert silent_id not in _identifiers(focal)
    assert silent_id not in _identifiers(partner)


def test_a_pairing_without_history_has_no_start_and_ends_at_its_last_change(
    make,
) -> None:
    need = make.need(country="NPL", category="clinical-trials")
    offer = make.offer()
    with writing():
        pairing = Pairing(
            need=db.session.get(Need, need.id),
            offer=db.session.get(Offer, offer.id),
            status=PairingStatus.COMPLETED,
        )
        db.session.add(pairing)
        db.session.commit()
    [activity] = iati_export.completed_activities(make.user(Role.ADMIN))
    assert activity.start_date is None
    assert activity.end_date == pairing.updated_at.astimezone(UTC).date()
    assert [s.code for s in activity.sectors] == ["12182", "12110"]


# The offer's categories come in the taxonomy's order (incubator before vaccines);
# vaccines and medicines share one primary code, given once.
@pytest.mark.parametrize(
    ("offer_categories", "expected"),
    [
        (("vaccine-manufacturing", "pharmaceutical-production", "incubator"),
         ["25030", "32168"]),
        ((), ["12110"]),
    ],
)  # fmt: skip
def test_a_need_without_category_takes_the_offers_or_unspecified_health(
    make, offer_categories, expected
) -> None:
    facilitator = make.user(Role.FACILITATOR)
    need = make.need(category=None)
    offer = make.offer(categories=offer_categories)
    _walk(facilitator, need, offer, PairingStatus.COMPLETED)
    [activity] = iati_export.completed_activities(facilitator)
    assert [s.code for s in activity.sectors] == expected


def test_markup_in_listings_survives_the_round_trip(make) -> None:
    facilitator = make.user(Role.FACILITATOR)
    organisation = make.organisation(f"Smith & <Sons> {HOSTILE}")
    need = make.need(title=HOSTILE, description=f"Needs {HOSTILE}\r\nsoon")
    offer = make.offer(organisation=organisation, title=f"Offer {HOSTILE}")
    _walk(facilitator, need, offer, PairingStatus.COMPLETED)
    [activity] = _export(facilitator)
    assert _narrative(activity.find("title")) == HOSTILE
    description = _narrative(activity.find("description")) or ""
    assert description.startswith(f"Needs {HOSTILE}\nsoon\n\n")
    assert f"Support: Offer {HOSTILE}, offered by Smith & <Sons> {HOSTILE}." in (
        description
    )
    funder = activity.find("participating-org[@role='1']")
    assert _narrative(funder) == f"Smith & <Sons> {HOSTILE}"
    assert funder is not None and funder.get("type") == "70"


def _statements(run) -> int:
    """How many SQL statements ``run()`` sends."""
    count = 0

    def _count(*_args) -> None:
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)
    return count


def test_the_export_takes_the_same_few_queries_for_one_pairing_or_many(make) -> None:
    facilitator = make.user(Role.FACILITATOR)
    partner = make.user(Role.PARTNER)
    offer = make.offer(organisation=partner.organisation, capacity=10)

    def export() -> None:
        db.session.expire_all()
        db.session.rollback()
        iati_export.activities_xml(facilitator)
        iati_export.activities_xml(partner)

    _walk(facilitator, make.need(country="NPL"), offer, PairingStatus.COMPLETED)
    one = _statements(export)
    for country in ("BGD", "PHL", "THA"):
        _walk(facilitator, make.need(country=country), make.offer(),
              PairingStatus.COMPLETED)  # fmt: skip
        _walk(facilitator, make.need(country=country), offer, PairingStatus.COMPLETED)
    many = _statements(export)
    assert len(iati_export.completed_activities(facilitator)) == 7
    assert len(iati_export.completed_activities(partner)) == 4
    assert many == one <= 12


def test_no_completed_pairing_gives_an_empty_document(make) -> None:
    assert _export(make.user(Role.ADMIN)) == []
    assert db.session.scalars(select(Pairing)).first() is None
