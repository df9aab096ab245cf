"""Reading workbooks (``.xlsx``, ``.xls``, ``.ods``): one sheet as rows of text with their row numbers.

The file is read as any other input (a regular file, at most :data:`MAX_TABLE_BYTES`),
and its container is checked before any workbook reader sees it: a ``.xlsx`` or
``.ods`` is a zip archive, and one whose parts would unpack to more than
:data:`MAX_UNPACKED_BYTES` (a zip bomb packs gigabytes into kilobytes) is refused by
the sizes its directory declares. calamine then reads the sheet in a child process
(:mod:`mapgen.read.sheet_worker`) whose memory and CPU time are capped, because
calamine can abort a whole process on a malformed workbook rather than raise; and a
sheet whose used area is over :data:`MAX_SHEET_CELLS` is refused with its size. Every
refusal is one ``path: message`` line.

What the cells mean is decided by :mod:`mapgen.validate.layers`, as for CSV.
"""

from __future__ import annotations

import io
import marshal
import math
import signal
import struct
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from mapgen.errors import DataError, Problem
from mapgen.read import sheet_worker
from mapgen.read.tables import MAX_TABLE_BYTES
from mapgen.read.text import read_bytes

WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".ods")
# A sheet's used area (rows x columns, empty cells included) that a layer may have: a
# register of 100,000 enterprises with 50 columns. calamine holds the whole area at
# once, about 32 bytes a cell, and the text of every cell comes back to this process.
MAX_SHEET_CELLS = 5_000_000
# What the parts of a zipped workbook may unpack to, and how many parts it may have.
# 5,000,000 cells of XML take about 200 MB, their shared strings as much again.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_ZIP_PARTS = 10_000
# The reading process's address space: calamine's cells and strings for the largest
# sheet allowed, plus two copies of the file (received, and calamine's own).
WORKER_MEMORY_BYTES = 1024 * 1024 * 1024
# Its CPU time: calamine reads about 100 MB of XML a second on a slow core.
WORKER_BASE_SECONDS = 10
WORKER_BYTES_PER_SECOND = 10 * 1024 * 1024

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a part first, or an empty archive
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also an encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream of a password-protected .xlsx
_WORKER = Path(sheet_worker.__file__)
# How the worker ends at its CPU limit (SIGXCPU, then SIGKILL), or at the parent's clock.
_OUT_OF_TIME = {-getattr(signal, name) for name in ("SIGXCPU", "SIGKILL") if hasattr(signal, name)}


@dataclass(frozen=True)
class Sheet:
    """The used area of one sheet: ``rows[i]`` is spreadsheet row ``first_row + i``.

    Every row has the area's width; ``first_column`` is the 0-based column of each row's
    first cell (0 for ``A``).
    """

    name: str
    first_row: int = 1
    first_column: int = 0
    rows: list[list[str]] = field(default_factory=list)

    def line(self, index: int) -> int:
        """The spreadsheet row number of ``rows[index]``."""
        return self.first_row + index

    def cell(self, index: int, column: int) -> str:
        """The reference of a cell, as Excel writes it.

        >>> Sheet("S", first_row=3, first_column=1).cell(2, 0)
        'B5'
        """
        return f"{column_letters(self.first_column + column)}{self.line(index)}"


