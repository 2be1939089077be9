"""CSV downloads of the numbers behind a picture.

Spreadsheet programs run a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return as a formula, so such cells are written with a leading
apostrophe (the OWASP advice for CSV injection): a country or category name an
admin typed can never become a formula on a reader's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A value as a CSV cell that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    """Negative numbers stay numbers: "-3" is data, not a formula."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """A UTF-8 CSV (with a byte-order mark, so Excel reads the names right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
