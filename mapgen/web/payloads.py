"""The JSON that the Python side hands to the page runtime, declared once.

Each ``G60.<factory>(...)`` call of the page gets one of these payloads: the
TypedDicts below are what the Python that builds them promises, and
``payloads.d.ts`` (generated from them) is what the runtime's JSDoc types rely on,
so ``tsc`` checks the JavaScript against the same shapes. Regenerate after a change::

    python -m mapgen.web.payloads      # writes mapgen/web/runtime/payloads.d.ts

>>> print(typescript_declarations().split("export interface SymbolPayload ")[1].split("}")[0])
{
  shape: string;
  path: string;
  colour: string;
  size: number;
<BLANKLINE>

Only the standard library is imported here: the declarations can be written and
checked without folium.
"""

# No `from __future__ import annotations`: on Python 3.11 a TypedDict then sees its
# NotRequired keys as strings and counts them as required.

import inspect
import json
import sys
import types
import typing
from pathlib import Path
from typing import Literal, NotRequired, TypeAlias, TypedDict

# ---- Shared pieces ----

LatLngPayload: TypeAlias = tuple[float, float]
"""[latitude, longitude] in degrees (Leaflet's order, not GeoJSON's)."""

BoundsPayload: TypeAlias = tuple[LatLngPayload, LatLngPayload]
"""[[south, west], [north, east]]: what ``G60.initialView(map, bounds)`` fits."""

ControlPosition: TypeAlias = Literal["topleft", "topright", "bottomleft", "bottomright"]

LangPayload: TypeAlias = Literal["en", "zh"]
"""A language of the map's words."""


class SymbolPayload(TypedDict):
    """A marker symbol: an SVG path in a 20x20 box, filled with the colour."""

    shape: str
    path: str
    colour: str
    size: int


class AreaStylePayload(TypedDict):
    """Leaflet path options of an area (named as Leaflet names them)."""

    color: str
    weight: float
    opacity: float
    dashArray: str | None
    fill: bool
    fillColor: str
    fillOpacity: float


class MarkedTextPayload(TypedDict):
    """A line of the catalogue's words around one piece of data: ``before`` + ``data`` +
    ``after``, the data read in its own language ``lang`` (as ``<html lang>`` names it)."""

    before: str
    data: str
    lang: str
    after: str


class ArticlePayload(TypedDict):
    """How a popup or the title block names an article; ``lang`` is the article's language
    (as ``<html lang>`` names it), which its title and sentences are read in."""

    lang: str
    title: str
    date: str
    date_label: str


# ---- Popups of places and axes ----


class FactPayload(TypedDict):
    """A fact in a popup. ``headline_lang`` is the language its summary is in: the reader's,
    or the other one where the data has none in the reader's (``fallback`` says so then);
    ``quote_lang`` is the article's; ``value_lang`` the values', whose units may be only in
    English."""

    id: str
    as_of_start: str
    headline: str
    headline_lang: str
    fallback: str | None
    quote_lang: str
    value: str
    value_lang: str
    as_of: MarkedTextPayload
    quote: str
    checks: list[str]


class FactGroupPayload(ArticlePayload):
    """The facts of one article."""

    facts: list[FactPayload]


class NewsGroupPayload(ArticlePayload):
    """Sentences of one article that name the place; ``more`` says how many are left out."""

    sentences: list[str]
    more: str


class NewsPayload(TypedDict):
    heading: str
    note: str
    groups: list[NewsGroupPayload]


class PopupPayload(TypedDict):
    """The popup of a place or an axis; an axis has no location note.

    ``lang`` is the language of the words (it orders the two names: the reader's first);
    ``fallback`` says that some of the lines are in the other language, where the data
    has none in the reader's.
    """

    lang: LangPayload
    name_en: str
    name_zh: str
    lines: list[MarkedTextPayload]
    fallback: str | None
    later_hidden: str
    later_hidden_one: str
    location_note: NotRequired[MarkedTextPayload]
    approximate: NotRequired[bool]
    fact_groups: list[FactGroupPayload]
    news: NewsPayload | None


