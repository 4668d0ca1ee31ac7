"""CSV as spreadsheets read it: UTF-8 with a byte-order mark, and no cell a spreadsheet would
run as a formula (CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text; one that would start a formula is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def iter_csv(
    header: Sequence[str], rows: Iterable[Sequence[object]], batch: int = 500
) -> Iterator[bytes]:
    """The file in chunks of `batch` rows, for streaming a long export."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow([safe_cell(value) for value in row])
        if n % batch == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    return b"".join(iter_csv(header, rows))
