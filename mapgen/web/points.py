"""Point layers (spreadsheets of sites) packed as binary for the page's canvas layer.

A layer of a million points must not become a million JavaScript values or folium
objects: its columns are packed into one buffer (:class:`Packer`), compressed with zlib
and embedded as base64, then unpacked in the page by the browser's own
``DecompressionStream`` into typed arrays. Coordinates go as delta-encoded integers
of 1e-5 degrees, repeated text (categories, districts) as a dictionary and codes,
other text as UTF-8 with each value's length. ``G60.pointLayer`` decodes it; the
layout is declared in :mod:`mapgen.web.payloads` (``PackedIntsPayload``).
"""

from __future__ import annotations

import base64
import os
import zlib
from concurrent.futures import ThreadPoolExecutor
from itertools import groupby
from pathlib import PureWindowsPath
from typing import Any, NotRequired, TypedDict

import numpy as np

from mapgen.coords import FloatArray, IntArray
from mapgen.model import DistrictPlacement, PointLayer
from mapgen.present.catalogue import Words
from mapgen.present.describe import point_layer_title
from mapgen.present.style import OTHER_POINTS, PLAIN_POINTS, category_colours
from mapgen.read.articles import detect_lang
from mapgen.read.columns import ByteArray, TextColumn, release_memory
from mapgen.web.bilingual import both_editions
from mapgen.web.langs import HTML_LANGS
from mapgen.web.payloads import (
    CategoryColumnPayload,
    CodedColumnPayload,
    DensityWordsPayload,
    MarkedTextPayload,
    PackedIntsPayload,
    PackedTextPayload,
    PlainColumnPayload,
    PointColumnPayload,
    PointListPayload,
)

# 1e-5 degrees is about 1 m: finer than any spreadsheet of addresses is right.
COORDINATE_SCALE = 100_000
# The "points in view" list names at most this many points, the nearest to the map's centre.
LIST_LIMIT = 50
# zlib's levels: front-coded text packs a fifth smaller at 5 than at 1, and all but as
# small as at 6 in half the time; integers (the coordinates: random in their low bytes)
# pack all but as small at 1, three times faster than at 6.
TEXT_LEVEL = 5
INTS_LEVEL = 1
PACK_CHUNK = 4 << 20


def encode_coordinates(values: FloatArray) -> IntArray:
    """Degrees as integers of 1e-5 degrees.

    >>> encode_coordinates(np.array([121.227512, 31.0322449])).tolist()
    [12122751, 3103224]
    """
    return np.rint(values * COORDINATE_SCALE).astype(np.int64)


def zigzag_deltas(values: IntArray) -> IntArray:
    """Each value's difference from the one before (the first's from 0), zigzag-encoded so
    that small differences either way are small non-negative numbers.

    >>> zigzag_deltas(np.array([5, 3, 3, 10])).tolist()
    [10, 3, 0, 14]
    """
    deltas = np.diff(values, prepend=0)
    return (deltas << 1) ^ (deltas >> 63)


def byte_planes(values: IntArray, width: int) -> bytes:
    """Unsigned integers of ``width`` bytes, little-endian, byte-shuffled: every value's
    lowest byte, then every value's next byte... (the planes of small numbers are runs of
    zeros, which deflate all but removes).

    >>> byte_planes(np.array([1, 2, 258]), 2)
    b'\\x01\\x02\\x02\\x00\\x00\\x01'
    """
    little = values.astype(f"<u{width}")
    return little.view(np.uint8).reshape(-1, width).T.tobytes()


