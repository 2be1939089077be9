"""The domain's vocabulary as data: synonyms, ambiguous words, stop-words, cues.

String matchers see characters, not meaning: "RT-PCR" and "molecular diagnostics"
share nothing, while "data centre" and "diagnostic centre" share a word. These tables
say which phrases name the same thing, which words mean different things in
different places, and which words carry no signal. They are data so they can grow
without code; `normalise` applies them.
"""

from __future__ import annotations

from collections.abc import Mapping

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Phrase (written plainly; normalised like the text before matching) -> replacement.
# Longer phrases win over shorter ones, and a replacement is never rewritten again.
SYNONYMS: Mapping[str, str] = {
    # molecular diagnostics
    "rt-pcr": "pcr",
    "rt-qpcr": "pcr",
    "qpcr": "pcr",
    "real-time pcr": "pcr",
    "polymerase chain reaction": "pcr",
    "molecular diagnostics": "pcr diagnostic",
    "molecular testing": "pcr testing",
    "molecular test": "pcr test",
    "nucleic acid amplification": "pcr",
    "naat": "pcr",
    # biosafety
    **{
        f"{form} {level}": f"biosafety bsl{n}"
        for n, level_forms in ((1, ("1", "i")), (2, ("2", "ii")), (3, ("3", "iii")))
        for level in level_forms
        for form in ("bsl", "biosafety level", "containment level")
    },
    "bsl1": "biosafety bsl1",
    "bsl2": "biosafety bsl2",
    "bsl3": "biosafety bsl3",
    "bsl-4": "biosafety bsl4",
    "biosafety level 4": "biosafety bsl4",
    "biosafety and biosecurity": "biosafety biosecurity",
    # quality systems and standards
    "gmp": "gmp",
    "cgmp": "gmp",
    "good manufacturing practice": "gmp",
    "good manufacturing practices": "gmp",
    "qms": "qms",
    "quality management system": "qms",
    "quality management systems": "qms",
    "qa/qc": "qa qc",
    "quality assurance": "qa",
    "quality control": "qc",
    "iso 15189": "iso15189 accreditation",
    "iso 17025": "iso17025 accreditation",
    "iso/iec 17025": "iso17025 accreditation",
    "iso 13485": "iso13485",
    "iso 9001": "iso9001",
    "accredited": "accreditation",
    "glp": "glp",
    "good laboratory practice": "glp",
    "gcp": "gcp",
    "good clinical practice": "gcp",
    # genomics
    "ngs": "sequencing",
    "next-generation sequencing": "sequencing",
    "next generation sequencing": "sequencing",
    "wgs": "sequencing genome",
    "whole genome sequencing": "sequencing genome",
    "whole-genome sequencing": "sequencing genome",
    "genome sequencing": "sequencing genome",
    "genomic sequencing": "sequencing genome",
    "sequencers": "sequencing",
    "sequencer": "sequencing",
    "genomic": "genome",
    "genomics": "genome",
    # calibration
    "metrology": "calibration",
    "metrological": "calibration",
    "calibrate": "calibration",
    "calibrating": "calibration",
    "calibrated": "calibration",
    # clinical engineering
    "clinical engineering": "bmet maintenance",
    "biomedical engineering technician": "bmet maintenance",
    "biomedical equipment technician": "bmet maintenance",
    "biomedical technician": "bmet maintenance",
    "bmet": "bmet maintenance",
    "equipment maintenance": "bmet maintenance",
    "maintenance of medical equipment": "bmet maintenance",
    "medical equipment maintenance": "bmet maintenance",
    "maintenance of equipment": "bmet maintenance",
    "preventive maintenance": "bmet maintenance",
    "repair of medical equipment": "bmet maintenance",
    # incubators (and the lab and radiotherapy machines that share the words)
    "incubator": "incubator startup",
    "accelerator": "incubator startup",
    "start-up programme": "incubator startup",
    "startup programme": "incubator startup",
    "start-up program": "incubator startup",
    "start-up": "startup",
    "business incubation": "incubator startup",
    "venture builder": "incubator startup",
    "infant incubator": "neonatal warmer",
    "neonatal incubator": "neonatal warmer",
    "co2 incubator": "labincubator",
    "laboratory incubator": "labincubator",
    "linear accelerator": "linac radiotherapy",
    "linac": "linac radiotherapy",
    # biomanufacturing
    "biomanufacturing": "biomanufacturing",
    "bio-manufacturing": "biomanufacturing",
    "vaccine production": "biomanufacturing vaccine",
    "vaccine manufacturing": "biomanufacturing vaccine",
    "vaccine manufacture": "biomanufacturing vaccine",
    "manufacturing of vaccines": "biomanufacturing vaccine",
    "production of vaccines": "biomanufacturing vaccine",
    "biologics manufacturing": "biomanufacturing biologic",
    "biologics production": "biomanufacturing biologic",
    "bioprocessing": "biomanufacturing",
    "fill-finish": "fillfinish biomanufacturing",
    "fill and finish": "fillfinish biomanufacturing",
    "messenger rna": "mrna",
    # a plant that is a factory, a plant that grows, and one that makes power
    "manufacturing plant": "factory",
    "production plant": "factory",
    "vaccine plant": "vaccine factory",
    "pharmaceutical plant": "pharmaceutical factory",
    "power plant": "powerstation",
    "plant health": "phytosanitary",
    "plant protection": "phytosanitary",
    "plant pathogen": "phytosanitary pathogen",
    "plant pathogens": "phytosanitary pathogen",
    "plant disease": "phytosanitary disease",
    "plant diseases": "phytosanitary disease",
    "plant breeding": "crop breeding",
    "crops": "crop",
    # whose health
    "animal health": "veterinary",
    "veterinary services": "veterinary",
    "human health": "health",
    # a data centre is not a diagnostic centre
    "data centre": "datacentre",
    "data center": "datacentre",
    "data centres": "datacentre",
    "data centers": "datacentre",
    # more abbreviations
    "lab": "laboratory",
    "labs": "laboratory",
    "tb": "tuberculosis",
    "amr": "antimicrobialresistance",
    "antimicrobial resistance": "antimicrobialresistance",
    "hiv/aids": "hiv",
    "lims": "lims",
    "laboratory information management system": "lims",
    "ehr": "ehr",
    "emr": "ehr",
    "electronic health records": "ehr",
    "electronic medical records": "ehr",
    "hmis": "hmis",
    "health management information system": "hmis",
    "dhis2": "hmis",
    "dhis 2": "hmis",
    "telehealth": "telemedicine",
    "e-health": "digitalhealth",
    "ehealth": "digitalhealth",
    "mhealth": "digitalhealth",
    "digital health": "digitalhealth",
    "nra": "regulator",
    "national regulatory authority": "regulator",
    "regulatory authority": "regulator",
    "ppe": "ppe",
    "personal protective equipment": "ppe",
    "active pharmaceutical ingredient": "apiingredient",
    "active pharmaceutical ingredients": "apiingredient",
    "ivd": "invitro diagnostic",
    "in vitro diagnostics": "invitro diagnostic",
    "point-of-care": "pointofcare",
    "point of care": "pointofcare",
    "rdt": "rapidtest diagnostic",
    "rapid diagnostic test": "rapidtest diagnostic",
    "hta": "hta",
    "health technology assessment": "hta",
    "ethics committee": "ethicsreview",
    "ethics review": "ethicsreview",
    "institutional review board": "ethicsreview",
    "technology transfer": "techtransfer",
    "tech transfer": "techtransfer",
    "r&d": "research",
    "covid-19": "covid",
    "sars-cov-2": "covid",
    "tech": "technology",
    "research and development": "research",
}

