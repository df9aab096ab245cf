"""Symbols and colours: distinct shapes with the Okabe–Ito colour-blind-safe palette."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Symbol:
    shape: str  # a shape name known to g60.js
    colour: str
    size: int = 18

    def as_json(self) -> dict[str, str | int]:
        return {"shape": self.shape, "colour": self.colour, "size": self.size}


@dataclass(frozen=True)
class LineStyle:
    colour: str
    dash: str | None  # SVG dash array; a dashed line tells axes apart without colour


ORIGIN_CITY = Symbol("star", "#D55E00", 26)
MEMBER_CITY = Symbol("circle", "#0072B2", 18)

# Site categories take these in the order geo/sites.yaml lists them.
CATEGORY_SYMBOLS: tuple[Symbol, ...] = (
    Symbol("square", "#CC79A7", 16),
    Symbol("diamond", "#56B4E9", 18),
    Symbol("triangle", "#F0E442", 18),
    Symbol("hexagon", "#009E73", 17),
    Symbol("pentagon", "#E69F00", 17),
    Symbol("cross", "#999999", 16),
)

AXIS_STYLES = {
    "expressway": LineStyle("#E69F00", None),
    "railway": LineStyle("#009E73", "10 7"),
}

@dataclass(frozen=True)
class AreaStyle:
    """Leaflet path options for an area; ``fill_opacity=0`` draws the outline only."""

    colour: str
    weight: float
    fill_opacity: float
    dash: str | None = None
    opacity: float = 1.0

    def as_json(self) -> dict[str, object]:
        return {"color": self.colour, "weight": self.weight, "opacity": self.opacity,
                "dashArray": self.dash, "fill": self.fill_opacity > 0,
                "fillColor": self.colour, "fillOpacity": self.fill_opacity}


# Context first and quiet; the map must read with no tiles at all.
PROVINCE_AREA = AreaStyle("#707070", 1.2, 0.0, dash="1 4", opacity=0.9)
REGION_AREA = AreaStyle("#0072B2", 0.0, 0.07)
CITY_AREA = AreaStyle("#0072B2", 1.0, 0.08, opacity=0.8)
CITY_AREA_HOVER = AreaStyle("#0072B2", 2.5, 0.22)
DISTRICT_AREA = AreaStyle("#CC79A7", 2.0, 0.15, dash="6 4")
DISTRICT_AREA_HOVER = AreaStyle("#CC79A7", 3.0, 0.3, dash="6 4")


def category_symbol(index: int) -> Symbol:
    """The symbol of the index-th category; shapes repeat only after six categories.

    >>> category_symbol(0).shape, category_symbol(6).shape
    ('square', 'square')
    """
    return CATEGORY_SYMBOLS[index % len(CATEGORY_SYMBOLS)]


# Point layers colour by category: colour-blind-safe, distinct from the city and site
# symbols' outlines; the 9th and later categories share OTHER_POINTS.
POINT_COLOURS: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C564B", "#332288",
)
OTHER_POINTS = "#888888"
PLAIN_POINTS = "#6A3D9A"  # a layer without categories
