import pytest

from matchmaker.matching.normalise import health_domains, normalise_text


def shared(a: str, b: str) -> set[str]:
    return set(normalise_text(a).split()) & set(normalise_text(b).split())


@pytest.mark.parametrize(
    ("a", "b", "term"),
    [
        ("RT-PCR testing", "molecular diagnostics", "pcr"),
        ("real-time PCR", "qPCR", "pcr"),
        ("BSL-2 lab", "biosafety level 2 laboratories", "bsl2"),
        ("cGMP audit", "good manufacturing practices", "gmp"),
        ("QMS", "quality management system", "qms"),
        ("NGS", "whole genome sequencing", "sequencing"),
        ("WGS", "genome sequencing", "genome"),
        ("calibration services", "metrology institute", "calibration"),
        ("clinical engineering", "BMET training", "bmet"),
        ("equipment maintenance", "biomedical equipment technicians", "maintenance"),
        ("incubator", "start-up programme", "incubator"),
        ("accelerator", "incubator", "startup"),
        ("biomanufacturing", "vaccine production", "biomanufacturing"),
        ("ISO 15189", "iso15189", "iso15189"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_synonyms_meet_on_one_canonical_term(a, b, term):
    assert term in shared(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("national data centre", "regional diagnostic centre"),
        ("vaccine manufacturing plant", "plant health laboratory for crops"),
        ("linear accelerator for radiotherapy", "health-tech start-up accelerator"),
        ("infant incubators", "business incubator for start-ups"),
    ],
)
def test_false_friends_share_no_term(a, b):
    assert shared(a, b) == set()


def test_plant_is_resolved_by_its_neighbours():
    assert "factory" in normalise_text("a plant producing vaccines under GMP").split()
    assert "crop" in normalise_text("plant yields on the farm").split()
    assert "plant" in normalise_text("a new plant").split()


def test_case_accents_punctuation_and_stop_words():
    assert normalise_text("  The Café—LABORATORIES, in Néw   Delhi!! ") == (
        "cafe laboratory new delhi"
    )
    assert normalise_text("") == ""


def test_health_domains():
    assert health_domains(normalise_text("animal health laboratory")) == {"animal"}
    assert health_domains(normalise_text("plant health diagnostics")) == {"plant"}
    assert health_domains(normalise_text("PCR laboratory")) == {"human"}
    both = health_domains(normalise_text("zoonoses in livestock and hospital patients"))
    assert both == {"animal", "human"}


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("HIV/AIDS prevention", {"hiv", "aids", "prevention"}),
        ("TB programme", {"tb", "tuberculosis", "programme"}),
        ("NGS instruments", {"ngs", "sequencing", "instrument"}),
        ("RT-PCR", {"rt", "pcr"}),
    ],
)
def test_synonyms_expand_and_keep_the_original_words(text, tokens):
    assert set(normalise_text(text).split()) == tokens


def test_disambiguated_false_friends_are_dropped_not_kept():
    assert normalise_text("linear accelerator").split() == [
        "linear",
        "linac",
        "radiotherapy",
    ]
    assert "health" not in normalise_text("plant health").split()
    assert "plant" not in normalise_text("power plant").split()


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("laboratories", "laboratory"),
        ("snakes", "snake"),
        ("technicians", "technician"),
        ("cases", "cases"),
        ("goods", "goods"),
        ("diagnosis", "diagnosis"),
        ("access", "access"),
    ],
)
def test_only_long_regular_plurals_are_stripped(word, expected):
    assert normalise_text(word) == expected


def test_domain_stop_words_are_only_empty_words():
    assert normalise_text("we need help and seek support, including etc") == ("support")
    assert normalise_text("national programme centre") == "national programme centre"
