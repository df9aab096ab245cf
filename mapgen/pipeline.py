"""The pipeline in one call: read, validate, link and measure once -> one :class:`Checked`.

Every command uses it (build, validate, the exports, watch and the facts review), so
each piece of data is read, checked and measured in one place, once per run::

    checked = check(".")                      # raises DataError with every problem
    checked.atlas.cities, checked.links.for_place("hangzhou"), checked.geometry.region
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mapgen.errors import Problem, raise_if_any
from mapgen.geometry import Geometry, containment_problems, measure
from mapgen.link import Links, link
from mapgen.model import Atlas
from mapgen.read.files import DataFiles
from mapgen.validate import read_atlas
from mapgen.validate.atlas import InputFile, InputFolder, Inputs, input_files

__all__ = ["Checked", "InputFile", "InputFolder", "Inputs", "check", "inputs"]


@dataclass(frozen=True)
class Checked:
    """Everything the outputs draw: the validated data, its links and its geometry."""

    atlas: Atlas
    links: Links
    geometry: Geometry
    inputs: Inputs = field(default_factory=Inputs)  # every file read or looked for: none is an output

    @property
    def skipped(self) -> tuple[Problem, ...]:
        """Rows of site layers left off the map, each with its file, line and reason."""
        return self.atlas.skipped


def check(
    root: Path | str = ".", layers: Sequence[Path | str] = (), *, quotes_must_be_found: bool = True
) -> Checked:
    """Read ``seeds/`` and ``geo/`` under ``root`` (and the extra ``layers``) and check everything.

    Raises :class:`~mapgen.errors.DataError` listing every problem: schema, references,
    quotes not found in their articles, numbers not in their quotes, places outside
    their areas, unreadable layers. ``quotes_must_be_found=False`` is for reviewing
    facts (``mapgen facts``), where showing quotes that are not found is the point:
    those facts are left unlinked instead.
    """
    files, extra_layers = DataFiles.under(root), [Path(p) for p in layers]
    atlas, problems = read_atlas(files, extra_layers)
    links = None
    if atlas is not None:
        links, link_problems = link(atlas)
        if quotes_must_be_found:
            problems += link_problems + containment_problems(atlas)
    raise_if_any(problems)
    assert atlas is not None and links is not None, "read_atlas reports why it has no atlas"
    return Checked(atlas, links, measure(atlas), input_files(files, extra_layers))


def inputs(root: Path | str = ".", layers: Sequence[Path | str] = ()) -> Inputs:
    """The files :func:`check` would read under ``root`` (and the extra ``layers``), without reading them."""
    return input_files(DataFiles.under(root), [Path(p) for p in layers])
