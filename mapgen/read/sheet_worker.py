"""The child process that reads one sheet of a workbook with calamine (run by :mod:`mapgen.read.sheets`).

calamine is native code, and on a malformed workbook it can take the whole process down
rather than raise: it allocates a sheet's used area at once (one cell in ``A1`` and one
in ``XFD1048576`` ask for 550 GB, and the allocation failure aborts), and its ``.xls``
reader follows sector chains without looking for loops. So it runs here, in a process
of its own with its memory and CPU time capped, and sends back plain text.

Protocol: ``python -I sheet_worker.py MEMORY_BYTES CPU_SECONDS``; on standard input a
marshalled ``(sheet name or None, cell limit)``, then the workbook's bytes; on standard
output marshalled frames:

- ``("sheet", name, first_row, first_column)``, then ``("rows", [[text, ...], ...])``
  in batches, then ``("end",)``: the sheet's used area, 0-based from ``A1``;
- ``("no-sheet", [names])``: no sheet has the name asked for;
- ``("too-big", name, rows, columns)``: the used area is over the cell limit;
- ``("error", message)``: calamine could not read the workbook.

This module imports nothing from :mod:`mapgen`, so it runs on its own path with ``-I``.
"""

from __future__ import annotations

import datetime as dt
import io
import marshal
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

# Cells sent in one frame: big enough that framing costs nothing, small enough that the
# text of one batch stays a few megabytes.
BATCH_CELLS = 50_000


def cell_text(value: object) -> str:
    """A cell's value as the text a popup shows: numbers as Excel's 15 digits, dates as ISO.

    >>> cell_text(120.0), cell_text(31.0322), cell_text(0.1 + 0.2), cell_text(13800138000.0)
    ('120', '31.0322', '0.3', '13800138000')
    >>> cell_text(True), cell_text(dt.date(2024, 2, 3)), cell_text(dt.datetime(2024, 2, 3, 9, 30))
    ('TRUE', '2024-02-03', '2024-02-03 09:30:00')
    >>> cell_text(dt.time(10, 30)), cell_text(dt.timedelta(hours=30, seconds=5)), cell_text("")
    ('10:30:00', '30:00:05', '')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.15g}"  # what Excel stores; 0.1 + 0.2 shows as 0.3, as in Excel
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
        return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"  # Excel's [h]:mm:ss
    return "" if value is None else str(value)


def pick_sheet(names: list[str], visible: list[bool], wanted: str | None) -> str | None:
    """The sheet to read: ``wanted`` (exactly, else ignoring case), or the first visible one.

    >>> pick_sheet(["Lists", "企业"], [False, True], None), pick_sheet(["Firms"], [True], "firms ")
    ('企业', 'Firms')
    >>> pick_sheet(["Firms"], [True], "Parks") is None
    True
    """
    if wanted is None:
        return next(
            (name for name, shown in zip(names, visible, strict=True) if shown), names[0] if names else None
        )
    if wanted in names:
        return wanted
    folded = [name for name in names if name.strip().casefold() == wanted.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


def frames(data: bytes, wanted: str | None, max_cells: int) -> Iterator[tuple[Any, ...]]:
    """The frames that answer a request (see the module's docstring)."""
    import python_calamine as calamine  # here: the doctests above need no workbook reader

    book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = list(book.sheet_names)
    visible = [
        meta.typ == calamine.SheetTypeEnum.WorkSheet and meta.visible == calamine.SheetVisibleEnum.Visible
        for meta in book.sheets_metadata
    ]
    name = pick_sheet(names, visible, wanted)
    if name is None:
        yield ("no-sheet", names)
        return
    sheet = book.get_sheet_by_name(name)
    if sheet.height * sheet.width > max_cells:
        yield ("too-big", name, sheet.height, sheet.width)
        return
    first_row, first_column = sheet.start or (0, 0)
    yield ("sheet", name, first_row, first_column)
    # The used area only: iter_rows() would start with the empty rows above it, as many
    # as a million of them, each as wide as the area.
    rows = sheet.to_python(skip_empty_area=True)
    batch: list[list[str]] = []
    cells = 0
    for index, row in enumerate(rows):
        rows[index] = []  # each row's values are freed as its text is made
        batch.append([value if type(value) is str else cell_text(value) for value in row])  # text: most cells
        cells += len(row)
        if cells >= BATCH_CELLS:
            yield ("rows", batch)
            batch, cells = [], 0
    if batch:
        yield ("rows", batch)
    yield ("end",)


def _limit(memory: int, cpu_seconds: int) -> None:
    """Cap this process's address space and CPU time (where the platform can)."""
    try:
        import resource
    except ImportError:  # not on Windows: the parent's wall-clock limit still holds
        return
    for kind, soft, hard in (
        (resource.RLIMIT_AS, memory, memory),
        (resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1),  # SIGXCPU, then SIGKILL
    ):
        _, ceiling = resource.getrlimit(kind)
        if ceiling != resource.RLIM_INFINITY:
            soft, hard = min(soft, ceiling), min(hard, ceiling)
        resource.setrlimit(kind, (soft, hard))


def main(stdin: BinaryIO, stdout: BinaryIO) -> None:
    _limit(int(sys.argv[1]), int(sys.argv[2]))
    wanted, max_cells = marshal.load(stdin)
    data = stdin.read()
    try:
        for frame in frames(data, wanted, max_cells):
            marshal.dump(frame, stdout)
    except MemoryError:
        marshal.dump(("error", "it needs more memory than a workbook may take"), stdout)
    except BaseException as error:  # calamine's panics are BaseExceptions, not Exceptions
        marshal.dump(("error", str(error) or type(error).__name__), stdout)
    stdout.flush()


if __name__ == "__main__":
    main(sys.stdin.buffer, sys.stdout.buffer)
