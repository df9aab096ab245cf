"""The Python API: the pipeline load -> link -> geometry -> render -> write.

In Jupyter, ``fmap`` shows the map inline::

    import mapgen
    atlas = mapgen.load_atlas(".")
    fmap = mapgen.build_map(atlas)
    mapgen.write_html(fmap, "output/g60_corridor.html")

``mapgen.export_geojson(".")`` writes the same data as GeoJSON for GIS tools, and
``mapgen.export_vector(".", fmt="pdf")`` a print-quality map as SVG or PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mapgen.errors import DataError, Problem, raise_if_any
from mapgen.geometry import containment_problems, measure
from mapgen.layers import PointLayer, layer_files, read_layers, skipped_rows
from mapgen.link import Links, link
from mapgen.load import DataFiles, read_atlas
from mapgen.model import Atlas
from mapgen.render import MapOptions, render_map
from mapgen.render.elements import OfflineMap
from mapgen.write import document_html, page_html, write_atomic

# These load only for the commands that need them, not on every build (matplotlib and
# geopandas for `export svg|pdf`, Playwright for `export png`).
if TYPE_CHECKING:
    from mapgen import review
    from mapgen.printmap import Format, PageSize
    from mapgen.snapshot import Snapshot

DEFAULT_OUTPUT = Path("output") / "g60_corridor.html"
DEFAULT_FRAGMENT = Path("output") / "g60_corridor.fragment.html"
DEFAULT_GEOJSON = Path("output") / "g60_corridor.geojson"
DEFAULT_VECTOR = Path("output") / "g60_corridor"  # + .svg or .pdf


def load_atlas(root: Path | str = ".", layers: Sequence[Path | str] = ()) -> Atlas:
    """Read ``seeds/`` and ``geo/`` under ``root`` and check everything.

    Raises :class:`mapgen.DataError` listing every problem: schema, references,
    quotes not found in their articles, numbers not in their quotes, sites
    outside Songjiang District, unreadable layers. Every file in ``geo/layers/``
    and each of ``layers`` (CSV or GeoJSON) becomes a site layer; rows with bad
    coordinates are skipped and listed in each layer's ``skipped``.
    """
    return _load_and_link(root, layers)[0]


def _load_and_link(root: Path | str, layers: Sequence[Path | str]) -> tuple[Atlas, Links]:
    """The checked atlas and its links (linking is part of checking: quotes in articles)."""
    files = DataFiles.under(root)
    atlas, problems = read_atlas(files)
    links = None
    if atlas is not None:
        links, link_problems = link(atlas)
        problems += link_problems + containment_problems(atlas)
    point_layers: tuple[PointLayer, ...] = ()
    try:
        point_layers = read_layers([*layer_files(files.layers), *map(Path, layers)], files.root)
    except DataError as error:
        problems += error.problems
    raise_if_any(problems)
    assert atlas is not None and links is not None
    return replace(atlas, layers=point_layers), links


def build_map(atlas: Atlas, options: MapOptions | None = None) -> OfflineMap:
    """The interactive map of a validated atlas, as a ``folium.Map``."""
    links, problems = link(atlas)
    raise_if_any(problems)
    return render_map(atlas, links, measure(atlas), options or MapOptions())


def write_html(fmap: OfflineMap, path: Path | str = DEFAULT_OUTPUT) -> Path:
    """Write the map as one self-contained HTML page, atomically; returns the path.

    A map built with ``MapOptions(fragment=FrameSize(...))`` is written as a fragment
    to paste into another page instead: one ``<div>``, no ``<html>`` or ``<head>``.
    """
    target = Path(path)
    write_atomic(target, document_html(fmap).encode("utf-8"))
    return target


@dataclass(frozen=True)
class BuildResult:
    path: Path
    atlas: Atlas
    size_bytes: int

    @property
    def skipped(self) -> tuple[Problem, ...]:
        """Rows of site layers left off the map, each with its file, line and reason."""
        return skipped_rows(self.atlas.layers)


def build(root: Path | str = ".", out: Path | str | None = None,
          options: MapOptions | None = None, layers: Sequence[Path | str] = ()) -> BuildResult:
    """Load, check, render and write in one call (what ``mapgen build`` does)."""
    atlas, links = _load_and_link(root, layers)
    fragment = options is not None and options.fragment is not None
    default = DEFAULT_FRAGMENT if fragment else DEFAULT_OUTPUT
    target = Path(out) if out is not None else Path(root) / default
    write_html(render_map(atlas, links, measure(atlas), options or MapOptions()), target)
    return BuildResult(target, atlas, target.stat().st_size)


def export_geojson(root: Path | str = ".", out: Path | str | None = None) -> Path:
    """Load, check and write the data as one RFC 7946 GeoJSON file (``mapgen export geojson``).

    Writes ``ROOT/output/g60_corridor.geojson`` unless ``out`` says otherwise, atomically,
    and returns the path. :mod:`mapgen.export` describes what the file holds.
    """
    from mapgen.export import geojson_text

    atlas, links = _load_and_link(root, ())
    target = Path(out) if out is not None else Path(root) / DEFAULT_GEOJSON
    write_atomic(target, geojson_text(atlas, links, measure(atlas)).encode("utf-8"))
    return target


def export_vector(root: Path | str = ".", out: Path | str | None = None, fmt: Format = "svg",
                  size: PageSize | None = None) -> Path:
    """Load, check and write the printed map as SVG or PDF (``mapgen export svg|pdf``).

    Writes ``ROOT/output/g60_corridor.svg`` (or ``.pdf``) unless ``out`` says otherwise,
    atomically, on a page of ``size`` (A4 landscape by default), and returns the path.
    :mod:`mapgen.printmap` describes the drawing.
    """
    from mapgen.printmap import map_bytes

    atlas = load_atlas(root)
    target = Path(out) if out is not None else Path(root) / DEFAULT_VECTOR.with_suffix(f".{fmt}")
    write_atomic(target, map_bytes(atlas, measure(atlas), fmt, size))
    return target


DEFAULT_PNG = Path("output") / "g60_corridor.png"


def export_png(root: Path | str = ".", out: Path | str | None = None,
               snapshot: Snapshot | None = None, options: MapOptions | None = None) -> Path:
    """Load, check, render and photograph the interactive map (``mapgen export png``).

    Needs Chromium and the ``[png]`` extra (Playwright); writes atomically.
    """
    from mapgen.snapshot import Snapshot, png_bytes

    atlas, links = _load_and_link(root, ())
    target = Path(out) if out is not None else Path(root) / DEFAULT_PNG
    html = page_html(render_map(atlas, links, measure(atlas), options or MapOptions()))
    write_atomic(target, png_bytes(html, snapshot or Snapshot()))
    return target


def _atlas_for_review(root: Path | str) -> Atlas:
    """The data as loaded and checked, but with quotes not yet found in their articles allowed:
    showing those is what reviewing facts is for."""
    atlas, problems = read_atlas(DataFiles.under(root))
    raise_if_any(problems)
    assert atlas is not None
    return atlas


def fact_statuses(root: Path | str = ".") -> tuple[review.FactStatus, ...]:
    """Every curated fact of ``geo/facts.yaml`` with its article, date and the paragraph that
    quotes it, or that none does (``mapgen facts``)."""
    from mapgen import review

    return review.fact_statuses(_atlas_for_review(root))


def unreviewed_sentences(root: Path | str = ".") -> tuple[review.Unreviewed, ...]:
    """Every sentence of the articles that states a number or a date no curated quote states,
    with the places it names (``mapgen facts --unreviewed``)."""
    from mapgen import review

    return review.unreviewed(_atlas_for_review(root))


def unreviewed_fact_stubs(root: Path | str = ".") -> str:
    """Stub facts for the unreviewed sentences, as YAML to paste at the end of ``geo/facts.yaml``
    (``mapgen facts --unreviewed --format yaml``)."""
    from mapgen import review

    atlas = _atlas_for_review(root)
    return review.stubs_yaml(review.unreviewed(atlas), atlas)
