from datetime import date
from pathlib import Path

import pytest

from matchmaker.matching import CsvError, read_needs_csv, read_offers_csv
from matchmaker.matching.csv_io import NEED_COLUMNS, OFFER_COLUMNS

NEED_HEADER = ",".join(NEED_COLUMNS)
OFFER_HEADER = ",".join(OFFER_COLUMNS)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_the_labelled_set(needs, offers):
    assert len(needs) == 30 and len(offers) == 30
    first = next(n for n in needs if n.id == "N01")
    assert first.country == "PHL"
    assert first.support_types == ("equipment", "technical")
    assert first.budget_usd == 250000.0 and first.deadline == date(2026, 6, 30)
    assert first.priority == 3
    o1 = next(o for o in offers if o.id == "O01")
    assert o1.eligible == ("south-east-asia", "south-south-west-asia")
    assert o1.capacity == 3 and o1.modality == "either"
    assert next(o for o in offers if o.id == "O02").eligible == ()


def test_names_resolve_and_optional_columns_may_be_absent(tmp_path):
    path = write(
        tmp_path,
        "needs.csv",
        'id,country,title,description\nA,Republic of Korea,"GCP, training",""\n'
        "B,Viet Nam,x,y\n",
    )
    records = read_needs_csv(path)
    assert [r.country for r in records] == ["KOR", "VNM"]
    assert records[0].title == "GCP, training" and records[0].category is None


NEED_ERRORS = [
    ("missing column", "id,country,title\nA,NPL,x\n", 1, "description", "missing"),
    ("unknown column", NEED_HEADER + ",colour\n", 1, "colour", "unknown column"),
    ("unknown slug", NEED_HEADER + "\nA,NPL,t,d,labs,,,,\n", 2, "category", "labs"),
    ("bad support", NEED_HEADER + "\nA,NPL,t,d,,cash,,,\n", 2, "support_types", "cash"),
    ("bad country", NEED_HEADER + "\nA,NPL,t,d,,,,,\nB,Atlantis,t,d,,,,,\n", 3,
     "country", "Atlantis"),
    ("bad number", NEED_HEADER + "\nA,NPL,t,d,,,12k,,\n", 2, "budget_usd", "12k"),
    ("bad date", NEED_HEADER + "\nA,NPL,t,d,,,,31/12/2026,\n", 2, "deadline", "date"),
    ("bad priority", NEED_HEADER + "\nA,NPL,t,d,,,,,urgent\n", 2, "priority", "urgent"),
    ("duplicate id", NEED_HEADER + "\nA,NPL,t,d,,,,,\nA,IND,t,d,,,,,\n", 3, "id",
     "duplicate"),
    ("empty title", NEED_HEADER + "\nA,NPL,,d,,,,,\n", 2, "title", "empty"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [case[1:] for case in NEED_ERRORS],
    ids=[case[0] for case in NEED_ERRORS],
)
def test_need_errors_name_file_line_and_column(tmp_path, text, line, column, words):
    path = write(tmp_path, "needs.csv", text)
    with pytest.raises(CsvError) as caught:
        read_needs_csv(path)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), line, column)
    message = str(error)
    assert str(path) in message and f"line {line}" in message and column in message
    assert words in message


OFFER_ERRORS = [
    ("bad eligible", "\nO,P,,t,d,,,Mars,,,,\n", "eligible", "Mars"),
    ("bad capacity", "\nO,P,,t,d,,,,two,,,\n", "capacity", "two"),
    ("zero capacity", "\nO,P,,t,d,,,,0,,,\n", "capacity", "0"),
    ("bad modality", "\nO,P,,t,d,,,,,solo,,\n", "modality", "solo"),
    ("bad partner country", "\nO,P,Narnia,t,d,,,,,,,\n", "partner_country", "Narnia"),
    ("unknown category", "\nO,P,,t,d,labs;rd-institute,,,,,,\n", "categories", "labs"),
    ("negative budget", "\nO,P,,t,d,,,,,,-5,\n", "budget_usd", "-5"),
]


@pytest.mark.parametrize(
    ("body", "column", "words"),
    [case[1:] for case in OFFER_ERRORS],
    ids=[case[0] for case in OFFER_ERRORS],
)
def test_offer_errors_name_file_line_and_column(tmp_path, body, column, words):
    path = write(tmp_path, "offers.csv", OFFER_HEADER + body)
    with pytest.raises(CsvError) as caught:
        read_offers_csv(path)
    assert (caught.value.line, caught.value.column) == (2, column)
    assert words in str(caught.value)


def test_line_numbers_count_quoted_newlines(tmp_path):
    text = NEED_HEADER + '\nA,NPL,t,"two\nlines",,,,,\nB,NPL,t,d,,,oops,,\n'
    with pytest.raises(CsvError, match="line 4, column 'budget_usd'"):
        read_needs_csv(write(tmp_path, "needs.csv", text))


def test_eligible_any_and_sub_regions(tmp_path):
    body = (
        '\nO,P,,t,d,,,pacific;NPL;Bhutan,2,regional,"1,500",2026-01-01'
        "\nQ,P,,t,d,,,any,,,,\n"
    )
    offers = read_offers_csv(write(tmp_path, "offers.csv", OFFER_HEADER + body))
    assert offers[0].eligible == ("BTN", "NPL", "pacific")
    assert offers[0].budget_usd == 1500.0 and offers[0].modality == "regional"
    assert offers[1].eligible == ()


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(CsvError, match="cannot open"):
        read_needs_csv(tmp_path / "absent.csv")
