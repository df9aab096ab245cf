"""Stage 4, render: linked data and geometry -> a folium Map that works offline.

>>> # m = render_map(atlas, links, geometry)   # a folium.Map; m.get_root().render() is the page
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import folium
from folium.map import Layer

from mapgen.frame import FrameSize
from mapgen.geometry import Geometry
from mapgen.link import Links
from mapgen.model import Atlas
from mapgen.render import areas, content, points
from mapgen.render.assets import leaflet_version
from mapgen.render.basemaps import BASEMAP_KEYS, BASEMAPS, Basemap
from mapgen.render.elements import (
    AreaLayer,
    AxisLayer,
    BaseMapTiles,
    BlankBaseLayer,
    DataLayer,
    DatumShift,
    InitialView,
    InlineAssets,
    LayerSwitcher,
    Legend,
    MapControl,
    OfflineMap,
    PageStyle,
    PlaceLayer,
    PointsOverlay,
    TitleBlock,
    walk,
)

__all__ = ["BASEMAP_KEYS", "MapOptions", "render_map"]


@dataclass(frozen=True)
class MapOptions:
    """How to draw the map.

    ``basemap`` is the background shown on opening (see BASEMAP_KEYS). ``fragment``
    is the box of a map to paste into another page; None makes a page of its own.
    """

    basemap: str = "osm"
    fragment: FrameSize | None = None

    def __post_init__(self) -> None:
        if self.basemap not in BASEMAP_KEYS:
            raise ValueError(f"basemap {self.basemap!r} is not one of {', '.join(BASEMAP_KEYS)}")


def _base_layer(basemap: Basemap, show: bool) -> Layer:
    if basemap.url is None:
        return BlankBaseLayer(basemap.name, show=show)
    return BaseMapTiles(basemap.url, attr=basemap.attribution, name=basemap.name,
                        overlay=False, control=True, show=show, max_zoom=basemap.max_zoom,
                        subdomains=basemap.subdomains)


def render_map(atlas: Atlas, links: Links, geometry: Geometry,
               options: MapOptions = MapOptions()) -> OfflineMap:
    """Build the folium Map of the corridor (no I/O)."""
    (south, west), (north, east) = geometry.bounds
    fmap = OfflineMap(location=[(south + north) / 2, (west + east) / 2], zoom_start=7,
                      tiles=None, control_scale=True, zoom_control="bottomright")
    fmap.fragment = options.fragment
    if options.fragment is None:
        fmap.add_child(PageStyle(), name="page_style")
    fmap.add_child(InlineAssets(), name="inline_assets")

    gcj02_basemaps: list[Layer] = []
    for basemap in BASEMAPS:
        layer = _base_layer(basemap, show=basemap.key == options.basemap)
        layer.add_to(fmap)
        if basemap.datum == "gcj02":
            gcj02_basemaps.append(layer)

    overlays: list[Layer] = [
        AreaLayer("Provinces", areas.province_layer_json(atlas)),
        AreaLayer("Corridor region", areas.region_layer_json(atlas, geometry)),
        AreaLayer("City areas", areas.city_area_layer_json(atlas, geometry)),
        AreaLayer(f"{atlas.district.name_en} boundary", areas.district_layer_json(atlas, geometry)),
        *(AxisLayer(a.axis.name_en, content.axis_json(a, atlas, links, geometry))
          for a in geometry.axes),
        *(PlaceLayer(f"Songjiang: {label}", data)
          for label, data in content.site_layers_json(atlas, links, geometry)),
        PlaceLayer("The nine cities", content.city_layer_json(atlas, links, geometry)),
        *(PointsOverlay(f"{layer.name} ({layer.count:,})", points.point_layer_json(layer),
                        show=layer.show) for layer in atlas.layers),
    ]
    for overlay in overlays:
        overlay.add_to(fmap)
    DatumShift(overlays, gcj02_basemaps).add_to(fmap)

    TitleBlock(content.title_json(atlas, links, geometry, leaflet_version())).add_to(fmap)
    Legend(content.legend_json(atlas, geometry)).add_to(fmap)
    InitialView([[south, west], [north, east]]).add_to(fmap)
    LayerSwitcher(collapsed=True).add_to(fmap)
    assign_stable_ids(fmap, options)
    return fmap


def assign_stable_ids(fmap: folium.Map, options: MapOptions = MapOptions()) -> None:
    """Replace folium's random element ids with ids derived from the map's content.

    The same data and options give the same ids (byte-identical pages); different
    data or options give different ids, so two maps can share one page.
    """
    elements = walk(fmap.get_root())
    digest = hashlib.sha256(repr(options).encode("utf-8"))
    for element in elements:
        if isinstance(element, DataLayer | MapControl):
            digest.update(element.data_json.encode("utf-8"))
    salt = digest.hexdigest()[:16]
    for index, element in enumerate(elements):
        element._id = hashlib.sha256(f"{salt}/{index}".encode()).hexdigest()[:16]
