"""Tables read column by column, at C speed: a million rows never become a million Python
objects.

A :class:`TextColumn` is every row's text in one column as Arrow keeps strings (UTF-8
bytes end to end, and where each value starts). :func:`csv_columns` reads a text table
with pyarrow's CSV reader into such columns, each row with its line, or says it cannot
(then :func:`mapgen.read.tables.csv_records` reads it row by row, with the same
result). pyarrow is imported on first use: a map without point layers never loads it.
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from mapgen.coords import IntArray

ByteArray = np.ndarray[Any, np.dtype[np.uint8]]


# Wider tables are read row by row: pyarrow's reader takes seconds over 40,000 columns
# (a column each feature's property, say) that the csv module reads in milliseconds.
MAX_COLUMNS = 1_000


def arrow() -> Any:
    """pyarrow, imported when a table is first read."""
    import pyarrow

    if not _SYSTEM_POOL:
        # The C library's allocator gives memory Arrow frees back to the system at once
        # (mimalloc keeps it for reuse): a build reads a register, gathers its columns and
        # packs them, and its peak should be what one step holds, not what all ever held.
        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
        _SYSTEM_POOL.append(True)
    return pyarrow


_SYSTEM_POOL: list[bool] = []


def compute() -> Any:
    """pyarrow.compute, imported when a table is first read."""
    import pyarrow.compute

    return pyarrow.compute


class TextColumn(Sequence[str]):
    """Every row's text in one column ('' for an empty cell).

    >>> column = TextColumn.of(["松江", "", "松江"])
    >>> len(column), column[0], list(column), column == ("松江", "", "松江")
    (3, '松江', ['松江', '', '松江'], True)
    >>> column.counts()
    {'': 1, '松江': 2}
    """

    __slots__ = ("_counts", "array")

    def __init__(self, array: Any) -> None:
        # A pyarrow (large_)string array without nulls.
        self.array = array
        self._counts: dict[str, int] | None = None

    @classmethod
    def of(cls, texts: Iterable[str]) -> TextColumn:
        return cls(arrow().array(list(texts), type=arrow().string()))

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.array[index].to_pylist()
        return self.array[index].as_py()

    def __iter__(self) -> Iterator[str]:
        return iter(self.array.to_pylist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TextColumn):
            return bool(self.array.equals(other.array))
        if isinstance(other, (tuple, list)):
            return bool(self.array.to_pylist() == list(other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = self.array.slice(0, 5).to_pylist()
        return f"TextColumn({shown}{' ...' if len(self) > 5 else ''}, {len(self):,} rows)"

    def counts(self) -> dict[str, int]:
        """How many rows hold each text, the texts sorted (by code point)."""
        if self._counts is None:
            found = compute().value_counts(self.array)
            pairs = zip(found.field("values").to_pylist(), found.field("counts").to_pylist(), strict=True)
            self._counts = dict(sorted(pairs))
        return self._counts

    def repeats(self, share: int = 4) -> bool:
        """Whether the column's texts repeat, each about ``share`` times or more on average:
        judged on (at most) 4,096 rows spread evenly over the column, since counting every
        distinct text of a million names takes longer than the rest of reading them.

        >>> TextColumn.of(["a", "b"] * 50).repeats(), TextColumn.of(map(str, range(100))).repeats()
        (True, False)
        """
        rows = len(self)
        if rows == 0:
            return False
        step = max(1, rows // 4096)
        sample = self.array[::step] if step > 1 else self.array
        distinct = int(compute().count_distinct(sample).as_py())
        return bool(distinct * share <= len(sample))

    def codes(self, dictionary: Sequence[str]) -> IntArray:
        """Each row's index in ``dictionary``, which holds every text of the column.

        >>> TextColumn.of(["b", "a", "b"]).codes(["a", "b"]).tolist()
        [1, 0, 1]
        """
        pa = arrow()
        found = compute().index_in(self.array, value_set=pa.array(list(dictionary), type=self.array.type))
        assert found.null_count == 0, "the dictionary holds every text of the column"
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)

    def utf8(self) -> tuple[IntArray, ByteArray]:
        """Each row's length in UTF-8 bytes, and every row's bytes end to end (Arrow's own
        buffer, not a copy).

        >>> lengths, data = TextColumn.of(["松", "ab", ""]).utf8()
        >>> lengths.tolist(), data.tobytes().decode()
        ([3, 2, 0], '松ab')
        """
        pa = arrow()
        array = self.array.combine_chunks() if isinstance(self.array, pa.ChunkedArray) else self.array
        _, offsets_buffer, data_buffer = array.buffers()
        wide = pa.types.is_large_string(array.type)
        offsets = np.frombuffer(offsets_buffer, dtype=np.int64 if wide else np.int32)
        offsets = offsets[array.offset : array.offset + len(array) + 1].astype(np.int64)
        data = np.frombuffer(data_buffer if data_buffer is not None else b"", dtype=np.uint8)
        return np.diff(offsets), data[offsets[0] : offsets[-1]]

    def take(self, rows: IntArray) -> TextColumn:
        """The texts of these rows, in this order."""
        return TextColumn(self.array.take(arrow().array(rows)))


@dataclass(frozen=True)
class CsvColumns:
    """A text table read column by column: its header's cells, each column's raw text (not
    stripped) and each row's first line in the file (blank lines are not rows)."""

    header: list[str]
    columns: list[TextColumn]
    lines: IntArray


