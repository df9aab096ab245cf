"""Stage 6, the other outputs: the same checked data as GeoJSON, a print map or a picture.

One module per format behind one table, :data:`EXPORTERS`, like datasette's output
renderers: the CLI's ``mapgen export FORMAT`` and :func:`mapgen.api.export` both read it.
Each module loads only when its format is asked for (matplotlib for svg and pdf,
Playwright for png).

==========  ==========================  =====================================================
format      module                      needs
==========  ==========================  =====================================================
geojson     :mod:`mapgen.export.geojson`  nothing more
svg, pdf    :mod:`mapgen.export.vector`   a CJK font (``apt-get install -y fonts-noto-cjk``)
png         :mod:`mapgen.export.png`      Chromium and the ``[png]`` extra
==========  ==========================  =====================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from mapgen.export.options import PageSize, Snapshot
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Words
from mapgen.web import MapOptions

ExportFormat = Literal["geojson", "svg", "pdf", "png"]


@dataclass(frozen=True)
class ExportOptions:
    """What the formats may be asked for: a printed page's size, a picture's size, the map's options."""

    page: PageSize = field(default_factory=PageSize)
    snapshot: Snapshot = field(default_factory=Snapshot)
    map: MapOptions = field(default_factory=MapOptions)


def _geojson(checked: Checked, options: ExportOptions) -> bytes:
    from mapgen.export.geojson import geojson_text

    return geojson_text(checked, Words(options.map.lang)).encode("utf-8")


def _vector(fmt: Literal["svg", "pdf"]) -> Callable[[Checked, ExportOptions], bytes]:
    def draw(checked: Checked, options: ExportOptions) -> bytes:
        from mapgen.export.vector import map_bytes

        return map_bytes(checked, fmt, options.page)

    return draw


def _png(checked: Checked, options: ExportOptions) -> bytes:
    from mapgen.export.png import map_png

    return map_png(checked, options.snapshot, options.map)


@dataclass(frozen=True)
class Exporter:
    """One output format: what it is, and the function that makes its bytes."""

    format: ExportFormat
    summary: str
    make: Callable[[Checked, ExportOptions], bytes]


EXPORTERS: dict[ExportFormat, Exporter] = {
    exporter.format: exporter
    for exporter in (
        Exporter("geojson", "one RFC 7946 FeatureCollection for QGIS, GDAL and geopandas", _geojson),
        Exporter("svg", "the print map, text kept as text", _vector("svg")),
        Exporter("pdf", "the print map on one page, fonts embedded", _vector("pdf")),
        Exporter("png", "the web map photographed in Chromium", _png),
    )
}


def export_bytes(fmt: ExportFormat, checked: Checked, options: ExportOptions | None = None) -> bytes:
    """The bytes of the checked data in format ``fmt``."""
    return EXPORTERS[fmt].make(checked, options or ExportOptions())
