"""Reading tables of points: CSV records with their lines, and GeoJSON values as cell text.

A text table is decoded as people's spreadsheets save it: UTF-8 with or without a BOM,
UTF-16 with a BOM (Excel's "Unicode text"), GB18030 (Chinese Excel's "CSV", in GBK), or
the encoding its settings name; never into the wrong characters without a word.
Workbooks (``.xlsx``, ``.xls``, ``.ods``) are read by :mod:`mapgen.read.sheets`.

What the cells mean (which column is latitude, whether a row is usable) is decided by
:mod:`mapgen.validate.layers`; here a file only becomes records that remember their line.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mapgen.errors import DataError, Problem
from mapgen.read.columns import csv_delimiter
from mapgen.read.text import read_bytes

# A register of every enterprise in the corridor is tens of megabytes; the limit stops a
# stray file of gigabytes, not real data.
MAX_TABLE_BYTES = 256 * 1024 * 1024


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


def read_table_text(
    path: Path, shown: str, encoding: str | None = None, settings_shown: str | None = None
) -> str:
    """A text table's text: its ``encoding`` if the settings name one, else detected.

    Detection, in order: a BOM (UTF-8, or UTF-16 as Excel's "Unicode text" writes it),
    then UTF-8, then GB18030 (which covers GBK and GB2312, the encodings of Chinese
    Excel's "CSV"). Bytes that are none of these are an error at their line, never text
    decoded into the wrong characters. ``settings_shown`` is the settings file that an
    error tells to name the encoding in.
    """
    raw = read_bytes(path, shown, MAX_TABLE_BYTES)
    return table_text(raw, shown, encoding, settings_shown or path.with_suffix(".yaml").name)


def table_text(raw: bytes, shown: str, encoding: str | None, settings: str) -> str:
    """A text table's bytes as text (:func:`decode_table`), every line ending in ``\\n``."""
    text = decode_table(raw, shown, encoding, settings)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# Where an encoding is detected, each is tried in this order. GB18030 comes last: nearly
# any bytes decode in it, so it must not be tried before the encodings that refuse most.
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SAVE_AS_UTF8 = "in Excel, save it as 'CSV UTF-8 (Comma delimited)'"
# Of the non-ASCII characters of a file read as GB18030, at least this share must be in
# GB2312 (the 7,445 characters of everyday simplified Chinese). Text in another legacy
# encoding (Latin-1, Shift-JIS, Big5) mostly decodes too, but into rare characters.
GB2312_SHARE = 2 / 3


def decode_table(raw: bytes, shown: str, encoding: str | None, settings: str) -> str:
    """A table's bytes as text, in ``encoding`` or the one detected; DataError naming the line.

    >>> decode_table("名称,纬度".encode("gbk"), "t.csv", None, "t.yaml")
    '名称,纬度'
    >>> decode_table(codecs.BOM_UTF16_LE + "名称,lat".encode("utf-16-le"), "t.txt", None, "t.yaml")
    '名称,lat'
    >>> decode_table(b"caf\\xe9,1", "t.csv", None, "t.yaml")
    Traceback (most recent call last):
    ...
    mapgen.errors.DataError: t.csv:1: neither UTF-8 nor GB18030 text (byte 0xe9 at offset 3); \
in Excel, save it as 'CSV UTF-8 (Comma delimited)', or name its encoding under 'encoding:' in t.yaml
    """
    ask = f"; {_SAVE_AS_UTF8}, or name its encoding under 'encoding:' in {settings}"
    if encoding is not None:
        codec = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
        text = _decoded(raw, shown, codec, f"not {encoding} text", f", though {settings} says it is")
    elif raw.startswith(codecs.BOM_UTF8):
        text = _decoded(raw, shown, "utf-8-sig", "not UTF-8 text, though it starts with UTF-8's BOM", ask)
    elif raw.startswith(UTF16_BOMS):
        text = _decoded(raw, shown, "utf-16", "not UTF-16 text, though it starts with UTF-16's BOM", ask)
    else:
        text = _utf8_or_gb18030(raw, shown, ask)
    text = text.removeprefix("\ufeff")  # the BOM of an encoding named in the settings
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataError(
            [
                Problem(
                    shown,
                    line,
                    "",
                    "contains a NUL character; is it a binary file, or UTF-16 without a BOM "
                    f"(then name it under 'encoding:' in {settings}: utf-16-le)?",
                )
            ]
        )
    return text


def _decoded(raw: bytes, shown: str, codec: str, what: str, then: str) -> str:
    """``raw`` in ``codec``; a DataError at the line of the first byte that is not."""
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise _not_text(raw, shown, codec, exc, what, then) from None


def _not_text(raw: bytes, shown: str, codec: str, exc: UnicodeDecodeError, what: str, then: str) -> DataError:
    """``what`` the text is not, at the line of the byte that says so, and ``then`` what to do."""
    # The text before the bad byte decodes, in any codec: its newlines give the line.
    line = raw[: exc.start].decode(codec, errors="replace").count("\n") + 1
    where = f"byte 0x{raw[exc.start]:02x} at offset {exc.start}"
    return DataError([Problem(shown, line, "", f"{what} ({where}){then}")])


def _utf8_or_gb18030(raw: bytes, shown: str, ask: str) -> str:
    """UTF-8, or else GB18030 when that reads as Chinese; else a DataError at the bad line."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as not_utf8:
        utf8_error = not_utf8
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as not_gb:
        # The decoding that got further names the line: the byte that is wrong in both.
        codec, worse = max(("utf-8", utf8_error), ("gb18030", not_gb), key=lambda pair: pair[1].start)
        raise _not_text(raw, shown, codec, worse, "neither UTF-8 nor GB18030 text", ask) from None
    rare = _rare_in_gb18030(text)
    if rare is not None:
        as_gb = f", and as GB18030 it would be mostly rare characters (such as {rare!r}){ask}"
        raise _not_text(raw, shown, "utf-8", utf8_error, "not UTF-8 text", as_gb)
    return text


def _rare_in_gb18030(text: str) -> str | None:
    """A character outside GB2312 when too few of the text's characters are in it, else None.

    The counts come from encoding the whole text at once (a GB2312 character takes two
    bytes, ASCII one, others none with ``errors="ignore"``), so a big file stays fast.

    >>> _rare_in_gb18030("名称,纬度,经度"), _rare_in_gb18030("M黮ller")
    (None, '黮')
    """
    ascii_count = len(text.encode("ascii", errors="ignore"))
    others = len(text) - ascii_count
    common = (len(text.encode("gb2312", errors="ignore")) - ascii_count) // 2
    if others == 0 or common >= GB2312_SHARE * others:
        return None
    return next(c for c in text if not c.isascii() and not _in_gb2312(c))


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


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
