"""IATI activity files: completed cooperation in the form aid databases read.

The International Aid Transparency Initiative (IATI) standard is how donors,
agencies and aid management platforms exchange what development cooperation took
place. This module writes an ``iati-activities`` document (standard version 2.03)
from plain values; ``services/iati_export.py`` builds those values from completed
pairings. Pure module: no Flask, no database.

Decisions, each where the standard leaves a choice:

* **Identifier.** ``XM-MATCHMAKER-pairing-<id>``: the reporting organisation's
  reference (``REPORTING_ORG_REF``) followed by our own stable key, as the standard
  asks (an identifier starts with ``reporting-org/@ref``). ``XM-MATCHMAKER`` is not a
  registered organisation identifier; an operator publishing to the IATI Registry
  must first obtain one and change ``REPORTING_ORG_REF``.
* **Who did what.** The offering partner provided the support (money, equipment,
  expertise or training), so it is the *funding* organisation (role 1, the provider
  side). The need's country carried the cooperation out at home, so its government
  is the *implementing* organisation (role 4) and the country is the
  ``recipient-country``.
* **Status and dates.** Only completed cooperation is exported, so every activity
  is *closed* (activity status 4: "physical activity is complete"); its actual
  start (date type 2) is when work began, its actual end (type 4) when it was
  reported completed.
* **Sectors.** DAC 5-digit purpose codes (vocabulary 1) from ``dac_codes``. The
  standard requires percentages summing to 100 when one vocabulary has several
  codes; nothing tells us how the work divided, so the codes share equally, the
  primary code taking any remainder (three codes: 34, 33, 33).
* **Text.** ElementTree escapes ``<``, ``&`` and quotes. Characters XML 1.0 cannot
  carry at all (most control characters) are dropped, since they mean nothing to a
  reader and would make the whole file unreadable; line ends become line feeds.
* **An empty export** is still a well-formed ``iati-activities`` document; note
  that the IATI schema wants at least one activity in a file to be published.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pycountry

from matchmaker.dac_codes import DacCode

IATI_VERSION = "2.03"
REPORTING_ORG_REF = "XM-MATCHMAKER"
LANGUAGE = "en"

# IATI OrganisationRole codes.
ROLE_FUNDING = "1"
ROLE_ACCOUNTABLE = "2"
ROLE_EXTENDING = "3"
ROLE_IMPLEMENTING = "4"
ROLES = frozenset({ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_EXTENDING, ROLE_IMPLEMENTING})

# IATI OrganisationType codes used here.
ORG_TYPE_GOVERNMENT = "10"
ORG_TYPE_MULTILATERAL = "40"

SECTOR_VOCABULARY_DAC5 = "1"  # OECD DAC CRS purpose codes, 5 digit
ACTIVITY_STATUS_CLOSED = "4"
DATE_ACTUAL_START = "2"
DATE_ACTUAL_END = "4"
DESCRIPTION_GENERAL = "1"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Everything outside XML 1.0's Char production.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DAC5 = re.compile(r"\d{5}")


def activity_identifier(pairing_id: int) -> str:
    """The IATI identifier of a pairing's activity; never changes once published."""
    return f"{REPORTING_ORG_REF}-pairing-{pairing_id}"


def alpha2_of(alpha3: str) -> str:
    """The ISO 3166-1 alpha-2 code IATI uses for an alpha-3 code."""
    country = pycountry.countries.get(alpha_3=alpha3.upper()) if alpha3 else None
    if country is None:
        raise ValueError(f"{alpha3!r} is not an ISO 3166-1 alpha-3 country code.")
    return str(country.alpha_2)


@dataclass(frozen=True)
class ParticipatingOrg:
    """An organisation taking part, with its IATI role and, when known, its type."""

    name: str
    role: str  # ROLE_FUNDING, ROLE_IMPLEMENTING...
    type: str | None = None  # IATI OrganisationType code; None when unknown

    def __post_init__(self) -> None:
        if not _clean(self.name).strip():
            raise ValueError("A participating organisation needs a name.")
        if self.role not in ROLES:
            raise ValueError(f"{self.role!r} is not an IATI organisation role code.")