# A word whose sense depends on its neighbours: (sense, cue words) tried in order;
# the sense with most cues in the same text wins, and no cue leaves the word alone.
AMBIGUOUS: Mapping[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "plant": (
        (
            "factory",
            frozenset(
                "manufacturing production vaccine pharmaceutical gmp fillfinish "
                "biomanufacturing factory facility industrial medicine".split()
            ),
        ),
        (
            "crop",
            frozenset(
                "crop agriculture agricultural farm farmer seed soil harvest "
                "phytosanitary agronomy pest".split()
            ),
        ),
    ),
}

# Words that say nothing about *what* is needed or offered: the verbs and nouns of
# asking and giving. Topic words common in the domain ("national", "programme",
# "strengthening", "centre") are left to TF-IDF's idf, which weighs them by how
# common they really are; stopping them cost 0.01 NDCG@10 on the IATI benchmark.
DOMAIN_STOP_WORDS: frozenset[str] = frozenset(
    "need needs needed offer offers offered request requests requested seek seeks "
    "seeking sought require requires required provide provides provided providing "
    "help etc include includes including".split()
)
# Words a synonym phrase disambiguates: dropped from the phrase's own words when it
# is expanded, so "linear accelerator" keeps "linear" but not "accelerator" and can
# never meet a start-up accelerator, and "plant health" does not meet human health.
FALSE_FRIENDS: frozenset[str] = frozenset(
    "plant incubator accelerator centre center health".split()
)
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS

# Words that place a text in animal or plant health; human health is the default.
DOMAIN_CUES: Mapping[str, frozenset[str]] = {
    "animal": frozenset(
        "veterinary livestock poultry cattle animal fishery aquaculture".split()
    ),
    "plant": frozenset("phytosanitary crop agriculture agricultural".split()),
    "human": frozenset(
        "patient hospital clinical clinic human maternal newborn neonatal".split()
    ),
}
