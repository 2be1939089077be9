import csv
import io
import json

from click.testing import CliRunner

from matchmaker.matching_cli import match_files_command

from .conftest import DATA

NEEDS, OFFERS = str(DATA / "needs.csv"), str(DATA / "offers.csv")


def run(*args: str):
    return CliRunner().invoke(match_files_command, [NEEDS, OFFERS, *args])


def test_json_to_stdout():
    result = run("--as-of", "2025-06-01", "--top", "2", "--min-score", "45")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["settings"]["top_k"] == 2 and payload["settings"]["min_score"] == 45
    assert all(s["rank"] <= 2 and s["score"] >= 45 for s in payload["suggestions"])
    assert "N14" in payload["unmet"]


def test_csv_to_file(tmp_path):
    out = tmp_path / "suggestions.csv"
    result = run("--as-of", "2025-06-01", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert list(rows[0]) == [
        "need_id", "offer_id", "rank", "score", "top_reasons", "explanation",
    ]  # fmt: skip
    assert rows[0]["need_id"] == "N01" and rows[0]["rank"] == "1"
    assert rows[0]["top_reasons"].count(";") == 2
    assert "topic=" in rows[0]["explanation"]


def test_error_names_file_line_column_and_writes_nothing(tmp_path):
    bad = tmp_path / "needs.csv"
    bad.write_text(
        "id,country,title,description,budget_usd\nA,NPL,t,d,\nB,NPL,t,d,lots\n"
    )
    out = tmp_path / "out.json"
    result = CliRunner().invoke(
        match_files_command, [str(bad), OFFERS, "--out", str(out)]
    )
    assert result.exit_code != 0
    assert f"{bad}, line 3, column 'budget_usd'" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_bad_option_values_are_refused():
    assert run("--top", "0").exit_code != 0
    assert run("--min-score", "120").exit_code != 0
    assert run("--as-of", "June").exit_code != 0
    assert run("--format", "xml").exit_code != 0


def test_help_documents_the_csv_columns():
    result = CliRunner().invoke(match_files_command, ["--help"])
    assert "top_reasons" in result.output and "NEEDS.csv OFFERS.csv" in result.output
