"""Symbols and colours for every output: distinct shapes with the Okabe–Ito colour-blind-safe palette.

The web map draws a shape from its SVG path, the print map with its matplotlib marker:
one table, :data:`SHAPES`, holds both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    """A marker outline: an SVG path in a 20×20 box (web) and the matplotlib marker like it (print)."""

    name: str
    svg_path: str
    mpl_marker: str


SHAPES: dict[str, Shape] = {
    shape.name: shape
    for shape in (
        Shape("circle", "M10 2.5a7.5 7.5 0 1 0 0.01 0z", "o"),
        Shape("star", "M10 1.2l2.6 5.6 6.1.7-4.5 4.2 1.2 6-5.4-3-5.4 3 1.2-6-4.5-4.2 6.1-.7z", "*"),
        Shape("square", "M3.5 3.5h13v13h-13z", "s"),
        Shape("diamond", "M10 1.5l8.5 8.5-8.5 8.5-8.5-8.5z", "D"),
        Shape("triangle", "M10 2l8.5 15h-17z", "^"),
        Shape("hexagon", "M10 1.8l7.1 4.1v8.2l-7.1 4.1-7.1-4.1v-8.2z", "h"),
        Shape("pentagon", "M10 1.8l8 5.8-3 9.4h-10l-3-9.4z", "p"),
        Shape("cross", "M7 2h6v5h5v6h-5v5h-6v-5h-5v-6h5z", "X"),
    )
}


@dataclass(frozen=True)
class Symbol:
    shape: Shape
    colour: str
    size: int = 18


@dataclass(frozen=True)
class LineStyle:
    colour: str
    dash: str | None  # SVG dash array; a dashed line tells axes apart without colour


ORIGIN_CITY = Symbol(SHAPES["star"], "#D55E00", 26)
MEMBER_CITY = Symbol(SHAPES["circle"], "#0072B2", 18)
# A city drawn on a map as of a date before it joined: grey, hollow (an outline only).
NOT_YET_CITY = Symbol(SHAPES["circle"], "#8C8C8C", 18)

# Site categories take these in the order geo/sites.yaml lists them.
CATEGORY_SYMBOLS: tuple[Symbol, ...] = (
    Symbol(SHAPES["square"], "#CC79A7", 16),
    Symbol(SHAPES["diamond"], "#56B4E9", 18),
    Symbol(SHAPES["triangle"], "#F0E442", 18),
    Symbol(SHAPES["hexagon"], "#009E73", 17),
    Symbol(SHAPES["pentagon"], "#E69F00", 17),
    Symbol(SHAPES["cross"], "#999999", 16),
)

AXIS_STYLES = {
    "expressway": LineStyle("#E69F00", None),
    "railway": LineStyle("#009E73", "10 7"),
}


@dataclass(frozen=True)
class AreaStyle:
    """How an area is drawn: outline and translucent fill on screen (``fill_opacity=0`` draws the
    outline only), and ``paper`` the opaque fill that looks the same printed on white."""

    colour: str
    weight: float
    fill_opacity: float
    dash: str | None = None
    opacity: float = 1.0
    paper: str = "none"


# Context first and quiet; the map must read with no tiles at all.
PROVINCE_AREA = AreaStyle("#707070", 1.2, 0.0, dash="1 4", opacity=0.9, paper="#f7f7f5")
REGION_AREA = AreaStyle("#0072B2", 0.0, 0.07)
CITY_AREA = AreaStyle("#0072B2", 1.0, 0.08, opacity=0.8, paper="#e3eef7")
CITY_AREA_HOVER = AreaStyle("#0072B2", 2.5, 0.22)
DISTRICT_AREA = AreaStyle("#CC79A7", 2.0, 0.15, dash="6 4", paper="#f5dcea")
DISTRICT_AREA_HOVER = AreaStyle("#CC79A7", 3.0, 0.3, dash="6 4")


def category_symbol(index: int) -> Symbol:
    """The symbol of the index-th category; shapes repeat only after six categories.

    >>> category_symbol(0).shape.name, category_symbol(6).shape.name
    ('square', 'square')
    """
    return CATEGORY_SYMBOLS[index % len(CATEGORY_SYMBOLS)]


# Point layers colour by category: colour-blind-safe, distinct from the city and site
# symbols' outlines; the 9th and later categories share OTHER_POINTS.
POINT_COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#8C564B",
    "#332288",
)
OTHER_POINTS = "#888888"
PLAIN_POINTS = "#6A3D9A"  # a layer without categories


def category_colours(counts: Mapping[str, int]) -> dict[str, str]:
    """A colour for each category of a point layer, from how many points each has: the most
    frequent get the palette, the rest share grey; in that order (empty cells last).

    >>> category_colours({"b": 2, "a": 1, "": 1})
    {'b': '#0072B2', 'a': '#E69F00', '': '#888888'}
    """
    ranked = sorted(counts, key=lambda v: (v == "", -counts[v], v))
    return {
        value: (POINT_COLOURS[i] if value and i < len(POINT_COLOURS) else OTHER_POINTS)
        for i, value in enumerate(ranked)
    }


# Choropleths (tables of figures, counts of points) shade each class with a colour of
# ColorBrewer's YlGnBu: sequential (light is low, dark is high), colour-blind-safe, and
# unlike the blue of the city areas and the pink of the district. Brewer chose each
# palette for its number of classes; two and one class take from the three.
SEQUENTIAL: dict[int, tuple[str, ...]] = {
    1: ("#41B6C4",),
    2: ("#EDF8B1", "#2C7FB8"),
    3: ("#EDF8B1", "#7FCDBB", "#2C7FB8"),
    4: ("#FFFFCC", "#A1DAB4", "#41B6C4", "#225EA8"),
    5: ("#FFFFCC", "#A1DAB4", "#41B6C4", "#2C7FB8", "#253494"),
    6: ("#FFFFCC", "#C7E9B4", "#7FCDBB", "#41B6C4", "#2C7FB8", "#253494"),
    7: ("#FFFFCC", "#C7E9B4", "#7FCDBB", "#41B6C4", "#1D91C0", "#225EA8", "#0C2C84"),
    8: ("#FFFFD9", "#EDF8B1", "#C7E9B4", "#7FCDBB", "#41B6C4", "#1D91C0", "#225EA8", "#0C2C84"),
    9: ("#FFFFD9", "#EDF8B1", "#C7E9B4", "#7FCDBB", "#41B6C4", "#1D91C0", "#225EA8", "#253494", "#081D58"),
}
# The outline of a shaded area (the class colour fills it) and its outline on hover.
CHOROPLETH_AREA = AreaStyle("#4D4D4D", 0.8, 0.75, opacity=0.8)
CHOROPLETH_AREA_HOVER = AreaStyle("#1A1A1A", 2.5, 0.9)


def sequential_colours(count: int) -> tuple[str, ...]:
    """The colours of ``count`` classes, lightest (lowest) first.

    >>> sequential_colours(3)
    ('#EDF8B1', '#7FCDBB', '#2C7FB8')
    """
    return SEQUENTIAL[count]


def shade(colour: str) -> AreaStyle:
    """A class's area style: filled with its colour, the same on screen and on paper."""
    return AreaStyle(colour, 0.8, CHOROPLETH_AREA.fill_opacity, paper=colour)
