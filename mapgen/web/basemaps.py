"""The background maps a reader can pick in the layer control, declared as data.

Tiles come from the network; with none reachable the map still reads, because
the areas and lines it draws carry the geography. AMap (Gaode) tiles are in
GCJ-02, so while AMap is on the page shifts every overlay WGS-84 -> GCJ-02.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

from mapgen.present.catalogue import Words

# {contributors} is the catalogue's word for OpenStreetMap's contributors, in the reader's language.
OSM_CREDIT = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> {contributors}'


@dataclass(frozen=True)
class Basemap:
    """A background; the layer control names it with the catalogue's ``basemap.<key>``."""

    key: str  # what --basemap takes
    url: str | None  # tile URL template; None draws no tiles
    attribution: str  # HTML, written here (never from data): the credit the tiles' terms ask for,
    # with {contributors} where the catalogue's word goes
    datum: Literal["wgs84", "gcj02"] = "wgs84"
    subdomains: str = "abc"
    max_zoom: int = 19


BASEMAPS: tuple[Basemap, ...] = (
    Basemap("osm", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", OSM_CREDIT),
    Basemap(
        "positron",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        f'{OSM_CREDIT} &copy; <a href="https://carto.com/attributions">CARTO</a>',
        subdomains="abcd",
        max_zoom=20,
    ),
    Basemap(
        "amap",
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        '&copy; <a href="https://www.amap.com/">AutoNavi 高德地图</a>',
        datum="gcj02",
        subdomains="1234",
        max_zoom=18,
    ),
    Basemap("none", None, ""),
)

BASEMAP_KEYS: tuple[str, ...] = tuple(b.key for b in BASEMAPS)


def basemap(key: str) -> Basemap:
    """The basemap ``--basemap KEY`` names.

    >>> basemap("amap").datum
    'gcj02'
    """
    return next(b for b in BASEMAPS if b.key == key)


def attribution_html(basemap: Basemap, words: Words) -> str:
    """The credit line of a background; a GCJ-02 one also says that the overlays follow it.

    >>> attribution_html(BASEMAPS[2], Words("en")).endswith(", GCJ-02 (overlays shifted to match)")
    True
    >>> attribution_html(BASEMAPS[0], Words("zh")).endswith("OpenStreetMap</a> 贡献者")
    True
    """
    credit = basemap.attribution.format(contributors=html.escape(words("basemap.osm_contributors")))
    if basemap.datum != "gcj02":
        return credit
    note = words("basemap.gcj02_note")
    return f"{credit}, {html.escape(note)}"
