"""Reference data: categories, support types, ESCAP sub-regions and country flags.

This module is plain Python (no Flask, no database) so that the matching engine,
the CSV tools and the database seeding all read one source of truth. The database
copies it at migration time; admins may extend the copy later.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pycountry


@dataclass(frozen=True)
class CategoryDef:
    """What cooperation builds, with the categories that earn partial credit."""

    slug: str
    label: str
    description: str
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupportTypeDef:
    """A way a partner helps."""

    slug: str
    label: str
    description: str


CATEGORIES: tuple[CategoryDef, ...] = (
    CategoryDef(
        "rd-institute",
        "R&D institute",
        "Research and development institutes and centres of excellence.",
        ("genomics-bioinformatics", "clinical-trials", "incubator"),
    ),
    CategoryDef(
        "testing-laboratory",
        "Diagnostic & testing laboratory",
        "Diagnostic and testing laboratories, biosafety and genomic surveillance.",
        ("genomics-bioinformatics", "equipment-maintenance", "regulatory-capacity"),
    ),
    CategoryDef(
        "incubator",
        "Technology incubator / accelerator",
        "Incubators, accelerators and start-up programmes for health technology.",
        ("rd-institute", "digital-health"),
    ),
    CategoryDef(
        "biomedical-equipment",
        "Biomedical equipment & devices",
        "Medical devices, diagnostic equipment and their supply.",
        ("equipment-maintenance", "regulatory-capacity"),
    ),
    CategoryDef(
        "equipment-maintenance",
        "Equipment maintenance, calibration & testing",
        "Clinical engineering, maintenance, calibration and metrology services.",
        ("biomedical-equipment", "testing-laboratory"),
    ),
    CategoryDef(
        "vaccine-manufacturing",
        "Vaccine & biologics manufacturing",
        "Vaccine and biologics production, incl. mRNA platforms.",
        ("pharmaceutical-production", "regulatory-capacity", "clinical-trials"),
    ),
    CategoryDef(
        "pharmaceutical-production",
        "Pharmaceutical production",
        "Local production of medicines and active pharmaceutical ingredients.",
        ("vaccine-manufacturing", "regulatory-capacity"),
    ),
    CategoryDef(
        "regulatory-capacity",
        "Regulatory & standards capacity",
        "National regulatory authorities, standards, accreditation and quality.",
        ("testing-laboratory", "clinical-trials", "pharmaceutical-production"),
    ),
    CategoryDef(
        "human-resources",
        "Human resources & training",
        "Training, fellowships, curricula and workforce development.",
        (),
    ),
    CategoryDef(
        "genomics-bioinformatics",
        "Genomics & bioinformatics",
        "Sequencing, genomic surveillance and bioinformatics capacity.",
        ("testing-laboratory", "rd-institute", "digital-health"),
    ),
    CategoryDef(
        "digital-health",
        "Digital health & health data",
        "Health information systems, telemedicine and health data platforms.",
        ("genomics-bioinformatics", "incubator"),
    ),
    CategoryDef(
        "clinical-trials",
        "Clinical trials",
        "Clinical trial networks, sites, ethics review and good clinical practice.",
        ("rd-institute", "regulatory-capacity", "vaccine-manufacturing"),
    ),
)

SUPPORT_TYPES: tuple[SupportTypeDef, ...] = (
    SupportTypeDef("financial", "Financial", "Grants, loans, co-financing."),
    SupportTypeDef("technical", "Technical", "Technical assistance and expertise."),
    SupportTypeDef(
        "institutional", "Institutional", "Institution building and partnerships."
    ),
    SupportTypeDef(
        "capacity-building", "Capacity building", "Training and skills development."
    ),
    SupportTypeDef(
        "equipment", "Equipment / in-kind", "Equipment and in-kind support."
    ),
    SupportTypeDef("policy-advice", "Policy advice", "Policy and strategy advice."),
    SupportTypeDef(
        "technology-transfer",
        "Technology transfer / licensing",
        "Transfer of know-how, licences and production technology.",
    ),
)

# Why a facilitator declines a suggestion or closes a pairing; the second field
# names the engine comparison such a decline speaks against ("" for none).
DECLINE_REASONS: tuple[tuple[SupportTypeDef, str], ...] = (
    (SupportTypeDef("wrong-category", "Wrong category",
                    "The offer builds something other than what the need asks."),
     "category"),
    (SupportTypeDef("wrong-support-type", "Wrong support type",
                    "The offer helps in another way than the need asks."),
     "support"),
    (SupportTypeDef("not-eligible", "Not eligible in practice",
                    "The offer's rules would not admit this country after all."),
     ""),
    (SupportTypeDef("offer-at-capacity", "Offer at capacity",
                    "The offer cannot take on another country now."),
     ""),
    (SupportTypeDef("duplicate", "Duplicate",
                    "The same cooperation is already under way elsewhere."),
     ""),
    (SupportTypeDef("need-already-met", "Need already met",
                    "The country has found support for this need."),
     ""),
    (SupportTypeDef("listing-ended", "Need withdrawn or offer closed",
                    "One of the listings is no longer available."),
     ""),
    (SupportTypeDef("parties-did-not-agree", "Parties did not agree",
                    "The parties met but could not agree on the cooperation."),
     ""),
    (SupportTypeDef("other", "Other", "Say why in the details."), ""),
)  # fmt: skip

# How an accepted pairing cooperates (the concept note's models of cooperation).
COOPERATION_MODELS: tuple[SupportTypeDef, ...] = (
    SupportTypeDef("bilateral-grant", "Bilateral grant",
                   "One partner funds one country's facility or programme."),
    SupportTypeDef("technical-twinning", "Technical twinning",
                   "Two institutions work side by side and share know-how."),
    SupportTypeDef("training-fellowship", "Training fellowship",
                   "Staff train at the partner's institution."),
    SupportTypeDef("concessional-loan", "Concessional loan",
                   "A development bank lends below market terms."),
    SupportTypeDef("public-private-partnership", "Public–private partnership",
                   "Government and a company share investment and risk."),
    SupportTypeDef("south-south-triangular", "South–South or triangular",
                   "Developing countries cooperate, possibly with a third partner."),
    SupportTypeDef("regional-hub-and-spoke", "Regional hub-and-spoke",
                   "One shared facility serves several countries of a sub-region."),
)  # fmt: skip

SUB_REGIONS: dict[str, str] = {
    "east-north-east-asia": "East and North-East Asia",
    "south-east-asia": "South-East Asia",
    "south-south-west-asia": "South and South-West Asia",
    "north-central-asia": "North and Central Asia",
    "pacific": "Pacific",
}

# ESCAP members and associate members in the region, by ESCAP's sub-regions.
ESCAP_SUB_REGION: dict[str, str] = {
    **dict.fromkeys(
        ("CHN", "PRK", "JPN", "MNG", "KOR", "HKG", "MAC"), "east-north-east-asia"
    ),
    **dict.fromkeys(
        (
            "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS",
            "VNM",
        ),
        "south-east-asia",
    ),
    **dict.fromkeys(
        ("AFG", "BGD", "BTN", "IND", "IRN", "MDV", "NPL", "PAK", "LKA", "TUR"),
        "south-south-west-asia",
    ),
    **dict.fromkeys(
        ("ARM", "AZE", "GEO", "KAZ", "KGZ", "RUS", "TJK", "TKM", "UZB"),
        "north-central-asia",
    ),
    **dict.fromkeys(
        (
            "AUS", "FJI", "KIR", "MHL", "FSM", "NRU", "NZL", "PLW", "PNG", "WSM",
            "SLB", "TON", "TUV", "VUT", "ASM", "COK", "PYF", "GUM", "NCL", "NIU",
            "MNP",
        ),
        "pacific",
    ),
}  # fmt: skip

ESCAP_ASSOCIATE_MEMBERS = frozenset(
    {"HKG", "MAC", "ASM", "COK", "PYF", "GUM", "NCL", "NIU", "MNP"}
)
# Members of ESCAP from outside the region: eligible as partners, not as a sub-region.
ESCAP_NON_REGIONAL_MEMBERS = frozenset({"FRA", "NLD", "GBR", "USA"})

# UN lists as kept by UN-OHRLLS (LDC list as of December 2024).
LDC = frozenset({"AFG", "BGD", "KHM", "KIR", "LAO", "MMR", "NPL", "TLS", "TUV"})
LLDC = frozenset(
    {"AFG", "ARM", "AZE", "BTN", "KAZ", "KGZ", "LAO", "MNG", "NPL", "TJK", "TKM", "UZB"}
)
SIDS = frozenset(
    {
        "COK", "FJI", "FSM", "KIR", "MDV", "MHL", "NRU", "NIU", "PLW", "PNG", "WSM",
        "SGP", "SLB", "TLS", "TON", "TUV", "VUT", "ASM", "PYF", "GUM", "NCL", "MNP",
    }
)  # fmt: skip

ANY_ELIGIBILITY = "any"


def category_slugs() -> frozenset[str]:
    """Every known category slug."""
    return frozenset(c.slug for c in CATEGORIES)


def support_type_slugs() -> frozenset[str]:
    """Every known support type slug."""
    return frozenset(s.slug for s in SUPPORT_TYPES)


@lru_cache(maxsize=1)
def related_categories() -> dict[str, frozenset[str]]:
    """Category relations made symmetric, so either side's declaration counts."""
    related: dict[str, set[str]] = {c.slug: set() for c in CATEGORIES}
    for category in CATEGORIES:
        for other in category.related:
            related[category.slug].add(other)
            related[other].add(category.slug)
    return {slug: frozenset(others) for slug, others in related.items()}


