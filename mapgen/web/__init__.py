"""Stage 6, the web map: checked data -> a folium Map that works offline.

>>> # fmap = render_map(check("."))   # an OfflineMap; page_html(fmap) is the page

One map concept per class (:mod:`~mapgen.web.elements`, each with its template), the
data each hands the page's runtime as JSON (:mod:`~mapgen.web.content`,
:mod:`~mapgen.web.areas`, :mod:`~mapgen.web.points`), the runtime and styles declared
as data (:mod:`~mapgen.web.assets`), and folium's internals in :mod:`~mapgen.web.foliumkit`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from folium.map import Layer

from mapgen.pipeline import Checked
from mapgen.present.catalogue import Lang, Words
from mapgen.present.describe import cities_layer_name, names, site_category_label
from mapgen.web import areas, content, points
from mapgen.web.assets import leaflet_version
from mapgen.web.basemaps import BASEMAP_KEYS, BASEMAPS, Basemap, attribution_html
from mapgen.web.elements import (
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
)
from mapgen.web.foliumkit import PageFigure, set_ids, use_page_figure, walk
from mapgen.web.frame import FrameSize
from mapgen.web.policy import policy_meta

__all__ = ["BASEMAP_KEYS", "HTML_LANGS", "MapOptions", "render_map"]

# The page's language as <html lang> names it (BCP 47): screen readers pick their voice by it.
HTML_LANGS: dict[Lang, str] = {"en": "en", "zh": "zh-CN"}


@dataclass(frozen=True)
class MapOptions:
    """How to draw the map.

    ``basemap`` is the background shown on opening (see BASEMAP_KEYS). ``fragment``
    is the box of a map to paste into another page; None makes a page of its own.
    ``lang`` is the language of every word on the map.
    """

    basemap: str = "osm"
    fragment: FrameSize | None = None
    lang: Lang = "en"

    def __post_init__(self) -> None:
        if self.basemap not in BASEMAP_KEYS:
            raise ValueError(f"basemap {self.basemap!r} is not one of {', '.join(BASEMAP_KEYS)}")


def _base_layer(basemap: Basemap, words: Words, show: bool) -> Layer:
    name = words(f"basemap.{basemap.key}")
    if basemap.url is None:
        return BlankBaseLayer(name, show=show)
    return BaseMapTiles(
        basemap.url,
        attr=attribution_html(basemap, words),
        name=name,
        overlay=False,
        control=True,
        show=show,
        max_zoom=basemap.max_zoom,
        subdomains=basemap.subdomains,
    )


def render_map(checked: Checked, options: MapOptions | None = None) -> OfflineMap:
    """Build the folium Map of the corridor (no I/O)."""
    options = options or MapOptions()
    words = Words(options.lang)
    atlas, geometry = checked.atlas, checked.geometry
    centre = geometry.bounds.centre
    fmap = OfflineMap(
        location=[centre.lat, centre.lon],
        zoom_start=7,
        tiles=None,
        control_scale=True,
        zoom_control="bottomright",
    )
    fmap.fragment = options.fragment
    title = words("embed.title", corridor=names(atlas.corridor))
    fmap.label = title
    fmap.zoom_titles = (words("controls.zoom_in"), words("controls.zoom_out"))
    if options.fragment is None:
        # A page of its own: its language, its title, and a policy that lets only its own
        # scripts run. A fragment takes all three from the page it is pasted into.
        use_page_figure(fmap, PageFigure(HTML_LANGS[options.lang], title, head_first=policy_meta))
        fmap.add_child(PageStyle(), name="page_style")
    fmap.add_child(InlineAssets(), name="inline_assets")

    gcj02_basemaps: list[Layer] = []
    for basemap in BASEMAPS:
        layer = _base_layer(basemap, words, show=basemap.key == options.basemap)
        layer.add_to(fmap)
        if basemap.datum == "gcj02":
            gcj02_basemaps.append(layer)

    overlays: list[Layer] = [
        AreaLayer(words("layer.provinces"), areas.province_layer_json(checked, words)),
        AreaLayer(words("layer.region"), areas.region_layer_json(checked, words)),
        AreaLayer(words("layer.city_areas"), areas.city_area_layer_json(checked, words)),
        AreaLayer(
            words("layer.district_boundary", district=names(atlas.district)),
            areas.district_layer_json(checked, words),
        ),
        *(AxisLayer(words.name(names(a.axis)), content.axis_json(a, checked, words)) for a in geometry.axes),
        *(
            PlaceLayer(site_category_label(atlas, category, words), data)
            for category, data in content.site_layers_json(checked, words)
        ),
        PlaceLayer(cities_layer_name(atlas, words), content.city_layer_json(checked, words)),
        *(
            PointsOverlay(
                words("layer.points", name=layer.name, count=f"{layer.count:,}"),
                points.point_layer_json(layer, words, HTML_LANGS[options.lang]),
                show=layer.show,
            )
            for layer in atlas.layers
        ),
    ]
    for overlay in overlays:
        overlay.add_to(fmap)
    DatumShift(overlays, gcj02_basemaps).add_to(fmap)

    TitleBlock(content.title_json(checked, words, leaflet_version())).add_to(fmap)
    Legend(content.legend_json(checked, words)).add_to(fmap)
    bounds = geometry.bounds
    InitialView([[bounds.south, bounds.west], [bounds.north, bounds.east]]).add_to(fmap)
    LayerSwitcher(label=words("controls.layers"), collapsed=True).add_to(fmap)
    assign_stable_ids(fmap, options)
    return fmap


def assign_stable_ids(fmap: OfflineMap, options: MapOptions | None = None) -> None:
    """Replace folium's random element ids with ids derived from the map's content.

    The same data and options give the same ids (byte-identical pages); different
    data or options give different ids, so two maps can share one page.
    """
    elements = walk(fmap.get_root())
    digest = hashlib.sha256(repr(options or MapOptions()).encode("utf-8"))
    for element in elements:
        if isinstance(element, DataLayer | MapControl):
            digest.update(element.data_json.encode("utf-8"))
    salt = digest.hexdigest()[:16]
    set_ids(
        elements,
        (hashlib.sha256(f"{salt}/{index}".encode()).hexdigest()[:16] for index in range(len(elements))),
    )