class Packer:
    """One layer's buffer, section by section; :meth:`packed` compresses it.

    >>> packer = Packer()
    >>> packer.ints(np.array([3, 300]))
    {'offset': 0, 'width': 2, 'base': 3, 'delta': False}
    >>> packer.ints(np.array([1000, 1100, 1101, 1102, 1103]), delta=True)
    {'offset': 4, 'width': 1, 'base': 1000, 'delta': True}
    >>> chunks, size = packer.packed()
    >>> size, [list(zlib.decompress(base64.b64decode(chunk))) for chunk in chunks]
    (9, [[0, 41, 0, 1, 0, 200, 2, 2, 2]])
    """

    def __init__(self) -> None:
        self.parts: list[tuple[memoryview, int]] = []  # bytes, and the zlib level they pack at
        self.size = 0

    def add(self, data: bytes | ByteArray, level: int = TEXT_LEVEL) -> int:
        """Append bytes; where they start."""
        offset = self.size
        self.parts.append((data.data if isinstance(data, np.ndarray) else memoryview(data), level))
        self.size += len(data)
        return offset

    def ints(self, values: IntArray, delta: bool = False) -> PackedIntsPayload:
        """Integers in the fewest bytes each, as differences from the smallest (``base``);
        with ``delta`` as differences from the value before, when those are the smaller
        (points listed street by street; not points in random order)."""
        base = int(values.min()) if len(values) else 0
        stored = values - base
        if delta and len(values) > 1:
            deltas = zigzag_deltas(stored)
            # The bits each way takes, summed over a sample: a fair guess of which packs smaller.
            step = max(1, len(values) // 65536)
            delta = bool(np.log2(deltas[::step] + 1.0).sum() < np.log2(stored[::step] + 1.0).sum())
            stored = deltas if delta else stored
            del deltas
        largest = int(stored.max()) if len(stored) else 0
        assert largest < 1 << 32, "32-bit differences"
        width = 1 if largest < 1 << 8 else 2 if largest < 1 << 16 else 4
        offset = self.add(byte_planes(stored, width), INTS_LEVEL)
        return {"offset": offset, "width": width, "base": base, "delta": delta}

    def text(self, column: TextColumn) -> PackedTextPayload:
        """Every text of a column, front-coded: how many bytes it shares with the text before
        (``prefix``), then the UTF-8 bytes of the rest, each rest's length in ``lengths``."""
        lengths, data = column.utf8()
        prefix, rest = front_coded(lengths, data)
        return {
            "prefix": self.ints(prefix),
            "lengths": self.ints(lengths - prefix),
            "offset": self.add(rest),
            "bytes": len(rest),
        }

    def buffer(self) -> bytes:
        """The buffer unpacked, as the page has it once it has unpacked the chunks."""
        return b"".join(data for data, _ in self.parts)

    def packed(self) -> tuple[list[str], int]:
        """The buffer as base64 chunks, each a zlib stream of (at most) 4 MiB of it, and its
        size unpacked. Chunks are compressed on every core at once (zlib lets go of the
        GIL); where they start does not depend on the machine, so neither do the bytes."""
        runs = [  # neighbours of one level packed together: a small layer is one chunk
            (_joined([data for data, _ in run]), level)
            for level, run in groupby(self.parts, key=lambda part: part[1])
        ]
        chunks = [
            (data[at : at + PACK_CHUNK], level)
            for data, level in runs
            for at in range(0, max(len(data), 1), PACK_CHUNK)
        ]
        with ThreadPoolExecutor(max_workers=min(len(chunks), os.cpu_count() or 1)) as pool:
            packed = pool.map(lambda chunk: zlib.compress(*chunk), chunks)
            return [base64.b64encode(chunk).decode("ascii") for chunk in packed], self.size


def _joined(parts: list[memoryview]) -> memoryview:
    return parts[0] if len(parts) == 1 else memoryview(b"".join(parts))


# Every this many texts, one shares nothing with the text before: a popup's text is then
# rebuilt from at most this many, not from the first of the column.
FRONT_RESTART = 64
_MASK_ROWS = 1 << 17
# Front coding compares the first bytes of each text with the text before, at most these.
FRONT_WINDOW = 32


def front_coded(lengths: IntArray, data: ByteArray) -> tuple[IntArray, ByteArray]:
    """How many leading bytes each text shares with the text before (at most
    :data:`FRONT_WINDOW`; none every :data:`FRONT_RESTART` texts), and every text's other
    bytes end to end. A register's names
    ("Enterprise 00001", "Enterprise 00002") then pack in a third less.

    >>> texts = ["Enterprise 1", "Enterprise 2", "松江", "松", ""]
    >>> lengths = np.array([len(t.encode()) for t in texts])
    >>> prefix, rest = front_coded(lengths, np.frombuffer("".join(texts).encode(), dtype=np.uint8))
    >>> prefix.tolist(), rest.tobytes().decode()
    ([0, 11, 0, 3, 0], 'Enterprise 12松江')
    """
    count = len(lengths)
    prefix = np.zeros(count, dtype=np.int64)
    if count < 2 or not len(data):
        return prefix, data
    small = np.int32 if len(data) < 1 << 31 else np.int64  # indexes of half the size
    starts = (np.cumsum(lengths) - lengths).astype(small)
    width = np.minimum(np.minimum(lengths[1:], lengths[:-1]), FRONT_WINDOW).astype(np.int8)
    # Eight bytes at a time (a word read at any byte: numpy allows the unaligned view), of
    # every text alike so far against the text before; the first byte that differs is the
    # lowest set byte of the words' XOR. Texts that differ drop out: the work is the bytes
    # shared, not the window. The zeros after the buffer only meet bytes past a text's end,
    # which the width cuts off.
    padded = np.concatenate((data, np.zeros(8, dtype=np.uint8)))
    words = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
    alike = (np.flatnonzero(width > 0) + 1).astype(small)
    for k in range(0, FRONT_WINDOW, 8):
        differ = words[starts[alike] + k] ^ words[starts[alike - 1] + k]
        lowest = differ & (~differ + np.uint64(1))
        same = np.where(
            differ == 0, 8, np.log2(np.maximum(lowest, 1).astype(np.float64)).astype(np.int64) // 8
        )
        prefix[alike] = np.minimum(k + same, width[alike - 1])
        alike = alike[(differ == 0) & (width[alike - 1] > k + 8)]
        if not len(alike):
            break
    prefix[::FRONT_RESTART] = 0  # a text the page can read without those before it
    # The bytes kept: each text's own, after what it shares (a mask built a block at a time).
    rest = []
    for first in range(0, count, _MASK_ROWS):
        rows = slice(first, first + _MASK_ROWS)
        shared_then_own = np.column_stack((prefix[rows], lengths[rows] - prefix[rows])).ravel()
        keep = np.repeat(np.tile(np.array([False, True]), len(shared_then_own) // 2), shared_then_own)
        begin = int(starts[first])
        rest.append(data[begin : begin + len(keep)][keep])
    return prefix, np.concatenate(rest)


def unpack_ints(buffer: bytes, ref: PackedIntsPayload, count: int) -> IntArray:
    """The ``count`` integers of ``ref`` in the unpacked buffer (what the page's columns.js
    does, in Python).

    >>> packer = Packer()
    >>> ref = packer.ints(np.array([12122751, 12122760, 12122755]), delta=True)
    >>> unpack_ints(packer.buffer(), ref, 3).tolist()
    [12122751, 12122760, 12122755]
    """
    width, offset = ref["width"], ref["offset"]
    planes = np.frombuffer(buffer, dtype=np.uint8, count=width * count, offset=offset).reshape(width, count)
    stored = planes.T.copy().view(f"<u{width}").reshape(count).astype(np.int64)
    if ref["delta"]:
        stored = np.cumsum((stored >> 1) ^ -(stored & 1))
    return stored + ref["base"]


def _unpack_text(buffer: bytes, text: PackedTextPayload, count: int) -> list[str]:
    prefix = unpack_ints(buffer, text["prefix"], count).tolist()
    lengths = unpack_ints(buffer, text["lengths"], count).tolist()
    values, before, at = [], b"", text["offset"]
    for shared, length in zip(prefix, lengths, strict=True):
        before = before[:shared] + buffer[at : at + length]
        at += length
        values.append(before.decode("utf-8"))
    return values


def unpack_point_layer(data: dict[str, Any]) -> dict[str, Any]:
    """A point layer's payload unpacked, in the shape it had before it was packed: ``lon``
    and ``lat`` as integers of 1/scale degrees, each column's ``values``, and ``placed``
    (-1 or the district's index). For tests and tools that read a page's points.
    """
    buffer = b"".join(zlib.decompress(base64.b64decode(chunk)) for chunk in data["packed"])
    assert len(buffer) == data["packed_bytes"], "the chunks make the whole buffer"
    count = data["count"]
    columns = []
    for column in data["columns"]:
        if "text" in column:
            values = _unpack_text(buffer, column["text"], count)
        else:
            values = [column["dict"][code] for code in unpack_ints(buffer, column["codes"], count).tolist()]
        columns.append({**{k: v for k, v in column.items() if k not in ("text", "codes")}, "values": values})
    unpacked = {**data, "columns": columns}
    for key in ("lon", "lat"):
        unpacked[key] = unpack_ints(buffer, data[key], count).tolist()
    if "placed" in data:
        unpacked["placed"] = (unpack_ints(buffer, data["placed"], count) - 1).tolist()
    del unpacked["packed"]
    return unpacked


def encode_column(packer: Packer, name: str, column: TextColumn) -> PlainColumnPayload | CodedColumnPayload:
    """One text column: its texts, or (when they repeat a lot) a dictionary and codes.

    >>> encode_column(Packer(), "c", TextColumn.of(("a", "b", "a", "a", "a", "a", "a", "a")))
    {'name': 'c', 'dict': ['a', 'b'], 'codes': {'offset': 0, 'width': 1, 'base': 0, 'delta': False}}
    >>> encode_column(Packer(), "c", TextColumn.of(("x", "y")))["text"]["bytes"]
    2
    """
    if column.repeats():
        distinct = list(column.counts())
        return {"name": name, "dict": distinct, "codes": packer.ints(column.codes(distinct))}
    return {"name": name, "text": packer.text(column)}


def category_column(packer: Packer, name: str, column: TextColumn) -> CategoryColumnPayload:
    """The column that colours the points: a dictionary, codes, a colour per code, and the
    order the codes are drawn in (grey first, then the most frequent: a rare category stays
    on top, visible).

    >>> column = category_column(Packer(), "k", TextColumn.of(("b", "a", "b", "")))
    >>> column["dict"], column["colours"], column["draw_order"]
    (['', 'a', 'b'], ['#888888', '#E69F00', '#0072B2'], [0, 2, 1])
    """
    counts = column.counts()
    distinct = list(counts)
    colour_of = category_colours(counts)
    colours = [colour_of[value] for value in distinct]
    rank = {value: i for i, value in enumerate(colour_of)}
    draw_order = sorted(
        range(len(colours)), key=lambda code: (colours[code] != OTHER_POINTS, rank[distinct[code]])
    )
    return {
        "name": name,
        "dict": distinct,
        "codes": packer.ints(column.codes(distinct)),
        "colours": colours,
        "draw_order": draw_order,
    }


def point_list_json(words: Words, locale: str) -> PointListPayload:
    """The words of the keyboard's way to the points: the "points in view" list.

    The runtime fills ``{count}``, ``{shown}``, ``{layer}`` and ``{number}`` (numbers
    formatted for ``locale``); ``count_one`` is already filled, for exactly one point.

    >>> point_list_json(Words("en"), "en")["count"]
    '{count} points in view'
    """
    return {
        "button": words("pointlist.button"),
        "count_one": words("pointlist.count", count=1),
        "count": words("pointlist.count", count="{count}"),
        "some": words("pointlist.some", count="{count}", shown="{shown}"),
        "none": words("pointlist.none"),
        "point": words("pointlist.point", layer="{layer}", number="{number}"),
        "limit": LIST_LIMIT,
        "locale": locale,
    }


def density_words_json(words: Words, layer: str) -> DensityWordsPayload:
    """The words of a layer's density grid, with the runtime's placeholders left in.

    >>> density_words_json(Words("zh"), "企业")["above"]
    '{from}及以上'
    """
    ends = {"from": "{from}", "to": "{to}"}
    return {
        "heading": words("density.heading", layer=layer),
        "cell_size": words("density.cell_size", km="{km}"),
        "range": words("density.range", **ends),
        "range_one": words("density.range_one", **ends),
        "above": words("density.above", **ends),
        "choose": words("density.choose"),
        "all": words("density.all"),
        "cell": words("density.cell", count="{count}"),
        "cell_one": words("density.cell", count=1),
        "category_count": words("density.category_count", category="{category}", count="{count}"),
        "zoom_in": words("density.zoom_in"),
    }


def bilingual_point_layer_json(layer: PointLayer, data: dict[str, object] | None = None) -> object:
    """Both languages' editions of a point layer: its data once (``data``, if packed
    already: :func:`point_data_json`), its words in each language."""
    words = both_editions(lambda w: point_words_json(layer, w, HTML_LANGS[w.lang]))
    return {**(point_data_json(layer) if data is None else data), **words}


class PointWords(TypedDict):
    name: str
    source_line: MarkedTextPayload
    popup_close: str
    list: PointListPayload
    density: DensityWordsPayload
    placed_lines: NotRequired[list[MarkedTextPayload]]


def point_words_json(layer: PointLayer, words: Words, locale: str) -> PointWords:
    """The words of a point layer in one language."""
    result: PointWords = {
        "name": point_layer_title(layer, words),
        "source_line": _source_line(layer, words),
        "popup_close": words("controls.close_popup"),
        "list": point_list_json(words, locale),
        "density": density_words_json(words, point_layer_title(layer, words)),
    }
    if layer.placed_in:
        result["placed_lines"] = [placed_line(p, words) for p in layer.placements]
    return result


def placed_line(placement: DistrictPlacement, words: Words) -> MarkedTextPayload:
    """The popup's line of a point placed by its address: the district, named in Chinese as
    the address names it.

    >>> line = placed_line(DistrictPlacement(310117, "Songjiang District", "松江区", 13890), Words("en"))
    >>> line["before"] + line["data"] + line["after"], line["lang"]
    ('Placed by district: 松江区', 'zh-CN')
    """
    before, after = words.around("points.placed_by_district", "district")
    return {"before": before, "data": placement.name_zh, "lang": HTML_LANGS["zh"], "after": after}


def point_data_json(layer: PointLayer) -> dict[str, object]:
    """The points of a layer, the same in every language, packed."""
    packer = Packer()
    lon = packer.ints(encode_coordinates(layer.lon), delta=True)
    lat = packer.ints(encode_coordinates(layer.lat), delta=True)
    columns: list[PointColumnPayload] = [
        category_column(packer, name, values)
        if name == layer.category
        else encode_column(packer, name, values)
        for name, values in zip(layer.columns, layer.values, strict=True)
    ]
    data: dict[str, object] = {
        "id": layer.id,
        "count": layer.count,
        "scale": COORDINATE_SCALE,
        "lon": lon,
        "lat": lat,
        "columns": columns,
        "label": _index(layer.columns, layer.label),
        "category": _index(layer.columns, layer.category),
        "link": _index(layer.columns, layer.link),
        "colour": PLAIN_POINTS,
    }
    if layer.placed_in:
        # Per point 1 + the index of its district (0: the row's own coordinates); only
        # layers with points placed by their address carry it.
        index_of = {p.adcode: i + 1 for i, p in enumerate(layer.placements)}
        placed = np.array([0 if code is None else index_of[code] for code in layer.placed_in], dtype=np.int64)
        data["placed"] = packer.ints(placed)
        data["placed_radius_m"] = [p.radius_m for p in layer.placements]
    data["packed"], data["packed_bytes"] = packer.packed()
    del packer
    release_memory()
    return data


def _index(columns: tuple[str, ...], name: str | None) -> int | None:
    return columns.index(name) if name is not None and name in columns else None


def _source_line(layer: PointLayer, words: Words) -> MarkedTextPayload:
    key = "points.source_converted" if layer.converted_from else "points.source"
    # The file's name, never its folders: a published map must not show the author's disk.
    # PureWindowsPath splits at / and \ both, wherever the map is built.
    source = layer.source or PureWindowsPath(layer.path).name
    before, after = words.around(key, "source", name=point_layer_title(layer, words))
    return {"before": before, "data": source, "lang": HTML_LANGS[detect_lang(source)], "after": after}