# ---- Layers ----


class PlacePayload(TypedDict):
    """A place; ``joined`` is the first day it belongs to the corridor (ISO), None if always."""

    id: str
    lang: LangPayload
    joined: str | None
    kind: Literal["city", "site"]
    name_en: str
    name_zh: str
    lat: float
    lon: float
    approximate: bool
    radius_m: int | None
    symbol: SymbolPayload
    label: bool
    z: int
    popup: PopupPayload


class PlaceLayerPayload(TypedDict):
    """``G60.placeLayer(data)``: cities, or the sites of one category.

    ``popup_close`` (here, on axes and on point layers) names a popup's close button
    for screen readers, in the page's language.
    """

    places: list[PlacePayload]
    popup_close: str


class AxisPayload(TypedDict):
    """``G60.axisLayer(map, data)``: one corridor axis."""

    id: str
    lang: LangPayload
    name_en: str
    name_zh: str
    coords: list[LatLngPayload]
    colour: str
    dash: str | None
    length_label: str
    popup: PopupPayload
    popup_close: str


class PolygonPayload(TypedDict):
    """A GeoJSON Polygon ([longitude, latitude] positions)."""

    type: Literal["Polygon"]
    coordinates: list[list[list[float]]]


class MultiPolygonPayload(TypedDict):
    """A GeoJSON MultiPolygon ([longitude, latitude] positions)."""

    type: Literal["MultiPolygon"]
    coordinates: list[list[list[list[float]]]]


AreaGeometryPayload: TypeAlias = PolygonPayload | MultiPolygonPayload


class AreaFeaturePayload(TypedDict):
    """An area: ``lang`` (the words' language) orders its two names in the tooltip.

    An area of a choropleth has its class's colour (``fill``, over the layer's) and may
    have ``data_lines``: a table's row, each line in the data's own language. Its
    ``geometry`` is null when a layer made before it on the map has the area (the same
    ``id``): the page holds each area's outline once.
    """

    id: str
    lang: LangPayload
    name_en: str
    name_zh: str
    lines: list[str]
    geometry: AreaGeometryPayload | None
    fill: NotRequired[str]
    data_lines: NotRequired[list[MarkedTextPayload]]


class AreaLayerPayload(TypedDict):
    """``G60.areaLayer(data)``: areas in a pane of their own; hover_style when interactive.

    ``choropleth`` names a choropleth's section of the legend, shown while the layer is.
    """

    features: list[AreaFeaturePayload]
    style: AreaStylePayload
    hover_style: AreaStylePayload | None
    interactive: bool
    pane: str
    pane_z: int
    attribution: str
    choropleth: NotRequired[str]


class PackedIntsPayload(TypedDict):
    """One integer per point in the layer's packed buffer (see ``PointLayerPayload.packed``).

    The layer's ``count`` values are stored as unsigned integers of ``width`` bytes (1, 2
    or 4), byte-shuffled from ``offset``: first every stored value's lowest byte, then
    every one's second byte, and so on (deflate packs the planes of small numbers well).
    Without ``delta``, value = base + stored. With ``delta``, each stored value z is the
    zigzag-encoded difference from the one before: d = (z >>> 1) ^ -(z & 1), and
    value[i] = value[i - 1] + d, starting from value[-1] = base.
    """

    offset: int
    width: int
    base: int
    delta: bool


class PackedTextPayload(TypedDict):
    """One text per point, front-coded: text i is the first ``prefix[i]`` UTF-8 bytes of
    text i - 1 followed by ``lengths[i]`` bytes of its own; every text's own bytes lie end
    to end, ``bytes`` long from ``offset``."""

    prefix: PackedIntsPayload
    lengths: PackedIntsPayload
    offset: int
    bytes: int


class PlainColumnPayload(TypedDict):
    """A text column of a point layer, one value per point."""

    name: str
    text: PackedTextPayload


class CodedColumnPayload(TypedDict):
    """A text column of repeated values: point i has dict[codes[i]]."""

    name: str
    dict: list[str]
    codes: PackedIntsPayload


