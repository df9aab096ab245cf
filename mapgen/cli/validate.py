"""``mapgen validate``: check every data file and article."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mapgen.cli.common import RootOption, TableOption, app, report_skipped, report_warnings, run


@app.command()
def validate(
    root: RootOption = Path("."),
    layer: Annotated[
        list[Path] | None,
        typer.Option(
            "--layer",
            "-l",
            help="A layer file to check too (repeatable): CSV or tab-separated text, a "
            "workbook (.xlsx, .xls, .ods) or GeoJSON; every file in geo/layers/ is "
            "checked anyway.",
        ),
    ] = None,
    table: TableOption = None,
) -> None:
    """Check every data file and article; print each problem as path:line: field: message.

    Rows of site layers that would be left off the map are listed too. A table of
    figures is checked with its settings: every key must name one city or district,
    every value must be a number.

    Examples:

      mapgen validate

      mapgen validate --root path/to/project

      mapgen validate --layer enterprises.csv

      mapgen validate --table gdp.csv
    """
    from mapgen.pipeline import check

    def action() -> str:
        checked = check(root, layer or (), table or ())
        atlas = checked.atlas
        report_warnings(atlas.warnings)
        report_skipped(atlas.skipped)
        layers = (
            f", {sum(p.count for p in atlas.layers):,} points in {len(atlas.layers)} "
            f"layer{'s' if len(atlas.layers) != 1 else ''}"
            if atlas.layers
            else ""
        )
        tables = (
            f", {sum(len(t.rows) for t in checked.tables):,} figures in {len(checked.tables)} "
            f"table{'s' if len(checked.tables) != 1 else ''}"
            if checked.tables
            else ""
        )
        return (
            f"OK: {len(atlas.cities)} cities, {len(atlas.sites)} sites, {len(atlas.axes)} axes"
            f"{layers}{tables}, {len(atlas.facts)} facts checked against {len(atlas.articles)} "
            "articles."
        )

    run(action)
