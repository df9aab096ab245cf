"""Reading tables of figures: a header and rows of cell text, each row with its line.

A table of figures (``mapgen build --table``, ``geo/tables/``) is read by the point
layers' readers, so it may be whatever a layer may be: CSV or tab-separated text in
any encoding :func:`~mapgen.read.tables.read_table_text` tells apart, or one sheet of
an ``.xlsx``, ``.xls`` or ``.ods`` workbook (:func:`~mapgen.read.sheets.read_sheet`).
What the cells mean (which place a key names, whether a value is a number) is decided
by :mod:`mapgen.validate.figures`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mapgen.errors import DataError, Problem
from mapgen.read.sheets import column_letters, read_sheet
from mapgen.read.tables import csv_records, read_table_text

# Rows of titles and notes a sheet may have above its header, as for a layer.
TITLE_ROWS = 10


@dataclass(frozen=True)
class CellTable:
    """A table as text: its header, then each row that has any text, with its line.

    ``sheet`` is the sheet's name for a workbook (None for text), and ``first_column``
    the 0-based column of each row's first cell there, so a message can name a cell as
    Excel does.
    """

    shown: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    sheet: str | None = None
    first_column: int = 0

    def where(self, column: str, index: int, line: int) -> str:
        """How a message names a cell: by its column, and in a sheet also by its reference.

        >>> CellTable("t.csv", ("城市", "GDP"), 1, ()).where("GDP", 1, 4)
        'GDP'
        >>> CellTable("t.xlsx", ("城市", "GDP"), 3, (), sheet="2023").where("GDP", 1, 4)
        'sheet 2023, GDP (B4)'
        """
        if self.sheet is None:
            return column
        return f"sheet {self.sheet}, {column} ({column_letters(self.first_column + index)}{line})"


def _filled(rows: Iterable[tuple[int, Sequence[str]]]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The rows with any text (a blank line, as spreadsheets leave at the end, is no row)."""
    return tuple((line, tuple(cells)) for line, cells in rows if any(cell.strip() for cell in cells))


def read_text_cells(
    path: Path, shown: str, encoding: str | None = None, settings_shown: str | None = None
) -> CellTable:
    """A CSV or tab-separated table: its first line is the header.

    Raises DataError for text that is in no encoding it can tell, broken quoting, or no header.
    """
    records = csv_records(read_table_text(path, shown, encoding, settings_shown), shown)
    first = next(records, None)
    if first is None or not any(cell.strip() for cell in first[1]):
        raise DataError([Problem(shown, 1, "", "the first line must be a header naming the columns")])
    header = tuple(cell.strip() for cell in first[1])
    return CellTable(shown, header, first[0], _filled(records))


def read_sheet_cells(
    path: Path, shown: str, sheet: str | None = None, header_names: Sequence[str] = ()
) -> CellTable:
    """One sheet of a workbook: ``sheet`` by name, else the first visible one.

    The header is the first row that names one of ``header_names`` among the first rows
    with text (titles may stand above it), else the first row with text. Raises
    :class:`~mapgen.read.sheets.NoSuchSheet` and DataError as :func:`read_sheet` does,
    and DataError for a sheet with no text.
    """
    read = read_sheet(path, shown, sheet)
    at = header_index(read.rows, header_names)
    if at is None:
        raise DataError(
            [Problem(shown, 0, f"sheet {read.name}", "is empty: it needs a header naming the columns")]
        )
    header = tuple(cell.strip() for cell in read.rows[at])
    rows = ((read.line(index), cells) for index, cells in enumerate(read.rows) if index > at)
    return CellTable(shown, header, read.line(at), _filled(rows), read.name, read.first_column)


def header_index(rows: Sequence[Sequence[str]], names: Sequence[str]) -> int | None:
    """Which row is the header: the first naming one of ``names`` among the first rows with
    text, else the first with text; None when no row has any.

    >>> header_index([["GDP of 2023", ""], ["城市", "GDP"], ["杭州", "1"]], ["GDP"])
    1
    >>> header_index([["", ""], ["城市", "x"]], ["GDP"]), header_index([[""]], ["GDP"])
    (1, None)
    """
    wanted = set(names)
    first = None
    for index, row in enumerate(rows):
        if not any(cell.strip() for cell in row):
            continue
        first = index if first is None else first
        if wanted & {cell.strip() for cell in row}:
            return index
        if index - first >= TITLE_ROWS:
            break
    return first
