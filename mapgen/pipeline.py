"""The pipeline in one call: read, validate, link and measure once -> one :class:`Checked`.

Every command uses it (build, validate, the exports, watch and the facts review), so
each piece of data is read, checked and measured in one place, once per run::

    checked = check(".")                      # raises DataError with every problem
    checked.atlas.cities, checked.links.for_place("hangzhou"), checked.geometry.region

Tables of figures (``geo/tables/`` and the ``tables`` given) are read once the places are
known, since their keys name cities and districts: ``checked.tables``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mapgen.errors import Problem, raise_if_any
from mapgen.geometry import Geometry, containment_problems, measure
from mapgen.link import Links, link
from mapgen.model import Atlas, FigureTable
from mapgen.read.files import DataFiles
from mapgen.validate import read_atlas
from mapgen.validate.atlas import InputFile, InputFolder, InputKind, Inputs, input_files
from mapgen.validate.figures import TABLE_SUFFIXES, read_figure_tables, table_files
from mapgen.validate.layers import SETTINGS_SUFFIXES

__all__ = ["Checked", "InputFile", "InputFolder", "Inputs", "check", "inputs"]


@dataclass(frozen=True)
class Checked:
    """Everything the outputs draw: the validated data, its links and its geometry."""

    atlas: Atlas
    links: Links
    geometry: Geometry
    inputs: Inputs = field(default_factory=Inputs)  # every file read or looked for: none is an output
    tables: tuple[FigureTable, ...] = ()  # tables of figures, each a number per city or district

    @property
    def skipped(self) -> tuple[Problem, ...]:
        """Rows of site layers left off the map, each with its file, line and reason."""
        return self.atlas.skipped


def check(
    root: Path | str = ".",
    layers: Sequence[Path | str] = (),
    tables: Sequence[Path | str] = (),
    *,
    quotes_must_be_found: bool = True,
) -> Checked:
    """Read ``seeds/`` and ``geo/`` under ``root`` (and the extra ``layers`` and ``tables``)
    and check everything.

    Raises :class:`~mapgen.errors.DataError` listing every problem: schema, references,
    quotes not found in their articles, numbers not in their quotes, places outside
    their areas, unreadable layers, keys of tables that name no place. ``quotes_must_be_found=False``
    is for reviewing facts (``mapgen facts``), where showing quotes that are not found is
    the point: those facts are left unlinked instead.
    """
    files, extra_layers = DataFiles.under(root), [Path(p) for p in layers]
    atlas, problems = read_atlas(files, extra_layers)
    links = None
    figure_tables: tuple[FigureTable, ...] = ()
    if atlas is not None:
        links, link_problems = link(atlas)
        if quotes_must_be_found:
            problems += link_problems + containment_problems(atlas)
        figure_tables, table_problems = read_figure_tables(table_paths(root, tables), atlas, files.root)
        problems += table_problems
    raise_if_any(problems)
    assert atlas is not None and links is not None, "read_atlas reports why it has no atlas"
    return Checked(atlas, links, measure(atlas), inputs(root, layers, tables), figure_tables)


def tables_folder(root: Path | str = ".") -> Path:
    """Where tables of figures are read from without being named: ``geo/tables/``."""
    return Path(root) / "geo" / "tables"


def table_paths(root: Path | str = ".", tables: Sequence[Path | str] = ()) -> list[Path]:
    """Every table of figures: those in ``geo/tables/``, then those given."""
    return [*table_files(tables_folder(root)), *(Path(p) for p in tables)]


def inputs(
    root: Path | str = ".", layers: Sequence[Path | str] = (), tables: Sequence[Path | str] = ()
) -> Inputs:
    """The files :func:`check` would read under ``root`` (and the extra ``layers`` and
    ``tables``), without reading them: each table and the settings beside it are inputs,
    and so is every file in ``geo/tables/``."""
    found = input_files(DataFiles.under(root), [Path(p) for p in layers])
    known = {source.path for source in found.files}
    files = DataFiles.under(root)
    extra: list[InputFile] = []
    for table in table_paths(root, tables):
        for path in (table, *(table.with_suffix(suffix) for suffix in SETTINGS_SUFFIXES)):
            if path not in known:
                known.add(path)
                extra.append(InputFile(path, files.shown(path), "place data"))
    folder = tables_folder(root)
    data: InputKind = "place data"
    kinds = tuple((suffix, data) for suffix in (*TABLE_SUFFIXES, *SETTINGS_SUFFIXES))
    tables_in = InputFolder(folder, files.shown(folder) + "/", kinds, data)
    return Inputs((*found.files, *extra), (*found.folders, tables_in))
