"""Reading tables of points: CSV records with their lines, and GeoJSON values as cell text.

What the cells mean (which column is latitude, whether a row is usable) is decided by
:mod:`mapgen.validate.layers`; here a file only becomes records that remember their line.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from mapgen.errors import DataError, Problem
from mapgen.read.text import read_text

# A register of every enterprise in the corridor is tens of megabytes; the limit stops a
# stray file of gigabytes, not real data.
MAX_TABLE_BYTES = 256 * 1024 * 1024


def csv_delimiter(header_line: str) -> str:
    """The delimiter Excel used: commas, or semicolons/tabs in some locales.

    >>> csv_delimiter("name;lat;lon"), csv_delimiter("name,lat,lon")
    (';', ',')
    """
    return max(",;\t", key=header_line.count)


def csv_records(text: str, shown: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; broken quoting is a DataError at its line.

    >>> list(csv_records('a,b\\n"x\\ny",2\\n', "t.csv"))
    [(1, ['a', 'b']), (2, ['x\\ny', '2'])]
    """
    delimiter = csv_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        # The record that failed starts at ``line``; an unclosed quote is only noticed at
        # the end of the file, which is no help in finding it.
        why = (
            "a quoted cell starts in this row and never closes" if "end of data" in str(error) else str(error)
        )
        raise DataError([Problem(shown, line, "", f"broken CSV quoting: {why}")]) from None


def read_table_text(path: Path, shown: str) -> str:
    """A table file's text; a CSV that is not UTF-8 gets the hint of how Excel saves UTF-8."""
    try:
        return read_text(path, shown, limit=MAX_TABLE_BYTES)
    except DataError as error:
        hint = "; in Excel, save it as 'CSV UTF-8 (Comma delimited)'"
        raise DataError(
            replace(p, message=p.message + hint)
            if p.message.startswith("not UTF-8") and path.suffix.lower() == ".csv"
            else p
            for p in error.problems
        ) from None


def feature_lines(text: str, count: int) -> list[int]:
    """Each feature's line when the file has them on lines of their own, else zeros.

    >>> feature_lines('{"features":[\\n{"type":"Feature"},\\n{"type": "Feature"}]}', 2)
    [2, 3]
    """
    lines, line, counted_to = [], 1, 0
    for match in re.finditer(r'"type"\s*:\s*"Feature"', text):
        line += text.count("\n", counted_to, match.start())  # counted once: big files stay linear
        counted_to = match.start()
        lines.append(line)
    return lines if len(lines) == count else [0] * count


def finite_number(value: Any) -> float | None:
    """A JSON number as a float; None for anything else (text, true, NaN).

    >>> finite_number(121), finite_number("121"), finite_number(True), finite_number(float("nan"))
    (121.0, None, None, None)
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def cell_text(value: Any) -> str:
    """A GeoJSON property as popup text.

    >>> cell_text(None), cell_text(3), cell_text(2.5), cell_text([1, "a"]), cell_text(True)
    ('', '3', '2.5', '[1,"a"]', 'true')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