class CategoryColumnPayload(TypedDict):
    """The coded column that colours the points.

    colours has a colour per code; draw_order lists the codes in the order they are drawn.
    """

    name: str
    dict: list[str]
    codes: PackedIntsPayload
    colours: list[str]
    draw_order: list[int]


PointColumnPayload: TypeAlias = PlainColumnPayload | CodedColumnPayload | CategoryColumnPayload


class PointListPayload(TypedDict):
    """The words of the "points in view" list, one list for every point layer of a map.

    ``count`` and ``some`` are catalogue texts whose ``{count}``, ``{shown}``, ``{layer}``
    and ``{number}`` the runtime fills (``count_one`` is the text for exactly one point).
    """

    button: str
    count_one: str
    count: str
    some: str
    none: str
    point: str
    limit: int
    locale: str


class DensityWordsPayload(TypedDict):
    """The words of a point layer's density grid: its legend and a cell's popup.

    The runtime fills ``{count}``, ``{from}``, ``{to}``, ``{km}`` and ``{category}``
    (numbers formatted for the list's ``locale``); ``cell_one`` is for exactly one point.
    """

    heading: str
    cell_size: str
    range: str
    range_one: str
    above: str
    choose: str
    all: str
    cell: str
    cell_one: str
    category_count: str
    zoom_in: str


class PointLayerPayload(TypedDict):
    """``G60.pointLayer(data)``: the points packed as binary, decoded in the page.

    ``packed`` holds base64 chunks, each a zlib stream (RFC 1950: "deflate" to
    ``DecompressionStream``); unpacked and joined in order they are the layer's buffer of
    ``packed_bytes`` bytes, in which every ``PackedIntsPayload`` and ``PackedTextPayload``
    of the layer has its place. Coordinates are integers of
    1/scale degrees, delta-encoded. A layer with points placed by their address has
    ``placed``: per point 0 where the row gave coordinates, else 1 + the index of its
    district in ``placed_radius_m`` (how approximate, in metres) and ``placed_lines``
    (the popup's line naming the district). Below the zoom where its dots would
    overplot, the layer draws a grid of counts (``density``: its words).
    """

    id: str
    name: str
    count: int
    scale: int
    packed: list[str]
    packed_bytes: int
    lon: PackedIntsPayload
    lat: PackedIntsPayload
    columns: list[PointColumnPayload]
    label: int | None
    category: int | None
    link: int | None
    colour: str
    source_line: MarkedTextPayload
    popup_close: str
    list: PointListPayload
    density: DensityWordsPayload
    placed: NotRequired[PackedIntsPayload]
    placed_radius_m: NotRequired[list[int]]
    placed_lines: NotRequired[list[MarkedTextPayload]]


# ---- Panels ----


class LegendSymbolEntryPayload(TypedDict):
    shape: str
    path: str
    colour: str
    label: str


class LegendLineEntryPayload(TypedDict):
    line: Literal[True]
    colour: str
    dash: str | None
    label: str


class LegendAreaEntryPayload(TypedDict):
    area: AreaStylePayload
    label: str


class LegendDotEntryPayload(TypedDict):
    dot: str
    label: str


class LegendHeadingEntryPayload(TypedDict):
    heading: Literal[True]
    label: str


class LegendNoteEntryPayload(TypedDict):
    """A line of small print: how a choropleth's classes were cut, where its figures come from."""

    note: Literal[True]
    label: str


LegendEntryPayload: TypeAlias = (
    LegendSymbolEntryPayload
    | LegendLineEntryPayload
    | LegendAreaEntryPayload
    | LegendDotEntryPayload
    | LegendHeadingEntryPayload
    | LegendNoteEntryPayload
)


class LegendSectionPayload(TypedDict):
    """The classed legend of a choropleth, shown while its layer (``AreaLayerPayload.choropleth``) is."""

    layer: str
    entries: list[LegendEntryPayload]


class LegendPayload(TypedDict):
    """``G60.legend(map, data)``: its entries, then the sections of the choropleths shown."""

    position: ControlPosition
    heading: str
    entries: list[LegendEntryPayload]
    sections: list[LegendSectionPayload]


