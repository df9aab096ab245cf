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
from dataclasses import dataclass, field, replace
from typing import Literal

from mapgen.export.options import PageSize, PrintLang, Snapshot, as_of_date, edition_langs
from mapgen.pipeline import Checked
from mapgen.present.catalogue import LANGS, Words
from mapgen.web import MapOptions

ExportFormat = Literal["geojson", "svg", "pdf", "png"]
BILINGUAL_FORMATS: tuple[ExportFormat, ...] = ("svg", "pdf")  # a page shows one language at a time
# The formats that draw the map as of a date; GeoJSON holds every date, each fact with its own.
AS_OF_FORMATS: tuple[ExportFormat, ...] = ("svg", "pdf", "png")


@dataclass(frozen=True)
class ExportOptions:
    """What the formats may be asked for: a printed page's size, a picture's size, the map's options.

    The language of every output is ``map.lang``; ``bilingual`` asks for the print map
    in English and Chinese at once, English first (``mapgen export svg --lang both``).
    ``asof`` (YYYY, YYYY-MM or YYYY-MM-DD) draws the map as of that date: cities that
    joined later as not yet members (``mapgen export svg|pdf|png --asof 2019-06``);
    None, the default, draws it as the data is today.

    >>> ExportOptions().with_lang("zh").map.lang, ExportOptions().with_lang("both").print_lang
    ('zh', 'both')
    >>> ExportOptions(asof="2019-02-30")
    Traceback (most recent call last):
    ...
    ValueError: asof: '2019-02-30' is not a date that exists
    """

    page: PageSize = field(default_factory=PageSize)
    snapshot: Snapshot = field(default_factory=Snapshot)
    map: MapOptions = field(default_factory=MapOptions)
    bilingual: bool = False
    asof: str | None = None

    def __post_init__(self) -> None:
        if self.asof is not None:
            as_of_date(self.asof)

    @property
    def print_lang(self) -> PrintLang:
        """The print map's edition: ``map.lang``, or ``"both"``."""
        return "both" if self.bilingual else self.map.lang

    def with_lang(self, lang: PrintLang) -> ExportOptions:
        """These options in another edition; ``"both"`` only the print map can make."""
        langs = edition_langs(lang)
        return replace(self, map=replace(self.map, lang=langs[0]), bilingual=len(langs) > 1)


def _geojson(checked: Checked, options: ExportOptions) -> bytes:
    from mapgen.export.geojson import geojson_text

    return geojson_text(checked, Words(options.map.lang)).encode("utf-8")


def _vector(fmt: Literal["svg", "pdf"]) -> Callable[[Checked, ExportOptions], bytes]:
    def draw(checked: Checked, options: ExportOptions) -> bytes:
        from mapgen.export.vector import map_bytes

        return map_bytes(checked, fmt, options.page, options.print_lang, asof=options.asof)

    return draw


def _png(checked: Checked, options: ExportOptions) -> bytes:
    from mapgen.export.png import map_png

    return map_png(checked, options.snapshot, options.map, asof=options.asof)


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
    options = options or ExportOptions()
    refuse_bilingual(fmt, options)
    refuse_as_of(fmt, options)
    return EXPORTERS[fmt].make(checked, options)


def refuse_bilingual(fmt: ExportFormat, options: ExportOptions) -> None:
    """ValueError when ``options`` ask for both languages in a format that shows one.

    >>> refuse_bilingual("png", ExportOptions(bilingual=True))
    Traceback (most recent call last):
    ...
    ValueError: lang 'both' is for the print map (svg, pdf); a png is made in one language, en or zh
    """
    if options.bilingual and fmt not in BILINGUAL_FORMATS:
        raise ValueError(
            f"lang 'both' is for the print map ({', '.join(BILINGUAL_FORMATS)}); "
            f"a {fmt} is made in one language, {' or '.join(LANGS)}"
        )


def refuse_as_of(fmt: ExportFormat, options: ExportOptions) -> None:
    """ValueError when ``options`` ask for the map as of a date in a format that holds every date.

    >>> refuse_as_of("geojson", ExportOptions(asof="2019"))
    Traceback (most recent call last):
    ...
    ValueError: asof is for the maps (svg, pdf, png); the geojson holds every date, each fact with its as_of
    """
    if options.asof is not None and fmt not in AS_OF_FORMATS:
        raise ValueError(
            f"asof is for the maps ({', '.join(AS_OF_FORMATS)}); "
            f"the {fmt} holds every date, each fact with its as_of"
        )
