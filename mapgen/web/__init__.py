"""Stage 6, the web map: checked data -> a folium Map that works offline.

>>> # fmap = render_map(check("."))   # an OfflineMap; page_html(fmap) is the page

One map concept per class (:mod:`~mapgen.web.elements`, each with its template), the
data each hands the page's runtime as JSON (:mod:`~mapgen.web.content`,
:mod:`~mapgen.web.areas`, :mod:`~mapgen.web.points`), the runtime and styles declared
as data (:mod:`~mapgen.web.assets`), and folium's internals in :mod:`~mapgen.web.foliumkit`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from folium.map import Layer

from mapgen.geometry import AxisGeometry
from mapgen.model import PointLayer
from mapgen.pipeline import Checked
from mapgen.present.catalogue import LANGS, Lang, Words
from mapgen.present.classes import Choropleth, choropleths
from mapgen.present.describe import choropleth_title, cities_layer_name, names, site_category_label
from mapgen.web import areas, content, points, search, timeline
from mapgen.web.assets import leaflet_version
from mapgen.web.basemaps import BASEMAP_KEYS, BASEMAPS, Basemap, attribution_html
from mapgen.web.bilingual import bilingual, both_editions
from mapgen.web.elements import (
    AreaLayer,
    AxisLayer,
    BaseMapTiles,
    BlankBaseLayer,
    DataLayer,
    DatumShift,
    DeepLinks,
    InitialView,
    InlineAssets,
    LanguageSetting,
    LayerSwitcher,
    Legend,
    MapControl,
    OfflineMap,
    PageStyle,
    PlaceLayer,
    PointsOverlay,
    ScaleBar,
    SearchBox,
    Timeline,
    TitleBlock,
)
from mapgen.web.foliumkit import PageFigure, set_ids, use_page_figure, walk
from mapgen.web.frame import FrameSize
from mapgen.web.langs import HTML_LANGS, LANGUAGE_NAMES
from mapgen.web.payloads import LanguagePayload, ScaleBarPayload, TileLayerPayload
from mapgen.web.policy import policy_meta

__all__ = ["BASEMAP_KEYS", "HTML_LANGS", "MapOptions", "render_map"]


@dataclass(frozen=True)
class MapOptions:
    """How to draw the map.

    ``basemap`` is the background shown on opening (see BASEMAP_KEYS). ``fragment``
    is the box of a map to paste into another page; None makes a page of its own.
    ``lang`` is the language the map opens in when the URL hash names none
    (``#lang=zh``); the page carries both and a switch between them.
    """

    basemap: str = "osm"
    fragment: FrameSize | None = None
    lang: Lang = "en"

    def __post_init__(self) -> None:
        if self.basemap not in BASEMAP_KEYS:
            raise ValueError(f"basemap {self.basemap!r} is not one of {', '.join(BASEMAP_KEYS)}")
        if self.lang not in LANGS:
            raise ValueError(f"lang {self.lang!r} is not one of {', '.join(LANGS)}")


def in_each_language(text: Callable[[Words], str]) -> dict[Lang, str]:
    """A text in every language of the catalogue.

    >>> in_each_language(lambda words: words("legend.heading"))
    {'en': 'Legend', 'zh': '图例'}
    """
    return {lang: text(Words(lang)) for lang in LANGS}


def _base_layer(basemap: Basemap, show: bool, lang: Lang) -> Layer:
    names = in_each_language(lambda words: words(f"basemap.{basemap.key}"))
    if basemap.url is None:
        return BlankBaseLayer(names, show=show, lang=lang, key=basemap.key)
    url = basemap.url

    def tiles(words: Words) -> TileLayerPayload:
        return {
            "url": url,
            "attribution": attribution_html(basemap, words),
            "max_zoom": basemap.max_zoom,
            "subdomains": basemap.subdomains,
        }

    return BaseMapTiles(names, both_editions(tiles), show=show, overlay=False, lang=lang, key=basemap.key)


def language_json(checked: Checked, options: MapOptions, words: Words) -> LanguagePayload:
    """The language the map opens in, the switch's words, and the words outside the panels."""
    return {
        "position": "topright",
        "default": options.lang,
        "page": options.fragment is None,
        "choices": [
            {"lang": lang, "label": LANGUAGE_NAMES[lang], "html_lang": HTML_LANGS[lang]} for lang in LANGS
        ],
        "group_label": words("controls.language"),
        "page_title": words("embed.title", corridor=names(checked.atlas.corridor)),
        "map_label": words("embed.title", corridor=names(checked.atlas.corridor)),
        "zoom_in": words("controls.zoom_in"),
        "zoom_out": words("controls.zoom_out"),
        "leaflet_title": words("controls.leaflet_title"),
    }


def link_words(words: Words) -> dict[str, str]:
    """The words of a popup's "copy link" button (the rest of DeepLinksPayload is the layers')."""
    return {
        "copy_link": words("links.copy"),
        "link_copied": words("links.copied"),
        "copy_by_hand": words("links.copy_by_hand"),
    }


def scale_json(words: Words) -> ScaleBarPayload:
    return {
        "position": "bottomleft",
        "metres": words("controls.scale_m"),
        "kilometres": words("controls.scale_km"),
    }


def _axis_name(axis_geometry: AxisGeometry, words: Words) -> str:
    return words.name(names(axis_geometry.axis))


def _point_layer_name(layer: PointLayer, words: Words) -> str:
    return words("layer.points", name=layer.name, count=f"{layer.count:,}")


def _choropleth_layer(choropleth: Choropleth, checked: Checked, lang: Lang, drawn: set[str]) -> AreaLayer:
    """A choropleth as a layer of its own in the layer control (a layer's counts are off at first).

    ``drawn``: the ids of the areas whose outlines the layers made so far carry; this
    layer carries the others, and adds them.
    """
    before = frozenset(drawn)
    drawn.update(areas.area_id(shaded.area) for shaded in choropleth.areas)
    return AreaLayer(
        in_each_language(partial(choropleth_title, choropleth)),
        both_editions(partial(areas.choropleth_layer_json, choropleth, checked, drawn=before)),
        show=choropleth.show,
        lang=lang,
        key=choropleth.id,
    )


def _point_layers(
    checked: Checked,
    shaded: tuple[Choropleth, ...],
    lang: Lang,
    drawn: set[str],
    packed: Sequence[Future[dict[str, object]]],
) -> list[Layer]:
    """Each site layer's points (``packed``: its data, one a layer), then its points counted
    per city and per district."""
    found: list[Layer] = []
    for layer, data in zip(checked.atlas.layers, packed, strict=True):
        found.append(
            PointsOverlay(
                in_each_language(partial(_point_layer_name, layer)),
                points.bilingual_point_layer_json(layer, data.result()),
                show=layer.show,
                lang=lang,
                key=f"points-{layer.id}",
            )
        )
        counted = (c for c in shaded if c.counts is not None and c.counts.layer is layer)
        found += [_choropleth_layer(c, checked, lang, drawn) for c in counted]
    return found


def render_map(checked: Checked, options: MapOptions | None = None) -> OfflineMap:
    """Build the folium Map of the corridor (no I/O), with its words in both languages."""
    options = options or MapOptions()
    lang, words = options.lang, Words(options.lang)
    atlas, geometry = checked.atlas, checked.geometry
    # The point layers are packed on another thread while the rest of the map is made:
    # numpy and zlib let go of the interpreter's lock for most of it.
    packing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="points")
    packed = [packing.submit(points.point_data_json, layer) for layer in atlas.layers]
    packing.shutdown(wait=False)
    shaded = choropleths(checked)  # classified once, for the layers and the legend
    # The areas whose outlines the page has when the choropleths are made: the city areas
    # and the district, whose layers come first.
    drawn = {areas.area_id(atlas.city_area(c)) for c in atlas.cities} | {areas.area_id(atlas.district_area)}
    centre = geometry.bounds.centre
    fmap = OfflineMap(
        location=[centre.lat, centre.lon],
        zoom_start=7,
        tiles=None,
        control_scale=False,
        zoom_control="bottomright",
    )
    fmap.fragment = options.fragment
    title = words("embed.title", corridor=names(atlas.corridor))
    fmap.label = title
    fmap.zoom_titles = (words("controls.zoom_in"), words("controls.zoom_out"))
    if options.fragment is None:
        # A page of its own: its language, its title, and a policy that lets only its own
        # scripts run. A fragment takes all three from the page it is pasted into.
        use_page_figure(fmap, PageFigure(HTML_LANGS[lang], title, head_first=policy_meta))
        fmap.add_child(PageStyle(), name="page_style")
    fmap.add_child(InlineAssets(), name="inline_assets")
    # First: the layers below are built in the language it sets.
    LanguageSetting(both_editions(lambda w: language_json(checked, options, w))).add_to(fmap)
    # Before the legend: Leaflet stacks a bottom corner upwards, so the scale stays lowest.
    ScaleBar(both_editions(scale_json)).add_to(fmap)

    gcj02_basemaps: list[Layer] = []
    for basemap in BASEMAPS:
        layer = _base_layer(basemap, show=basemap.key == options.basemap, lang=lang)
        layer.add_to(fmap)
        if basemap.datum == "gcj02":
            gcj02_basemaps.append(layer)

    def overlay(
        kind: type[DataLayer], key: str, name: Callable[[Words], str], data: Callable[[Words], object]
    ) -> DataLayer:
        return kind(in_each_language(name), both_editions(data), lang=lang, key=key)

    overlays: list[Layer] = [
        overlay(
            AreaLayer,
            "provinces",
            lambda w: w("layer.provinces"),
            lambda w: areas.province_layer_json(checked, w),
        ),
        overlay(
            AreaLayer, "region", lambda w: w("layer.region"), lambda w: areas.region_layer_json(checked, w)
        ),
        overlay(
            AreaLayer,
            "city-areas",
            lambda w: w("layer.city_areas"),
            lambda w: areas.city_area_layer_json(checked, w),
        ),
        overlay(
            AreaLayer,
            "district",
            lambda w: w("layer.district_boundary", district=names(atlas.district)),
            lambda w: areas.district_layer_json(checked, w),
        ),
        *(_choropleth_layer(c, checked, lang, drawn) for c in shaded if c.table is not None),
        *(
            overlay(
                AxisLayer, f"axis-{a.axis.id}", partial(_axis_name, a), partial(content.axis_json, a, checked)
            )
            for a in geometry.axes
        ),
        *(
            PlaceLayer(
                in_each_language(partial(site_category_label, atlas, category)),
                bilingual(en_sites, zh_sites),
                lang=lang,
                key=f"sites-{category.id}",
            )
            for (category, en_sites), (_, zh_sites) in zip(
                content.site_layers_json(checked, Words("en")),
                content.site_layers_json(checked, Words("zh")),
                strict=True,
            )
        ),
        overlay(
            PlaceLayer,
            "cities",
            lambda w: cities_layer_name(atlas, w),
            lambda w: content.city_layer_json(checked, w),
        ),
        *_point_layers(checked, shaded, lang, drawn, packed),
    ]
    for layer in overlays:
        layer.add_to(fmap)
    DatumShift(overlays, gcj02_basemaps).add_to(fmap)

    TitleBlock(both_editions(lambda w: content.title_json(checked, w, leaflet_version()))).add_to(fmap)
    Legend(both_editions(lambda w: content.legend_json(checked, w, shaded))).add_to(fmap)
    bounds = geometry.bounds
    InitialView([[bounds.south, bounds.west], [bounds.north, bounds.east]]).add_to(fmap)
    LayerSwitcher(label=in_each_language(lambda w: w("controls.layers")), collapsed=True).add_to(fmap)
    Timeline(both_editions(partial(timeline.timeline_json, checked))).add_to(fmap)
    DeepLinks(both_editions(link_words), page=options.fragment is None).add_to(fmap)
    SearchBox(both_editions(partial(search.search_json, checked))).add_to(fmap)
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
