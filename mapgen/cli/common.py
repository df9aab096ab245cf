"""What every command shares: the ``mapgen`` app, its options, and how failures are told.

Exit status: 0 done; 2 the data or the command line has problems (each printed as
``path:line: field: message``); 3 something the command needs is not installed (with
the line that installs it); 1 anything else (a bug: rerun with ``--debug``); 130 Ctrl-C.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mapgen.errors import DataError, MissingTool, Problem

if TYPE_CHECKING:
    from mapgen.export.options import PrintLang
    from mapgen.present.catalogue import Lang
    from mapgen.web import MapOptions
    from mapgen.web.frame import FrameSize

EXIT_DATA = 2
EXIT_MISSING_TOOL = 3

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

state = {"debug": False}

RootOption = Annotated[
    Path, typer.Option("--root", help="Project folder holding seeds/ and geo/.", show_default=True)
]
FrameWidthOption = Annotated[
    int | None, typer.Option("--width", min=50, max=10000, help="Fixed width in pixels (with --height).")
]
FrameHeightOption = Annotated[
    int | None, typer.Option("--height", min=50, max=10000, help="Fixed height in pixels (with --width).")
]
AspectOption = Annotated[
    str, typer.Option("--aspect", help="Aspect ratio W:H when responsive (no --width/--height).")
]
LangOption = Annotated[
    str,
    typer.Option("--lang", help="Language of every word: en (English) or zh (Chinese, 中文)."),
]
LayerOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--layer",
        "-l",
        help="A file of points to add as a layer (repeatable): CSV or tab-separated text "
        "(UTF-8, GBK/GB18030 or UTF-16), an Excel or OpenDocument workbook (.xlsx, .xls, "
        ".ods), or GeoJSON; 'sheet:' and 'encoding:' in the YAML beside it choose a sheet "
        "or an encoding. Every file in geo/layers/ is added too.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--asof",
        metavar="DATE",
        help="Draw the map as of DATE (YYYY, YYYY-MM or YYYY-MM-DD): cities that joined "
        "the corridor later are drawn as not yet members, and the map says the date.",
    ),
]
TableOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--table",
        "-t",
        help="A table of figures to shade the cities or districts by (repeatable): CSV or "
        "tab-separated text, or a workbook (.xlsx, .xls, .ods), with a YAML beside it "
        "(figures.yaml for figures.csv) naming the column to colour by under 'value:'. "
        "Every file in geo/tables/ is added too.",
    ),
]


# What a terminal would act on instead of showing: C0 controls but tab and newline, DEL,
# C1 controls, and the bidirectional overrides and isolates that reorder what is shown.
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    r"""``text`` as it may go to a terminal: each character a terminal would act on, written out.

    Data reaches the terminal in problems, facts and sentences; an escape sequence in an
    article or a CSV cell must not recolour, retitle or rewrite the screen, and a
    bidirectional override must not reorder the line.

    >>> print(visible("red \x1b[31m, title \x1b]0;t\x07, back\r, \u202egnp.exe, 杭州 Hangzhou"))
    red \x1b[31m, title \x1b]0;t\x07, back\x0d, \u202egnp.exe, 杭州 Hangzhou
    """
    return _UNSHOWN.sub(_written_out, text)


def _written_out(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def say(message: str, *, flush: bool = False) -> None:
    """Print a line (or lines) for the user on stdout, control characters shown, not sent."""
    print(visible(message), flush=flush)


def err(message: str) -> None:
    """Print a line (or lines) on stderr, control characters shown, not sent."""
    print(visible(message), file=sys.stderr)


def run(action: Callable[[], str]) -> None:
    """Run a command; turn known failures into clear messages and exit codes."""
    try:
        message = action()
    except DataError as error:
        for problem in error.problems:
            err(str(problem))
        if not all(is_option_problem(problem) for problem in error.problems):
            count = len(error.problems)
            err(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        raise typer.Exit(EXIT_DATA) from None
    except MissingTool as missing:
        err(f"mapgen: {missing}. Nothing was written.")
        raise typer.Exit(EXIT_MISSING_TOOL) from None
    except KeyboardInterrupt:
        err("interrupted; nothing was written.")
        raise typer.Exit(130) from None
    except BrokenPipeError:  # `mapgen facts | head`: the reader has all it wanted
        raise typer.Exit(0) from None
    except typer.Exit:  # a usage error found while acting (said already): its own status
        raise
    except OSError as error:
        if state["debug"]:
            raise
        where = f" {error.filename}" if error.filename else ""
        err(
            f"mapgen: cannot write or read{where}: {error.strerror or error}. "
            "Any earlier output is unchanged."
        )
        raise typer.Exit(1) from None
    except Exception as error:
        if state["debug"]:
            raise
        err(
            f"mapgen: internal error: {type(error).__name__}: {error}\n"
            "This is a bug. Rerun with --debug to see the traceback."
        )
        raise typer.Exit(1) from None
    if message:
        say(message)


def is_option_problem(problem: Problem) -> bool:
    """A problem of the command line (``--out: …``), not of the data: its one line says it all."""
    return problem.path.startswith("--")


def usage_error(message: str) -> typer.Exit:
    """A command line that cannot work: said on stderr, exit 2."""
    err(message)
    return typer.Exit(EXIT_DATA)


def map_options(basemap: str, fragment: FrameSize | None = None, lang: str = "en") -> MapOptions:
    """Map options from the command line; an unknown basemap or language is a usage error (exit 2)."""
    from mapgen.web import BASEMAP_KEYS, MapOptions

    if basemap not in BASEMAP_KEYS:
        raise usage_error(f"--basemap: {basemap!r} is not one of {', '.join(BASEMAP_KEYS)}")
    return MapOptions(basemap=basemap, fragment=fragment, lang=language(lang))


def language(lang: str) -> Lang:
    """``--lang`` of a command made in one language; another value is a usage error (exit 2)."""
    from mapgen.present.catalogue import LANGS

    for known in LANGS:  # the Literal itself, so the type checker knows it is one
        if lang == known:
            return known
    both = "; both languages at once are for the print map, export svg and pdf" if lang == "both" else ""
    raise usage_error(f"--lang: {lang!r} is not one of {', '.join(LANGS)}{both}")


def print_language(lang: str) -> PrintLang:
    """``--lang`` of the print map, which may also show both languages; else a usage error (exit 2)."""
    from mapgen.export.options import PRINT_LANGS

    for known in PRINT_LANGS:
        if lang == known:
            return known
    raise usage_error(f"--lang: {lang!r} is not one of {', '.join(PRINT_LANGS)}")


def as_of(value: str | None) -> str | None:
    """``--asof``: YYYY, YYYY-MM or YYYY-MM-DD (None: no date); anything else a usage error (exit 2)."""
    from mapgen.export.options import as_of_date

    if value is None:
        return None
    try:
        return as_of_date(value)
    except ValueError as error:
        raise usage_error(f"--{error}") from None


def frame_size(command: str, width: int | None, height: int | None, aspect: str) -> FrameSize:
    """The box from --width/--height/--aspect; a contradiction is a usage error (exit 2)."""
    from mapgen.web.frame import FrameSize

    try:
        return FrameSize(width, height, aspect)
    except ValueError as error:
        raise usage_error(f"mapgen {command}: {error}") from None


SKIPPED_SHOWN = 50  # a broken export can skip thousands of rows; the first ones tell why


def report_warnings(warnings: Sequence[Problem]) -> None:
    """What validation noticed but did not refuse, one line each (``path:line: field: warning: ...``)."""
    for warning in warnings:
        err(str(warning))


def report_skipped(skipped: Sequence[Problem]) -> None:
    """Rows of site layers left off the map: one line each (up to a limit), then a count."""
    for problem in skipped[:SKIPPED_SHOWN]:
        err(str(problem))
    if len(skipped) > SKIPPED_SHOWN:
        err(f"... and {len(skipped) - SKIPPED_SHOWN:,} more rows skipped")
    if skipped:
        err(
            f"{len(skipped):,} row{'s' if len(skipped) != 1 else ''} skipped: the map shows "
            "the other rows; fix these to show them too."
        )


def wrote(path: Path) -> str:
    return f"wrote {path} ({path.stat().st_size:,} bytes)"


def sub_app(name: str, help_text: str) -> typer.Typer:
    """A group of commands, ``mapgen NAME COMMAND``."""
    sub = typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(sub, name=name)
    return sub


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an internal error.")
    ] = False,
) -> None:
    state["debug"] = debug
