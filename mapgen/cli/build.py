"""``mapgen build``: the interactive map, once or on every save (``--watch``)."""

from __future__ import annotations

import contextlib
import importlib.abc
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from mapgen.cli.common import (
    AspectOption,
    FrameHeightOption,
    FrameWidthOption,
    LayerOption,
    RootOption,
    TableOption,
    app,
    err,
    frame_size,
    map_options,
    report_skipped,
    report_warnings,
    run,
    say,
    state,
    usage_error,
)
from mapgen.outputs import OutputKind, default_path


@app.command()
def build(
    root: RootOption = Path("."),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where to write the page [default: ROOT/output/g60_corridor.html]."),
    ] = None,
    basemap: Annotated[
        str,
        typer.Option(
            help="Background shown on opening (the layer control offers all): 'osm' OpenStreetMap, "
            "'positron' CartoDB Positron (report style), 'amap' AMap/Gaode (GCJ-02; overlays "
            "are shifted to match) or 'none'. Tiles need the network; the map reads without "
            "them."
        ),
    ] = "osm",
    fragment: Annotated[
        bool,
        typer.Option(
            "--fragment",
            help="Write a fragment to paste into another page: one <div> with its "
            "styles and scripts, no <html> or <head> [default --out: "
            "ROOT/output/g60_corridor.fragment.html].",
        ),
    ] = False,
    width: FrameWidthOption = None,
    height: FrameHeightOption = None,
    aspect: AspectOption = "16:10",
    layer: LayerOption = None,
    table: TableOption = None,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="The language the map opens in: en (English) or zh (Chinese, 中文); the "
            "page's language switch offers the other. A page of its own opens in the "
            "language its address names instead, if it ends in #lang=en or #lang=zh.",
        ),
    ] = "en",
    watch_mode: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Keep running: rebuild whenever seeds/ or geo/ (or a --layer file) "
            "change, say what changed and any problems; the last good map stays "
            "while the data is broken. Ctrl-C stops.",
        ),
    ] = False,
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

      mapgen build --lang zh --out report/corridor_zh.html

      mapgen build --fragment --out report/map.html --aspect 4:3

      mapgen build --fragment --out report/small-map.html --width 640 --height 400

      mapgen build --fragment --lang zh --out report/map_zh.html

      mapgen build --layer enterprises.csv --layer parks.geojson

      mapgen build --table gdp.xlsx

      mapgen build --watch

    A layer CSV needs a header with latitude and longitude columns (lat, latitude,
    纬度; lon, lng, longitude, 经度), UTF-8 with or without BOM as Excel writes it.
    Other columns show in each point's popup; a column named category, 行业 or
    type colours the points. A YAML file beside it (enterprises.yaml) can say
    more: name, label, category, link and columns (column names), source, and
    datum: gcj02 for coordinates taken from AMap. Rows with bad coordinates are
    listed with their line numbers and left off the map. Each layer's points can
    also be shown counted per city and per district (off at first).

    A table of figures shades the cities or the districts it names (by GB/T 2260
    code, or by name in Chinese or English: 杭州市, Hangzhou, 330400) with a classed
    legend. The YAML beside it names the column to colour by (value:) and may give
    key (the places' column), unit, title, title_zh, source, as_of, and the classes:
    scheme (quantiles, natural_breaks or equal_interval) and classes, or breaks.
    """
    # The layers' tables are read on the other core while folium and the rest load.
    from mapgen.read.columns import prefetch_csv
    from mapgen.read.tables import MAX_TABLE_BYTES

    with without_pandas():
        layers_folder = root / "geo" / "layers"
        if layer or (layers_folder.is_dir() and any(layers_folder.iterdir())):
            import pyarrow  # a map without layers never loads it

            pyarrow.array([0])  # pyarrow looks for pandas once, here, and remembers
        if not watch_mode:
            prefetch_csv([*(layer or []), *sorted((root / "geo" / "layers").glob("*.csv"))], MAX_TABLE_BYTES)
        import folium  # noqa: F401
    from mapgen import api

    size = frame_size("build", width, height, aspect)
    if not fragment and (width is not None or aspect != "16:10"):
        raise usage_error(
            "mapgen build: --width, --height and --aspect size a --fragment; "
            "a page of its own fills the window"
        )
    options = map_options(basemap, size if fragment else None, lang)

    def action() -> str:
        started = time.perf_counter()
        result = api.build(root, out, options, layer or (), table or ())
        seconds = time.perf_counter() - started
        report_warnings(result.atlas.warnings)
        report_skipped(result.skipped)
        return f"wrote {result.path} ({result.size_bytes:,} bytes) in {seconds:.2f} s"

    if watch_mode:
        kind: OutputKind = "fragment" if fragment else "html"

        def refuse_an_input_as_output() -> str:  # before watching, as each build would
            api.output_path(root, out, kind, layer or (), table or ())
            return ""

        run(refuse_an_input_as_output)
        _watch(root, out or default_path(root, kind), [*(layer or []), *_with_settings(table or [])], action)
        return
    run(action)


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(f"No module named {name!r} (kept out of mapgen build)", name=name)


@contextlib.contextmanager
def without_pandas() -> Iterator[None]:
    """folium and pyarrow import pandas when it is installed, for DataFrames this command
    never hands them: a quarter of a second and tens of megabytes of every build. Within
    this, pandas cannot be imported; they then take it as absent, and anything that needs
    pandas later in the process imports it as usual.
    """
    if "pandas" in sys.modules:
        yield
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def _with_settings(tables: list[Path]) -> list[Path]:
    """Each table given, and the settings beside it, which a build reads too."""
    return [
        path for table in tables for path in (table, table.with_suffix(".yaml"), table.with_suffix(".yml"))
    ]


def _watch(root: Path, target: Path, layers: list[Path], rebuild: Callable[[], str]) -> None:
    """``build --watch``: rebuild on every change until Ctrl-C; problems never end the watch."""
    from mapgen.watch import watch

    try:
        watch(
            [root / "seeds", root / "geo", *layers],
            rebuild=rebuild,
            report=lambda line: say(line, flush=True),
            root=root,
            ignore=[target],
            debug=state["debug"],
        )
    except OSError as error:  # a folder to watch is missing, or the system refused the watch
        err(f"mapgen: cannot watch {error.filename or ''}: {error.strerror or error}")
        raise typer.Exit(1) from None
