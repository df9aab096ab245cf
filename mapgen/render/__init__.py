"""Stage 4, render: linked data and geometry -> a folium Map that works offline.

>>> # m = render_map(atlas, links, geometry)   # a folium.Map; m.get_root().render() is the page
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

import folium

from mapgen.geometry import Geometry
from mapgen.link import Links
from mapgen.model import Atlas
from mapgen.render import content
from mapgen.render.assets import leaflet_version
from mapgen.render.elements import (
    AxisLayer,
    DataLayer,
    InitialView,
    InlineAssets,
    Legend,
    MapControl,
    OfflineMap,
    OutlineLayer,
    PlaceLayer,
    TitleBlock,
    walk,
)

Basemap = Literal["osm", "none"]
BASEMAPS: tuple[str, ...] = ("osm", "none")


@dataclass(frozen=True)
class MapOptions:
    """How to draw the map. ``basemap="none"`` draws no tiles at all."""

    basemap: Basemap = "osm"


def _tile_layer(basemap: Basemap) -> folium.TileLayer | None:
    if basemap == "osm":
        return folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=True)
    return None


def render_map(atlas: Atlas, links: Links, geometry: Geometry,
               options: MapOptions = MapOptions()) -> folium.Map:
    """Build the folium Map of the corridor (no I/O)."""
    (south, west), (north, east) = geometry.bounds
    fmap = OfflineMap(location=[(south + north) / 2, (west + east) / 2], zoom_start=7,
                      tiles=_tile_layer(options.basemap), control_scale=True,
                      zoom_control="bottomright")
    fmap.add_child(InlineAssets(), name="inline_assets")

    OutlineLayer("Songjiang District outline", content.outline_json(atlas)).add_to(fmap)
    for axis_geometry in geometry.axes:
        AxisLayer(axis_geometry.axis.name_en,
                  content.axis_json(axis_geometry, atlas, links)).add_to(fmap)
    for label, data in content.site_layers_json(atlas, links):
        PlaceLayer(f"Songjiang: {label}", data).add_to(fmap)
    PlaceLayer("The nine cities", content.city_layer_json(atlas, links)).add_to(fmap)

    TitleBlock(content.title_json(atlas, links, leaflet_version())).add_to(fmap)
    Legend(content.legend_json(atlas, geometry)).add_to(fmap)
    # Leave room for the title block (top left) so no feature hides under it.
    InitialView([[south, west], [north, east]], padding_top_left=(24, 140),
                padding_bottom_right=(24, 24)).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    assign_stable_ids(fmap)
    return fmap


def assign_stable_ids(fmap: folium.Map) -> None:
    """Replace folium's random element ids with ids derived from the map's content.

    The same data gives the same ids (byte-identical pages); different data gives
    different ids, so two maps can share one page.
    """
    elements = walk(fmap.get_root())
    digest = hashlib.sha256()
    for element in elements:
        if isinstance(element, DataLayer | MapControl):
            digest.update(element.data_json.encode("utf-8"))
    salt = digest.hexdigest()[:16]
    for index, element in enumerate(elements):
        element._id = hashlib.sha256(f"{salt}/{index}".encode()).hexdigest()[:16]