def csv_columns(source: bytes | io.RawIOBase | io.BufferedIOBase) -> CsvColumns | None:
    """The table in ``source`` (UTF-8 bytes, or a file of them, perhaps with a BOM), or None
    when reading it column by column could differ from reading it row by row: text that is
    not UTF-8, a quote or NUL anywhere (pyarrow's and Python's CSV quoting differ at the
    edges), a row whose cells are not as many as the header's, an empty header, or more
    than :data:`MAX_COLUMNS` columns. The caller then decodes it as
    :func:`mapgen.read.tables.read_table_text` does and reads it row by row; the delimiter
    is chosen the same way (:func:`csv_delimiter`). A file is read by pyarrow as it goes,
    never whole into memory (unless it has blank lines, whose lines must be counted).

    >>> table = csv_columns("name,lat\\n甲,31.0\\n\\n乙, 30.5 \\n".encode())
    >>> table.header, [list(c) for c in table.columns], table.lines.tolist()
    (['name', 'lat'], [['甲', '乙'], ['31.0', ' 30.5 ']], [2, 4])
    >>> csv_columns('name,lat\\n"甲,乙",31\\n'.encode()) is None
    True
    """
    file = io.BytesIO(source) if isinstance(source, bytes) else source
    first = file.read(_HEAD_BYTES)
    bom = len(codecs.BOM_UTF8) if first.startswith(codecs.BOM_UTF8) else 0
    head_bytes = _LINE.match(first, bom)[0]  # type: ignore[index]  # always matches
    start = bom + len(head_bytes) + (2 if first.startswith(b"\r\n", bom + len(head_bytes)) else 1)
    if start > len(first) and len(first) == _HEAD_BYTES:
        return None  # a header longer than anyone's
    try:
        head = head_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = csv_delimiter(head)
    header = head.split(delimiter)
    if not any(cell.strip() for cell in header) or len(header) > MAX_COLUMNS or '"' in head or "\x00" in head:
        return None
    pa, csv, pc = arrow(), _csv(), compute()
    names = [f"c{i}" for i in range(len(header))]
    file.seek(start)
    try:
        table = csv.read_csv(
            pa.PythonFile(file, mode="r"),
            read_options=csv.ReadOptions(column_names=names),
            parse_options=csv.ParseOptions(delimiter=delimiter, quote_char=False),
            convert_options=csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:  # not UTF-8, a row of another width, or no rows at all
        return None
    columns = [TextColumn(table.column(name)) for name in names]
    del table
    if any(pc.any(pc.match_substring_regex(c.array, '["\\x00]')).as_py() for c in columns):
        return None
    return CsvColumns(header, columns, _record_lines(file, start, len(columns[0])))


_LINE = re.compile(rb"[^\r\n]*")
# Enough of a file to hold its header.
_HEAD_BYTES = 1 << 20


# Files whose reading started before they were asked for: (path, file identity) -> result.
_PREFETCHED: dict[str, tuple[tuple[int, int, int, int], Future[CsvColumns | None]]] = {}


def prefetch_csv(paths: Iterable[Path], limit: int) -> None:
    """Start reading these text tables (UTF-8, at most ``limit`` bytes) column by column in
    the background, while the program loads: pyarrow reads them off the interpreter's
    lock, on the other core. ``mapgen build`` starts it before importing folium; the
    table is then taken by :func:`prefetched` when the layer is read, if it is still the
    same file. Anything amiss (not a regular file, too big, gone) is left to the reading
    that reports it.
    """
    tables = [path for path in paths if path.suffix.lower() in (".csv", ".tsv", ".txt")]
    if not tables:
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefetch")
    for path in tables:
        with contextlib.suppress(OSError):
            status = os.stat(path)
            if stat.S_ISREG(status.st_mode) and status.st_size <= limit:
                _PREFETCHED[os.path.realpath(path)] = (_identity(status), pool.submit(_read_quietly, path))
    pool.shutdown(wait=False)


def prefetched(path: Path, file: io.RawIOBase | io.BufferedIOBase) -> CsvColumns | Literal[False] | None:
    """The table :func:`prefetch_csv` read from ``path``, if ``file`` (now open) is the file
    it read; False when there is none."""
    entry = _PREFETCHED.pop(os.path.realpath(path), None)
    if entry is None or entry[0] != _identity(os.fstat(file.fileno())):
        return False
    return entry[1].result()


def _identity(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _read_quietly(path: Path) -> CsvColumns | None:
    try:
        with path.open("rb") as file:
            return csv_columns(file)
    except Exception:
        return None


def csv_delimiter(header_line: str) -> str:
    """The delimiter Excel used: commas, or semicolons/tabs in some locales.

    >>> csv_delimiter("name;lat;lon"), csv_delimiter("name,lat,lon")
    (';', ',')
    """
    return max(",;\t", key=header_line.count)


def release_memory() -> None:
    """Give the memory freed so far back to the system, where the C library can (glibc).

    pyarrow's reading threads allocate from glibc's per-thread arenas, which keep what is
    freed: after a register of a million rows is read, a seventh of a gigabyte of it.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _csv() -> Any:
    import pyarrow.csv

    return pyarrow.csv


def _record_lines(file: io.RawIOBase | io.BufferedIOBase, start: int, rows: int) -> IntArray:
    """The line of each of ``rows`` records in ``file`` after ``start`` (the header), a file
    without quotes: every line that is not empty is one, as pyarrow skips empty lines. A
    line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r``, as :func:`read_table_text` reads
    them. Lines are counted as the file is read; only a file with empty lines is read
    whole, to find them.

    >>> _record_lines(io.BytesIO(b"h\\na\\r\\n\\r\\nb\\rc\\n\\nd"), 2, 4).tolist()
    [2, 4, 5, 7]
    >>> _record_lines(io.BytesIO(b"h\\r\\na\\r\\nb\\r\\n"), 3, 2).tolist()
    [2, 3]
    """
    file.seek(start)
    lines, last = 0, b""
    while chunk := file.read(1 << 23):
        # numpy, not bytes.count: it lets go of the interpreter's lock (this may run while
        # the program loads, see prefetch_csv).
        byte = np.frombuffer(chunk, dtype=np.uint8)
        returns = byte == ord("\r")
        lines += int(np.count_nonzero(byte == ord("\n"))) + int(np.count_nonzero(returns))
        if returns.any():
            lines -= int(np.count_nonzero(returns[:-1] & (byte[1:] == ord("\n"))))
        lines -= last == b"\r" and chunk.startswith(b"\n")  # a \r\n across two chunks
        last = chunk[-1:]
    lines += last not in (b"", b"\n", b"\r")  # the last line, without an end
    if lines == rows:  # no empty line: each line is a record
        return np.arange(2, rows + 2, dtype=np.int64)
    file.seek(start)
    bytes_ = np.frombuffer(file.read(), dtype=np.uint8)
    is_return = bytes_ == ord("\r")
    follows_return = np.concatenate(([False], is_return[:-1]))
    # A line ends at each \n not after a \r, and at each \r: a \r\n ends one line, at its \r.
    ends = np.flatnonzero(is_return | ((bytes_ == ord("\n")) & ~follows_return))
    terminator = np.where(is_return[ends] & (np.append(bytes_, 0)[ends + 1] == ord("\n")), 2, 1)
    starts = np.concatenate(([0], ends + terminator))
    stops = np.concatenate((ends, [len(bytes_)]))
    lines_found = np.flatnonzero(stops - starts > 0) + 2
    assert len(lines_found) == rows, "pyarrow reads every non-empty line as a record"
    return lines_found.astype(np.int64)