@dataclass(frozen=True)
class IatiActivity:
    """One completed cooperation, as IATI describes an activity.

    ``recipient_country`` is ISO 3166-1 alpha-3, as matchmaker keeps countries; the
    writer converts it to the alpha-2 code IATI uses. ``sectors`` are primary first.
    """

    identifier: str
    title: str
    description: str
    recipient_country: str
    sectors: tuple[DacCode, ...]
    participating_orgs: tuple[ParticipatingOrg, ...]
    start_date: date | None
    end_date: date
    last_updated: datetime

    def __post_init__(self) -> None:
        # Lists are accepted and kept as tuples, so activities stay immutable.
        object.__setattr__(self, "sectors", tuple(self.sectors))
        object.__setattr__(self, "participating_orgs", tuple(self.participating_orgs))
        if not self.identifier.startswith(f"{REPORTING_ORG_REF}-"):
            raise ValueError(
                f"An activity identifier must start with {REPORTING_ORG_REF}-."
            )
        if not _clean(self.title).strip():
            raise ValueError(f"Activity {self.identifier} needs a title.")
        if not _clean(self.description).strip():
            raise ValueError(f"Activity {self.identifier} needs a description.")
        alpha2_of(self.recipient_country)
        self._check_sectors()
        if not self.participating_orgs:
            raise ValueError(
                f"Activity {self.identifier} needs a participating organisation."
            )
        if self.start_date is not None and self.start_date > self.end_date:
            raise ValueError(f"Activity {self.identifier} ends before it starts.")
        _require_aware(self.last_updated, "last_updated")

    def _check_sectors(self) -> None:
        codes = [sector.code for sector in self.sectors]
        bad = [code for code in codes if not _DAC5.fullmatch(code)]
        if bad:
            raise ValueError(f"Not DAC 5-digit purpose codes: {', '.join(bad)}.")
        if len(set(codes)) != len(codes):
            raise ValueError(f"Activity {self.identifier} repeats a sector code.")


def write_activities(
    activities: Iterable[IatiActivity],
    *,
    reporting_org: str,
    generated_at: datetime,
    reporting_org_type: str = ORG_TYPE_MULTILATERAL,
) -> bytes:
    """An IATI 2.03 ``iati-activities`` document, UTF-8 with an XML declaration.

    ``reporting_org`` is the publishing organisation's name; its reference is
    ``REPORTING_ORG_REF``, the prefix of every identifier. ``reporting_org_type`` is
    its IATI OrganisationType (default 40, multilateral, as for a regional centre of
    an intergovernmental body; pass the operator's own type otherwise).
    ``generated_at`` must be timezone-aware.
    """
    if not _clean(reporting_org).strip():
        raise ValueError("The reporting organisation needs a name.")
    _require_aware(generated_at, "generated_at")
    root = ET.Element(
        "iati-activities",
        {"version": IATI_VERSION, "generated-datetime": _datetime(generated_at)},
    )
    for activity in activities:
        root.append(_activity(activity, reporting_org, reporting_org_type))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def sector_shares(count: int) -> list[int]:
    """Whole percentages for ``count`` codes summing to 100, the first the largest."""
    if count <= 0:
        return []
    share, remainder = divmod(100, count)
    return [share + remainder] + [share] * (count - 1)


# Building the elements, in the order the 2.03 schema's sequence requires -------


def _activity(
    activity: IatiActivity, reporting_org: str, reporting_org_type: str
) -> ET.Element:
    element = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": _datetime(activity.last_updated),
            _XML_LANG: LANGUAGE,
            "hierarchy": "1",
        },
    )
    ET.SubElement(element, "iati-identifier").text = _clean(activity.identifier)
    _narrated(
        element,
        "reporting-org",
        reporting_org,
        ref=REPORTING_ORG_REF,
        type=reporting_org_type,
    )
    _narrated(element, "title", activity.title)
    _narrated(element, "description", activity.description, type=DESCRIPTION_GENERAL)
    for org in activity.participating_orgs:
        attributes = {"role": org.role}
        if org.type:
            attributes["type"] = org.type
        _narrated(element, "participating-org", org.name, **attributes)
    ET.SubElement(element, "activity-status", {"code": ACTIVITY_STATUS_CLOSED})
    if activity.start_date is not None:
        _date(element, DATE_ACTUAL_START, activity.start_date)
    _date(element, DATE_ACTUAL_END, activity.end_date)
    ET.SubElement(
        element,
        "recipient-country",
        {"code": alpha2_of(activity.recipient_country), "percentage": "100"},
    )
    shares = sector_shares(len(activity.sectors))
    for sector, share in zip(activity.sectors, shares, strict=True):
        attributes = {"vocabulary": SECTOR_VOCABULARY_DAC5, "code": sector.code}
        if len(shares) > 1:
            attributes["percentage"] = str(share)
        _narrated(element, "sector", sector.name, **attributes)
    return element


def _narrated(parent: ET.Element, tag: str, text: str, **attributes: str) -> None:
    """An element holding one narrative, the IATI way of carrying free text."""
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "narrative").text = _clean(text)


def _date(parent: ET.Element, kind: str, day: date) -> None:
    ET.SubElement(parent, "activity-date", {"type": kind, "iso-date": day.isoformat()})


def _datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean(text: str) -> str:
    """The text without characters XML 1.0 cannot carry, lines ending in line feeds.

    A parser turns CR LF and a lone CR into LF anyway (XML's end-of-line handling);
    doing it here makes what is written exactly what is read back.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text)


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware date and time.")
