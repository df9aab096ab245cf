"""Where each output goes unless told otherwise: one table for the CLI, the API and watch mode.

>>> default_path("proj", "geojson").as_posix()
'proj/output/g60_corridor.geojson'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

OutputKind = Literal["html", "fragment", "geojson", "svg", "pdf", "png"]

DEFAULT_PATHS: dict[OutputKind, Path] = {
    "html": Path("output/g60_corridor.html"),
    "fragment": Path("output/g60_corridor.fragment.html"),  # never over the page of its own
    "geojson": Path("output/g60_corridor.geojson"),
    "svg": Path("output/g60_corridor.svg"),
    "pdf": Path("output/g60_corridor.pdf"),
    "png": Path("output/g60_corridor.png"),
}


def default_path(root: Path | str, kind: OutputKind) -> Path:
    """The output's path under the project folder ``root``."""
    return Path(root) / DEFAULT_PATHS[kind]
