"""Where the project's data lives, and how a path is shown to the person who edits it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mapgen.read.text import display_path


@dataclass(frozen=True)
class DataFiles:
    """Where the data lives. ``DataFiles.under(".")`` is the project's own layout.

    >>> DataFiles.under("proj").facts.as_posix()
    'proj/geo/facts.yaml'
    """

    root: Path
    seeds: Path
    cities: Path
    sites: Path
    corridor: Path
    facts: Path
    boundaries: Path
    layers: Path  # a folder: each CSV or GeoJSON in it is a site layer

    @classmethod
    def under(cls, root: Path | str) -> DataFiles:
        base = Path(root)
        geo = base / "geo"
        return cls(
            base,
            base / "seeds",
            geo / "cities.yaml",
            geo / "sites.yaml",
            geo / "corridor.yaml",
            geo / "facts.yaml",
            geo / "boundaries.geojson",
            geo / "layers",
        )

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def article_paths(self) -> list[Path]:
        """The articles in ``seeds/``, in name order."""
        return sorted(self.seeds.glob("*.txt"))
