"""The ``mapgen`` command: a thin layer over :mod:`mapgen.api`.

Exit status: 0 done; 2 the data or the command line has problems (each printed
as ``path:line: field: message``); 1 anything else (a bug: rerun with --debug).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from mapgen.errors import DataError

app = typer.Typer(
    name="mapgen",
    help="Map the G60 Science and Technology Innovation Corridor from news articles (seeds/) "
         "and place data (geo/).",
    epilog="Examples:\n\n  mapgen validate\n\n  mapgen build\n\n"
           "  mapgen build --basemap none --out /tmp/corridor.html",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)

_state = {"debug": False}

RootOption = Annotated[Path, typer.Option(
    "--root", help="Project folder holding seeds/ and geo/.", show_default=True)]


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


@app.callback()
def _options(debug: Annotated[bool, typer.Option(
        "--debug", help="Show the full traceback of an internal error.")] = False) -> None:
    _state["debug"] = debug


@app.command()
def validate(root: RootOption = Path(".")) -> None:
    """Check every data file and article; print each problem as path:line: field: message.

    Examples:

      mapgen validate

      mapgen validate --root path/to/project
    """
    from mapgen.api import load_atlas

    def action() -> str:
        atlas = load_atlas(root)
        return (f"OK: {len(atlas.cities)} cities, {len(atlas.sites)} sites, {len(atlas.axes)} axes, "
                f"{len(atlas.facts)} facts checked against {len(atlas.articles)} articles.")

    _run(action)


@app.command()
def build(
    root: RootOption = Path("."),
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Where to write the page [default: ROOT/output/g60_corridor.html].")
    ] = None,
    basemap: Annotated[str, typer.Option(
        help="Background tiles: 'osm' (OpenStreetMap, needs the network) or 'none'.")] = "osm",
) -> None:
    """Build the interactive map: one self-contained HTML file that works offline.

    The page inlines Leaflet; only map tiles come from the network, and the map
    still reads without them. The last good file is kept if anything fails.

    Examples:

      mapgen build

      mapgen build --out report/corridor.html --basemap none
    """
    from mapgen import api
    from mapgen.render import BASEMAPS, MapOptions

    if basemap not in BASEMAPS:
        _err(f"--basemap: {basemap!r} is not one of {', '.join(BASEMAPS)}")
        raise typer.Exit(2)

    def action() -> str:
        started = time.perf_counter()
        result = api.build(root, out, MapOptions(basemap=basemap))  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        return f"wrote {result.path} ({result.size_bytes:,} bytes) in {seconds:.2f} s"

    _run(action)


def main() -> None:
    app()
