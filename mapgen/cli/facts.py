"""``mapgen facts``: the curated facts and where their quotes stand; what no fact covers yet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mapgen.cli.common import RootOption, app, run, say, usage_error

FACT_FORMATS = ("text", "yaml")


@app.command()
def facts(
    root: RootOption = Path("."),
    unreviewed: Annotated[
        bool,
        typer.Option(
            "--unreviewed",
            help="List the sentences that state a number or a date that no curated "
            "fact quotes yet, with the numbers, the dates, the places they name and "
            "path:line. English and Chinese articles alike.",
        ),
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="'text', or 'yaml' (with --unreviewed): stub facts to paste into geo/facts.yaml."
        ),
    ] = "text",
) -> None:
    """List the curated facts of geo/facts.yaml and where each quote stands in its article.

    One line per fact: found or NOT FOUND, the fact id, its place, the article as
    path:line of the paragraph that quotes it, and the article's date. Exits 2 when
    a quote is not in its article (edited since?) or a number not in its quote.

    With --unreviewed: every sentence of the articles that states a number or a
    date (a month, a year; 2019年6月6日) that no curated quote states yet, with the
    new numbers (1.2万 as 12,000 too), dates, the places it names and where it is.
    With --format yaml they come as stub facts: check the guessed place, summary
    (summary_zh for a Chinese article), as_of and units, then paste them at the
    end of geo/facts.yaml and run mapgen validate.

    Examples:

      mapgen facts

      mapgen facts --unreviewed

      mapgen facts --unreviewed --format yaml > stubs.yaml

      mapgen facts --root path/to/project --unreviewed
    """
    from mapgen import api, review
    from mapgen.errors import raise_if_any

    if fmt not in FACT_FORMATS or (fmt == "yaml" and not unreviewed):
        raise usage_error(
            f"--format: {fmt!r} is not one of {', '.join(FACT_FORMATS)}"
            if fmt not in FACT_FORMATS
            else "--format yaml writes stub facts for --unreviewed sentences; add --unreviewed"
        )

    def action() -> str:
        if unreviewed and fmt == "yaml":
            return api.unreviewed_fact_stubs(root).rstrip("\n")
        if unreviewed:
            return review.unreviewed_text(api.unreviewed_sentences(root))
        statuses = api.fact_statuses(root)
        say(review.statuses_text(statuses))
        raise_if_any(problem for status in statuses for problem in status.problems)
        return ""

    run(action)
