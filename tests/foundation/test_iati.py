"""The IATI writer on its own: plain values in, an IATI 2.03 document out."""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker import iati
from matchmaker.dac_codes import DacCode, codes_for
from matchmaker.iati import (
    IatiActivity,
    ParticipatingOrg,
    activity_identifier,
    alpha2_of,
    sector_shares,
    write_activities,
)

GENERATED = datetime(2031, 10, 2, 8, 30, 15, 123456, tzinfo=UTC)
UPDATED = datetime(2031, 10, 1, 17, 0, tzinfo=timezone(timedelta(hours=5, minutes=45)))
HOSTILE = "Lab <BSL-2> & \"quotes\" 'single' ]]> &amp; </narrative>"
# The order the 2.03 schema's sequence prescribes for what the writer emits.
SCHEMA_ORDER = [
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "activity-status",
    "activity-date",
    "recipient-country",
    "sector",
]


def _activity(**changes) -> IatiActivity:
    activity = IatiActivity(
        identifier=activity_identifier(7),
        title="RT-PCR laboratory for the national public health lab",
        description="Equipment and training for molecular diagnostics.",
        recipient_country="NPL",
        sectors=codes_for("testing-laboratory"),
        participating_orgs=(
            ParticipatingOrg("Lanka Diagnostics", iati.ROLE_FUNDING, "70"),
            ParticipatingOrg("Government of Nepal", iati.ROLE_IMPLEMENTING, "10"),
        ),
        start_date=date(2031, 3, 1),
        end_date=date(2031, 9, 30),
        last_updated=UPDATED,
    )
    return replace(activity, **changes)


def _write(*activities: IatiActivity, reporting_org: str = "matchmaker") -> bytes:
    return write_activities(
        activities, reporting_org=reporting_org, generated_at=GENERATED
    )


def _parse(document: bytes) -> ET.Element:
    return ET.fromstring(document)


def _narrative(element: ET.Element | None) -> str | None:
    assert element is not None
    return element.findtext("narrative")


def test_a_document_of_one_activity_reads_back_field_by_field() -> None:
    document = _write(_activity())
    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = _parse(document)
    assert root.tag == "iati-activities"
    assert root.attrib == {
        "version": "2.03",
        "generated-datetime": "2031-10-02T08:30:15Z",
    }
    [activity] = root
    assert activity.get("last-updated-datetime") == "2031-10-01T11:15:00Z"
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert activity.findtext("iati-identifier") == "XM-MATCHMAKER-pairing-7"
    reporting = activity.find("reporting-org")
    assert reporting is not None
    assert reporting.attrib == {"ref": "XM-MATCHMAKER", "type": "40"}
    assert _narrative(reporting) == "matchmaker"
    assert _narrative(activity.find("title")) == _activity().title
    description = activity.find("description")
    assert description is not None and description.get("type") == "1"
    assert _narrative(description) == _activity().description
    orgs = [(o.attrib, _narrative(o)) for o in activity.findall("participating-org")]
    assert orgs == [
        ({"role": "1", "type": "70"}, "Lanka Diagnostics"),
        ({"role": "4", "type": "10"}, "Government of Nepal"),
    ]
    status = activity.find("activity-status")
    assert status is not None and status.attrib == {"code": "4"}
    dates = [d.attrib for d in activity.findall("activity-date")]
    assert dates == [
        {"type": "2", "iso-date": "2031-03-01"},
        {"type": "4", "iso-date": "2031-09-30"},
    ]
    country = activity.find("recipient-country")
    assert country is not None
    assert country.attrib == {"code": "NP", "percentage": "100"}
    sectors = [(s.attrib, _narrative(s)) for s in activity.findall("sector")]
    assert sectors == [
        ({"vocabulary": "1", "code": "12191", "percentage": "50"}, "Medical services"),
        (
            {"vocabulary": "1", "code": "12250", "percentage": "50"},
            "Infectious disease control",
        ),
    ]


def test_elements_follow_the_schema_order() -> None:
    [activity] = _parse(_write(_activity()))
    tags = [child.tag for child in activity]
    assert sorted(set(tags), key=tags.index) == SCHEMA_ORDER
    positions = [SCHEMA_ORDER.index(tag) for tag in tags]
    assert positions == sorted(positions)


def test_a_single_sector_carries_no_percentage_and_three_share_one_hundred() -> None:
    [one] = _parse(_write(_activity(sectors=codes_for("pharmaceutical-production"))))
    assert [s.attrib for s in one.findall("sector")] == [
        {"vocabulary": "1", "code": "32168"}
    ]
    [three] = _parse(_write(_activity(sectors=codes_for("biomedical-equipment"))))
    shares = [s.get("percentage") for s in three.findall("sector")]
    assert shares == ["34", "33", "33"]


@pytest.mark.parametrize("count", range(1, 8))
def test_sector_shares_sum_to_one_hundred_with_the_primary_largest(count) -> None:
    shares = sector_shares(count)
    assert len(shares) == count and sum(shares) == 100
    assert shares[0] == max(shares) and max(shares) - min(shares) <= count


def test_no_start_date_leaves_only_the_end() -> None:
    [activity] = _parse(_write(_activity(start_date=None)))
    assert [d.attrib for d in activity.findall("activity-date")] == [
        {"type": "4", "iso-date": "2031-09-30"}
    ]


def test_several_activities_keep_their_order() -> None:
    first, second = _activity(), _activity(identifier=activity_identifier(12))
    root = _parse(_write(first, second))
    assert [a.findtext("iati-identifier") for a in root] == [
        "XM-MATCHMAKER-pairing-7",
        "XM-MATCHMAKER-pairing-12",
    ]


