"""The ``mapgen`` command: a thin layer over :mod:`mapgen.api`, one small module per command.

Exit status: 0 done; 2 the data or the command line has problems (each printed
as ``path:line: field: message``); 3 something the command needs is not installed;
1 anything else (a bug: rerun with --debug). :mod:`mapgen.cli.common` says how.
"""

from __future__ import annotations

import contextlib
import os
import sys

from mapgen.cli import boundaries, build, embed, export, facts, validate  # noqa: F401  (they add commands)
from mapgen.cli.common import app, err

__all__ = ["app", "main"]


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
        err(code)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a reader that went away (`mapgen facts | head`)
            stream.flush()
    os._exit(code if isinstance(code, int) else 0)
