"""The web map's area layers: provinces, the corridor region, city areas and the district."""

from __future__ import annotations

import html
from typing import cast

from shapely.geometry.base import BaseGeometry

from mapgen.geojson import rfc7946_geometry
from mapgen.model import Boundary
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Words
from mapgen.present.describe import boundary_attribution, city_measure_line, district_area_line
from mapgen.present.style import (
    CITY_AREA,
    CITY_AREA_HOVER,
    DISTRICT_AREA,
    DISTRICT_AREA_HOVER,
    PROVINCE_AREA,
    REGION_AREA,
    AreaStyle,
)
from mapgen.web.content import area_style_json
from mapgen.web.payloads import AreaFeaturePayload, AreaGeometryPayload, AreaLayerPayload

# Leaflet panes, below the axes (overlayPane, 400): areas never cover a line or a marker,
# and switching a layer off and on does not change which area lies on top.
CONTEXT_PANE = ("g60-context", 380)
AREA_PANE = ("g60-areas", 390)
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


def _feature(boundary: Boundary, lines: list[str], words: Words) -> AreaFeaturePayload:
    return {
        "id": f"{boundary.level}-{boundary.adcode}",
        "lang": words.lang,
        "name_en": boundary.name_en,
        "name_zh": boundary.name_zh,
        "lines": lines,
        "geometry": area_geometry(boundary.geometry),
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
    atlas = checked.atlas
    features = [
        _feature(atlas.city_area(c), [city_measure_line(c, checked, words)], words) for c in atlas.cities
    ]
    return _layer(features, CITY_AREA, AREA_PANE, checked, words, hover=CITY_AREA_HOVER)


def district_layer_json(checked: Checked, words: Words) -> AreaLayerPayload:
    return _layer(
        [_feature(checked.atlas.district_area, [district_area_line(checked, words)], words)],
        DISTRICT_AREA,
        DISTRICT_PANE,
        checked,
        words,
        hover=DISTRICT_AREA_HOVER,
    )


def area_geometry(geometry: BaseGeometry) -> AreaGeometryPayload:
    """An area as a GeoJSON (Multi)Polygon; load checks that areas are nothing else."""
    return cast(AreaGeometryPayload, rfc7946_geometry(geometry))
