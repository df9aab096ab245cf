"""The web map's area layers: provinces, the corridor region, city areas and the district,
and the choropleths (tables of figures, points counted per city or district)."""

from __future__ import annotations

import html
from typing import cast

from shapely.geometry.base import BaseGeometry

from mapgen.geojson import rfc7946_geometry
from mapgen.model import Boundary
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Words
from mapgen.present.classes import Choropleth
from mapgen.present.describe import (
    area_count_lines,
    boundary_attribution,
    city_measure_line,
    district_area_line,
    shaded_area_lines,
)
from mapgen.present.style import (
    CHOROPLETH_AREA,
    CHOROPLETH_AREA_HOVER,
    CITY_AREA,
    CITY_AREA_HOVER,
    DISTRICT_AREA,
    DISTRICT_AREA_HOVER,
    PROVINCE_AREA,
    REGION_AREA,
    AreaStyle,
)
from mapgen.web.content import area_style_json, lines_json
from mapgen.web.payloads import AreaFeaturePayload, AreaGeometryPayload, AreaLayerPayload

# Leaflet panes, below the axes (overlayPane, 400): areas never cover a line or a marker,
# and switching a layer off and on does not change which area lies on top.
CONTEXT_PANE = ("g60-context", 380)
AREA_PANE = ("g60-areas", 390)
# Above the city areas, whose tooltips it takes over while it is shown; below the
# district's dashed border, which stays visible over the shades.
CHOROPLETH_PANE = ("g60-choropleth", 392)
DISTRICT_PANE = ("g60-district", 395)


def _layer(
    features: list[AreaFeaturePayload],
    style: AreaStyle,
    pane: tuple[str, int],
    checked: Checked,
    words: Words,
    hover: AreaStyle | None = None,
) -> AreaLayerPayload:
    # Leaflet's attribution control shows HTML: the credit is escaped here.
    return {
        "features": features,
        "style": area_style_json(style),
        "hover_style": area_style_json(hover) if hover else None,
        "interactive": hover is not None,
        "pane": pane[0],
        "pane_z": pane[1],
        "attribution": html.escape(boundary_attribution(checked.atlas, words)),
    }


def _feature(boundary: Boundary, lines: list[str], words: Words, outline: bool = True) -> AreaFeaturePayload:
    """An area; without its ``outline`` when a layer before it on the page carries that."""
    return {
        "id": area_id(boundary),
        "lang": words.lang,
        "name_en": boundary.name_en,
        "name_zh": boundary.name_zh,
        "lines": lines,
        "geometry": area_geometry(boundary.geometry) if outline else None,
    }


def province_layer_json(checked: Checked, words: Words) -> AreaLayerPayload:
    features = [_feature(b, [], words) for b in checked.atlas.boundaries.at_level("province")]
    return _layer(features, PROVINCE_AREA, CONTEXT_PANE, checked, words)


def region_layer_json(checked: Checked, words: Words) -> AreaLayerPayload:
    corridor = checked.atlas.corridor
    region: AreaFeaturePayload = {
        "id": f"region-{corridor.id}",
        "lang": words.lang,
        "name_en": corridor.name_en,
        "name_zh": corridor.name_zh,
        "lines": [],
        "geometry": area_geometry(checked.geometry.region.geometry),
    }
    return _layer([region], REGION_AREA, CONTEXT_PANE, checked, words)


def city_area_layer_json(checked: Checked, words: Words) -> AreaLayerPayload:
    """Each city's area; its tooltip gives its area, distance, and each site layer's count in it."""
    atlas, counts = checked.atlas, checked.geometry.counts
    features = []
    for city in atlas.cities:
        area = atlas.city_area(city)
        lines = [city_measure_line(city, checked, words), *area_count_lines(counts, area, words)]
        features.append(_feature(area, lines, words))
    return _layer(features, CITY_AREA, AREA_PANE, checked, words, hover=CITY_AREA_HOVER)


def district_layer_json(checked: Checked, words: Words) -> AreaLayerPayload:
    """The district's area; its tooltip gives its area and each site layer's count in it."""
    area = checked.atlas.district_area
    lines = [district_area_line(checked, words), *area_count_lines(checked.geometry.counts, area, words)]
    return _layer(
        [_feature(area, lines, words)],
        DISTRICT_AREA,
        DISTRICT_PANE,
        checked,
        words,
        hover=DISTRICT_AREA_HOVER,
    )


def area_id(boundary: Boundary) -> str:
    """An area's id on the page (``city-330100``): the same in every layer that draws it."""
    return f"{boundary.level}-{boundary.adcode}"


def choropleth_layer_json(
    choropleth: Choropleth, checked: Checked, words: Words, drawn: frozenset[str] = frozenset()
) -> AreaLayerPayload:
    """A choropleth: each area filled with its class's colour; its tooltip says its figure
    (a table's row as written, or the layer's count of points there).

    ``drawn`` are the ids of the areas that layers made before it carry: the page takes
    their outlines from there, so a city's outline is in the page once however many
    tables and layers shade it.
    """
    features = []
    for shaded in choropleth.areas:
        feature = _feature(shaded.area, [], words, outline=area_id(shaded.area) not in drawn)
        feature["fill"] = choropleth.colour_of(shaded)
        feature["data_lines"] = lines_json(shaded_area_lines(choropleth, shaded, words))
        features.append(feature)
    layer = _layer(features, CHOROPLETH_AREA, CHOROPLETH_PANE, checked, words, hover=CHOROPLETH_AREA_HOVER)
    layer["choropleth"] = choropleth.id
    return layer


def area_geometry(geometry: BaseGeometry) -> AreaGeometryPayload:
    """An area as a GeoJSON (Multi)Polygon; load checks that areas are nothing else."""
    return cast(AreaGeometryPayload, rfc7946_geometry(geometry))