class NoSuchSheet(Exception):
    """The settings name a sheet the workbook does not have; ``names`` are the ones it has."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(", ".join(names))


def column_letters(index: int) -> str:
    """A 0-based column index as Excel's letters.

    >>> column_letters(0), column_letters(25), column_letters(26), column_letters(16_383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_sheet(path: Path, shown: str, sheet: str | None = None) -> Sheet:
    """One sheet of a workbook: ``sheet`` by name, else the first visible one.

    Raises :class:`NoSuchSheet` when there is no such sheet, and DataError naming
    ``shown`` for a file that is not a workbook, is damaged, or is over a limit.
    """
    raw = read_bytes(path, shown, MAX_TABLE_BYTES)
    unpacked = check_container(raw, shown)
    cpu = WORKER_BASE_SECONDS + unpacked // WORKER_BYTES_PER_SECOND
    return _answer(_ask_worker(raw, sheet, cpu), shown, cpu)


def check_container(raw: bytes, shown: str) -> int:
    """What the workbook's data unpacks to, in bytes; DataError when it is no workbook,
    encrypted, damaged, or would unpack to more than :data:`MAX_UNPACKED_BYTES`.

    >>> check_container(b"name,lat,lon", "f.xls")
    Traceback (most recent call last):
    ...
    mapgen.errors.DataError: f.xls: is not a workbook: it does not start as .xlsx, .xls or .ods files do \
(an .xls made by a web site is often an HTML page or text); open it in Excel or LibreOffice and save it as \
.xlsx or CSV UTF-8
    """
    if raw.startswith(_ZIP):
        return _zip_size(raw, shown)
    if raw.startswith(_OLE2):
        if _ENCRYPTED in raw:
            raise _problem(shown, "is password-protected; save a copy without a password")
        return len(raw)
    raise _problem(
        shown,
        "is empty"
        if not raw
        else "is not a workbook: it does not start as .xlsx, .xls or .ods files do (an .xls made by a "
        "web site is often an HTML page or text); open it in Excel or LibreOffice and save it as .xlsx "
        "or CSV UTF-8",
    )


def _zip_size(raw: bytes, shown: str) -> int:
    """The sum of the sizes a zip's directory declares for its parts, once checked.

    The declared sizes are enough: calamine's zip reader refuses a part that unpacks
    to more than it declares ("File is larger than its declared uncompressed size").
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error) as error:
        raise _problem(
            shown,
            f"is damaged or incomplete (was the copy cut short?): a workbook is a zip archive, and {error}",
        ) from None
    if len(parts) > MAX_ZIP_PARTS:
        raise _problem(shown, f"has {len(parts):,} parts; a workbook may have at most {MAX_ZIP_PARTS:,}")
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        raise _problem(
            shown,
            f"would unpack to {total:,} bytes; a workbook may unpack to at most {MAX_UNPACKED_BYTES:,} "
            "(save the sheet as CSV UTF-8 if it really holds that much)",
        )
    return total


def _ask_worker(raw: bytes, sheet: str | None, cpu: int) -> list[tuple[Any, ...]] | int:
    """The worker's frames, or its exit status when it ended without its last frame."""
    request = marshal.dumps((sheet, MAX_SHEET_CELLS))
    if not sys.executable:  # embedded without an interpreter to start: read here, uncapped
        return list(sheet_worker.frames(raw, sheet, MAX_SHEET_CELLS))
    memory = WORKER_MEMORY_BYTES + 2 * len(raw)
    command = [sys.executable, "-I", str(_WORKER), str(memory), str(cpu)]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as worker:
        assert worker.stdin is not None and worker.stdout is not None
        feeder = threading.Thread(target=_feed, args=(worker.stdin, request, raw), daemon=True)
        feeder.start()
        # CPU time is capped in the worker; this catches one that waits instead.
        watchdog = threading.Timer(4 * cpu + 10, worker.kill)
        watchdog.start()
        try:
            frames = list(_frames(worker.stdout))
        finally:
            watchdog.cancel()
            feeder.join()
        status = worker.wait()
    ended = bool(frames) and frames[-1][0] in ("end", "no-sheet", "too-big", "error")
    return frames if ended else status


def _feed(stdin: IO[bytes], request: bytes, raw: bytes) -> None:
    try:
        stdin.write(request)
        stdin.write(raw)
        stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the worker ended early; its status says why


def _frames(stream: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    """Marshalled frames until the stream ends (or breaks off, when the worker was killed)."""
    while True:
        try:
            frame = marshal.load(stream)
        except (EOFError, ValueError, TypeError):
            return
        if not isinstance(frame, tuple) or not frame:
            return
        yield frame


def _answer(reply: list[tuple[Any, ...]] | int, shown: str, cpu: int) -> Sheet:
    """The sheet the worker sent, or the problem it met."""
    if isinstance(reply, int):
        raise _problem(shown, _died(reply, cpu))
    kind = reply[-1][0]
    if kind == "no-sheet":
        raise NoSuchSheet(list(reply[-1][1]))
    if kind == "too-big":
        _, name, height, width = reply[-1]
        raise DataError(
            [
                Problem(
                    shown,
                    0,
                    f"sheet {name}",
                    f"its used area is {height:,} rows by {width:,} columns ({height * width:,} cells); "
                    f"a layer may have at most {MAX_SHEET_CELLS:,}: delete the empty rows and columns "
                    "below and to the right of the data, or save the sheet as CSV UTF-8",
                )
            ]
        )
    if kind == "error":
        # calamine tries each format in turn, and says only this when all of them fail.
        why = reply[-1][1].replace(
            "Cannot detect file format", "it is damaged, or not an .xlsx, .xls or .ods file"
        )
        raise _problem(shown, f"cannot be read as a workbook: {why}")
    _, name, first_row, first_column = reply[0]
    rows = [row for frame in reply[1:-1] for row in frame[1]]
    return Sheet(name, first_row + 1, first_column, rows)


def _died(status: int, cpu: int) -> str:
    """Why the worker ended without an answer, from its exit status.

    >>> _died(-signal.SIGKILL, 12)
    'cannot be read: reading it took more than 12 s of CPU time; save the sheet as CSV UTF-8'
    """
    if status in _OUT_OF_TIME:
        return f"cannot be read: reading it took more than {cpu} s of CPU time; save the sheet as CSV UTF-8"
    megabytes = math.ceil(WORKER_MEMORY_BYTES / 1024 / 1024)
    return (
        f"cannot be read within {megabytes:,} MB of memory: the file is damaged, or a sheet's used area "
        "reaches far beyond its data (a stray cell far below or to the right?); delete the empty rows and "
        "columns, or save the sheet as CSV UTF-8"
    )


def _problem(shown: str, message: str) -> DataError:
    return DataError([Problem(shown, 0, "", message)])