class TitlePayload(TypedDict):
    """``G60.titleBlock(map, data)``."""

    position: ControlPosition
    lang: LangPayload
    name_en: str
    name_zh: str
    subtitle: str
    sources_heading: str
    sources: list[ArticlePayload]
    notes: list[str]
    as_of_title: str


class TimelineDatePayload(TypedDict):
    """A date of the timeline: its first day (ISO, which compares as text) and its words."""

    date: str
    label: str


class TimelineEventPayload(TypedDict):
    """Something dated: a fact, an article, a city joining. ``date`` as in TimelineDatePayload."""

    date: str
    kind: Literal["fact", "article", "joined"]
    text: MarkedTextPayload


class TimelinePayload(TypedDict):
    """``G60.timeline(map, data)``: the dated events in order, and the control's words."""

    position: ControlPosition
    heading: str
    all_dates: str
    play: str
    pause: str
    dates: list[TimelineDatePayload]
    events: list[TimelineEventPayload]


class LanguageChoicePayload(TypedDict):
    """A button of the language switch: the language named in itself (中文, English)."""

    lang: LangPayload
    label: str
    html_lang: str


class LanguagePayload(TypedDict):
    """``G60.language(map, data)``: the language the map opens in, the switch, and the words
    outside the panels (the page's title, the map's name, the zoom buttons).

    ``page`` is true for a page of its own: the URL hash (``#lang=zh``) chooses the language
    on opening and follows the switch, and the document's title and ``lang`` follow it.
    """

    position: ControlPosition
    default: LangPayload
    page: bool
    choices: list[LanguageChoicePayload]
    group_label: str
    page_title: str
    map_label: str
    zoom_in: str
    zoom_out: str
    leaflet_title: str


class LayerEntryPayload(TypedDict):
    """A line of the layer control (``name`` is HTML: Leaflet shows it so; escaped in Python)."""

    name: str
    overlay: bool


class LayerSwitcherPayload(TypedDict):
    """``G60.layerSwitcher(map, layers, data)``: ``entries[i]`` names ``layers[i]``."""

    entries: list[LayerEntryPayload]
    collapsed: bool
    label: str


class SearchEntryPayload(TypedDict):
    """Something the search finds: a place, a fact or a sentence "In the news". ``text`` is
    what a query is matched against (lowercase, full-width forms folded); ``target`` where
    choosing it goes: ``place:ID`` (a marker) or ``axis:ID`` (a line)."""

    kind: Literal["city", "site", "fact", "news"]
    label: str
    detail: str
    text: str
    target: str


class SearchPayload(TypedDict):
    """``G60.search(map, layers, data)``: the search box. ``results`` and ``point_of`` are
    catalogue texts whose ``{count}`` and ``{layer}`` the runtime fills."""

    label: str
    placeholder: str
    results: str
    result_one: str
    none: str
    point_of: str
    limit: int
    entries: list[SearchEntryPayload]


class DeepLinksPayload(TypedDict):
    """``G60.deepLinks(map, layers, data)``: ``keys[i]`` names ``layers[i]`` in the address
    (``overlays[i]`` false for a background); ``page`` false for a fragment, which leaves its
    host page's address alone. The words are the popup's "copy link" button's."""

    page: bool
    keys: list[str]
    overlays: list[bool]
    copy_link: str
    link_copied: str
    copy_by_hand: str


class TileLayerPayload(TypedDict):
    """``G60.tileLayer(map, data)``: a basemap of web tiles; its credit line is HTML
    written in Python (never from data)."""

    url: str
    attribution: str
    max_zoom: int
    subdomains: str


class ScaleBarPayload(TypedDict):
    """``G60.scaleBar(map, data)``: a metric scale bar with its units' names."""

    position: ControlPosition
    metres: str
    kilometres: str


# ---- TypeScript ----

