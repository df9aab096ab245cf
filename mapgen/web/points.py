"""Point layers (spreadsheets of sites) as compact JSON for the page's canvas layer.

A layer of 100,000 points must not become 100,000 JavaScript statements or folium
objects: coordinates go as integer columns at fixed precision, text as one array
per column, and repeated text (categories, districts) as a dictionary plus codes.
``G60.pointLayer`` in g60.js decodes it.
"""

from __future__ import annotations

from pathlib import PureWindowsPath
from typing import NotRequired, TypedDict, cast

import numpy as np

from mapgen.coords import FloatArray
from mapgen.model import DistrictPlacement, PointLayer
from mapgen.present.catalogue import Words
from mapgen.present.style import OTHER_POINTS, PLAIN_POINTS, category_colours
from mapgen.read.articles import detect_lang
from mapgen.web.bilingual import both_editions
from mapgen.web.langs import HTML_LANGS
from mapgen.web.payloads import (
    CategoryColumnPayload,
    CodedColumnPayload,
    MarkedTextPayload,
    PlainColumnPayload,
    PointColumnPayload,
    PointLayerPayload,
    PointListPayload,
)

# 1e-5 degrees is about 1 m: finer than any spreadsheet of addresses is right.
COORDINATE_SCALE = 100_000
# The "points in view" list names at most this many points, the nearest to the map's centre.
LIST_LIMIT = 50


def encode_coordinates(values: FloatArray) -> list[int]:
    """Degrees as integers of 1e-5 degrees.

    >>> encode_coordinates(np.array([121.227512, 31.0322449]))
    [12122751, 3103224]
    """
    return [int(v) for v in np.rint(values * COORDINATE_SCALE).astype(np.int64)]


def encode_column(name: str, values: tuple[str, ...]) -> PlainColumnPayload | CodedColumnPayload:
    """One text column: plain values, or (when they repeat a lot) a dictionary and codes.

    >>> encode_column("c", ("a", "b", "a", "a", "a", "a", "a", "a"))
    {'name': 'c', 'dict': ['a', 'b'], 'codes': [0, 1, 0, 0, 0, 0, 0, 0]}
    >>> encode_column("c", ("x", "y"))
    {'name': 'c', 'values': ['x', 'y']}
    """
    distinct = sorted(set(values))
    if len(distinct) * 4 <= len(values):
        code_of = {value: code for code, value in enumerate(distinct)}
        return {"name": name, "dict": distinct, "codes": [code_of[v] for v in values]}
    return {"name": name, "values": list(values)}


def category_column(name: str, values: tuple[str, ...]) -> CategoryColumnPayload:
    """The column that colours the points: a dictionary, codes, a colour per code, and the
    order the codes are drawn in (grey first, then the most frequent: a rare category stays
    on top, visible).

    >>> column = category_column("k", ("b", "a", "b", ""))
    >>> column["dict"], column["colours"], column["draw_order"]
    (['', 'a', 'b'], ['#888888', '#E69F00', '#0072B2'], [0, 2, 1])
    """
    distinct = sorted(set(values))
    code_of = {value: code for code, value in enumerate(distinct)}
    colour_of = category_colours(values)
    colours = [colour_of[value] for value in distinct]
    rank = {value: i for i, value in enumerate(colour_of)}
    draw_order = sorted(
        range(len(colours)), key=lambda code: (colours[code] != OTHER_POINTS, rank[distinct[code]])
    )
    return {
        "name": name,
        "dict": distinct,
        "codes": [code_of[v] for v in values],
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


def point_layer_json(layer: PointLayer, words: Words, locale: str = "en") -> PointLayerPayload:
    """What ``G60.pointLayer`` draws, in one language: the points, their popup columns and
    their colours."""
    return cast(PointLayerPayload, {**point_data_json(layer), **point_words_json(layer, words, locale)})


def bilingual_point_layer_json(layer: PointLayer) -> object:
    """Both languages' editions of a point layer: its data once, its words in each language."""
    words = both_editions(lambda w: point_words_json(layer, w, HTML_LANGS[w.lang]))
    return {**point_data_json(layer), **words}


class PointWords(TypedDict):
    name: str
    source_line: MarkedTextPayload
    popup_close: str
    list: PointListPayload
    placed_lines: NotRequired[list[MarkedTextPayload]]


def point_words_json(layer: PointLayer, words: Words, locale: str) -> PointWords:
    """The words of a point layer in one language."""
    result: PointWords = {
        "name": layer.name,
        "source_line": _source_line(layer, words),
        "popup_close": words("controls.close_popup"),
        "list": point_list_json(words, locale),
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
    """The points of a layer, the same in every language."""
    columns: list[PointColumnPayload] = [
        category_column(name, values) if name == layer.category else encode_column(name, values)
        for name, values in zip(layer.columns, layer.values, strict=True)
    ]
    data: dict[str, object] = {
        "id": layer.id,
        "count": layer.count,
        "scale": COORDINATE_SCALE,
        "lon": encode_coordinates(layer.lon),
        "lat": encode_coordinates(layer.lat),
        "columns": columns,
        "label": _index(layer.columns, layer.label),
        "category": _index(layer.columns, layer.category),
        "link": _index(layer.columns, layer.link),
        "colour": PLAIN_POINTS,
    }
    if layer.placed_in:
        # Per point an index into the districts (-1: the row's own coordinates): a few bytes
        # a point; only layers with points placed by their address carry it.
        index_of = {p.adcode: i for i, p in enumerate(layer.placements)}
        data["placed"] = [-1 if code is None else index_of[code] for code in layer.placed_in]
        data["placed_radius_m"] = [p.radius_m for p in layer.placements]
    return data


def _index(columns: tuple[str, ...], name: str | None) -> int | None:
    return columns.index(name) if name is not None and name in columns else None


def _source_line(layer: PointLayer, words: Words) -> MarkedTextPayload:
    key = "points.source_converted" if layer.converted_from else "points.source"
    # The file's name, never its folders: a published map must not show the author's disk.
    # PureWindowsPath splits at / and \ both, wherever the map is built.
    source = layer.source or PureWindowsPath(layer.path).name
    before, after = words.around(key, "source", name=layer.name)
    return {"before": before, "data": source, "lang": HTML_LANGS[detect_lang(source)], "after": after}
