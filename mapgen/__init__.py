"""Map the G60 Science and Technology Innovation Corridor from news articles and place data.

The pipeline runs one way, one package or module per stage (``README.md``, "How the
code is laid out"): :mod:`mapgen.read` -> :mod:`mapgen.validate` -> :mod:`mapgen.link` and
:mod:`mapgen.geometry` -> :mod:`mapgen.present` -> :mod:`mapgen.web` and
:mod:`mapgen.export` -> :mod:`mapgen.write`; :func:`check` runs the first stages in one call.

The names below load on first use, so ``import mapgen.boundaries`` or a command that
needs no map does not load folium.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mapgen.api import BuildResult, build, build_map, export_file, export_geojson, load_atlas, write_html
    from mapgen.errors import DataError, MissingTool, Problem
    from mapgen.export import ExportOptions
    from mapgen.export.options import PageSize, Snapshot
    from mapgen.model import Atlas
    from mapgen.pipeline import Checked, check
    from mapgen.web import MapOptions
    from mapgen.web.frame import FrameSize

_HOMES = {
    "mapgen.api": (
        "BuildResult",
        "build",
        "build_map",
        "export_file",
        "export_geojson",
        "load_atlas",
        "write_html",
    ),
    "mapgen.errors": ("DataError", "MissingTool", "Problem"),
    "mapgen.export": ("ExportOptions",),
    "mapgen.export.options": ("PageSize", "Snapshot"),
    "mapgen.model": ("Atlas",),
    "mapgen.pipeline": ("Checked", "check"),
    "mapgen.web": ("MapOptions",),
    "mapgen.web.frame": ("FrameSize",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = [
    "Atlas",
    "BuildResult",
    "Checked",
    "DataError",
    "ExportOptions",
    "FrameSize",
    "MapOptions",
    "MissingTool",
    "PageSize",
    "Problem",
    "Snapshot",
    "build",
    "build_map",
    "check",
    "export_file",
    "export_geojson",
    "load_atlas",
    "write_html",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME_OF:
        raise AttributeError(f"module 'mapgen' has no attribute {name!r}")
    return getattr(import_module(_HOME_OF[name]), name)