# Names people use that pycountry's exact lookup misses or, worse, resolves to a
# neighbour (its fuzzy search maps "Republic of Korea" to the DPRK).
COUNTRY_ALIASES: dict[str, str] = {
    "republic of korea": "KOR",
    "south korea": "KOR",
    "korea": "KOR",
    "korea, rep.": "KOR",
    "north korea": "PRK",
    "dprk": "PRK",
    "democratic people's republic of korea": "PRK",
    "lao pdr": "LAO",
    "laos": "LAO",
    "lao people's democratic republic": "LAO",
    "vietnam": "VNM",
    "iran": "IRN",
    "turkey": "TUR",
    "türkiye": "TUR",
    "turkiye": "TUR",
    "russia": "RUS",
    "micronesia": "FSM",
    "brunei": "BRN",
    "east timor": "TLS",
    "hong kong": "HKG",
    "macau": "MAC",
    "macao": "MAC",
    "the philippines": "PHL",
}


@lru_cache(maxsize=2048)
def resolve_country(value: str) -> str | None:
    """Return the ISO 3166-1 alpha-3 code for a code or a name, or None if unknown.

    Accepts alpha-2, alpha-3 and numeric codes, the names pycountry knows exactly and
    the common aliases above. No fuzzy guessing: a wrong country is worse than an
    error the user can correct.
    """
    text = " ".join(value.split())
    if not text:
        return None
    alias = COUNTRY_ALIASES.get(text.casefold())
    if alias:
        return alias
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return country.alpha_3


def country_name(alpha3: str) -> str:
    """A display name for an alpha-3 code (the common name where pycountry has one)."""
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        return alpha3
    return getattr(country, "common_name", None) or country.name


def sub_region_of(alpha3: str) -> str | None:
    """The ESCAP sub-region slug of a country, or None outside the region."""
    return ESCAP_SUB_REGION.get(alpha3)
