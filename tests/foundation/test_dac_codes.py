"""Every category files under DAC purpose codes that the IATI codelist knows."""

from __future__ import annotations

import ast
import csv
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from matchmaker import dac_codes, taxonomy
from matchmaker.dac_codes import DacCode, codes_for, primary_code

# The repository is /work/main and the shared data /work/shared: three levels up.
CODELIST = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "dac-sectors"
    / "iati_codelist_Sector.csv"
)
SLUGS = sorted(taxonomy.category_slugs())
FORBIDDEN = (
    "flask",
    "sqlalchemy",
    "matchmaker.models",
    "matchmaker.services",
    "matchmaker.extensions",
    "matchmaker.web",
)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_category_has_codes_of_five_digits_without_repeats(slug: str) -> None:
    codes = codes_for(slug)
    assert codes, f"{slug} has no DAC code"
    assert all(len(c.code) == 5 and c.code.isdigit() for c in codes), codes
    assert len({c.code for c in codes}) == len(codes), f"{slug} repeats a code"
    assert all(c.name for c in codes)
    assert primary_code(slug) == codes[0]


def test_the_mapping_names_only_known_categories_and_copies_only_used_codes() -> None:
    assert set(dac_codes.CATEGORY_CODES) == set(SLUGS)
    used = {code for codes in dac_codes.CATEGORY_CODES.values() for code in codes}
    assert used == set(dac_codes.CODE_NAMES)
    assert dac_codes.UNSPECIFIED_HEALTH.code in used


@pytest.mark.parametrize("slug", [None, "", "no-such-category", "RD-INSTITUTE"])
def test_no_codes_for_no_category_or_an_unknown_one(slug: str | None) -> None:
    assert codes_for(slug) == ()
    assert primary_code(slug) is None


def test_a_code_is_a_frozen_value() -> None:
    code = codes_for("pharmaceutical-production")[0]
    assert code == DacCode("32168", "Pharmaceutical production")
    with pytest.raises(dataclasses.FrozenInstanceError):
        code.code = "12110"  # type: ignore[misc]


def _active_codelist() -> dict[str, str]:
    with CODELIST.open(newline="", encoding="utf-8") as handle:
        return {
            row["code"]: row["name"]
            for row in csv.DictReader(handle)
            if row["status"] == "active"
        }


@pytest.mark.skipif(
    not CODELIST.is_file(), reason=f"the IATI Sector codelist is not at {CODELIST}"
)
def test_every_code_and_name_match_an_active_row_of_the_codelist() -> None:
    active = _active_codelist()
    assert len(active) > 200, "the codelist looks truncated"
    copied = list(dac_codes.CODE_NAMES.items()) + [
        (c.code, c.name) for slug in SLUGS for c in codes_for(slug)
    ]
    wrong = [(code, name) for code, name in copied if active.get(code) != name]
    assert not wrong, f"not active in the codelist, or named otherwise: {wrong}"


def test_the_module_is_pure() -> None:
    """No Flask, no database: the engine, CSV tools and exports may all use it."""
    path = Path(dac_codes.__file__)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not [n for n in names if n.startswith(FORBIDDEN)], names
    script = (
        "import sys, matchmaker.dac_codes\n"
        f"print(','.join(m for m in sys.modules if m.startswith({FORBIDDEN[1:]!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
