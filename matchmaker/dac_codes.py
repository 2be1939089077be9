"""OECD DAC purpose codes for matchmaker's categories, so aid databases can file them.

Aid databases (the OECD Creditor Reporting System, IATI, national aid management
platforms) file each activity under 5-digit DAC purpose codes, "sectors" in IATI.
This module says which codes each of our categories (``taxonomy.CATEGORIES``)
belongs to, the first being the primary one, so that a need, an offer or a completed
pairing can be exported in words those databases understand.

Source: the IATI ``Sector`` codelist (``iati_codelist_Sector.csv``, vocabulary 1,
"OECD DAC CRS Purpose Codes (5 digit)"), from the CSV conversion of the IATI
codelists. The codelist content is published by the IATI Standard under CC BY 4.0
(https://iatistandard.org/); the conversion comes from the IATI-Codelists software,
MIT licence, copyright (c) 2013-2014 Ben Webb. Only the codes used here are copied,
with their names exactly as the codelist spells them; a test compares them with the
codelist's active rows whenever the CSV is at hand.

How the codes were chosen, from each code's description in the codelist:

* Health comes first wherever the work serves health directly (121xx general
  health, 122xx basic health); production goes to industry (32168 pharmaceutical
  production, which the codelist defines as medical equipment and supplies, drugs,
  medicines and vaccines); research institutions to 12182 medical research, with
  43082 for institutes that span several fields.
* 12191 "Medical services" names laboratories, specialised clinics and hospitals
  *including equipment and supplies*, which is where our laboratories and equipment
  belong; 12230 covers the same at district level.
* 32182 "Technological research and development" explicitly includes industrial
  standards, quality management, metrology, testing, accreditation and
  certification: the calibration and quality side of our categories.
* A category the admin adds later has no codes until someone maps it here;
  ``codes_for`` then answers with none rather than guessing.

Pure module: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DacCode:
    """One DAC 5-digit purpose code and its name in the IATI Sector codelist."""

    code: str
    name: str


# Names as the IATI Sector codelist spells them (only the codes used below).
CODE_NAMES: dict[str, str] = {
    "12110": "Health policy and administrative management",
    "12181": "Medical education/training",
    "12182": "Medical research",
    "12191": "Medical services",
    "12196": "Health statistics and data",
    "12230": "Basic health infrastructure",
    "12250": "Infectious disease control",
    "12281": "Health personnel development",
    "15144": "National standards development",
    "25030": "Business development services",
    "32130": "Small and medium-sized enterprises (SME) development",
    "32168": "Pharmaceutical production",
    "32182": "Technological research and development",
    "43081": "Multisector education/training",
    "43082": "Research/scientific institutions",
}

# Category slug → its codes, primary first.
CATEGORY_CODES: dict[str, tuple[str, ...]] = {
    # Health R&D institutes do medical research; 43082 for institutes and centres
    # of excellence whose work spans more than health.
    "rd-institute": ("12182", "43082"),
    # 12191 names laboratories with their equipment and supplies; biosafety and
    # genomic surveillance of pathogens serve infectious disease control.
    "testing-laboratory": ("12191", "12250"),
    # The codelist files incubators under business development services (25030)
    # and sends direct support to the start-ups themselves to SME development.
    "incubator": ("25030", "32130"),
    # Supplying devices and diagnostic equipment to specialised facilities is
    # 12191, to district hospitals and clinics 12230; making them is 32168.
    "biomedical-equipment": ("12191", "12230", "32168"),
    # Clinical engineering keeps the facilities' equipment working (12191);
    # calibration and metrology are named in 32182.
    "equipment-maintenance": ("12191", "32182"),
    # Vaccine production is 32168 by definition; the vaccines serve
    # immunisation, which the codelist files under infectious disease control.
    "vaccine-manufacturing": ("32168", "12250"),
    # Medicines and active ingredients: pharmaceutical production alone.
    "pharmaceutical-production": ("32168",),
    # Medicines regulators are health administration (12110); accreditation,
    # quality management and certification are 32182; national standards bodies
    # are 15144.
    "regulatory-capacity": ("12110", "32182", "15144"),
    # Our training is mostly for specialised (tertiary) services: laboratory,
    # biomedical and research staff (12181); health staff for basic care 12281;
    # fellowships and scholarships outside medicine 43081.
    "human-resources": ("12181", "12281", "43081"),
    # Sequencing capacity serves research (12182) and pathogen surveillance
    # (12250); bioinformatics platforms are health data (12196).
    "genomics-bioinformatics": ("12182", "12250", "12196"),
    # Health information systems and data platforms are 12196 ("establishment of
    # health databases"); as part of health system strengthening also 12110.
    "digital-health": ("12196", "12110"),
    # Clinical trials are medical research; ethics review and good clinical
    # practice oversight belong to health administration and regulation.
    "clinical-trials": ("12182", "12110"),
}

# Every pairing in matchmaker is health work; 12110 is the codelist's home for
# "unspecified health activities", for a category no one has mapped yet.
UNSPECIFIED_HEALTH = DacCode("12110", CODE_NAMES["12110"])


def codes_for(category_slug: str | None) -> tuple[DacCode, ...]:
    """The DAC codes of a category, primary first; none for None or an unknown slug."""
    if category_slug is None:
        return ()
    return tuple(
        DacCode(code, CODE_NAMES[code])
        for code in CATEGORY_CODES.get(category_slug, ())
    )


def primary_code(category_slug: str | None) -> DacCode | None:
    """The category's primary DAC code, or None when it has none."""
    codes = codes_for(category_slug)
    return codes[0] if codes else None
