"""``mapgen export FORMAT``: the checked data as GeoJSON, a print map (SVG, PDF) or a PNG.

One command per row of :data:`mapgen.export.EXPORTERS`; each calls :func:`mapgen.api.export`.
(No ``from __future__ import annotations`` here: typer reads the options from annotations
that the vector commands make per format, at definition time.)
"""

from pathlib import Path
from typing import Annotated, Literal

import typer

from mapgen.cli.common import (
    AsOfOption,
    LangOption,
    LayerOption,
    RootOption,
    TableOption,
    as_of,
    language,
    map_options,
    print_language,
    run,
    sub_app,
    usage_error,
    wrote,
)

export_app = sub_app("export", "The corridor's data in other formats, for other tools.")


def _out_option(fmt: str) -> object:
    return typer.Option(
        "--out", "-o", help=f"Where to write the file [default: ROOT/output/g60_corridor.{fmt}]."
    )


@export_app.command("geojson")
def export_geojson(
    root: RootOption = Path("."),
    out: Annotated[Path | None, _out_option("geojson")] = None,
    lang: LangOption = "en",
    layer: LayerOption = None,
    table: TableOption = None,
    asof: Annotated[
        str | None,
        typer.Option("--asof", metavar="DATE", help="Not for GeoJSON, which holds every date (see above)."),
    ] = None,
) -> None:
    """Write the data as one GeoJSON file for QGIS, GDAL, geopandas and web maps.

    One RFC 7946 FeatureCollection in WGS-84 longitude-latitude: provinces, city
    areas, the district, the corridor region, the axes, the cities and the sites,
    each with its id, names, kind and measures, and the facts the articles state
    about it with their quotes (names in English and Chinese, name_en and name_zh;
    --lang sets the language of the collection's description). The city and
    district areas carry each table's columns (TABLE:COLUMN) and each layer's count
    of points in them (count:LAYER). QGIS opens it by drag and drop, as point, line
    and polygon layers. The data is checked first, as by validate; the last good
    file is kept if anything fails. It holds every date: each fact carries its as_of,
    so --asof (the map as of a date) is for svg, pdf and png.

    Examples:

      mapgen export geojson

      mapgen export geojson --out report/g60_corridor.geojson

      mapgen export geojson --root path/to/project -o /tmp/g60.geojson

      mapgen export geojson --lang zh

      mapgen export geojson --layer enterprises.csv --table gdp.csv
    """
    from mapgen import api

    chosen = language(lang)
    if asof is not None:
        raise usage_error(
            "--asof: the GeoJSON holds every date, each fact with its as_of; "
            "the map as of a date is for export svg, pdf and png"
        )
    run(lambda: wrote(api.export_file(root, "geojson", out, None, layer or (), table or (), lang=chosen)))


WidthOption = Annotated[
    float,
    typer.Option("--width", min=50, max=2000, help="Page width in millimetres (default: A4 landscape)."),
]
HeightOption = Annotated[
    float,
    typer.Option("--height", min=50, max=2000, help="Page height in millimetres (default: A4 landscape)."),
]

PrintLangOption = Annotated[
    str,
    typer.Option(
        "--lang",
        help="Language of every word: en (English), zh (Chinese, 中文), or both (each "
        "word in English, then in Chinese). Place labels carry both names, this "
        "language's first.",
    ),
]

_VECTOR_HELP = """Write a print-quality vector map as {what}, drawn without a browser.

    Boundaries, corridor axes, cities and Songjiang's sites with their labels, a
    legend, a scale bar, a north arrow and the sources, in a Lambert conformal
    conic projection for East China. Every word is in English unless --lang says
    zh (Chinese: 公里, 2022年11月7日, 杭州 Hangzhou) or both. Needs a font with
    Chinese glyphs: apt-get install fonts-noto-cjk (exit status 3 says so if it is
    missing). The same data gives the same bytes; the last good file is kept if
    anything fails.

    Each table of figures (--table, geo/tables/) shades its cities or districts,
    with its classed legend in the map's corner.

    --asof DATE draws the map as of that date (2019, 2019-06 or 2019-06-06): a city
    that joined the corridor later (joined: in geo/cities.yaml) is drawn grey and
    hollow, as not yet a member, and the subtitle says "As of June 2019".

    Examples:

      mapgen export {fmt}

      mapgen export {fmt} --lang zh --out report/g60_zh.{fmt}

      mapgen export {fmt} --out report/g60.{fmt} --width 420 --height 297

      mapgen export {fmt} --root path/to/project -o /tmp/g60.{fmt}

      mapgen export {fmt} --table gdp.csv --lang zh

      mapgen export {fmt} --asof 2019-06
    """


def _vector_command(fmt: Literal["svg", "pdf"], what: str) -> None:
    """Add ``mapgen export FMT``: the print map as SVG or PDF."""

    def command(
        root: RootOption = Path("."),
        out: Annotated[Path | None, _out_option(fmt)] = None,
        width: WidthOption = 297.0,
        height: HeightOption = 210.0,
        lang: PrintLangOption = "en",
        layer: LayerOption = None,
        table: TableOption = None,
        asof: AsOfOption = None,
    ) -> None:
        from mapgen import api
        from mapgen.export import ExportOptions
        from mapgen.export.options import PageSize

        date = as_of(asof)
        options = ExportOptions(page=PageSize(width, height), asof=date).with_lang(print_language(lang))
        run(lambda: wrote(api.export_file(root, fmt, out, options, layer or (), table or ())))

    export_app.command(fmt, help=_VECTOR_HELP.format(what=what, fmt=fmt))(command)


_vector_command("svg", "SVG (text stays searchable text)")
_vector_command("pdf", "a one-page PDF (fonts embedded)")


@export_app.command("png")
def export_png(
    root: RootOption = Path("."),
    out: Annotated[Path | None, _out_option("png")] = None,
    width: Annotated[int, typer.Option(min=200, max=8000, help="Width in CSS pixels.")] = 1600,
    height: Annotated[int, typer.Option(min=200, max=8000, help="Height in CSS pixels.")] = 1000,
    scale: Annotated[float, typer.Option(min=0.5, max=4.0, help="Pixels per CSS pixel (2 for print).")] = 1.0,
    basemap: Annotated[str, typer.Option(help="Background: osm, positron, amap or none.")] = "osm",
    lang: LangOption = "en",
    layer: LayerOption = None,
    table: TableOption = None,
    asof: AsOfOption = None,
) -> None:
    """Photograph the interactive map in headless Chromium and write a PNG.

    Tiles are drawn when the network reaches them; otherwise the picture shows the
    areas, lines and markers the map draws by itself. The PNG is WIDTH x SCALE by
    HEIGHT x SCALE pixels, every word in the --lang of the map. Needs Chromium and
    pip install -e '.[png]' (exit status 3 says which is missing). --asof DATE opens
    the page at #asof=DATE: the map as of that date, as its timeline shows it.

    Examples:

      mapgen export png

      mapgen export png --width 1200 --height 800 --scale 2 --out slides/corridor.png

      mapgen export png --basemap none

      mapgen export png --lang zh --out slides/corridor_zh.png

      mapgen export png --table gdp.csv

      mapgen export png --asof 2021-04
    """
    from mapgen import api
    from mapgen.export import ExportOptions
    from mapgen.export.options import Snapshot

    date = as_of(asof)
    options = ExportOptions(
        snapshot=Snapshot(width, height, scale), map=map_options(basemap, lang=lang), asof=date
    )
    run(lambda: wrote(api.export_file(root, "png", out, options, layer or (), table or ())))
