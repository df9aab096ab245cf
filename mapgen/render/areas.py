"""Areas on the map (provinces, the corridor region, city areas, the district) and the
wording of what the boundaries measure.
"""

from __future__ import annotations

import html
from typing import Any

from mapgen.geojson import rfc7946_geometry
from mapgen.geometry import Geometry
from mapgen.model import Atlas, Boundary, City, Quantity
from mapgen.render.style import (
    CITY_AREA,
    CITY_AREA_HOVER,
    DISTRICT_AREA,
    DISTRICT_AREA_HOVER,
    PROVINCE_AREA,
    REGION_AREA,
    AreaStyle,
)

JSON = dict[str, Any]
AREA_UNITS = ("km²", "km2", "square kilometres", "square kilometers")

# Leaflet panes, below the axes (overlayPane, 400): areas never cover a line or a marker,
# and switching a layer off and on does not change which area lies on top.
CONTEXT_PANE = ("g60-context", 380)
AREA_PANE = ("g60-areas", 390)
DISTRICT_PANE = ("g60-district", 395)


def format_km2(value: float) -> str:
    """A whole number of square kilometres.

    >>> format_km2(84656.9)
    '84,657 km²'
    """
    return f"{round(value):,} km²"


def percent_difference(measured: float, stated: float) -> str:
    """How a measured value compares with a stated one, in words.

    >>> percent_difference(84657, 76200), percent_difference(75000, 76200)
    ('11.1% more than', '1.6% less than')
    """
    change = (measured - stated) / stated * 100
    if round(abs(change), 1) == 0:
        return "the same as"
    return f"{abs(change):.1f}% {'more' if change > 0 else 'less'} than"


def boundary_attribution(atlas: Atlas) -> str:
    """Credit for the boundary data, as HTML-escaped text for Leaflet's attribution control."""
    provenance = atlas.boundaries.provenance
    package = provenance.get("package", "unknown source")
    licence = provenance.get("licence", "licence unknown")
    # Short, so it stays on one line in small maps; the title block tells the whole story.
    return html.escape(f"Boundaries: {package} ({licence})")


def _layer(features: list[JSON], style: AreaStyle, pane: tuple[str, int], atlas: Atlas,
           hover: AreaStyle | None = None) -> JSON:
    return {"features": features, "style": style.as_json(),
            "hover_style": hover.as_json() if hover else None, "interactive": hover is not None,
            "pane": pane[0], "pane_z": pane[1], "attribution": boundary_attribution(atlas)}


def _feature(boundary: Boundary, lines: list[str]) -> JSON:
    return {"id": f"{boundary.level}-{boundary.adcode}", "name_en": boundary.name_en,
            "name_zh": boundary.name_zh, "lines": lines,
            "geometry": rfc7946_geometry(boundary.geometry)}


def province_layer_json(atlas: Atlas) -> JSON:
    features = [_feature(b, []) for b in atlas.boundaries.at_level("province")]
    return _layer(features, PROVINCE_AREA, CONTEXT_PANE, atlas)


def region_layer_json(atlas: Atlas, geometry: Geometry) -> JSON:
    region = {"id": f"region-{atlas.corridor.id}", "name_en": atlas.corridor.name_en,
              "name_zh": atlas.corridor.name_zh, "lines": [],
              "geometry": rfc7946_geometry(geometry.region.geometry)}
    return _layer([region], REGION_AREA, CONTEXT_PANE, atlas)


def city_measure_line(city: City, atlas: Atlas, geometry: Geometry) -> str:
    """``'16,876 km² · 131 km from Songjiang District'`` (both geodesic)."""
    measured = geometry.city(city.id)
    assert measured is not None
    whole = " (the whole municipality)" if city.role == "origin" else ""
    return (f"Area {format_km2(measured.area_km2)}{whole} · "
            f"{round(measured.km_from_district):,} km from {atlas.district.name_en}")


def city_area_layer_json(atlas: Atlas, geometry: Geometry) -> JSON:
    features = [_feature(atlas.city_area(c), [city_measure_line(c, atlas, geometry)])
                for c in atlas.cities]
    return _layer(features, CITY_AREA, AREA_PANE, atlas, hover=CITY_AREA_HOVER)


def district_line(geometry: Geometry) -> str:
    return f"Area {format_km2(geometry.district_km2)}"


def district_layer_json(atlas: Atlas, geometry: Geometry) -> JSON:
    return _layer([_feature(atlas.district_area, [district_line(geometry)])], DISTRICT_AREA,
                  DISTRICT_PANE, atlas, hover=DISTRICT_AREA_HOVER)


def region_comparison(stated_km2: float, atlas: Atlas, geometry: Geometry) -> list[str]:
    """What the boundaries give next to an area an article states for the corridor.

    Two readings: the nine whole cities, and the origin city counted by its
    district only (Songjiang plus the eight other cities).
    """
    origin = next(c for c in atlas.cities if c.role == "origin")
    district = atlas.district.name_en
    whole, with_district = geometry.region.area_km2, geometry.region.with_district_km2
    stated = format_km2(stated_km2)
    lines = [
        f"Measured from the boundaries (geodesic): the nine whole cities cover {format_km2(whole)}, "
        f"{percent_difference(whole, stated_km2)} the stated {stated}.",
        f"{district} plus the eight other cities cover {format_km2(with_district)}, "
        f"{percent_difference(with_district, stated_km2)} {stated}.",
    ]
    if abs(with_district - stated_km2) < abs(whole - stated_km2):
        lines.append(f"The stated figure matches the second reading best: it counts "
                     f"{origin.name_en} by {district} only, not the whole municipality.")
    else:
        lines.append(f"The stated figure matches the nine whole cities best, {origin.name_en} "
                     "included whole.")
    return lines


def corridor_area_checks(values: tuple[Quantity, ...], atlas: Atlas,
                         geometry: Geometry) -> list[str]:
    """Comparison lines for each area value a corridor-wide fact states."""
    return [line for q in values if q.unit in AREA_UNITS
            for line in region_comparison(q.number, atlas, geometry)]