DECLARATIONS_FILE = Path(__file__).parent / "runtime" / "payloads.d.ts"
HEADER = """\
// Generated by `python -m mapgen.web.payloads` from the TypedDicts of mapgen/web/payloads.py.
// Do not edit: change the Python and run that command again (tests/test_runtime.py checks it).

/**
 * A payload as the page carries it: both languages' editions of T merged (mapgen/web/bilingual.py);
 * lang.js' localize(data, lang) gives back T.
 */
export type Bilingual<T> = { readonly __editions: T };
"""
_PRIMITIVES: dict[object, str] = {
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    None: "null",
    type(None): "null",
}


def _aliases() -> dict[str, object]:
    """The module's ``X: TypeAlias = ...`` declarations, by name."""
    module = sys.modules[__name__]
    return {name: getattr(module, name) for name, kind in module.__annotations__.items() if kind is TypeAlias}


def _typeddicts() -> dict[str, type]:
    """The TypedDicts declared in this module, by name."""
    return {
        name: value
        for name, value in vars(sys.modules[__name__]).items()
        if typing.is_typeddict(value) and value.__module__ == __name__
    }


def _typescript(hint: object, aliases: dict[str, object]) -> str:
    """One Python type as TypeScript.

    >>> _typescript(list[str | None], {}), _typescript(Literal["a", True], {})
    ('(string | null)[]', '"a" | true')
    """
    for name, alias in aliases.items():
        if hint == alias:
            return name
    if hint in _PRIMITIVES:
        return _PRIMITIVES[hint]
    if isinstance(hint, type) and typing.is_typeddict(hint):
        return hint.__name__
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Literal:
        return " | ".join(json.dumps(value) for value in args)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_typescript(arg, aliases) for arg in args)
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        item = _typescript(args[0], aliases)
        return f"({item})[]" if " | " in item else f"{item}[]"
    if origin is tuple:
        return "[" + ", ".join(_typescript(arg, aliases) for arg in args) + "]"
    if origin is dict and args[0] is str:
        return f"Record<string, {_typescript(args[1], aliases)}>"
    raise TypeError(f"no TypeScript for the payload type {hint!r}")


def _comment(doc: str | None) -> str:
    """A docstring as a TSDoc comment (reStructuredText ``code`` as Markdown `code`)."""
    if not doc:
        return ""
    lines = inspect.cleandoc(doc).replace("``", "`").splitlines()
    if len(lines) == 1:
        return f"/** {lines[0]} */\n"
    return "/**\n" + "".join(f" * {line}".rstrip() + "\n" for line in lines) + " */\n"


def _interface(name: str, typeddict: type, aliases: dict[str, object]) -> str:
    lines = [f"{_comment(typeddict.__doc__)}export interface {name} {{"]
    for key, hint in typing.get_type_hints(typeddict, include_extras=True).items():
        optional = typing.get_origin(hint) is NotRequired
        if optional:
            hint = typing.get_args(hint)[0]
        lines.append(f"  {key}{'?' if optional else ''}: {_typescript(hint, aliases)};")
    return "\n".join(lines) + "\n}\n"


def _alias(name: str, alias: object, aliases: dict[str, object]) -> str:
    others = {other: value for other, value in aliases.items() if other != name}
    if typing.get_origin(alias) in (typing.Union, types.UnionType) and len(typing.get_args(alias)) > 3:
        # One member a line: a long union reads better as a list.
        members = "".join(f"\n  | {_typescript(arg, others)}" for arg in typing.get_args(alias))
        return f"export type {name} ={members};\n"
    return f"export type {name} = {_typescript(alias, others)};\n"


def typescript_declarations() -> str:
    """The text of ``payloads.d.ts``: every payload TypedDict and alias, sorted by name."""
    aliases = _aliases()
    declarations = {name: _interface(name, typeddict, aliases) for name, typeddict in _typeddicts().items()}
    declarations.update({name: _alias(name, alias, aliases) for name, alias in aliases.items()})
    return HEADER + "".join("\n" + declarations[name] for name in sorted(declarations))


if __name__ == "__main__":
    DECLARATIONS_FILE.write_text(typescript_declarations(), encoding="utf-8", newline="\n")
    print(f"wrote {DECLARATIONS_FILE}")
