"""The Python API: every command of the CLI as a function.

In Jupyter, ``fmap`` shows the map inline::

    import mapgen
    checked = mapgen.check(".")              # read, validate, link, measure
    fmap = mapgen.build_map(checked)         # a folium.Map
    mapgen.write_html(fmap, "output/g60_corridor.html")

``mapgen.build(".")`` does all of that in one call; ``mapgen.export_file(".", "geojson")``
writes the same data for GIS tools, ``"svg"``/``"pdf"`` a print map, ``"png"`` a picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mapgen.errors import Problem
from mapgen.export import ExportFormat, ExportOptions, export_bytes
from mapgen.model import Atlas
from mapgen.outputs import default_path
from mapgen.pipeline import Checked, check
from mapgen.web import MapOptions, render_map
from mapgen.web.elements import OfflineMap
from mapgen.web.page import document_html
from mapgen.write import write_atomic

if TYPE_CHECKING:  # loaded only by `mapgen facts`
    from mapgen import review

__all__ = ["BuildResult", "Checked", "build", "build_map", "check", "export_file", "load_atlas", "write_html"]


def load_atlas(root: Path | str = ".", layers: Sequence[Path | str] = ()) -> Atlas:
    """The validated data under ``root``; raises :class:`mapgen.DataError` with every problem."""
    return check(root, layers).atlas


def build_map(checked: Checked, options: MapOptions | None = None) -> OfflineMap:
    """The interactive map of checked data, as a ``folium.Map``."""
    return render_map(checked, options)


def write_html(fmap: OfflineMap, path: Path | str | None = None) -> Path:
    """Write the map as one self-contained HTML page, atomically; returns the path.

    A map built with ``MapOptions(fragment=FrameSize(...))`` is written as a fragment
    to paste into another page instead: one ``<div>``, no ``<html>`` or ``<head>``.
    """
    target = (
        Path(path) if path is not None else default_path(".", "html" if fmap.fragment is None else "fragment")
    )
    write_atomic(target, document_html(fmap).encode("utf-8"))
    return target


@dataclass(frozen=True)
class BuildResult:
    path: Path
    checked: Checked
    size_bytes: int

    @property
    def atlas(self) -> Atlas:
        return self.checked.atlas

    @property
    def skipped(self) -> tuple[Problem, ...]:
        """Rows of site layers left off the map, each with its file, line and reason."""
        return self.checked.skipped


def build(
    root: Path | str = ".",
    out: Path | str | None = None,
    options: MapOptions | None = None,
    layers: Sequence[Path | str] = (),
) -> BuildResult:
    """Check, render and write in one call (what ``mapgen build`` does)."""
    checked = check(root, layers)
    fragment = options is not None and options.fragment is not None
    target = Path(out) if out is not None else default_path(root, "fragment" if fragment else "html")
    write_html(render_map(checked, options), target)
    return BuildResult(target, checked, target.stat().st_size)


def export_file(
    root: Path | str = ".",
    fmt: ExportFormat = "geojson",
    out: Path | str | None = None,
    options: ExportOptions | None = None,
    layers: Sequence[Path | str] = (),
) -> Path:
    """Check the data and write it as ``fmt`` (``mapgen export FORMAT``), atomically.

    Writes ``ROOT/output/g60_corridor.<fmt>`` unless ``out`` says otherwise and returns
    the path; :mod:`mapgen.export` lists the formats.
    """
    checked = check(root, layers)
    target = Path(out) if out is not None else default_path(root, fmt)
    write_atomic(target, export_bytes(fmt, checked, options))
    return target


def export_geojson(root: Path | str = ".", out: Path | str | None = None) -> Path:
    """``export_file(root, "geojson", out)``."""
    return export_file(root, "geojson", out)


def fact_statuses(root: Path | str = ".") -> tuple[review.FactStatus, ...]:
    """Every curated fact of ``geo/facts.yaml`` with its article, date and the paragraph that
    quotes it, or that none does (``mapgen facts``)."""
    from mapgen import review

    return review.fact_statuses(check(root, quotes_must_be_found=False).atlas)


def unreviewed_sentences(root: Path | str = ".") -> tuple[review.Unreviewed, ...]:
    """Every sentence of the articles that states a number or a date no curated quote states,
    with the places it names (``mapgen facts --unreviewed``)."""
    from mapgen import review

    return review.unreviewed(check(root, quotes_must_be_found=False).atlas)


def unreviewed_fact_stubs(root: Path | str = ".") -> str:
    """Stub facts for the unreviewed sentences, as YAML to paste at the end of ``geo/facts.yaml``
    (``mapgen facts --unreviewed --format yaml``)."""
    from mapgen import review

    atlas = check(root, quotes_must_be_found=False).atlas
    return review.stubs_yaml(review.unreviewed(atlas), atlas)