def test_an_empty_export_is_still_a_document() -> None:
    root = _parse(_write())
    assert root.tag == "iati-activities" and len(root) == 0
    assert root.get("version") == "2.03"


def test_markup_characters_survive_the_round_trip() -> None:
    activity = _activity(
        title=HOSTILE,
        description=f"{HOSTILE}\nSecond line — Türkiye, ประเทศไทย, 한국",
        participating_orgs=(
            ParticipatingOrg(f"Smith & <Sons> {HOSTILE}", iati.ROLE_FUNDING),
            ParticipatingOrg("Government of Türkiye", iati.ROLE_IMPLEMENTING),
        ),
    )
    document = _write(activity, reporting_org=HOSTILE)
    assert b"<BSL-2>" not in document  # escaped, not markup
    [read] = _parse(document)
    assert _narrative(read.find("title")) == HOSTILE
    assert _narrative(read.find("description")) == activity.description
    assert _narrative(read.find("reporting-org")) == HOSTILE
    names = [_narrative(o) for o in read.findall("participating-org")]
    assert names == [f"Smith & <Sons> {HOSTILE}", "Government of Türkiye"]
    assert read.findall("participating-org")[0].get("type") is None


def test_characters_xml_cannot_carry_are_dropped_and_line_ends_unified() -> None:
    activity = _activity(
        title="Lab\x00 for\x0b Nepal\ud800", description="one\r\ntwo\rthree\x1f"
    )
    [read] = _parse(_write(activity))
    assert _narrative(read.find("title")) == "Lab for Nepal"
    assert _narrative(read.find("description")) == "one\ntwo\nthree"


@settings(max_examples=150, deadline=None)
@given(text=st.text(min_size=1, max_size=80))
def test_any_text_reads_back_as_written(text: str) -> None:
    """Whatever a user typed reads back the same, less what XML cannot hold."""
    expected = iati._clean(text)
    if not expected.strip():
        with pytest.raises(ValueError, match="needs a title"):
            _activity(title=text)
        return
    activity = _activity(title=text, description=text)
    [read] = _parse(_write(activity, reporting_org=f"x{text}"))
    assert _narrative(read.find("title")) == expected
    assert _narrative(read.find("description")) == expected
    assert _narrative(read.find("reporting-org")) == f"x{expected}"


@pytest.mark.parametrize(
    ("alpha3", "alpha2"), [("NPL", "NP"), ("KOR", "KR"), ("TUR", "TR"), ("tls", "TL")]
)
def test_countries_are_written_as_alpha_2(alpha3: str, alpha2: str) -> None:
    assert alpha2_of(alpha3) == alpha2
    [read] = _parse(_write(_activity(recipient_country=alpha3)))
    country = read.find("recipient-country")
    assert country is not None and country.get("code") == alpha2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"recipient_country": "NP"}, "not an ISO 3166-1 alpha-3"),
        ({"recipient_country": "XYZ"}, "not an ISO 3166-1 alpha-3"),
        ({"recipient_country": ""}, "not an ISO 3166-1 alpha-3"),
        ({"identifier": "pairing-7"}, "must start with XM-MATCHMAKER-"),
        ({"title": " \x00 "}, "needs a title"),
        ({"description": ""}, "needs a description"),
        ({"sectors": (DacCode("1219", "Short"),)}, "Not DAC 5-digit"),
        ({"sectors": (DacCode("12191a", "Long"),)}, "Not DAC 5-digit"),
        ({"sectors": codes_for("rd-institute") * 2}, "repeats a sector code"),
        ({"participating_orgs": ()}, "needs a participating organisation"),
        ({"start_date": date(2031, 10, 1)}, "ends before it starts"),
        ({"last_updated": datetime(2031, 10, 1, 17, 0)}, "timezone-aware"),
    ],
)
def test_activities_that_cannot_be_written_are_refused(changes, message) -> None:
    with pytest.raises(ValueError, match=message):
        _activity(**changes)


@pytest.mark.parametrize(
    ("name", "role", "message"),
    [("", "1", "needs a name"), ("Org", "funding", "organisation role"),
     ("Org", "5", "organisation role")],
)  # fmt: skip
def test_organisations_need_a_name_and_a_role_code(name, role, message) -> None:
    with pytest.raises(ValueError, match=message):
        ParticipatingOrg(name, role)


def test_the_writer_refuses_a_nameless_publisher_and_a_naive_time() -> None:
    with pytest.raises(ValueError, match="reporting organisation needs a name"):
        write_activities([], reporting_org="  ", generated_at=GENERATED)
    with pytest.raises(ValueError, match="timezone-aware"):
        write_activities(
            [], reporting_org="matchmaker", generated_at=datetime(2031, 1, 1)
        )


def test_lists_are_kept_as_tuples() -> None:
    activity = _activity(
        sectors=list(codes_for("rd-institute")),
        participating_orgs=[ParticipatingOrg("Org", iati.ROLE_FUNDING)],
    )
    assert isinstance(activity.sectors, tuple)
    assert isinstance(activity.participating_orgs, tuple)


def test_the_module_is_pure() -> None:
    forbidden = ("flask", "sqlalchemy", "matchmaker.models", "matchmaker.services",
                 "matchmaker.extensions", "matchmaker.web")  # fmt: skip
    tree = ast.parse(Path(iati.__file__).read_text(encoding="utf-8"))
    names = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not [n for n in names if n.startswith(forbidden)], names
    script = (
        "import sys, matchmaker.iati\n"
        f"print(','.join(m for m in sys.modules if m.startswith({forbidden[1:]!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
